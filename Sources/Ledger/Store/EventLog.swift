// The store (DESIGN §3): one SQLite file in WAL mode holding an append-only Merkle log.
import Crypto
import Events
import Foundation
import SQLite

#if canImport(Glibc)
import Glibc
#endif

/// Where the ledger's "now" comes from. Only `demo` and tests replace the system clock.
public protocol LedgerClock: Sendable {
    func now() -> Timestamp
}

/// The wall clock.
public struct SystemClock: LedgerClock {
    public init() {}
    public func now() -> Timestamp {
        Timestamp(millisecondsSinceEpoch: Int64((Date().timeIntervalSince1970 * 1000).rounded(.down)))
    }
}

/// The event log of one ledger file.
///
/// Guarantees (DESIGN §3): positions are gap-free and allocated under the write lock
/// (`BEGIN IMMEDIATE`); a batch is appended whole or not at all; `recorded_at` never decreases;
/// an event id names one event; every appended event passes validation, authorization and the
/// ledger rules. Cost: an append is O(log n) in the log size: index lookups plus the Merkle
/// frontier, never a rehash of the log; reads stream in constant memory.
public final class EventLog: LogStore {
    /// The ledger file.
    public let path: String
    let connection: Connection
    let clock: any LedgerClock
    let busyTimeoutMilliseconds: Int32

    private var frontier = MerkleFrontier()
    private var registry = ReviewerRegistry()
    private var registrySize: Int64 = -1
    private lazy var nodeSource = SQLiteMerkleNodes(connection: connection)

    private init(path: String, connection: Connection, clock: any LedgerClock, busyTimeoutMilliseconds: Int32) {
        self.path = path
        self.connection = connection
        self.clock = clock
        self.busyTimeoutMilliseconds = busyTimeoutMilliseconds
    }

    // MARK: opening

    /// Opens an existing ledger.
    public static func open(
        path: String, busyTimeoutMilliseconds: Int32 = 10_000, clock: any LedgerClock = SystemClock(), synchronous: String = "FULL"
    ) throws -> EventLog {
        guard FileManager.default.fileExists(atPath: path) else { throw LedgerError.ledgerNotFound(path: path) }
        var info = stat()
        guard stat(path, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else {
            throw LedgerError.notALedger(path: path, detail: "it is not a regular file")
        }
        // Check the SQLite header before opening, so a wrong --ledger is never written to.
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw LedgerError.cannotCreate(path: path, detail: "the file cannot be read")
        }
        let header = (try? handle.read(upToCount: 16)) ?? nil
        try? handle.close()
        guard let header, header == Data("SQLite format 3\u{0}".utf8) else {
            throw LedgerError.notALedger(path: path, detail: "it is not an SQLite database")
        }
        // A ledger in a folder we cannot write (an auditor's copy on read-only media) is read
        // as immutable: SQLite could not create its lock files there, and nothing can change it.
        let folder = (path as NSString).deletingLastPathComponent
        let readOnlyCopy = access(folder.isEmpty ? "." : folder, W_OK) != 0 && !FileManager.default.fileExists(atPath: path + "-wal")
        do {
            let connection = try Connection(path: path, mode: readOnlyCopy ? .immutable : .readWrite)
            let log = EventLog(path: path, connection: connection, clock: clock, busyTimeoutMilliseconds: busyTimeoutMilliseconds)
            // The format is read before anything is set: switching another program's database to
            // WAL would already change its file.
            connection.setBusyTimeout(milliseconds: busyTimeoutMilliseconds)
            let format: String?
            do { format = try connection.scalarText("SELECT value FROM meta WHERE key = 'format'") } catch let error as SQLiteError where !error.isBusy && !error.isCorrupt {
                throw LedgerError.notALedger(path: path, detail: "it has no FactLedger tables (\(error.message))")
            }
            guard format == Schema.format else {
                let hint = format?.hasPrefix("factledger/") == true
                    ? "; it was written by another version of FactLedger: export it there with `factledger export jsonl` and import that here"
                    : ""
                throw LedgerError.notALedger(path: path, detail: "its format is \(format ?? "missing"), expected \(Schema.format)\(hint)")
            }
            if !readOnlyCopy {
                try Schema.configure(connection, busyTimeoutMilliseconds: busyTimeoutMilliseconds, synchronous: synchronous)
            }
            return log
        } catch {
            throw log(error, path: path)
        }
    }

