// `verify`: replays the whole file and checks everything DESIGN §3 names: leaf hashes,
// columns against bytes, gap-free positions, monotonic recorded_at, stream versions,
// signatures and registrations, the ledger rules, Merkle nodes, heads and checkpoints.
import Crypto
import Events
import Foundation
import SQLite

/// One thing `verify` found wrong.
public struct VerificationProblem: Sendable, CustomStringConvertible {
    /// The first position involved, when the problem is at a position.
    public let position: Int64?
    public let detail: String

    public var description: String {
        if let position { return "position \(position): \(detail)" }
        return detail
    }
}

/// What `verify` checked and found.
public struct VerificationReport: Sendable {
    public var eventsChecked: Int64 = 0
    public var signaturesChecked: Int = 0
    public var headsChecked: Int = 0
    public var checkpointsChecked: Int = 0
    public var root: [UInt8] = MerkleHash.emptyRoot
    /// Problems in log order; at most ``LedgerVerifier/problemLimit`` are kept.
    public var problems: [VerificationProblem] = []

    /// Whether nothing was found wrong.
    public var isIntact: Bool { problems.isEmpty }
    /// The first bad position, if any.
    public var firstBadPosition: Int64? { problems.compactMap(\.position).min() }
}

/// Checks a ledger file end to end.
///
/// Guarantees: any change to a stored byte, a missing, reordered or duplicated row, a bad or
/// missing signature, a key used outside its registration, a broken reference, or a log that no
/// longer extends a recorded head or checkpoint is reported with its position. Cost: O(n) time,
/// one pass that streams the rows; memory grows with the number of streams, not events.
public enum LedgerVerifier {
    /// How many problems a report keeps.
    public static let problemLimit = 50

    /// Verifies `log`. With `trustedCheckpoint` (a signed note kept outside), also checks that
    /// the log extends it: same root at its size, signed by the ledger key.
    public static func verify(
        _ log: EventLog, trustedCheckpoint: String? = nil, progress: ((Int64) -> Void)? = nil
    ) throws -> VerificationReport {
        let box = ReportBox()
        do {
            return try check(log, connection: log.connection, trustedCheckpoint: trustedCheckpoint, progress: progress, box: box)
        } catch let error as SQLiteError where error.isCorrupt || error.code == 10 {
            // A damaged file is tampering too: report where the readable log ends.
            box.problem(box.report.eventsChecked + 1, "the file is damaged and cannot be read past here (\(error.message))")
            return box.report
        } catch LedgerError.database(let detail) {
            box.problem(box.report.eventsChecked + 1, "the file is damaged and cannot be read past here (\(detail))")
            return box.report
        }
    }

