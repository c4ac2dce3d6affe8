// A prepared statement: bind parameters, step rows, read typed columns.
import CSQLite

/// A prepared SQL statement.
///
/// Guarantees: values are bound as parameters, never spliced into SQL; text is bound and read
/// as UTF-8; a NULL text column reads as nil; blobs read as bytes. Cost: preparing parses the
/// SQL once; reuse a statement with `reset()` in loops.
public final class Statement {
    let handle: OpaquePointer
    let connection: Connection
    /// The SQL text, for error messages.
    public let sql: String

    init(connection: Connection, sql: String) throws {
        var pointer: OpaquePointer?
        let result = sqlite3_prepare_v2(connection.handle, sql, -1, &pointer, nil)
        guard result == SQLITE_OK, let prepared = pointer else {
            throw connection.error(result, sql: sql)
        }
        handle = prepared
        self.connection = connection
        self.sql = sql
    }

    deinit {
        sqlite3_finalize(handle)
    }

    /// Binds `values` to parameters 1, 2, 3, ….
    public func bind(_ values: [SQLValue]) throws {
        for (offset, value) in values.enumerated() {
            try bind(value, at: Int32(offset + 1))
        }
    }

    /// Binds one value to the 1-based parameter `index`.
    public func bind(_ value: SQLValue, at index: Int32) throws {
        let result: Int32
        switch value {
        case .null: result = sqlite3_bind_null(handle, index)
        case .integer(let number): result = sqlite3_bind_int64(handle, index, number)
        case .real(let number): result = sqlite3_bind_double(handle, index, number)
        case .text(let text):
            // Bind the string's own UTF-8 with an explicit byte length (SQLite copies it): text
            // may hold NUL characters, kept verbatim, and no intermediate array is made.
            var contiguous = text
            result = contiguous.withUTF8 { buffer in
                // An empty string may have no storage; a NULL pointer would bind NULL, not "".
                let start = buffer.baseAddress.map { UnsafeRawPointer($0) } ?? Statement.emptyText
                return sqlite3_bind_text64(
                    handle, index, start.assumingMemoryBound(to: CChar.self), sqlite3_uint64(buffer.count), SQLITE_TRANSIENT, UInt8(SQLITE_UTF8))
            }
        case .blob(let bytes):
            result = bytes.withUnsafeBytes { buffer in
                sqlite3_bind_blob64(handle, index, buffer.baseAddress ?? UnsafeRawPointer(bitPattern: 1), sqlite3_uint64(buffer.count), SQLITE_TRANSIENT)
            }
        }
        guard result == SQLITE_OK else { throw connection.error(result, sql: sql) }
    }

    /// A valid pointer for binding the empty string (a static string's storage never changes).
    private static var emptyText: UnsafeRawPointer { UnsafeRawPointer(("" as StaticString).utf8Start) }

    /// Binds an integer.
    public func bind(_ value: Int64, at index: Int32) throws { try bind(.integer(value), at: index) }
    /// Binds text.
    public func bind(_ value: String, at index: Int32) throws { try bind(.text(value), at: index) }
    /// Binds bytes.
    public func bind(_ value: [UInt8], at index: Int32) throws { try bind(.blob(value), at: index) }

    /// Advances to the next row; returns false when the statement is done.
    @discardableResult
    public func step() throws -> Bool {
        let result = sqlite3_step(handle)
        switch result {
        case SQLITE_ROW: return true
        case SQLITE_DONE: return false
        default: throw connection.error(result, sql: sql)
        }
    }

    /// Resets the statement for another run and clears its bindings.
    public func reset() {
        sqlite3_reset(handle)
        sqlite3_clear_bindings(handle)
    }

    /// Runs a statement that returns no rows, with `values` bound, then resets it.
    public func run(_ values: [SQLValue] = []) throws {
        defer { reset() }
        try bind(values)
        try step()
    }

    /// Whether column `index` (0-based) is NULL.
    public func isNull(_ index: Int32) -> Bool { sqlite3_column_type(handle, index) == SQLITE_NULL }

    /// The storage class of column `index` in the current row.
    public func columnType(_ index: Int32) -> ColumnType {
        switch sqlite3_column_type(handle, index) {
        case SQLITE_INTEGER: return .integer
        case SQLITE_FLOAT: return .real
        case SQLITE_TEXT: return .text
        case SQLITE_BLOB: return .blob
        default: return .null
        }
    }

    /// Column `index` as an integer (NULL reads as 0).
    public func int64(_ index: Int32) -> Int64 { sqlite3_column_int64(handle, index) }

    /// Column `index` as a double.
    public func double(_ index: Int32) -> Double { sqlite3_column_double(handle, index) }

    /// Column `index` as text, or nil when NULL.
    public func text(_ index: Int32) -> String? {
        guard let pointer = sqlite3_column_text(handle, index) else { return nil }
        let count = Int(sqlite3_column_bytes(handle, index))
        return String(decoding: UnsafeBufferPointer(start: pointer, count: count), as: UTF8.self)
    }

    /// Column `index` as bytes, or nil when NULL. An empty blob reads as `[]`.
    public func blob(_ index: Int32) -> [UInt8]? {
        if isNull(index) { return nil }
        let count = Int(sqlite3_column_bytes(handle, index))
        guard count > 0, let pointer = sqlite3_column_blob(handle, index) else { return [] }
        return Array(UnsafeRawBufferPointer(start: pointer, count: count))
    }
}

/// SQLite's storage classes: what a value in a row actually is, whatever its column declares.
public enum ColumnType: Sendable, Equatable {
    case null, integer, real, text, blob
}