    /// Creates a new, empty ledger file with the schema. Refuses an existing file.
    ///
    /// The file is complete or absent: when creation fails, the partial file is removed.
    public static func create(
        path: String, busyTimeoutMilliseconds: Int32 = 10_000, clock: any LedgerClock = SystemClock(), synchronous: String = "FULL"
    ) throws -> EventLog {
        guard !FileManager.default.fileExists(atPath: path) else { throw LedgerError.ledgerExists(path: path) }
        do {
            let connection = try Connection(path: path, mode: .create)
            // The page size is fixed once the file has content, so it is set before anything else.
            try connection.execute("PRAGMA page_size=\(Schema.pageSize)")
            try Schema.configure(connection, busyTimeoutMilliseconds: busyTimeoutMilliseconds, synchronous: synchronous)
            try connection.writeTransaction {
                try connection.execute(Schema.creation)
                try connection.prepare("INSERT INTO meta (key, value) VALUES ('format', ?)").run([.text(Schema.format)])
            }
            return EventLog(path: path, connection: connection, clock: clock, busyTimeoutMilliseconds: busyTimeoutMilliseconds)
        } catch {
            for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
            let translated = log(error, path: path)
            if case LedgerError.database(let detail) = translated { throw LedgerError.cannotCreate(path: path, detail: detail) }
            throw translated
        }
    }

    /// Keeps this connection's page cache small (2 MiB): for a reader that streams the log once,
    /// where cached pages are never read again.
    public func useStreamingCache() throws {
        do { try connection.execute("PRAGMA cache_size=-2048") } catch { throw translate(error) }
    }

    /// Maps SQLite failures to the ledger's typed errors.
    static func log(_ error: any Error, path: String, busyTimeout: Int32 = 10_000) -> any Error {
        guard let sqlite = error as? SQLiteError else { return error }
        if sqlite.isBusy { return LedgerError.busy(path: path, timeoutMilliseconds: Int(busyTimeout)) }
        if sqlite.isFull { return LedgerError.diskFull(path: path) }
        if sqlite.code == 11 { return LedgerError.damaged(path: path, detail: sqlite.message) }
        if sqlite.isCorrupt { return LedgerError.notALedger(path: path, detail: "it is not an SQLite database or is damaged (\(sqlite.message))") }
        if sqlite.isCannotOpen { return LedgerError.cannotCreate(path: path, detail: sqlite.message) }
        return LedgerError.database(sqlite.description)
    }

    private func translate(_ error: any Error) -> any Error {
        EventLog.log(error, path: path, busyTimeout: busyTimeoutMilliseconds)
    }

    /// Moves the WAL's content into the main file and empties the WAL.
    public func checkpointWAL() throws {
        do { try connection.execute("PRAGMA wal_checkpoint(TRUNCATE)") } catch { throw translate(error) }
    }

    // MARK: reading

    /// The current head: size and Merkle root.
    public func head() throws -> TreeHead {
        do {
            return try connection.readTransaction {
                let size = try currentSize()
                return TreeHead(size: size, root: try MerkleProofs.root(size: UInt64(size), source: nodeSource))
            }
        } catch { throw translate(error) }
    }

    /// The head at `size` (a prefix of the log).
    public func head(atSize size: Int64) throws -> TreeHead {
        do {
            let current = try currentSize()
            guard size >= 0, size <= current else {
                throw LedgerError.ruleViolation(index: 0, eventType: "head", reason: "size \(size) is beyond the log's \(current) events")
            }
            return TreeHead(size: size, root: try MerkleProofs.root(size: UInt64(size), source: nodeSource))
        } catch { throw translate(error) }
    }

    /// The number of events, without computing the Merkle root.
    public func size() throws -> Int64 {
        do { return try currentSize() } catch { throw translate(error) }
    }

    func currentSize() throws -> Int64 {
        try connection.scalarInt("SELECT MAX(position) FROM events") ?? 0
    }