    private static func check(
        _ log: EventLog, connection: Connection, trustedCheckpoint: String?, progress: ((Int64) -> Void)?,
        box: ReportBox
    ) throws -> VerificationReport {
        func problem(_ position: Int64?, _ detail: String) { box.problem(position, detail) }
        return try connection.readTransaction {
            let size = try log.currentSize()
            let heads = try storedRoots(connection, "SELECT size, root FROM heads ORDER BY size")
            let checkpoints = try log.issuedCheckpoints()
            var trusted: Checkpoint?
            var expectedRoots: [Int64: [([UInt8], String)]] = [:]
            for (headSize, root) in heads { expectedRoots[headSize, default: []].append((root, "the tree head recorded at size \(headSize)")) }
            for checkpoint in checkpoints { expectedRoots[checkpoint.size, default: []].append((checkpoint.root, "the checkpoint issued at size \(checkpoint.size)")) }

            var frontier = MerkleFrontier()
            var registry = ReviewerRegistry()
            var lastRecordedAt = Timestamp(millisecondsSinceEpoch: Int64.min)
            var expectedPosition: Int64 = 1
            var definedNameCount: Int64 = 0
            let lookup = try VerifyLookup(connection: connection)
            let nodeStatement = try connection.prepare("SELECT hash FROM merkle_nodes WHERE level = ? AND idx = ?")
            let rows = try connection.prepare("""
                SELECT position, id, type, stream, stream_version, occurred_at, recorded_at, author, leaf, leaf_hash
                FROM events ORDER BY position
                """)
            if let root = expectedRoots[0] { for (expected, what) in root where expected != MerkleHash.emptyRoot { problem(nil, "\(what) is not the empty root") } }

            while try rows.step() {
                let position = rows.int64(0)
                box.report.eventsChecked += 1
                if let progress, box.report.eventsChecked % 10_000 == 0 { progress(box.report.eventsChecked) }
                if position != expectedPosition {
                    problem(expectedPosition, position > expectedPosition
                        ? "positions \(expectedPosition)...\(position - 1) are missing: the log has a gap"
                        : "position \(position) appears out of order")
                    expectedPosition = position
                }
                expectedPosition += 1
                let leaf = rows.blob(8) ?? []
                let storedHash = rows.blob(9) ?? []
                let leafHash = MerkleHash.leaf(leaf)
                if storedHash != leafHash { problem(position, "the leaf bytes do not match the stored leaf hash") }

                // The Merkle tree is built from the recomputed hash, so every later root check fails too.
                for node in frontier.append(leafHash: leafHash) where node.level % Schema.storedNodeLevelStride == 0 {
                    nodeStatement.reset()
                    try nodeStatement.bind([.integer(Int64(node.level)), .integer(Int64(node.index))])
                    let stored = try nodeStatement.step() ? nodeStatement.blob(0) : nil
                    if stored != node.hash {
                        problem(position, "the stored Merkle node at level \(node.level), index \(node.index) \(stored == nil ? "is missing" : "does not match the leaves")")
                    }
                }
                if let roots = expectedRoots[Int64(frontier.size)] {
                    let root = frontier.root()
                    for (expected, what) in roots where expected != root {
                        problem(position, "the log no longer matches \(what): the rows up to here were changed, reordered or removed")
                    }
                    box.report.headsChecked += roots.count
                }

                let parsedLeaf: Leaf
                let envelope: EventEnvelope
                let decodedPayload: Result<any EventPayload, any Error>
                do {
                    parsedLeaf = try Leaf(bytes: leaf)
                    let parsed = try EventEnvelope.parse(bodyBytes: parsedLeaf.body)
                    envelope = parsed.envelope
                    decodedPayload = Result { try EventCatalogue.decode(type: parsed.envelope.type, schemaVersion: parsed.envelope.schemaVersion, data: parsed.data) }
                } catch {
                    problem(position, "\(error)")
                    continue
                }
                var mismatched: [String] = []
                if parsedLeaf.position != position { mismatched.append("position (the leaf says \(parsedLeaf.position))") }
                if rows.text(1) != envelope.id.rawValue { mismatched.append("id") }
                if rows.text(2) != envelope.type { mismatched.append("type") }
                if rows.text(3) != envelope.stream.rawValue { mismatched.append("stream") }
                if rows.int64(4) != parsedLeaf.streamVersion { mismatched.append("stream_version") }
                if rows.int64(5) != envelope.occurredAt.millisecondsSinceEpoch { mismatched.append("occurred_at") }
                if rows.int64(6) != parsedLeaf.recordedAt.millisecondsSinceEpoch { mismatched.append("recorded_at") }
                if rows.text(7) != envelope.author { mismatched.append("author") }
                if !mismatched.isEmpty { problem(position, "the column\(mismatched.count > 1 ? "s" : "") \(mismatched.joined(separator: ", ")) disagree with the leaf bytes") }

                if parsedLeaf.recordedAt < lastRecordedAt {
                    problem(position, "recorded_at \(parsedLeaf.recordedAt) is earlier than the previous event's \(lastRecordedAt)")
                }
                lastRecordedAt = max(lastRecordedAt, parsedLeaf.recordedAt)
                let version = lookup.streamVersions[envelope.stream, default: 0]
                if parsedLeaf.streamVersion != version + 1 {
                    problem(position, "\(envelope.stream) jumps from version \(version) to \(parsedLeaf.streamVersion)")
                }

                let payload: any EventPayload
                do { payload = try decodedPayload.get() } catch {
                    problem(position, "the payload does not validate: \(error)")
                    lookup.streamVersions[envelope.stream] = parsedLeaf.streamVersion
                    continue
                }
                if payload.stream != envelope.stream {
                    problem(position, "the event is filed on \(envelope.stream) but its payload belongs on \(payload.stream)")
                }
                if parsedLeaf.signature != nil || type(of: payload).group.requiresSignature || !envelope.author.hasPrefix("import:") {
                    box.report.signaturesChecked += 1
                }
                if let reason = registry.refusal(payload: payload, author: envelope.author, body: parsedLeaf.body, signature: parsedLeaf.signature) {
                    problem(position, "\(envelope.type) by \(envelope.author): \(reason)")
                }
                lookup.currentPosition = position
                do { try LedgerRules.check(payload, author: envelope.author, index: 0, lookup: lookup) } catch {
                    problem(position, "\(error)")
                }
                for name in payload.definedNames where try lookup.definingPosition(name) != position {
                    problem(position, "the name index does not point \(name) at this event")
                }
                definedNameCount += Int64(payload.definedNames.count)
                registry.apply(payload, position: position)
                lookup.streamVersions[envelope.stream] = parsedLeaf.streamVersion
            }
            if expectedPosition - 1 != size { problem(expectedPosition, "the log has \(box.report.eventsChecked) rows but its last position is \(size)") }
            for (headSize, _) in heads where headSize > Int64(frontier.size) {
                problem(Int64(frontier.size) + 1, "a tree head of size \(headSize) was recorded but the log has only \(frontier.size) events: events were removed")
            }
            for checkpoint in checkpoints where checkpoint.size > Int64(frontier.size) {
                problem(Int64(frontier.size) + 1, "the checkpoint of size \(checkpoint.size) was issued but the log has only \(frontier.size) events: events were removed")
            }
            box.report.root = frontier.root()
            let nameRows = try connection.scalarInt("SELECT COUNT(*) FROM names") ?? 0
            if nameRows != definedNameCount {
                problem(nil, "the name index has \(nameRows) rows but the events define \(definedNameCount) names: it was edited")
            }

            // Checkpoint signatures, against the ledger key recorded at position 1.
            if let created = registry.ledgerCreated, let key = try? NoteVerifierKey(name: created.origin, publicKey: Curve25519.Signing.PublicKey(rawRepresentation: created.ledgerKey)) {
                for checkpoint in checkpoints {
                    box.report.checkpointsChecked += 1
                    do {
                        let parsed = try Checkpoint(verifyingNote: checkpoint.note, key: key)
                        if Int64(parsed.size) != checkpoint.size || parsed.root != checkpoint.root {
                            problem(nil, "the checkpoint stored at size \(checkpoint.size) does not match its signed note")
                        }
                    } catch {
                        problem(nil, "the checkpoint stored at size \(checkpoint.size) has a bad signature: \(error)")
                    }
                }
                if let note = trustedCheckpoint {
                    do {
                        let parsed = try Checkpoint(verifyingNote: note, key: key)
                        trusted = parsed
                    } catch {
                        problem(nil, "the given checkpoint is not signed by this ledger's key (\(key.encoded)): \(error)")
                    }
                }
            } else if size > 0 {
                problem(1, "position 1 is not a valid LedgerCreated, so no signature can be checked")
            }
            if let trusted {
                box.report.checkpointsChecked += 1
                if Int64(trusted.size) > size {
                    problem(size + 1, "the given checkpoint covers \(trusted.size) events but the log has only \(size): events were removed")
                } else {
                    let root = try? MerkleProofs.root(size: trusted.size, source: RecomputedPrefix(connection: connection))
                    if root == nil {
                        problem(nil, "the log does not extend the given checkpoint: leaves within its first \(trusted.size) events are missing")
                    } else if root != trusted.root {
                        problem(nil, "the log does not extend the given checkpoint: the root at size \(trusted.size) differs, so the log was forked or rewritten")
                    }
                }
            }
            return box.report
        }
    }

