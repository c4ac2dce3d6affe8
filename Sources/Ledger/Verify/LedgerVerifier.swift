// `verify`: replays the whole file and checks everything DESIGN §3 names: leaf hashes,
// rows against the format, gap-free positions, monotonic recorded_at, stream versions,
// signatures and registrations, the ledger rules, Merkle nodes, heads and checkpoints.
import Crypto
import Dispatch
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
/// one pass that streams the rows in chunks; leaf hashing, decoding and signature checks run on
/// every core. Memory grows with the number of streams, not events. With `onlyAfterCheckpoint`,
/// O(events after the checkpoint + log n).
public enum LedgerVerifier {
    /// How many problems a report keeps.
    public static let problemLimit = 50
    /// Rows read, then checked in parallel, at a time.
    static let chunkSize = 4096

    /// Verifies `log`. With `trustedCheckpoint` (a signed note kept outside), also checks that
    /// the log extends it: same root at its size, signed by the ledger key.
    ///
    /// With `onlyAfterCheckpoint` (and a trusted checkpoint), the events the checkpoint covers
    /// are not re-read: the log's stored Merkle nodes must reproduce the checkpoint's root, and
    /// only the events after it are checked, at a cost that grows with them and not with the log.
    /// Rows the checkpoint covers are then vouched for by its root, not re-hashed; a full run
    /// re-hashes them.
    public static func verify(
        _ log: EventLog, trustedCheckpoint: String? = nil, onlyAfterCheckpoint: Bool = false, progress: ((Int64) -> Void)? = nil
    ) throws -> VerificationReport {
        let box = ReportBox()
        do {
            return try check(log, connection: log.connection, trustedCheckpoint: trustedCheckpoint,
                             incremental: onlyAfterCheckpoint && trustedCheckpoint != nil, progress: progress, box: box)
        } catch let error as SQLiteError where error.isCorrupt || error.code == 10 {
            // A damaged file is tampering too: report where the readable log ends.
            box.problem(box.checkedThrough + 1, "the file is damaged and cannot be read past here (\(error.message))")
            return box.report
        } catch LedgerError.database(let detail) {
            box.problem(box.checkedThrough + 1, "the file is damaged and cannot be read past here (\(detail))")
            return box.report
        }
    }

    /// The ledger key's note verifier, from the `LedgerCreated` at position 1.
    private static func ledgerNoteKey(_ registry: ReviewerRegistry) -> NoteVerifierKey? {
        guard let created = registry.ledgerCreated,
              let publicKey = try? Curve25519.Signing.PublicKey(rawRepresentation: created.ledgerKey) else { return nil }
        return try? NoteVerifierKey(name: created.origin, publicKey: publicKey)
    }