    /// The version of `stream`: how many events it holds.
    public func streamVersion(_ stream: StreamName) throws -> Int64 {
        do {
            return try connection.scalarInt("SELECT MAX(stream_version) FROM events WHERE stream = ?", [.text(stream.rawValue)]) ?? 0
        } catch { throw translate(error) }
    }

    /// The position of event `id`, or nil.
    public func position(of id: EventID) throws -> Int64? {
        do { return try connection.scalarInt("SELECT position FROM events WHERE id = ?", [EventRow.key(id)]) } catch { throw translate(error) }
    }

    /// The latest position whose `recorded_at` is at or before `time` (0 when none).
    public func position(recordedAtOrBefore time: Timestamp) throws -> Int64 {
        do {
            return try connection.scalarInt("SELECT MAX(position) FROM events WHERE recorded_at <= ?", [.integer(time.millisecondsSinceEpoch)]) ?? 0
        } catch { throw translate(error) }
    }

    /// Streams the events at positions `from...through` (through the head when nil), in order.
    public func read(from: Int64 = 1, through: Int64? = nil, _ body: (StoredEvent) throws -> Void) throws {
        try read(from: from, through: through, stream: nil, type: nil, limit: nil, body)
    }

    /// Streams the events of `stream`, in order.
    public func read(stream: StreamName, _ body: (StoredEvent) throws -> Void) throws {
        try read(from: 1, through: nil, stream: stream, type: nil, limit: nil, body)
    }

    /// Streams the events whose type is `type`, in order.
    public func read(type: String, _ body: (StoredEvent) throws -> Void) throws {
        try read(from: 1, through: nil, stream: nil, type: type, limit: nil, body)
    }

    /// Streams the events at positions `from...through` that belong to `stream` and have `type`
    /// (each when given), at most `limit` of them, in order. The filters run in SQL, so events
    /// left out are never decoded.
    public func read(
        from: Int64, through: Int64?, stream: StreamName?, type: String?, limit: Int?, _ body: (StoredEvent) throws -> Void
    ) throws {
        var filterSQL = ""
        var parameters: [SQLValue] = [.integer(from), .integer(through ?? Int64.max)]
        if let stream {
            filterSQL += " AND stream = ?"
            parameters.append(.text(stream.rawValue))
        }
        if let type {
            filterSQL += " AND type = ?"
            parameters.append(.text(type))
        }
        parameters.append(.integer(limit.map(Int64.init) ?? -1))
        let statement: Statement
        do {
            statement = try connection.prepare(
                "SELECT \(EventRow.columns) FROM events WHERE position >= ? AND position <= ?\(filterSQL) ORDER BY position LIMIT ?")
            try statement.bind(parameters)
        } catch { throw translate(error) }
        while true {
            let hasRow: Bool
            do { hasRow = try statement.step() } catch { throw translate(error) }
            guard hasRow else { break }
            try body(StoredEvent(event: try EventRow.decode(statement)))
        }
    }

    /// The event at `position`, or nil.
    public func event(at position: Int64) throws -> StoredEvent? {
        var found: StoredEvent?
        try read(from: position, through: position) { found = $0 }
        return found
    }

    /// The reviewer registry as of the head.
    public func reviewers() throws -> ReviewerRegistry {
        do {
            try refreshRegistry(size: try currentSize())
            return registry
        } catch { throw translate(error) }
    }

    // MARK: appending

    /// Appends `events` in one transaction: all or none.
    ///
    /// Each event must carry the stream its payload names, pass the ledger rules and, where its
    /// group requires, carry a valid signature of a registered, unrevoked author. An event whose
    /// id and content are already in the log is reported as `alreadyPresent` and not written.
    public func append(_ events: [PendingEvent]) throws -> AppendReport {
        try withAppendSession { session in try session.append(events) }
    }

    /// Runs `body` inside one write transaction; every batch it appends commits together or not
    /// at all. Imports use it to append a whole file atomically in bounded-memory batches.
    public func withAppendSession<Result>(atomicBatches: Bool, _ body: (any AppendSession) throws -> Result) throws -> Result {
        do {
            return try connection.writeTransaction {
                try body(LockedSession(log: self, atomicBatches: atomicBatches))
            }
        } catch {
            // The rows this session wrote were rolled back; forget the state derived from them.
            forgetDerivedState()
            throw translate(error)
        }
    }

