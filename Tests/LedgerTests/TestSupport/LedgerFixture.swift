// A real ledger file in a private temporary directory, with an admin and a checker whose
// keys sign judgments, deterministic clocks, and raw SQLite access for tampering.
import Crypto
import Events
import Foundation
import Ledger
import SQLite

/// Runs `body` with a new, empty directory under the system temporary directory and removes
/// the directory afterwards, whatever happens. Every test that touches files uses one.
func withTemporaryDirectory<Result>(_ body: (URL) throws -> Result) throws -> Result {
    let directory = FileManager.default.temporaryDirectory
        .appendingPathComponent("factledger-tests-\(UUID().uuidString)", isDirectory: true)
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: directory) }
    return try body(directory)
}

/// A deterministic clock: each reading moves `stepMilliseconds` from the last (negative steps
/// give a clock that goes backwards).
final class SteppingClock: LedgerClock, @unchecked Sendable {
    private let lock = NSLock()
    private var next: Int64
    let stepMilliseconds: Int64

    init(start: Timestamp = LedgerFixture.start, stepMilliseconds: Int64 = 1) {
        next = start.millisecondsSinceEpoch
        self.stepMilliseconds = stepMilliseconds
    }

    func now() -> Timestamp {
        lock.lock()
        defer { lock.unlock() }
        let reading = Timestamp(millisecondsSinceEpoch: next)
        next += stepMilliseconds
        return reading
    }
}

/// A ledger made with `LedgerSetup.create`, plus a registered checker, in `directory`.
final class LedgerFixture {
    /// 2024-05-01T09:00:00.000Z, where the default clocks start.
    static let start = Timestamp(millisecondsSinceEpoch: 1_714_554_000_000)
    static let adminHandle = "admin"
    static let checkerHandle = "checker"

    let directory: URL
    let path: String
    let keys: KeyStore
    private(set) var log: EventLog
    let created: LedgerSetup.Created
    let admin: ReviewerSigner
    let checker: ReviewerSigner
    /// Supplies the `now` of the envelopes the fixture builds (ids and fallback times), apart
    /// from the ledger's clock so that tests control the recording times alone.
    let envelopeClock = SteppingClock(start: LedgerFixture.start, stepMilliseconds: 1)

    /// Creates `name` in `directory` (made when missing) with its own key folder inside it.
    init(in directory: URL, name: String = "ledger.db", clock: any LedgerClock = SteppingClock()) throws {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        self.directory = directory
        path = directory.appendingPathComponent(name).path
        keys = KeyStore(directory: directory.appendingPathComponent("keys").path)
        (log, created) = try LedgerSetup.create(
            path: path, org: "Test Desk", admin: Self.adminHandle, adminName: "Ada Admin", keys: keys, clock: clock)
        admin = try ReviewerSigner(handle: Self.adminHandle, keys: keys)
        let checkerKey = try keys.loadOrCreate(path: keys.reviewerKeyPath(Self.checkerHandle), whose: "reviewer checker")
        checker = ReviewerSigner(handle: Self.checkerHandle, key: checkerKey)
        let registration = try ReviewerRegistered(
            handle: Self.checkerHandle, name: "Chris Checker", role: .checker, publicKey: Array(checkerKey.publicKey.rawRepresentation))
        _ = try log.append([try admin.pendingEvent(registration, now: envelopeClock.now())])
    }

    /// Closes the ledger and opens it again with `clock`.
    func reopen(clock: any LedgerClock = SteppingClock()) throws {
        log = try EventLog.open(path: path, clock: clock)
    }

    // MARK: events

    /// An unsigned event authored `import:test`, as bulk observations are.
    func unsigned(
        _ payload: any EventPayload, id: EventEnvelope.IDPolicy = .derived, occurredAt: Timestamp? = nil,
        expectedStreamVersion: Int64? = nil
    ) -> PendingEvent {
        let envelope = EventEnvelope.make(payload: payload, id: id, occurredAt: occurredAt, author: "import:test", now: envelopeClock.now())
        return PendingEvent(envelope: envelope, payload: payload, signature: nil, expectedStreamVersion: expectedStreamVersion)
    }

    /// `payload` signed by `signer`.
    func signed(_ payload: any EventPayload, by signer: ReviewerSigner, expectedStreamVersion: Int64? = nil) throws -> PendingEvent {
        try signer.pendingEvent(payload, now: envelopeClock.now(), expectedStreamVersion: expectedStreamVersion)
    }

    func outlet(_ domain: String, name: String = "An Outlet", affiliation: OutletAffiliation = .stateControlled) throws -> PendingEvent {
        unsigned(try OutletRegistered(domain: domain, name: name, affiliation: affiliation, country: "CN"))
    }

