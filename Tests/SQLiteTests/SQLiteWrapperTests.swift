import CSQLite
import Foundation
import SQLite
import Testing

/// A fresh database file in its own temporary folder.
private func temporaryDatabase() throws -> (Connection, URL) {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("sqlite-tests-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    let connection = try Connection(path: folder.appendingPathComponent("test.db").path, mode: .create)
    try connection.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT, data BLOB, score REAL)")
    return (connection, folder)
}

@Test("bound text, blobs, reals and NULLs read back exactly")
func bindingRoundTrip() throws {
    let (connection, folder) = try temporaryDatabase()
    defer { try? FileManager.default.removeItem(at: folder) }
    let hostile = "Robert'); DROP TABLE t;-- \u{202E}\u{0}<script>"
    try connection.prepare("INSERT INTO t (id, name, data, score) VALUES (?, ?, ?, ?)").run([.integer(1), .text(hostile), .blob([0, 1, 255]), .real(0.25)])
    try connection.prepare("INSERT INTO t (id, name, data, score) VALUES (?, ?, ?, ?)").run([.integer(2), .null, .blob([]), .null])
    let statement = try connection.prepare("SELECT name, data, score FROM t ORDER BY id")
    #expect(try statement.step())
    #expect(statement.text(0) == hostile)
    #expect(statement.blob(1) == [0, 1, 255])
    #expect(statement.double(2) == 0.25)
    #expect(try statement.step())
    #expect(statement.text(0) == nil)
    #expect(statement.blob(1) == [])
    #expect(statement.isNull(2))
    #expect(try statement.step() == false)
    #expect(try connection.scalarInt("SELECT COUNT(*) FROM t") == 2)

    // Empty text is text, not NULL; a string with no storage of its own binds the same way.
    for (id, text) in [(3, ""), (4, String(repeating: "é", count: 0)), (5, String("x\u{0}y".dropFirst(3)))] {
        try connection.prepare("INSERT INTO t (id, name) VALUES (?, ?)").run([.integer(Int64(id)), .text(text)])
        #expect(try connection.scalarInt("SELECT typeof(name) = 'text' AND length(name) = 0 FROM t WHERE id = ?", [.integer(Int64(id))]) == 1)
    }
    let long = String(repeating: "新冠 ", count: 100)
    try connection.prepare("INSERT INTO t (id, name) VALUES (?, ?)").run([.integer(6), .text(long)])
    let read = try connection.prepare("SELECT name FROM t WHERE id = 6")
    #expect(try read.step())
    #expect(read.text(0) == long)
}

@Test("errors carry the result code, the message and the failing SQL")
func errorsCarryContext() throws {
    let (connection, folder) = try temporaryDatabase()
    defer { try? FileManager.default.removeItem(at: folder) }
    try connection.prepare("INSERT INTO t (id) VALUES (?)").run([.integer(1)])
    let error = try #require(throws: SQLiteError.self) {
        try connection.prepare("INSERT INTO t (id) VALUES (?)").run([.integer(1)])
    }
    #expect(error.code == 19)
    #expect(error.isConstraint)
    #expect(error.description.contains("UNIQUE constraint failed: t.id"))
    #expect(error.description.contains("while executing INSERT INTO t"))
    #expect(throws: SQLiteError.self) { try connection.prepare("SELEC nonsense") }
}

@Test("a write transaction rolls back everything when its body throws")
func transactionRollsBack() throws {
    struct Abort: Error {}
    let (connection, folder) = try temporaryDatabase()
    defer { try? FileManager.default.removeItem(at: folder) }
    #expect(throws: Abort.self) {
        try connection.writeTransaction {
            try connection.prepare("INSERT INTO t (id) VALUES (1)").run()
            try connection.prepare("INSERT INTO t (id) VALUES (2)").run()
            throw Abort()
        }
    }
    #expect(try connection.scalarInt("SELECT COUNT(*) FROM t") == 0)
    #expect(connection.isInTransaction == false)
    try connection.writeTransaction { try connection.prepare("INSERT INTO t (id) VALUES (3)").run() }
    #expect(try connection.scalarInt("SELECT COUNT(*) FROM t") == 1)
}

@Test("a second connection waiting on the write lock gets SQLITE_BUSY after its timeout")
func busyTimeout() throws {
    let (connection, folder) = try temporaryDatabase()
    defer { try? FileManager.default.removeItem(at: folder) }
    try connection.execute("PRAGMA journal_mode=WAL")
    let other = try Connection(path: connection.path, mode: .readWrite)
    other.setBusyTimeout(milliseconds: 50)
    try connection.execute("BEGIN IMMEDIATE")
    let error = try #require(throws: SQLiteError.self) { try other.execute("BEGIN IMMEDIATE") }
    #expect(error.isBusy)
    try connection.execute("COMMIT")
    try other.execute("BEGIN IMMEDIATE")
    try other.execute("COMMIT")
}

@Test("opening a file that is not a database fails as corrupt, not with a crash")
func notADatabase() throws {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("sqlite-tests-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    let path = folder.appendingPathComponent("junk.db").path
    try Data(repeating: 0x42, count: 4096).write(to: URL(fileURLWithPath: path))
    let connection = try Connection(path: path, mode: .readWrite)
    let error = try #require(throws: SQLiteError.self) { try connection.execute("SELECT * FROM sqlite_master") }
    #expect(error.isCorrupt)
}

@Test("SQLite keeps no memory statistics, whose global mutex every allocation would take")
func memoryStatisticsAreOff() throws {
    let (connection, folder) = try temporaryDatabase()
    defer { try? FileManager.default.removeItem(at: folder) }
    for id in 1...200 { try connection.prepare("INSERT INTO t (id, name) VALUES (?, ?)").run([.integer(Int64(id)), .text(String(repeating: "x", count: id))]) }
    #expect(sqlite3_memory_used() == 0)
    // Too late to change once the library is initialised: the setting was made before the first open.
    #expect(factledger_sqlite3_disable_memory_statistics() == SQLITE_MISUSE)
}