    /// Drops the cached frontier and registry; the next append reloads them from the file.
    fileprivate func forgetDerivedState() {
        frontier = MerkleFrontier()
        registrySize = -1
    }

    private final class LockedSession: AppendSession {
        let log: EventLog
        let atomicBatches: Bool
        init(log: EventLog, atomicBatches: Bool) {
            self.log = log
            self.atomicBatches = atomicBatches
        }
        func append(_ events: [PendingEvent]) throws -> AppendReport {
            guard atomicBatches else {
                do { return try log.appendLocked(events) } catch {
                    log.forgetDerivedState()
                    throw error
                }
            }
            // A savepoint per batch: a failed batch leaves none of its events, even when the
            // caller catches the error and goes on with the session.
            try log.connection.execute("SAVEPOINT batch")
            do {
                let report = try log.appendLocked(events)
                try log.connection.execute("RELEASE batch")
                return report
            } catch {
                try? log.connection.execute("ROLLBACK TO batch")
                try? log.connection.execute("RELEASE batch")
                log.forgetDerivedState()
                throw error
            }
        }
        func events(inStream stream: StreamName) throws -> [RecordedEvent] {
            var found: [RecordedEvent] = []
            try log.read(stream: stream) { found.append($0.event) }
            return found
        }
        func streamVersion(_ stream: StreamName) throws -> Int64 { try log.streamVersion(stream) }
    }

    fileprivate func appendLocked(_ events: [PendingEvent]) throws -> AppendReport {
        var size = try currentSize()
        if frontier.size != UInt64(size) { frontier = try MerkleFrontier(size: UInt64(size), source: nodeSource) }
        try refreshRegistry(size: size)
        var lastRecordedAt = try connection.scalarInt("SELECT recorded_at FROM events WHERE position = ?", [.integer(size)]).map { Timestamp(millisecondsSinceEpoch: $0) } ?? Timestamp(millisecondsSinceEpoch: 0)
        let batch = BatchLookup(connection: connection, statements: try statements())
        var outcomes: [AppendOutcome] = []
        outcomes.reserveCapacity(events.count)
        let stored = Schema.storedNodeLevelStride
        let sql = try statements()

        for (index, pending) in events.enumerated() {
            let envelope = pending.envelope
            let payload = pending.payload
            let typeName = type(of: payload).typeName
            guard envelope.type == typeName, envelope.stream == payload.stream else {
                throw LedgerError.invalidEvent(index: index, error: ValidationError(eventType: typeName, field: "stream", problem: "the envelope says \(envelope.type) on \(envelope.stream) but the payload belongs on \(payload.stream)"))
            }
            let idKey = EventRow.key(envelope.id)
            if let existing = try batch.existing(key: idKey) {
                guard existing.sameContent(as: envelope) else {
                    throw LedgerError.idConflict(id: envelope.id, existingPosition: existing.position)
                }
                outcomes.append(.alreadyPresent(position: existing.position))
                continue
            }
            let version = try batch.streamVersion(envelope.stream)
            if let expected = pending.expectedStreamVersion, expected != version {
                throw LedgerError.versionMismatch(stream: envelope.stream, expected: expected, actual: version)
            }
            let body = pending.body
            if let reason = registry.refusal(payload: payload, author: envelope.author, body: body, signature: pending.signature, localSigner: pending.localSigner) {
                throw LedgerError.unauthorized(index: index, eventType: typeName, author: envelope.author, reason: reason)
            }
            try LedgerRules.check(payload, author: envelope.author, index: index, lookup: batch)

            size += 1
            let now = clock.now()
            let recordedAt = max(now, lastRecordedAt)
            lastRecordedAt = recordedAt
            let leafHash = Leaf.hash(position: size, recordedAt: recordedAt, streamVersion: version + 1, signature: pending.signature, bodyParts: body)
            try sql.insertEvent.run(EventRow.values(
                position: size, envelope: envelope, idKey: idKey, streamVersion: version + 1, recordedAt: recordedAt,
                signature: pending.signature, leafHash: leafHash))
            for node in frontier.append(leafHash: leafHash) where node.level % stored == 0 {
                try sql.insertNode.run([.integer(Int64(node.level)), .integer(Int64(node.index)), .blob(node.hash)])
            }
            for name in payload.definedNames {
                try sql.insertName.run([.text(name), .integer(size)])
            }
            batch.didAppend(envelope: envelope, payload: payload, position: size, streamVersion: version + 1)
            registry.apply(payload, position: size)
            outcomes.append(.appended(position: size))
        }
        registrySize = size
        let root = frontier.root()
        if outcomes.contains(where: { if case .appended = $0 { return true } else { return false } }) {
            // Each batch records its tree head, so a later reordering or truncation of the rows
            // shows up in `verify` even before anyone has published a checkpoint.
            try sql.insertHead.run([.integer(size), .blob(root), .integer(lastRecordedAt.millisecondsSinceEpoch)])
        }
        return AppendReport(outcomes: outcomes, head: TreeHead(size: size, root: root))
    }