    private static func storedRoots(_ connection: Connection, _ sql: String) throws -> [(Int64, [UInt8])] {
        let statement = try connection.prepare(sql)
        var roots: [(Int64, [UInt8])] = []
        while try statement.step() { roots.append((statement.int64(0), statement.blob(1) ?? [])) }
        return roots
    }
}

/// Ledger state for the rules during verify: earlier positions only.
private final class VerifyLookup: LedgerLookup {
    let connection: Connection
    var currentPosition: Int64 = 0
    var streamVersions: [StreamName: Int64] = [:]
    private let nameStatement: Statement
    private let idStatement: Statement

    init(connection: Connection) throws {
        self.connection = connection
        nameStatement = try connection.prepare("SELECT n.position, e.leaf FROM names n JOIN events e ON e.position = n.position WHERE n.name = ?")
        idStatement = try connection.prepare("SELECT position FROM events WHERE id = ?")
    }

    func streamVersion(_ stream: StreamName) throws -> Int64 { streamVersions[stream, default: 0] }

    func definingPosition(_ name: String) throws -> Int64? {
        defer { nameStatement.reset() }
        try nameStatement.bind(.text(name), at: 1)
        return try nameStatement.step() ? nameStatement.int64(0) : nil
    }

    func namedEvent(_ name: String) throws -> NamedEvent? {
        defer { nameStatement.reset() }
        try nameStatement.bind(.text(name), at: 1)
        guard try nameStatement.step(), nameStatement.int64(0) < currentPosition else { return nil }
        let event = try EventLog.decode(leaf: nameStatement.blob(1) ?? [], position: nameStatement.int64(0))
        guard event.payload.definedNames.contains(name) else { return nil }
        return NamedEvent(position: event.position, author: event.envelope.author, payload: event.payload)
    }

