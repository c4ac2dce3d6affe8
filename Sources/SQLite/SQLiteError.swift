// Errors from SQLite that carry their context: codes, message and the failing SQL.
import CSQLite

#if canImport(Glibc)
import Glibc
#endif

/// An error reported by SQLite.
///
/// `description` reads "SQLite error 19: UNIQUE constraint failed: events.id - while executing INSERT …".
public struct SQLiteError: Error, CustomStringConvertible, Sendable {
    /// The primary result code (`SQLITE_BUSY` is 5).
    public let code: Int32
    /// The extended result code.
    public let extendedCode: Int32
    /// SQLite's message.
    public let message: String
    /// The statement that failed, when known.
    public let sql: String?
    /// The operating system's errno behind an I/O error (0 when none).
    public let systemErrno: Int32

    public init(code: Int32, extendedCode: Int32? = nil, message: String, sql: String? = nil, systemErrno: Int32 = 0) {
        self.code = code
        self.extendedCode = extendedCode ?? code
        self.message = message
        self.sql = sql
        self.systemErrno = systemErrno
    }

    /// Whether another connection held the lock past the busy timeout.
    public var isBusy: Bool { code == SQLITE_BUSY || code == SQLITE_LOCKED }

    /// Whether a constraint (UNIQUE, CHECK, a trigger's RAISE) refused the write.
    public var isConstraint: Bool { code == SQLITE_CONSTRAINT }

    /// Whether the file is not a database or is damaged.
    public var isCorrupt: Bool { code == SQLITE_NOTADB || code == SQLITE_CORRUPT }

    /// Whether the disk, a quota or the file-size limit is full (`SQLITE_FULL`, an I/O error
    /// whose errno is ENOSPC, EDQUOT or EFBIG, or a failed write: `SQLITE_IOERR_WRITE`).
    public var isFull: Bool {
        code == SQLITE_FULL || (code == SQLITE_IOERR && [ENOSPC, EDQUOT, EFBIG].contains(systemErrno))
            || extendedCode == SQLITE_IOERR | (3 << 8)
    }

    /// Whether the file or directory cannot be opened or written.
    public var isCannotOpen: Bool { code == SQLITE_CANTOPEN || code == SQLITE_READONLY || code == SQLITE_PERM }

    public var description: String {
        var text = "SQLite error \(code): \(message)"
        if systemErrno != 0 { text += " (errno \(systemErrno): \(String(cString: strerror(systemErrno))))" }
        if let sql { text += " - while executing \(sql.prefix(120))" }
        return text
    }
}