    func account(_ reference: String, displayName: String = "An Account") throws -> PendingEvent {
        unsigned(try AccountRegistered(
            account: try PlatformReference(parsing: reference, field: "account"), displayName: displayName, kind: .diplomat, country: "CN"))
    }

    /// A `PostObserved` of `twitter:<id>` by `account`.
    func post(
        _ id: String, account: String = "twitter:zlj517", text: String? = nil,
        postedAt: Timestamp = Timestamp(millisecondsSinceEpoch: 1_584_021_780_000), occurredAt: Timestamp? = nil,
        expectedStreamVersion: Int64? = nil
    ) throws -> PendingEvent {
        let accountReference = try PlatformReference(parsing: account, field: "account")
        let payload = try PostObserved(
            post: PlatformReference(platform: "twitter", identifier: id), account: accountReference,
            url: "https://twitter.com/\(accountReference.identifier)/status/\(id)", postedAt: postedAt, kind: .original,
            text: text ?? "Post number \(id)")
        return unsigned(payload, occurredAt: occurredAt, expectedStreamVersion: expectedStreamVersion)
    }

    /// A `ClaimFlagged` signed by `signer`, first seen in `twitter:<post>` when given.
    func claim(_ claim: String, post: String? = nil, by signer: ReviewerSigner, expectedStreamVersion: Int64? = nil) throws -> PendingEvent {
        let payload = try ClaimFlagged(
            claim: claim, summary: "Claim \(claim) about the origin of the virus",
            post: post.map { PlatformReference(platform: "twitter", identifier: $0) })
        return try signed(payload, by: signer, expectedStreamVersion: expectedStreamVersion)
    }

    /// A `VerdictRecorded` on the default scale, signed by `signer`.
    func verdict(
        _ verdict: String, claim: String, label: String = "false", scale: String = RatingScale.defaultID, by signer: ReviewerSigner,
        expectedStreamVersion: Int64? = nil
    ) throws -> PendingEvent {
        let payload = try VerdictRecorded(verdict: verdict, claim: claim, label: label, rationale: "The record says otherwise.", scale: scale)
        return try signed(payload, by: signer, expectedStreamVersion: expectedStreamVersion)
    }

    /// A `VerdictReviewed` signed by `signer`.
    func review(_ verdict: String, decision: ReviewDecision = .concur, by signer: ReviewerSigner) throws -> PendingEvent {
        try signed(try VerdictReviewed(verdict: verdict, decision: decision), by: signer)
    }

    @discardableResult
    func append(_ events: PendingEvent...) throws -> AppendReport {
        try log.append(events)
    }

    /// The number of events in the log.
    func size() throws -> Int64 {
        try log.head().size
    }

    /// The ledger's own signing key, from the fixture's key folder.
    func ledgerKey() throws -> Curve25519.Signing.PrivateKey {
        try log.ledgerPrivateKey(keys: keys)
    }

    // MARK: raw file access

    /// A second, raw connection to the ledger file, as an attacker with file access has.
    func rawConnection() throws -> Connection {
        try LedgerFixture.rawConnection(path)
    }

    static func rawConnection(_ path: String) throws -> Connection {
        let connection = try Connection(path: path, mode: .readWrite)
        connection.setBusyTimeout(milliseconds: 5000)
        return connection
    }

    /// Copies the ledger file to `name` in the fixture's directory, after moving the WAL's
    /// content into the main file; returns the copy's path.
    func copy(named name: String) throws -> String {
        try Self.checkpointWAL(path)
        let destination = directory.appendingPathComponent(name).path
        try FileManager.default.copyItem(atPath: path, toPath: destination)
        if FileManager.default.fileExists(atPath: path + "-wal") {
            try FileManager.default.copyItem(atPath: path + "-wal", toPath: destination + "-wal")
        }
        return destination
    }

    static func checkpointWAL(_ path: String) throws {
        let connection = try rawConnection(path)
        try connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    }

    /// Every trigger that guards the ledger's tables, for tampering that goes around them.
    static let guardTriggers = [
        "events_no_update", "events_no_delete", "events_gap_free", "nodes_no_update", "nodes_no_delete",
        "names_no_update", "names_no_delete", "heads_no_update", "heads_no_delete", "checkpoints_no_update", "checkpoints_no_delete",
    ]

    /// Opens `path` raw, drops every guard trigger and runs `body`, as a tamperer would.
    static func tamper(_ path: String, _ body: (Connection) throws -> Void) throws {
        let connection = try rawConnection(path)
        for trigger in guardTriggers { try connection.execute("DROP TRIGGER IF EXISTS \(trigger)") }
        try body(connection)
    }