    func event(_ id: EventID) throws -> NamedEvent? {
        guard try containsEvent(id) else { return nil }
        let statement = try connection.prepare("SELECT position, leaf FROM events WHERE id = ?")
        try statement.bind(.text(id.rawValue), at: 1)
        guard try statement.step() else { return nil }
        let event = try EventLog.decode(leaf: statement.blob(1) ?? [], position: statement.int64(0))
        return NamedEvent(position: event.position, author: event.envelope.author, payload: event.payload)
    }

    func containsEvent(_ id: EventID) throws -> Bool {
        defer { idStatement.reset() }
        try idStatement.bind(.text(id.rawValue), at: 1)
        return try idStatement.step() && idStatement.int64(0) < currentPosition
    }
}

/// Complete-subtree hashes recomputed from the leaf bytes themselves, not from stored hashes,
/// for checking a trusted checkpoint.
private struct RecomputedPrefix: MerkleNodeSource {
    let connection: Connection

    func nodeHash(level: Int, index: UInt64) throws -> [UInt8] {
        let first = Int64(index << UInt64(level)) + 1
        let last = first + Int64(1 << UInt64(level)) - 1
        let statement = try connection.prepare("SELECT leaf FROM events WHERE position >= ? AND position <= ? ORDER BY position")
        try statement.bind([.integer(first), .integer(last)])
        var tree = MerkleFrontier()
        while try statement.step() { _ = tree.append(leafHash: MerkleHash.leaf(statement.blob(0) ?? [])) }
        guard tree.size == UInt64(last - first + 1) else { throw LedgerError.database("leaves \(first)...\(last) are missing") }
        return tree.root()
    }
}

/// The report being built, shared by the checks and the error path.
final class ReportBox {
    var report = VerificationReport()

    func problem(_ position: Int64?, _ detail: String) {
        if report.problems.count < LedgerVerifier.problemLimit {
            report.problems.append(VerificationProblem(position: position, detail: detail))
        }
    }
}
