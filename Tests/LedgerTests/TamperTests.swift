// Tampering with a closed ledger file through raw SQL, around the triggers, and checking that
// `verify` reports it at the right position; and forks and truncations that only a
// checkpoint kept outside the file can reveal.
import Crypto
import Events
import Foundation
import Ledger
import SQLite
import Testing

/// A ledger of 44 events, each appended on its own (so a tree head is recorded at every size
/// from 5), with signed claims, verdicts and reviews among the posts, and a checkpoint.
struct TamperLedger {
    let fixture: LedgerFixture
    /// Positions by name: `post:7`, `claim:c-8`, `verdict:v-8`, `review:v-16`, `outlet:…`, `account:…`.
    let positions: [String: Int64]
    let checkpoint: IssuedCheckpoint
    let size: Int64

    init(in directory: URL) throws {
        let fixture = try LedgerFixture(in: directory)
        var positions: [String: Int64] = [:]
        func add(_ name: String, _ event: PendingEvent) throws {
            let report = try fixture.log.append([event])
            guard case .appended(let position) = report.outcomes.first else { throw FixtureError.notFound("appended \(name)") }
            positions[name] = position
        }
        for domain in ["globaltimes.cn", "cgtn.com", "xinhuanet.com"] { try add("outlet:\(domain)", try fixture.outlet(domain)) }
        for handle in ["zlj517", "spokespersonchn", "chinaembassyus"] { try add("account:\(handle)", try fixture.account("twitter:\(handle)")) }
        for number in 1...20 {
            try add("post:\(number)", try fixture.post(String(number), account: number % 2 == 0 ? "twitter:zlj517" : "twitter:spokespersonchn"))
            guard number % 4 == 0 else { continue }
            try add("claim:c-\(number)", try fixture.claim("c-\(number)", post: String(number), by: fixture.checker))
            try add("verdict:v-\(number)", try fixture.verdict("v-\(number)", claim: "c-\(number)", label: number % 8 == 0 ? "false" : "misleading", by: fixture.checker))
            if number % 8 == 0 { try add("review:v-\(number)", try fixture.review("v-\(number)", by: fixture.admin)) }
        }
        self.fixture = fixture
        self.positions = positions
        size = try fixture.size()
        checkpoint = try fixture.log.checkpoint(key: try fixture.ledgerKey())
    }

    func position(_ name: String) throws -> Int64 {
        guard let position = positions[name] else { throw FixtureError.notFound(name) }
        return position
    }

    /// A copy of the ledger file tampered with by `body`, verified; `trustedCheckpoint` as in `verify`.
    func verifyTamperedCopy(_ name: String, trustedCheckpoint: String? = nil, _ body: (Connection) throws -> Void) throws -> VerificationReport {
        let copy = try fixture.copy(named: name)
        try LedgerFixture.tamper(copy, body)
        return try LedgerVerifier.verify(try EventLog.open(path: copy), trustedCheckpoint: trustedCheckpoint)
    }
}

/// One way to tamper with the rows of a ledger file.
enum Tampering: String, CaseIterable, CustomTestStringConvertible, Sendable {
    case flipDataByte = "flip one byte of a post's text in its stored data"
    case flipIDByte = "flip one byte of a stored event id"
    case changeAuthorColumn = "change the author column of a verdict"
    case changeOccurredAt = "move a post's occurred_at by one millisecond"
    case deleteMiddleRow = "delete a row in the middle"
    case deleteLastRow = "delete the last row"
    case swapData = "swap the data of two rows"
    case swapWholeRows = "swap two whole rows, every column but the position"
    case duplicateRow = "append a copy of a row at the end"
    case replaceSignature = "replace a verdict's signature with another of the same reviewer"
    case deleteMerkleNode = "delete a stored Merkle node"
    case changeMerkleNode = "change a stored Merkle node"
    case moveRecordedAtBack = "rewrite a row's recorded_at to before the previous event"

    var testDescription: String { rawValue }