    /// The leaf bytes of the row at `position` of `connection`'s ledger, rebuilt here from the
    /// raw columns by the documented layout, independently of the library's own code.
    static func leaf(at position: Int64, in connection: Connection) throws -> [UInt8] {
        let statement = try connection.prepare("SELECT \(rowColumns) FROM events WHERE position = ?")
        try statement.bind(.integer(position), at: 1)
        guard try statement.step() else { throw FixtureError.noRow(position) }
        return documentedLeaf(statement)
    }

    /// Every leaf of `connection`'s ledger, in position order, rebuilt as ``leaf(at:in:)`` does.
    static func allLeaves(in connection: Connection) throws -> [[UInt8]] {
        let statement = try connection.prepare("SELECT \(rowColumns) FROM events ORDER BY position")
        var leaves: [[UInt8]] = []
        while try statement.step() { leaves.append(documentedLeaf(statement)) }
        return leaves
    }

    static let rowColumns = "position, id, type, schema_version, stream, stream_version, occurred_at, recorded_at, author, correlation_id, causation_id, signature, data, leaf_check"

    /// `factledger-leaf/1\n<position>\n<recorded_at>\n<stream version>\n<signature base64>\n<body>`,
    /// where the body is `{"id":…,"type":…,"schema_version":…,"stream":…,"occurred_at":…,"author":…,["correlation_id":…,]["causation_id":…,]"data":<data bytes>}`.
    private static func documentedLeaf(_ row: Statement) -> [UInt8] {
        func quoted(_ text: String) -> String {
            var output = "\""
            for scalar in text.unicodeScalars {
                switch scalar {
                case "\"": output += "\\\""
                case "\\": output += "\\\\"
                case "\n": output += "\\n"
                case "\r": output += "\\r"
                case "\t": output += "\\t"
                case _ where scalar.value < 0x20 || scalar.value == 0x7F: output += String(format: "\\u%04x", scalar.value)
                default: output.unicodeScalars.append(scalar)
                }
            }
            return output + "\""
        }
        func time(_ milliseconds: Int64) -> String {
            let formatter = DateFormatter()
            formatter.locale = Locale(identifier: "en_US_POSIX")
            formatter.timeZone = TimeZone(identifier: "UTC")
            formatter.dateFormat = "yyyy-MM-dd'T'HH:mm:ss.SSS'Z'"
            return formatter.string(from: Date(timeIntervalSince1970: Double(milliseconds) / 1000))
        }
        let id: String
        if let bytes = row.blob(1), row.columnType(1) == .blob {
            let hex = bytes.map { String(format: "%02x", $0) }.joined()
            let parts = [hex.prefix(8), hex.dropFirst(8).prefix(4), hex.dropFirst(12).prefix(4), hex.dropFirst(16).prefix(4), hex.dropFirst(20)]
            id = parts.joined(separator: "-")
        } else {
            id = row.text(1) ?? ""
        }
        var body = "{\"id\":\(quoted(id)),\"type\":\(quoted(row.text(2) ?? "")),\"schema_version\":\(row.int64(3))"
        body += ",\"stream\":\(quoted(row.text(4) ?? "")),\"occurred_at\":\(quoted(time(row.int64(6)))),\"author\":\(quoted(row.text(8) ?? ""))"
        if let correlation = row.text(9) { body += ",\"correlation_id\":\(quoted(correlation))" }
        if let causation = row.text(10) { body += ",\"causation_id\":\(quoted(causation))" }
        body += ",\"data\":"
        let signature = row.blob(11).map { Data($0).base64EncodedString() } ?? ""
        let header = "factledger-leaf/1\n\(row.int64(0))\n\(time(row.int64(7)))\n\(row.int64(5))\n\(signature)\n"
        return Array(header.utf8) + Array(body.utf8) + (row.blob(12) ?? []) + Array("}".utf8)
    }
}

enum FixtureError: Error, CustomStringConvertible {
    case noRow(Int64)
    case notFound(String)

    var description: String {
        switch self {
        case .noRow(let position): return "no event row at position \(position)"
        case .notFound(let what): return "not found: \(what)"
        }
    }
}

/// `SHA-256(0x00 ‖ bytes)`, computed here with swift-crypto rather than through the library.
func independentLeafHash(_ bytes: [UInt8]) -> [UInt8] {
    Array(SHA256.hash(data: [0x00] + bytes))
}

/// The index of the first occurrence of `needle` in `haystack`, or nil.
func firstIndex(of needle: [UInt8], in haystack: [UInt8]) -> Int? {
    guard !needle.isEmpty, needle.count <= haystack.count else { return nil }
    for start in 0...(haystack.count - needle.count) where haystack[start] == needle[0] {
        if haystack[start..<(start + needle.count)].elementsEqual(needle) { return start }
    }
    return nil
}
