// A thin, safe wrapper over one sqlite3 connection: open, execute, prepare, transactions.
import CSQLite
import Foundation

/// The destructor value that tells SQLite to copy bound text and blobs.
let SQLITE_TRANSIENT = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

/// One connection to an SQLite database file.
///
/// Guarantees: every statement is prepared and bound, never interpolated; errors carry the
/// failing SQL. A connection is used by one thread at a time. Cost: opening a file is a few
/// system calls; statements can be cached by the caller.
public final class Connection {
    /// How to open the file.
    public enum Mode: Sendable {
        /// Read and write; create the file when missing.
        case create
        /// Read and write an existing file.
        case readWrite
        /// Read an existing file.
        case readOnly
        /// Read an existing file that nothing else writes, on media where SQLite cannot create
        /// its lock files (a read-only folder): `immutable=1`, no locking, no WAL index.
        case immutable
    }

    let handle: OpaquePointer
    /// The file path this connection opened.
    public let path: String

    /// Process-wide settings, applied once before the first connection opens. Memory statistics
    /// are off: nothing here reads them, and keeping them costs a global mutex per allocation.
    private static let libraryConfiguration: Void = {
        _ = factledger_sqlite3_disable_memory_statistics()
    }()

    /// Opens `path`.
    public init(path: String, mode: Mode) throws {
        _ = Connection.libraryConfiguration
        var pointer: OpaquePointer?
        var flags = SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_EXRESCODE
        var name = path
        switch mode {
        case .create: flags |= SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE
        case .readWrite: flags |= SQLITE_OPEN_READWRITE
        case .readOnly: flags |= SQLITE_OPEN_READONLY
        case .immutable:
            flags |= SQLITE_OPEN_READONLY | SQLITE_OPEN_URI
            let escaped = path.replacingOccurrences(of: "%", with: "%25").replacingOccurrences(of: "?", with: "%3f").replacingOccurrences(of: "#", with: "%23")
            name = "file:\(escaped)?immutable=1"
        }
        let result = sqlite3_open_v2(name, &pointer, flags, nil)
        guard result == SQLITE_OK, let opened = pointer else {
            let message = pointer.map { String(cString: sqlite3_errmsg($0)) } ?? "cannot open"
            if let pointer { sqlite3_close_v2(pointer) }
            throw SQLiteError(code: result & 0xFF, extendedCode: result, message: message)
        }
        handle = opened
        self.path = path
    }

    deinit {
        sqlite3_close_v2(handle)
    }

    func error(_ code: Int32, sql: String?) -> SQLiteError {
        SQLiteError(code: code & 0xFF, extendedCode: sqlite3_extended_errcode(handle), message: String(cString: sqlite3_errmsg(handle)), sql: sql,
                    systemErrno: sqlite3_system_errno(handle))
    }

    /// Runs one or more statements that take no parameters.
    public func execute(_ sql: String) throws {
        var message: UnsafeMutablePointer<CChar>?
        let result = sqlite3_exec(handle, sql, nil, nil, &message)
        if result != SQLITE_OK {
            let text = message.map { String(cString: $0) } ?? String(cString: sqlite3_errmsg(handle))
            sqlite3_free(message)
            throw SQLiteError(code: result & 0xFF, extendedCode: sqlite3_extended_errcode(handle), message: text, sql: sql,
                              systemErrno: sqlite3_system_errno(handle))
        }
    }

    /// Prepares one statement.
    public func prepare(_ sql: String) throws -> Statement {
        try Statement(connection: self, sql: sql)
    }

    /// Sets how long a locked database is retried before SQLITE_BUSY, in milliseconds.
    public func setBusyTimeout(milliseconds: Int32) {
        sqlite3_busy_timeout(handle, milliseconds)
    }

    /// The rowid of the last inserted row.
    public var lastInsertRowID: Int64 { sqlite3_last_insert_rowid(handle) }

    /// Rows changed by the last statement.
    public var changes: Int { Int(sqlite3_changes(handle)) }

    /// Whether a transaction is open.
    public var isInTransaction: Bool { sqlite3_get_autocommit(handle) == 0 }

    /// Runs `body` in a transaction that takes the write lock at once (`BEGIN IMMEDIATE`),
    /// committing when it returns and rolling back when it throws.
    public func writeTransaction<Result>(_ body: () throws -> Result) throws -> Result {
        try execute("BEGIN IMMEDIATE")
        do {
            let result = try body()
            try execute("COMMIT")
            return result
        } catch {
            try? execute("ROLLBACK")
            throw error
        }
    }

    /// Runs `body` in a read transaction, so all its reads see one snapshot.
    public func readTransaction<Result>(_ body: () throws -> Result) throws -> Result {
        try execute("BEGIN DEFERRED")
        defer { try? execute("COMMIT") }
        return try body()
    }

    /// The first column of the first row of `sql`, as an integer, or nil when there is no row or it is NULL.
    public func scalarInt(_ sql: String, _ parameters: [SQLValue] = []) throws -> Int64? {
        let statement = try prepare(sql)
        try statement.bind(parameters)
        guard try statement.step() else { return nil }
        return statement.isNull(0) ? nil : statement.int64(0)
    }

    /// The first column of the first row of `sql`, as text.
    public func scalarText(_ sql: String, _ parameters: [SQLValue] = []) throws -> String? {
        let statement = try prepare(sql)
        try statement.bind(parameters)
        guard try statement.step() else { return nil }
        return statement.text(0)
    }
}

/// A value to bind to a statement parameter.
public enum SQLValue: Sendable, Equatable {
    case null
    case integer(Int64)
    case real(Double)
    case text(String)
    case blob([UInt8])
}