    /// Streams `LedgerCreated` and every event of the `reviewer:` streams, in log order: what the
    /// reviewer registry is folded from. Index range reads only, never a scan of the log.
    func readPeopleEvents(_ body: (RecordedEvent) throws -> Void) throws {
        let statement = try connection.prepare("""
            SELECT \(EventRow.columns) FROM events
            WHERE position = 1 OR (stream >= 'reviewer:' AND stream < 'reviewer;')
            ORDER BY position
            """)
        while try statement.step() {
            try body(try EventRow.decode(statement))
        }
    }

    private func refreshRegistry(size: Int64) throws {
        guard registrySize != size else { return }
        var fresh = ReviewerRegistry()
        try readPeopleEvents { fresh.apply($0.payload, position: $0.position) }
        registry = fresh
        registrySize = size
    }

    // MARK: prepared statements

    final class Statements {
        let insertEvent: Statement
        let insertNode: Statement
        let insertName: Statement
        let selectByID: Statement
        let selectStreamVersion: Statement
        let selectName: Statement
        let insertHead: Statement

        init(_ connection: Connection) throws {
            insertEvent = try connection.prepare(
                "INSERT OR FAIL INTO events (\(EventRow.columns)) VALUES (\(Array(repeating: "?", count: Int(EventRow.columnCount)).joined(separator: ", ")))")
            insertNode = try connection.prepare("INSERT INTO merkle_nodes (level, idx, hash) VALUES (?, ?, ?)")
            insertName = try connection.prepare("INSERT INTO names (name, position) VALUES (?, ?)")
            insertHead = try connection.prepare("INSERT INTO heads (size, root, recorded_at) VALUES (?, ?, ?)")
            selectByID = try connection.prepare("SELECT \(EventRow.columns) FROM events WHERE id = ?")
            selectStreamVersion = try connection.prepare("SELECT MAX(stream_version) FROM events WHERE stream = ?")
            selectName = try connection.prepare("SELECT \(EventRow.qualifiedColumns(as: "e")) FROM names n JOIN events e ON e.position = n.position WHERE n.name = ?")
        }
    }

    private var cachedStatements: Statements?

    func statements() throws -> Statements {
        if let cachedStatements { return cachedStatements }
        let made = try Statements(connection)
        cachedStatements = made
        return made
    }
}

/// The log's state during one append: the database plus the events of the batch so far.
final class BatchLookup: LedgerLookup {
    struct Existing {
        let position: Int64
        let type: String
        let stream: StreamName
        let data: [UInt8]

        func sameContent(as envelope: EventEnvelope) -> Bool {
            type == envelope.type && stream == envelope.stream && data == envelope.data
        }
    }

    let connection: Connection
    let statements: EventLog.Statements
    /// Versions of streams touched in this batch; everything else is read from the
    /// connection, which sees its own uncommitted rows.
    private var streamVersions: [StreamName: Int64] = [:]
    private var namedEvents = NamedEventCache()

    init(connection: Connection, statements: EventLog.Statements) {
        self.connection = connection
        self.statements = statements
    }