    /// Applies the tampering and returns the first position `verify` must report.
    func apply(to connection: Connection, ledger: TamperLedger) throws -> Int64 {
        switch self {
        case .flipDataByte:
            let position = try ledger.position("post:10")
            var data = try #require(try connection.prepare("SELECT data FROM events WHERE position = ?").withRow(.integer(position)) { $0.blob(0) })
            let index = try #require(firstIndex(of: Array("Post number 10".utf8), in: data))
            data[index] ^= 0x01  // "P" becomes "Q": still valid JSON, still a valid post
            try connection.prepare("UPDATE events SET data = ? WHERE position = ?").run([.blob(data), .integer(position)])
            return position
        case .flipIDByte:
            let position = try ledger.position("post:3")
            var id = try #require(try connection.prepare("SELECT id FROM events WHERE position = ?").withRow(.integer(position)) { $0.blob(0) })
            #expect(id.count == 16, "a generated id is stored as its 16 bytes")
            id[15] ^= 0x80
            try connection.prepare("UPDATE events SET id = ? WHERE position = ?").run([.blob(id), .integer(position)])
            return position
        case .changeOccurredAt:
            let position = try ledger.position("post:7")
            try connection.prepare("UPDATE events SET occurred_at = occurred_at + 1 WHERE position = ?").run([.integer(position)])
            return position
        case .changeAuthorColumn:
            let position = try ledger.position("verdict:v-8")
            try connection.prepare("UPDATE events SET author = 'admin' WHERE position = ?").run([.integer(position)])
            return position
        case .deleteMiddleRow:
            let position = try ledger.position("post:10")
            try connection.prepare("DELETE FROM events WHERE position = ?").run([.integer(position)])
            return position
        case .deleteLastRow:
            try connection.prepare("DELETE FROM events WHERE position = ?").run([.integer(ledger.size)])
            return ledger.size
        case .swapData:
            let first = try ledger.position("post:5")
            let second = try ledger.position("post:9")
            let firstData = try Self.row(at: first, in: connection)[11...11]
            let secondData = try Self.row(at: second, in: connection)[11...11]
            let update = try connection.prepare("UPDATE events SET data = ? WHERE position = ?")
            try update.run(Array(secondData) + [.integer(first)])
            try update.run(Array(firstData) + [.integer(second)])
            return first
        case .swapWholeRows:
            let first = try ledger.position("post:5")
            let second = try ledger.position("post:9")
            let firstRow = try Self.row(at: first, in: connection)
            let secondRow = try Self.row(at: second, in: connection)
            // Move the first row out of the way of the UNIQUE constraints, then cross them over.
            try connection.prepare("UPDATE events SET id = 'swap', stream = 'swap', stream_version = -1 WHERE position = ?").run([.integer(first)])
            try Self.write(firstRow, at: second, in: connection)
            try Self.write(secondRow, at: first, in: connection)
            return first
        case .duplicateRow:
            let position = try ledger.position("post:3")
            // The UNIQUE constraints would refuse a copy, so rebuild the table without them.
            try connection.execute("""
                CREATE TABLE events_rebuilt AS SELECT * FROM events;
                DROP TABLE events;
                ALTER TABLE events_rebuilt RENAME TO events;
                """)
            try connection.prepare("""
                INSERT INTO events SELECT ?, \(Self.columns) FROM events WHERE position = ?
                """).run([.integer(ledger.size + 1), .integer(position)])
            return ledger.size + 1
        case .replaceSignature:
            let position = try ledger.position("verdict:v-8")
            let other = try Leaf(bytes: try LedgerFixture.leaf(at: try ledger.position("verdict:v-12"), in: connection))
            let original = try Leaf(bytes: try LedgerFixture.leaf(at: position, in: connection))
            #expect(other.signature != original.signature)
            try connection.prepare("UPDATE events SET signature = ? WHERE position = ?").run([.blob(try #require(other.signature)), .integer(position)])
            return position
        case .deleteMerkleNode:
            try connection.execute("DELETE FROM merkle_nodes WHERE level = 4 AND idx = 0")
            #expect(connection.changes == 1)
            return 16
        case .changeMerkleNode:
            try connection.prepare("UPDATE merkle_nodes SET hash = ? WHERE level = 4 AND idx = 1").run([.blob([UInt8](repeating: 7, count: 32))])
            #expect(connection.changes == 1)
            return 32
        case .moveRecordedAtBack:
            let position = try ledger.position("post:12")
            try connection.prepare("UPDATE events SET recorded_at = recorded_at - 3600000 WHERE position = ?").run([.integer(position)])
            return position
        }
    }

    private static let columns = "id, type, schema_version, stream, stream_version, occurred_at, recorded_at, author, correlation_id, causation_id, signature, data, leaf_check"

    /// Every column but the position, each with the storage class it has in the file.
    private static func row(at position: Int64, in connection: Connection) throws -> [SQLValue] {
        let statement = try connection.prepare("SELECT \(columns) FROM events WHERE position = ?")
        try statement.bind(.integer(position), at: 1)
        guard try statement.step() else { throw FixtureError.noRow(position) }
        return (0..<Int32(13)).map { column in
            switch statement.columnType(column) {
            case .null: return .null
            case .integer: return .integer(statement.int64(column))
            case .real: return .real(statement.double(column))
            case .text: return .text(statement.text(column) ?? "")
            case .blob: return .blob(statement.blob(column) ?? [])
            }
        }
    }

    private static func write(_ row: [SQLValue], at position: Int64, in connection: Connection) throws {
        let assignments = columns.split(separator: ",").map { "\($0.trimmingCharacters(in: .whitespaces)) = ?" }.joined(separator: ", ")
        try connection.prepare("UPDATE events SET \(assignments) WHERE position = ?").run(row + [.integer(position)])
    }
}

@Suite("Tampering with a ledger file is detected")
struct TamperTests {
    @Test("the untampered copy verifies, with every head and the checkpoint checked")
    func untamperedCopyVerifies() throws {
        try withTemporaryDirectory { directory in
            let ledger = try TamperLedger(in: directory)
            #expect(ledger.size >= 40)
            let report = try ledger.verifyTamperedCopy("control.db", trustedCheckpoint: ledger.checkpoint.note) { _ in }
            #expect(report.isIntact, "\(report.problems)")
            #expect(report.eventsChecked == ledger.size)
            #expect(report.headsChecked >= Int(ledger.size) - 5)
            #expect(report.checkpointsChecked >= 2)
            #expect(report.root == ledger.checkpoint.root)
            #expect(report.firstBadPosition == nil)
        }
    }

    @Test("verify reports the tampering at its position", arguments: Tampering.allCases)
    func tamperingIsFound(_ tampering: Tampering) throws {
        try withTemporaryDirectory { directory in
            let ledger = try TamperLedger(in: directory)
            var expected: Int64 = -1
            let report = try ledger.verifyTamperedCopy("tampered.db") { connection in
                expected = try tampering.apply(to: connection, ledger: ledger)
            }
            #expect(!report.isIntact)
            #expect(report.firstBadPosition == expected, "\(report.problems.prefix(5))")
            if tampering == .replaceSignature {
                #expect(report.problems.contains { $0.position == expected && $0.detail.contains("signature does not match") }, "\(report.problems)")
            }
        }
    }

    @Test("a replaced signature is caught by the signature check alone when every hash, node, head and checkpoint is recomputed")
    func replacedSignatureWithEverythingRecomputed() throws {
        try withTemporaryDirectory { directory in
            let ledger = try TamperLedger(in: directory)
            let origin = try ledger.fixture.log.ledgerInfo().origin
            let ledgerKey = try ledger.fixture.ledgerKey()
            var expected: Int64 = -1
            let report = try ledger.verifyTamperedCopy("resigned.db") { connection in
                expected = try Tampering.replaceSignature.apply(to: connection, ledger: ledger)
                try Self.recomputeEverything(connection, origin: origin, ledgerKey: ledgerKey)
            }
            #expect(!report.isIntact)
            #expect(report.firstBadPosition == expected)
            #expect(report.problems.allSatisfy { $0.detail.contains("signature") }, "\(report.problems)")
        }
    }

    // Known bug: the `names` index is not covered by the Merkle tree, yet both append and
    // verify trust it to decide that a named thing exists (LedgerRules through BatchLookup and
    // VerifyLookup.namedEvent). A row added to it lets a review of a verdict that was never
    // recorded into the log, and verify then reports the log intact.
    @Test("an extra row in the names index cannot stand in for a verdict that was never recorded")
    func forgedNameIndexIsFound() throws {
        try withTemporaryDirectory { directory in
            let ledger = try TamperLedger(in: directory)
            let copy = try ledger.fixture.copy(named: "names.db")
            try LedgerFixture.tamper(copy) { connection in
                try connection.prepare("INSERT INTO names (name, position) VALUES ('verdict:v-ghost', ?)").run([.integer(try ledger.position("post:1"))])
            }
            let log = try EventLog.open(path: copy)
            let review = try ledger.fixture.review("v-ghost", by: ledger.fixture.checker)
            let appended = (try? log.append([review]))?.outcomes.first?.position
            if let appended {
                let report = try LedgerVerifier.verify(log)
                #expect(!report.isIntact, "a review of verdict v-ghost, which was never recorded, sits at position \(appended)")
                #expect(report.firstBadPosition == appended)
            }
        }
    }

    // MARK: forks and truncation, caught by a checkpoint kept outside

    @Test("a rewritten observation with everything recomputed passes a local verify but not the checkpoint kept outside")
    func forkIsCaughtByTheTrustedCheckpoint() throws {
        try withTemporaryDirectory { directory in
            let ledger = try TamperLedger(in: directory)
            let kept = ledger.checkpoint.note
            let origin = try ledger.fixture.log.ledgerInfo().origin
            let ledgerKey = try ledger.fixture.ledgerKey()
            let position = try ledger.position("post:10")
            let rewrite: (Connection) throws -> Void = { connection in
                // Posts are unsigned observations: only checkpoints cover them.
                var data = try #require(try connection.prepare("SELECT data FROM events WHERE position = ?").withRow(.integer(position)) { $0.blob(0) })
                let index = try #require(firstIndex(of: Array("Post number 10".utf8), in: data))
                data.replaceSubrange(index..<(index + 14), with: Array("Post number XX".utf8))
                try connection.prepare("UPDATE events SET data = ? WHERE position = ?").run([.blob(data), .integer(position)])
                try Self.recomputeEverything(connection, origin: origin, ledgerKey: ledgerKey)
            }
            // The rewrite is consistent: without an outside checkpoint nothing in the file betrays it.
            let local = try ledger.verifyTamperedCopy("fork-local.db", rewrite)
            #expect(local.isIntact, "\(local.problems)")
            let checked = try ledger.verifyTamperedCopy("fork-checked.db", trustedCheckpoint: kept, rewrite)
            #expect(!checked.isIntact)
            #expect(checked.problems.contains { $0.detail.contains("forked or rewritten") }, "\(checked.problems)")
        }
    }

    @Test("a log truncated after the kept checkpoint, with heads and checkpoints cleaned, is caught by that checkpoint")
    func truncationIsCaughtByTheTrustedCheckpoint() throws {
        try withTemporaryDirectory { directory in
            let ledger = try TamperLedger(in: directory)
            let kept = ledger.checkpoint.note
            let keep: Int64 = 30
            let report = try ledger.verifyTamperedCopy("truncated.db", trustedCheckpoint: kept) { connection in
                try connection.prepare("DELETE FROM events WHERE position > ?").run([.integer(keep)])
                try connection.prepare("DELETE FROM heads WHERE size > ?").run([.integer(keep)])
                try connection.prepare("DELETE FROM checkpoints WHERE size > ?").run([.integer(keep)])
                try connection.prepare("DELETE FROM merkle_nodes WHERE (idx + 1) << level > ?").run([.integer(keep)])
                try connection.execute("DELETE FROM names WHERE position > \(keep)")
            }
            #expect(!report.isIntact)
            #expect(report.firstBadPosition == keep + 1, "\(report.problems)")
            #expect(report.problems.contains { $0.detail.contains("events were removed") }, "\(report.problems)")
        }
    }

    @Test("a trusted checkpoint from another ledger, or with an edited root, is refused")
    func foreignOrEditedCheckpointIsRefused() throws {
        try withTemporaryDirectory { directory in
            let ledger = try TamperLedger(in: directory)
            let log = ledger.fixture.log
            #expect(try LedgerVerifier.verify(log, trustedCheckpoint: ledger.checkpoint.note).isIntact)

            // An earlier checkpoint of this ledger still holds: the log extends it.
            let earlier = try log.checkpoint(key: try ledger.fixture.ledgerKey(), size: 20)
            #expect(try LedgerVerifier.verify(log, trustedCheckpoint: earlier.note).isIntact)

            // Another ledger's checkpoint, even of the same size, is not signed by this ledger's key.
            let other = try LedgerFixture(in: directory.appendingPathComponent("other"))
            for number in 1...38 { try other.append(try other.post(String(number))) }
            #expect(try other.size() == ledger.size)
            let foreign = try other.log.checkpoint(key: try other.ledgerKey())
            let foreignReport = try LedgerVerifier.verify(log, trustedCheckpoint: foreign.note)
            #expect(!foreignReport.isIntact)
            #expect(foreignReport.problems.contains { $0.detail.contains("not signed by this ledger's key") })

            // The kept note with its root line edited no longer carries a valid signature.
            let lines = ledger.checkpoint.note.components(separatedBy: "\n")
            #expect(lines.count > 3)
            var edited = lines
            edited[2] = Data(repeating: 0xAB, count: 32).base64EncodedString()
            let editedReport = try LedgerVerifier.verify(log, trustedCheckpoint: edited.joined(separator: "\n"))
            #expect(!editedReport.isIntact)

            // A properly signed checkpoint whose root is not this log's (a fork elsewhere).
            let origin = try log.ledgerInfo().origin
            let forkRoot = [UInt8](repeating: 0x42, count: 32)
            let forkNote = try Checkpoint(origin: origin, size: UInt64(ledger.size), root: forkRoot)
                .signedNote(by: try NoteSigner(name: origin, privateKey: try ledger.fixture.ledgerKey()))
            let forkReport = try LedgerVerifier.verify(log, trustedCheckpoint: forkNote)
            #expect(!forkReport.isIntact)
            #expect(forkReport.problems.contains { $0.detail.contains("does not extend the given checkpoint") })

            // A checkpoint of more events than the log holds.
            let longerNote = try Checkpoint(origin: origin, size: UInt64(ledger.size + 3), root: forkRoot)
                .signedNote(by: try NoteSigner(name: origin, privateKey: try ledger.fixture.ledgerKey()))
            let longerReport = try LedgerVerifier.verify(log, trustedCheckpoint: longerNote)
            #expect(longerReport.firstBadPosition == ledger.size + 1)
        }
    }

    @Test("verify after a kept checkpoint reads only the newer events, catches their tampering and a fork, and --full re-hashes the rest")
    func incrementalVerifyAfterCheckpoint() throws {
        try withTemporaryDirectory { directory in
            let ledger = try TamperLedger(in: directory)
            let key = try ledger.fixture.ledgerKey()
            let kept = try ledger.fixture.log.checkpoint(key: key, size: 20)
            let intact = try LedgerVerifier.verify(ledger.fixture.log, trustedCheckpoint: kept.note, onlyAfterCheckpoint: true)
            #expect(intact.isIntact, "\(intact.problems)")
            #expect(intact.eventsChecked == ledger.size - 20, "only the events after the checkpoint are read")
            #expect(intact.root == ledger.checkpoint.root)

            func verifyCopy(_ name: String, full: Bool, _ body: (Connection) throws -> Void) throws -> VerificationReport {
                let copy = try ledger.fixture.copy(named: name)
                try LedgerFixture.tamper(copy, body)
                return try LedgerVerifier.verify(try EventLog.open(path: copy), trustedCheckpoint: kept.note, onlyAfterCheckpoint: !full)
            }
            // A row after the checkpoint: found at its position.
            let later = try ledger.position("post:12")
            #expect(later > 20)
            let edited = try verifyCopy("later.db", full: false) { connection in
                try connection.prepare("UPDATE events SET occurred_at = occurred_at + 1 WHERE position = ?").run([.integer(later)])
            }
            #expect(edited.firstBadPosition == later, "\(edited.problems)")

            // A stored node under the checkpoint rewritten: the log no longer extends it.
            let forked = try verifyCopy("fork.db", full: false) { connection in
                try connection.prepare("UPDATE merkle_nodes SET hash = ? WHERE level = 4 AND idx = 0").run([.blob([UInt8](repeating: 9, count: 32))])
            }
            #expect(forked.problems.contains { $0.detail.contains("does not extend the given checkpoint") }, "\(forked.problems)")

            // A row the checkpoint covers is vouched for by its root, not re-read; --full re-hashes it.
            let early = try ledger.position("post:3")
            #expect(early <= 16)
            let covered: (Connection) throws -> Void = { connection in
                try connection.prepare("UPDATE events SET occurred_at = occurred_at + 1 WHERE position = ?").run([.integer(early)])
            }
            #expect(try verifyCopy("covered.db", full: false, covered).isIntact)
            #expect(try verifyCopy("covered-full.db", full: true, covered).firstBadPosition == early)
        }
    }

    /// Recomputes, from the rows, every leaf check, stored Merkle node, recorded head and issued checkpoint (re-signed with the ledger key), as an insider rewriting the file would.
    static func recomputeEverything(_ connection: Connection, origin: String, ledgerKey: Curve25519.Signing.PrivateKey) throws {
        let leafHashes = try LedgerFixture.allLeaves(in: connection).map(independentLeafHash)
        let updateCheck = try connection.prepare("UPDATE events SET leaf_check = ? WHERE position = ?")
        for (index, hash) in leafHashes.enumerated() { try updateCheck.run([.blob(Array(hash.prefix(8))), .integer(Int64(index + 1))]) }

        let tree = InMemoryMerkleTree(leafHashes: leafHashes)
        let nodes = try connection.prepare("SELECT level, idx FROM merkle_nodes")
        var stored: [(level: Int, index: UInt64)] = []
        while try nodes.step() { stored.append((Int(nodes.int64(0)), UInt64(nodes.int64(1)))) }
        let updateNode = try connection.prepare("UPDATE merkle_nodes SET hash = ? WHERE level = ? AND idx = ?")
        for node in stored {
            try updateNode.run([.blob(try tree.nodeHash(level: node.level, index: node.index)), .integer(Int64(node.level)), .integer(Int64(node.index))])
        }

        func root(_ size: Int64) -> [UInt8] { RFC6962Reference.root(leafHashes.prefix(Int(size))) }
        for table in ["heads", "checkpoints"] {
            let sizes = try connection.prepare("SELECT size FROM \(table)")
            var found: [Int64] = []
            while try sizes.step() { found.append(sizes.int64(0)) }
            for size in found {
                if table == "heads" {
                    try connection.prepare("UPDATE heads SET root = ? WHERE size = ?").run([.blob(root(size)), .integer(size)])
                } else {
                    let note = try Checkpoint(origin: origin, size: UInt64(size), root: root(size))
                        .signedNote(by: try NoteSigner(name: origin, privateKey: ledgerKey))
                    try connection.prepare("UPDATE checkpoints SET root = ?, note = ? WHERE size = ?").run([.blob(root(size)), .text(note), .integer(size)])
                }
            }
        }
    }
}