    private static func check(
        _ log: EventLog, connection: Connection, trustedCheckpoint: String?, incremental: Bool, progress: ((Int64) -> Void)?,
        box: ReportBox
    ) throws -> VerificationReport {
        func problem(_ position: Int64?, _ detail: String) { box.problem(position, detail) }
        return try connection.readTransaction {
            let size = try log.currentSize()
            var state = ReplayState()

            // Where the pass starts: position 1, or just after a trusted checkpoint whose root the
            // stored Merkle nodes reproduce.
            var start: Int64 = 1
            var trusted: Checkpoint?
            if incremental, let note = trustedCheckpoint {
                var people = ReviewerRegistry()
                try log.readPeopleEvents { if $0.position == 1 { people.apply($0.payload, position: 1) } }
                guard let key = ledgerNoteKey(people) else {
                    problem(1, "position 1 is not a valid LedgerCreated, so no signature can be checked")
                    return box.report
                }
                do { trusted = try Checkpoint(verifyingNote: note, key: key) } catch {
                    problem(nil, "the given checkpoint is not signed by this ledger's key (\(key.encoded)): \(error)")
                    return box.report
                }
                guard let trusted else { return box.report }
                box.report.checkpointsChecked += 1
                guard Int64(trusted.size) <= size else {
                    problem(size + 1, "the given checkpoint covers \(trusted.size) events but the log has only \(size): events were removed")
                    return box.report
                }
                let nodes = SQLiteMerkleNodes(connection: connection)
                let frontier = try? MerkleFrontier(size: trusted.size, source: nodes)
                guard let frontier, frontier.root() == trusted.root else {
                    problem(nil, "the log does not extend the given checkpoint: the root at size \(trusted.size) differs, so the log was forked or rewritten")
                    return box.report
                }
                start = Int64(trusted.size) + 1
                state.frontier = frontier
                try log.readPeopleEvents { if $0.position < start { state.registry.apply($0.payload, position: $0.position) } }
                state.lastRecordedAt = try connection.scalarInt("SELECT recorded_at FROM events WHERE position = ?", [.integer(start - 1)])
                    .map { Timestamp(millisecondsSinceEpoch: $0) } ?? state.lastRecordedAt
            }
            state.expectedPosition = start
            box.checkedThrough = start - 1

            let heads = try storedRoots(connection, "SELECT size, root FROM heads WHERE size >= ? ORDER BY size", start - 1)
            let checkpoints = try log.issuedCheckpoints().filter { $0.size >= start - 1 }
            var expectedRoots: [Int64: [([UInt8], String)]] = [:]
            for (headSize, root) in heads { expectedRoots[headSize, default: []].append((root, "the tree head recorded at size \(headSize)")) }
            for checkpoint in checkpoints { expectedRoots[checkpoint.size, default: []].append((checkpoint.root, "the checkpoint issued at size \(checkpoint.size)")) }
            if start == 1, let root = expectedRoots[0] {
                for (expected, what) in root where expected != MerkleHash.emptyRoot { problem(nil, "\(what) is not the empty root") }
            }

            let lookup = try VerifyLookup(connection: connection, firstCheckedPosition: start)
            // One entry per stream at most: reserved once rather than regrown (and rehashed) as it fills.
            lookup.streamVersions.reserveCapacity(Int(min(size - start + 1, 4_000_000)))
            let nodeStatement = try connection.prepare("SELECT hash FROM merkle_nodes WHERE level = ? AND idx = ?")
            let rows = try connection.prepare("SELECT \(EventRow.columns) FROM events WHERE position >= ? ORDER BY position")
            try rows.bind(.integer(start), at: 1)
            // Three stages run at once, each on its own thread: this one reads chunk k+1 and then
            // runs the checks that need the rows before (chunk k); a decoding thread rebuilds,
            // hashes and decodes chunk k+1; a signature thread verifies chunk k-1's signatures.
            // A chunk's problems are reported, in position order, once its signatures are done.
            let decodeQueue = DispatchQueue(label: "factledger.verify.decode")
            let signatureQueue = DispatchQueue(label: "factledger.verify.signatures")
            var pending: SignatureBatch?
            var decodedChunk: (rows: [CheckedRow], positions: [Int64])?
            // A chunk whose signatures are still being checked reports its problems even when
            // reading stops with an error.
            defer { try? pending?.finish(into: box) }
            var exhausted = false
            while !exhausted || decodedChunk != nil {
                var chunk: [Result<EventRow.Fields, any Error>] = []
                var positions: [Int64] = []
                chunk.reserveCapacity(chunkSize)
                while !exhausted && chunk.count < chunkSize {
                    guard try rows.step() else { exhausted = true; break }
                    positions.append(rows.int64(0))
                    chunk.append(Result { try EventRow.fields(rows) })
                }
                let decoding = DecodedChunk()
                if !chunk.isEmpty {
                    let rowsToDecode = chunk
                    decodeQueue.async(group: decoding.group) { decoding.rows = rowsToDecode.map(CheckedRow.init) }
                }
                if let (decoded, decodedPositions) = decodedChunk {
                    let findings = ChunkFindings()
                    var signatureJobs: [SignatureJob] = []
                    for (index, row) in decoded.enumerated() {
                        try checkRow(row, position: decodedPositions[index], state: &state, lookup: lookup, expectedRoots: expectedRoots,
                                     nodeStatement: nodeStatement, findings: findings, signatureJobs: &signatureJobs, box: box)
                    }
                    let checking = SignatureBatch(jobs: signatureJobs, findings: findings, lastPosition: decodedPositions.last ?? box.checkedThrough)
                    signatureQueue.async(group: checking.group) { checking.run() }
                    try pending?.finish(into: box)
                    pending = checking
                    if let progress { progress(box.report.eventsChecked) }
                }
                decoding.group.wait()
                // The checked chunk is released on the decoding thread, which allocated it.
                let finished = Handoff(decodedChunk)
                decodedChunk = nil
                decodeQueue.async { _ = finished.take() }
                decodedChunk = chunk.isEmpty ? nil : (decoding.rows, positions)
            }
            try pending?.finish(into: box)
            pending = nil

            let frontier = state.frontier
            if state.expectedPosition - 1 != size {
                let rows = start == 1 ? "\(box.report.eventsChecked) rows" : "\(box.report.eventsChecked) rows after position \(start - 1)"
                problem(state.expectedPosition, "the log has \(rows) but its last position is \(size)")
            }
            for (headSize, _) in heads where headSize > Int64(frontier.size) {
                problem(Int64(frontier.size) + 1, "a tree head of size \(headSize) was recorded but the log has only \(frontier.size) events: events were removed")
            }
            for checkpoint in checkpoints where checkpoint.size > Int64(frontier.size) {
                problem(Int64(frontier.size) + 1, "the checkpoint of size \(checkpoint.size) was issued but the log has only \(frontier.size) events: events were removed")
            }
            box.report.root = frontier.root()
            let nameRows = try connection.scalarInt("SELECT COUNT(*) FROM names WHERE position >= ?", [.integer(start)]) ?? 0
            if nameRows != state.definedNameCount {
                problem(nil, "the name index has \(nameRows) rows for these events but they define \(state.definedNameCount) names: it was edited")
            }

            // Checkpoint signatures, against the ledger key recorded at position 1.
            if let key = ledgerNoteKey(state.registry) {
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
                if !incremental, let note = trustedCheckpoint {
                    do { trusted = try Checkpoint(verifyingNote: note, key: key) } catch {
                        problem(nil, "the given checkpoint is not signed by this ledger's key (\(key.encoded)): \(error)")
                    }
                }
            } else if size > 0 {
                problem(1, "position 1 is not a valid LedgerCreated, so no signature can be checked")
            }
            if !incremental, let trusted {
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

    /// What the sequential checks carry from one row to the next.
    private struct ReplayState {
        var frontier = MerkleFrontier()
        var registry = ReviewerRegistry()
        var lastRecordedAt = Timestamp(millisecondsSinceEpoch: Int64.min)
        var expectedPosition: Int64 = 1
        var definedNameCount: Int64 = 0
    }

    /// The checks that depend on the rows before: positions, the Merkle tree, heads, time,
    /// stream versions, the registry, the rules and the names. Signatures are queued.
    private static func checkRow(
        _ row: CheckedRow, position: Int64, state: inout ReplayState, lookup: VerifyLookup, expectedRoots: [Int64: [([UInt8], String)]],
        nodeStatement: Statement, findings: ChunkFindings, signatureJobs: inout [SignatureJob], box: ReportBox
    ) throws {
        func problem(_ position: Int64?, _ detail: String) { findings.add(position, detail) }
        box.report.eventsChecked += 1
        if position != state.expectedPosition {
            problem(state.expectedPosition, position > state.expectedPosition
                ? "positions \(state.expectedPosition)...\(position - 1) are missing: the log has a gap"
                : "position \(position) appears out of order")
            state.expectedPosition = position
        }
        state.expectedPosition += 1
        guard case .success(let fields) = row.fields, let leafHash = row.leafHash else {
            if case .failure(let error) = row.fields { problem(position, "\(error)") }
            // Without its bytes the leaf cannot be hashed; the tree is extended with a hash no
            // leaf has, so every later root check fails too.
            _ = state.frontier.append(leafHash: MerkleHash.node([], []))
            return
        }

        if !leafHash.starts(with: fields.leafCheck) || fields.leafCheck.count != EventRow.leafCheckLength {
            problem(position, "the row no longer matches the leaf hash recorded when it was appended")
        }
        // The Merkle tree is built from the hash of the rebuilt leaf, so any changed column shows
        // up as a stored node, head or checkpoint that no longer matches.
        for node in state.frontier.append(leafHash: leafHash) where node.level % Schema.storedNodeLevelStride == 0 {
            nodeStatement.reset()
            try nodeStatement.bind([.integer(Int64(node.level)), .integer(Int64(node.index))])
            let stored = try nodeStatement.step() ? nodeStatement.blob(0) : nil
            if stored != node.hash {
                problem(position, "the stored Merkle node at level \(node.level), index \(node.index) \(stored == nil ? "is missing" : "does not match the leaves")")
            }
        }
        if let roots = expectedRoots[Int64(state.frontier.size)] {
            let root = state.frontier.root()
            for (expected, what) in roots where expected != root {
                problem(position, "the log no longer matches \(what): the rows up to here were changed, reordered or removed")
            }
            box.report.headsChecked += roots.count
        }

        let envelope = fields.envelope
        if fields.position != position { problem(position, "the row says position \(fields.position)") }
        if fields.recordedAt < state.lastRecordedAt {
            problem(position, "recorded_at \(fields.recordedAt) is earlier than the previous event's \(state.lastRecordedAt)")
        }
        state.lastRecordedAt = max(state.lastRecordedAt, fields.recordedAt)
        let version = try lookup.streamVersion(envelope.stream)
        if fields.streamVersion != version + 1 {
            problem(position, "\(envelope.stream) jumps from version \(version) to \(fields.streamVersion)")
        }
        lookup.streamVersions[envelope.stream] = fields.streamVersion

        let payload: any EventPayload
        switch row.payload {
        case .failure(let error):
            problem(position, "the payload does not validate: \(error)")
            return
        case .success(let decoded):
            payload = decoded
        }
        if payload.stream != envelope.stream {
            problem(position, "the event is filed on \(envelope.stream) but its payload belongs on \(payload.stream)")
        }
        switch state.registry.authorization(payload: payload, author: envelope.author) {
        case .allowed:
            break
        case .refused(let reason):
            problem(position, "\(envelope.type) by \(envelope.author): \(reason)")
        case .signature(let key, let signer):
            if let signature = fields.signature {
                signatureJobs.append(SignatureJob(
                    position: position, key: key, signature: signature, body: row.body,
                    failure: "\(envelope.type) by \(envelope.author): the signature does not match \(signer)"))
            } else {
                problem(position, "\(envelope.type) by \(envelope.author): the event is not signed")
            }
        }
        lookup.currentPosition = position
        do { try LedgerRules.check(payload, author: envelope.author, index: 0, lookup: lookup) } catch {
            problem(position, "\(error)")
        }
        for name in payload.definedNames where try lookup.definingPosition(name) != position {
            problem(position, "the name index does not point \(name) at this event")
        }
        state.definedNameCount += Int64(payload.definedNames.count)
        state.registry.apply(payload, position: position)
    }

    private static func storedRoots(_ connection: Connection, _ sql: String, _ from: Int64) throws -> [(Int64, [UInt8])] {
        let statement = try connection.prepare(sql)
        try statement.bind(.integer(from), at: 1)
        var roots: [(Int64, [UInt8])] = []
        while try statement.step() { roots.append((statement.int64(0), statement.blob(1) ?? [])) }
        return roots
    }
}

/// One row after the work that needs no other row: its leaf rebuilt and hashed, its payload decoded.
private struct CheckedRow: Sendable {
    let fields: Result<EventRow.Fields, any Error>
    let body: [UInt8]
    let leafHash: [UInt8]?
    let payload: Result<any EventPayload, any Error>

    init(_ fields: Result<EventRow.Fields, any Error>) {
        self.fields = fields
        switch fields {
        case .success(let row):
            // Only a signed event needs its body whole (for the signature check); the leaf hash
            // is taken over the pieces.
            body = row.signature == nil ? [] : row.envelope.bodyBytes
            leafHash = row.leafHash
            payload = Result { try EventCatalogue.decode(type: row.envelope.type, schemaVersion: row.envelope.schemaVersion, data: row.envelope.data) }
        case .failure(let error):
            body = []
            leafHash = nil
            payload = .failure(error)
        }
    }
}

/// An Ed25519 check queued by the sequential pass and run in parallel.
private struct SignatureJob: Sendable {
    let position: Int64
    let key: Curve25519.Signing.PublicKey
    let signature: [UInt8]
    let body: [UInt8]
    let failure: String

    var isValid: Bool { key.isValidSignature(signature, for: Leaf.signingInput(body: body)) }
}

/// A value moved to another thread, to be released there.
private final class Handoff<Value>: @unchecked Sendable {
    private var value: Value?
    init(_ value: Value?) { self.value = value }
    func take() -> Value? {
        defer { value = nil }
        return value
    }
}

/// A chunk decoded on the decoding thread.
private final class DecodedChunk: @unchecked Sendable {
    let group = DispatchGroup()
    var rows: [CheckedRow] = []
}

/// A chunk's signature checks, run on a background thread, and the chunk's other findings.
private final class SignatureBatch: @unchecked Sendable {
    let group = DispatchGroup()
    private let jobs: [SignatureJob]
    private let findings: ChunkFindings
    private let lastPosition: Int64
    private var failures: [SignatureJob] = []
    private var finished = false

    init(jobs: [SignatureJob], findings: ChunkFindings, lastPosition: Int64) {
        self.jobs = jobs
        self.findings = findings
        self.lastPosition = lastPosition
    }

    /// Verifies every signature (on the background thread).
    func run() {
        failures = jobs.filter { !$0.isValid }
    }

    /// Waits for the checks, then reports the chunk's problems in position order.
    func finish(into box: ReportBox) throws {
        guard !finished else { return }
        finished = true
        group.wait()
        for failure in failures { findings.add(failure.position, failure.failure) }
        box.report.signaturesChecked += jobs.count
        findings.flush(into: box)
        box.checkedThrough = lastPosition
    }
}

/// The problems of one chunk, reported in position order once its signatures are checked.
private final class ChunkFindings {
    private var found: [(position: Int64?, order: Int, detail: String)] = []

    func add(_ position: Int64?, _ detail: String) { found.append((position, found.count, detail)) }

    func flush(into box: ReportBox) {
        let ordered = found.sorted { ($0.position ?? Int64.max, $0.order) < ($1.position ?? Int64.max, $1.order) }
        for item in ordered { box.problem(item.position, item.detail) }
        found.removeAll()
    }
}

/// Ledger state for the rules during verify: earlier positions only.
private final class VerifyLookup: LedgerLookup {
    let connection: Connection
    var currentPosition: Int64 = 0
    var streamVersions: [StreamName: Int64] = [:]
    private var namedEvents = NamedEventCache()
    /// Rows before this position were not read in this pass; their stream versions come from the file.
    private let firstCheckedPosition: Int64
    private let nameStatement: Statement
    private let idStatement: Statement
    private let versionStatement: Statement

    init(connection: Connection, firstCheckedPosition: Int64) throws {
        self.connection = connection
        self.firstCheckedPosition = firstCheckedPosition
        nameStatement = try connection.prepare("SELECT \(EventRow.qualifiedColumns(as: "e")) FROM names n JOIN events e ON e.position = n.position WHERE n.name = ?")
        idStatement = try connection.prepare("SELECT position FROM events WHERE id = ?")
        versionStatement = try connection.prepare("SELECT MAX(stream_version) FROM events WHERE stream = ? AND position < ?")
    }

    func streamVersion(_ stream: StreamName) throws -> Int64 {
        if let known = streamVersions[stream] { return known }
        guard firstCheckedPosition > 1 else { return 0 }
        defer { versionStatement.reset() }
        try versionStatement.bind([.text(stream.rawValue), .integer(firstCheckedPosition)])
        let version = try versionStatement.step() ? versionStatement.int64(0) : 0
        streamVersions[stream] = version
        return version
    }

    func definingPosition(_ name: String) throws -> Int64? {
        defer { nameStatement.reset() }
        try nameStatement.bind(.text(name), at: 1)
        return try nameStatement.step() ? nameStatement.int64(0) : nil
    }

    func namedEvent(_ name: String) throws -> NamedEvent? {
        if let known = namedEvents[name] { return known.position < currentPosition ? known : nil }
        defer { nameStatement.reset() }
        try nameStatement.bind(.text(name), at: 1)
        guard try nameStatement.step(), nameStatement.int64(0) < currentPosition else { return nil }
        let event = try EventRow.decode(nameStatement)
        guard event.payload.definedNames.contains(name) else { return nil }
        let found = NamedEvent(position: event.position, author: event.envelope.author, payload: event.payload)
        namedEvents.remember(found, as: name)
        return found
    }

    func event(_ id: EventID) throws -> NamedEvent? {
        guard try containsEvent(id) else { return nil }
        let statement = try connection.prepare("SELECT \(EventRow.columns) FROM events WHERE id = ?")
        try statement.bind(EventRow.key(id), at: 1)
        guard try statement.step() else { return nil }
        let event = try EventRow.decode(statement)
        return NamedEvent(position: event.position, author: event.envelope.author, payload: event.payload)
    }

    func containsEvent(_ id: EventID) throws -> Bool {
        defer { idStatement.reset() }
        try idStatement.bind(EventRow.key(id), at: 1)
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
        let statement = try connection.prepare("SELECT \(EventRow.columns) FROM events WHERE position >= ? AND position <= ? ORDER BY position")
        try statement.bind([.integer(first), .integer(last)])
        var tree = MerkleFrontier()
        while try statement.step() { _ = tree.append(leafHash: try EventRow.fields(statement).leafHash) }
        guard tree.size == UInt64(last - first + 1) else { throw LedgerError.database("leaves \(first)...\(last) are missing") }
        return tree.root()
    }
}

/// The report being built, shared by the checks and the error path.
final class ReportBox {
    var report = VerificationReport()
    /// The last position whose checks are complete.
    var checkedThrough: Int64 = 0

    func problem(_ position: Int64?, _ detail: String) {
        if report.problems.count < LedgerVerifier.problemLimit {
            report.problems.append(VerificationProblem(position: position, detail: detail))
        }
    }
}