    func existing(_ id: EventID) throws -> Existing? {
        try existing(key: EventRow.key(id))
    }

    /// The event stored under `key` (an id as ``EventRow/key(_:)`` stores it), or nil.
    func existing(key: SQLValue) throws -> Existing? {
        let statement = statements.selectByID
        defer { statement.reset() }
        try statement.bind(key, at: 1)
        guard try statement.step() else { return nil }
        let stored = try EventRow.fields(statement)
        return Existing(position: stored.position, type: stored.envelope.type, stream: stored.envelope.stream, data: stored.envelope.data)
    }

    func streamVersion(_ stream: StreamName) throws -> Int64 {
        if let known = streamVersions[stream] { return known }
        let statement = statements.selectStreamVersion
        defer { statement.reset() }
        try statement.bind(.text(stream.rawValue), at: 1)
        let version = try statement.step() && !statement.isNull(0) ? statement.int64(0) : 0
        streamVersions[stream] = version
        return version
    }

    func namedEvent(_ name: String) throws -> NamedEvent? {
        if let known = namedEvents[name] { return known }
        let statement = statements.selectName
        defer { statement.reset() }
        try statement.bind(.text(name), at: 1)
        guard try statement.step() else { return nil }
        let event = try EventRow.decode(statement)
        // The names table is an index; only an event that itself defines the name counts.
        guard event.payload.definedNames.contains(name) else { return nil }
        let found = NamedEvent(position: event.position, author: event.envelope.author, payload: event.payload)
        namedEvents.remember(found, as: name)
        return found
    }

    func containsEvent(_ id: EventID) throws -> Bool {
        try existing(id) != nil
    }

    func event(_ id: EventID) throws -> NamedEvent? {
        let statement = statements.selectByID
        defer { statement.reset() }
        try statement.bind(EventRow.key(id), at: 1)
        guard try statement.step() else { return nil }
        let event = try EventRow.decode(statement)
        return NamedEvent(position: event.position, author: event.envelope.author, payload: event.payload)
    }

    func didAppend(envelope: EventEnvelope, payload: any EventPayload, position: Int64, streamVersion: Int64) {
        streamVersions[envelope.stream] = streamVersion
    }
}

/// Complete-subtree hashes read from the ledger file: leaf hashes from `events`, stored
/// interior nodes from `merkle_nodes`, and the levels between recomputed from those.
struct SQLiteMerkleNodes: MerkleNodeSource {
    let connection: Connection

    func nodeHash(level: Int, index: UInt64) throws -> [UInt8] {
        if level < Schema.storedNodeLevelStride {
            // Below the first stored level: hash the (at most 2^(stride-1)) leaves in one range read.
            let first = Int64(index << UInt64(level)) + 1
            let count = Int64(1) << Int64(level)
            let statement = try connection.prepare("SELECT \(EventRow.columns) FROM events WHERE position >= ? AND position < ? ORDER BY position")
            try statement.bind([.integer(first), .integer(first + count)])
            var subtree = MerkleFrontier()
            while try statement.step() { _ = subtree.append(leafHash: try EventRow.fields(statement).leafHash) }
            guard subtree.size == UInt64(count) else { throw LedgerError.database("leaves \(first)...\(first + count - 1) are missing from the Merkle tree") }
            return subtree.root()
        }
        if level % Schema.storedNodeLevelStride == 0 {
            let statement = try connection.prepare("SELECT hash FROM merkle_nodes WHERE level = ? AND idx = ?")
            try statement.bind([.integer(Int64(level)), .integer(Int64(index))])
            guard try statement.step(), let hash = statement.blob(0) else {
                throw LedgerError.database("Merkle node at level \(level), index \(index) is missing")
            }
            return hash
        }
        return MerkleHash.node(try nodeHash(level: level - 1, index: index * 2), try nodeHash(level: level - 1, index: index * 2 + 1))
    }
}

extension Statement {
    /// Binds one value, steps once and reads the row with `read`, or returns nil when there is none.
    func withBound<Value>(_ value: SQLValue, read: (Statement) -> Value?) throws -> Value? {
        defer { reset() }
        try bind(value, at: 1)
        guard try step() else { return nil }
        return read(self)
    }
}
