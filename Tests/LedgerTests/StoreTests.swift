// The store API of EventLog against a real file: reading, heads, proofs, checkpoints, and
// the typed errors of opening and creating.
import Crypto
import Events
import Foundation
import Ledger
import SQLite
import Testing

@Suite("EventLog: reading, heads, proofs and checkpoints")
struct StoreTests {
    /// A ledger of exactly 37 events: 6 from the fixture, then 31 posts by two accounts.
    static func ledgerOf37(in directory: URL) throws -> LedgerFixture {
        let fixture = try LedgerFixture(in: directory)
        for number in 1...31 {
            try fixture.append(try fixture.post(String(number), account: number % 3 == 0 ? "twitter:zlj517" : "twitter:spokespersonchn"))
        }
        return fixture
    }

    @Test("reads stream the requested range, a stream or a type, in position order")
    func readsStreamInOrder() throws {
        try withTemporaryDirectory { directory in
            let fixture = try Self.ledgerOf37(in: directory)
            #expect(try fixture.size() == 37)

            var range: [Int64] = []
            try fixture.log.read(from: 5, through: 12) { range.append($0.event.position) }
            #expect(range == Array(5...12))

            var all: [Int64] = []
            try fixture.log.read { all.append($0.event.position) }
            #expect(all == Array(1...37))

            var tail: [Int64] = []
            try fixture.log.read(from: 35) { tail.append($0.event.position) }
            #expect(tail == [35, 36, 37])

            var beyond = 0
            try fixture.log.read(from: 38) { _ in beyond += 1 }
            #expect(beyond == 0)

            var reviewerStream: [(Int64, Int64)] = []
            try fixture.log.read(stream: .reviewer(LedgerFixture.checkerHandle)) { reviewerStream.append(($0.event.position, $0.event.streamVersion)) }
            #expect(reviewerStream.map(\.0) == [6])
            #expect(reviewerStream.map(\.1) == [1])

            var ledgerStream: [Int64] = []
            try fixture.log.read(stream: .ledger) { ledgerStream.append($0.event.streamVersion) }
            #expect(ledgerStream == Array(1...Int64(ledgerStream.count)))
            #expect(ledgerStream.count >= 3)

            var posts: [String] = []
            try fixture.log.read(type: "PostObserved") { stored in
                if let post = stored.event.payload as? PostObserved { posts.append(post.post.identifier) }
            }
            #expect(posts == (1...31).map(String.init))

            let event = try #require(try fixture.log.event(at: 20))
            #expect(event.event.position == 20)
            #expect(try fixture.log.position(of: event.event.envelope.id) == 20)
            #expect(try fixture.log.event(at: 99) == nil)
            #expect(try fixture.log.streamVersion(.post(PlatformReference(platform: "twitter", identifier: "404"))) == 0)
        }
    }

    @Test("head() is the RFC 6962 root recomputed independently from every stored leaf")
    func headMatchesIndependentRecomputation() throws {
        try withTemporaryDirectory { directory in
            let fixture = try Self.ledgerOf37(in: directory)
            let leaves = try LedgerFixture.allLeaves(in: try fixture.rawConnection())
            #expect(leaves.count == 37)
            var frontier = MerkleFrontier()
            for leaf in leaves { _ = frontier.append(leafHash: independentLeafHash(leaf)) }
            let head = try fixture.log.head()
            #expect(head.size == 37)
            #expect(head.root == frontier.root())
            #expect(head.root == RFC6962Reference.root(leaves.map(independentLeafHash)[...]))
            for size in [Int64(0), 1, 5, 16, 31, 32, 36] {
                #expect(try fixture.log.head(atSize: size).root == RFC6962Reference.root(leaves.prefix(Int(size)).map(independentLeafHash)[...]), "size \(size)")
            }
            #expect(throws: LedgerError.self) { try fixture.log.head(atSize: 38) }

            // The head survives closing and reopening (the frontier is rebuilt from stored nodes).
            try fixture.reopen()
            #expect(try fixture.log.head() == head)
            try fixture.append(try fixture.post("38"))
            var grown = frontier
            _ = grown.append(leafHash: independentLeafHash(try LedgerFixture.leaf(at: 38, in: try fixture.rawConnection())))
            #expect(try fixture.log.head().root == grown.root())
        }
    }

    @Test("inclusion proofs for every position and consistency proofs between sizes verify with MerkleVerifier")
    func proofsVerify() throws {
        try withTemporaryDirectory { directory in
            let fixture = try Self.ledgerOf37(in: directory)
            let leafHashes = try LedgerFixture.allLeaves(in: try fixture.rawConnection()).map(independentLeafHash)
            for treeSize in [Int64(1), 2, 7, 16, 17, 31, 32, 33, 37] {
                for position in 1...treeSize {
                    let proof = try fixture.log.inclusionProof(position: position, treeSize: treeSize)
                    #expect(proof.leafHash == leafHashes[Int(position - 1)])
                    #expect(proof.treeSize == treeSize)
                    #expect(proof.proof == RFC6962Reference.path(Int(position - 1), leafHashes.prefix(Int(treeSize))[...]), "position \(position) of \(treeSize)")
                    #expect(throws: Never.self, "position \(position) of \(treeSize)") {
                        try MerkleVerifier.verifyInclusion(
                            leafIndex: UInt64(position - 1), treeSize: UInt64(treeSize), leafHash: proof.leafHash, proof: proof.proof, root: proof.root)
                    }
                }
            }
            // The default tree is the head.
            let atHead = try fixture.log.inclusionProof(position: 11)
            #expect(atHead.treeSize == 37)
            #expect(atHead.root == (try fixture.log.head().root))

            for (old, new) in [(Int64(1), Int64(37)), (2, 3), (3, 7), (7, 8), (8, 16), (15, 16), (16, 17), (16, 37), (20, 33), (31, 32), (32, 37), (36, 37), (37, 37)] {
                let proof = try fixture.log.consistencyProof(size1: old, size2: new)
                #expect(proof.proof == RFC6962Reference.proof(Int(old), leafHashes.prefix(Int(new))[...]), "\(old) to \(new)")
                #expect(throws: Never.self, "\(old) to \(new)") {
                    try MerkleVerifier.verifyConsistency(size1: UInt64(old), size2: UInt64(new), root1: proof.root1, root2: proof.root2, proof: proof.proof)
                }
            }
            // A proof against the wrong old root fails.
            let proof = try fixture.log.consistencyProof(size1: 20, size2: 37)
            let wrongRoot = try fixture.log.head(atSize: 21).root
            #expect(throws: MerkleProofError.self) {
                try MerkleVerifier.verifyConsistency(size1: 20, size2: 37, root1: wrongRoot, root2: proof.root2, proof: proof.proof)
            }
            #expect(throws: LedgerError.self) { try fixture.log.inclusionProof(position: 38) }
            #expect(throws: LedgerError.self) { try fixture.log.consistencyProof(size1: 0, size2: 5) }
            #expect(throws: LedgerError.self) { try fixture.log.consistencyProof(size1: 6, size2: 5) }
        }
    }

    @Test("the checkpoint note verifies with the ledger's verifier key and names the head")
    func checkpointVerifies() throws {
        try withTemporaryDirectory { directory in
            let fixture = try Self.ledgerOf37(in: directory)
            let issued = try fixture.log.checkpoint(key: try fixture.ledgerKey())
            let head = try fixture.log.head()
            #expect(issued.size == head.size)
            #expect(issued.root == head.root)

            let key = try fixture.log.verifierKey()
            #expect(key.encoded == fixture.created.verifierKey)
            let checkpoint = try Checkpoint(verifyingNote: issued.note, key: key)
            #expect(checkpoint.size == 37)
            #expect(checkpoint.root == head.root)
            #expect(checkpoint.origin == fixture.created.origin)

            // Another key does not verify it.
            let stranger = try NoteVerifierKey(name: key.name, publicKey: Curve25519.Signing.PrivateKey().publicKey)
            #expect(throws: (any Error).self) { try Checkpoint(verifyingNote: issued.note, key: stranger) }

            // Signing the same size again gives the same note, and the ledger keeps what it issued.
            #expect(try fixture.log.checkpoint(key: try fixture.ledgerKey()).note == issued.note)
            let earlier = try fixture.log.checkpoint(key: try fixture.ledgerKey(), size: 10)
            #expect(try Checkpoint(verifyingNote: earlier.note, key: key).root == (try fixture.log.head(atSize: 10).root))
            #expect(try fixture.log.issuedCheckpoints().map(\.size) == [10, 37])
        }
    }

    // Known bug: EventLog.checkpoint(key:size:) signs with whatever key it is given and
    // stores the note in the append-only checkpoints table, so one mistaken call makes
    // `verify` fail for good ("has a bad signature").
    @Test("a checkpoint signed with a key other than the ledger's is refused and not stored")
    func checkpointWithForeignKeyIsRefused() throws {
        try withTemporaryDirectory { directory in
            let fixture = try LedgerFixture(in: directory)
            #expect(throws: (any Error).self) { try fixture.log.checkpoint(key: Curve25519.Signing.PrivateKey()) }
            #expect(try fixture.log.issuedCheckpoints().isEmpty)
            let report = try LedgerVerifier.verify(fixture.log)
            #expect(report.isIntact, "\(report.problems)")
        }
    }

    // Known bug: EventLog.open sets `PRAGMA journal_mode=WAL` before it checks that the file is
    // a ledger, so opening an empty file writes an SQLite header into it.
    @Test("opening an empty file that is not a ledger throws notALedger and leaves the file untouched")
    func openingAnEmptyFileLeavesItAlone() throws {
        try withTemporaryDirectory { directory in
            let path = directory.appendingPathComponent("empty.db").path
            #expect(FileManager.default.createFile(atPath: path, contents: Data()))
            let error = try #require(throws: LedgerError.self) { try EventLog.open(path: path) }
            guard case .notALedger = error else {
                Issue.record("expected notALedger, got \(error)")
                return
            }
            #expect(FileManager.default.contents(atPath: path) == Data(), "the file was written to")
        }
    }

    // Known bug: a batch that fails inside `withAppendSession` is not rolled back on its own;
    // its events written before the failing one stay in the session's transaction and commit
    // with it when the caller catches the error and goes on.
    @Test("a batch that fails inside an append session leaves none of its events, even when the session goes on")
    func failedBatchInsideSessionLeavesNothing() throws {
        try withTemporaryDirectory { directory in
            let fixture = try LedgerFixture(in: directory)
            let before = try fixture.size()
            let first = try fixture.post("1")
            let second = try fixture.post("2")
            let refused = try fixture.verdict("v-1", claim: "c-nowhere", by: fixture.checker)
            let later = try fixture.post("3")
            let report = try fixture.log.withAppendSession { session -> AppendReport in
                #expect(throws: LedgerError.self) { try session.append([first, second, refused]) }
                return try session.append([later])
            }
            #expect(report.outcomes == [.appended(position: before + 1)])
            #expect(try fixture.size() == before + 1)
            #expect(try fixture.log.position(of: first.envelope.id) == nil)
            #expect(try fixture.log.position(of: later.envelope.id) == before + 1)
        }
    }

    @Test("opening a missing path throws ledgerNotFound")
    func openingMissingPath() throws {
        try withTemporaryDirectory { directory in
            let path = directory.appendingPathComponent("absent.db").path
            let error = try #require(throws: LedgerError.self) { try EventLog.open(path: path) }
            guard case .ledgerNotFound(let named) = error else {
                Issue.record("expected ledgerNotFound, got \(error)")
                return
            }
            #expect(named == path)
            #expect(!FileManager.default.fileExists(atPath: path))
        }
    }

    @Test("opening random bytes, or an SQLite file without the ledger tables, throws notALedger")
    func openingSomethingElse() throws {
        try withTemporaryDirectory { directory in
            let path = directory.appendingPathComponent("noise.db").path
            var generator = SystemRandomNumberGenerator()
            let noise = (0..<8192).map { _ in UInt8.random(in: 0...255, using: &generator) }
            #expect(FileManager.default.createFile(atPath: path, contents: Data(noise)))
            let error = try #require(throws: LedgerError.self) { try EventLog.open(path: path) }
            guard case .notALedger(let named, _) = error else {
                Issue.record("expected notALedger, got \(error)")
                return
            }
            #expect(named == path)

            let plain = directory.appendingPathComponent("plain.db").path
            do {
                let connection = try Connection(path: plain, mode: .create)
                try connection.execute("CREATE TABLE something (x INTEGER)")
            }
            let plainError = try #require(throws: LedgerError.self) { try EventLog.open(path: plain) }
            guard case .notALedger = plainError else {
                Issue.record("expected notALedger, got \(plainError)")
                return
            }
        }
    }

    @Test("a ledger of the earlier format factledger/1 is refused with the way to move it, and left untouched")
    func earlierFormatIsRefused() throws {
        try withTemporaryDirectory { directory in
            let path = directory.appendingPathComponent("old.db").path
            do {
                let connection = try Connection(path: path, mode: .create)
                try connection.execute("CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL); INSERT INTO meta VALUES ('format', 'factledger/1');")
            }
            let before = try Data(contentsOf: URL(fileURLWithPath: path))
            let error = try #require(throws: LedgerError.self) { try EventLog.open(path: path) }
            guard case .notALedger(_, let detail) = error else {
                Issue.record("expected notALedger, got \(error)")
                return
            }
            #expect(detail.contains("factledger/1") && detail.contains("factledger/2"), "\(detail)")
            #expect(detail.contains("export jsonl"), "the message says how to move the events: \(detail)")
            #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == before)
        }
    }

    @Test("creating over an existing file throws ledgerExists and leaves the file alone")
    func creatingOverExistingFile() throws {
        try withTemporaryDirectory { directory in
            let fixture = try LedgerFixture(in: directory)
            let size = try fixture.size()
            let error = try #require(throws: LedgerError.self) { try EventLog.create(path: fixture.path) }
            guard case .ledgerExists(let named) = error else {
                Issue.record("expected ledgerExists, got \(error)")
                return
            }
            #expect(named == fixture.path)
            let setupError = try #require(throws: LedgerError.self) {
                try LedgerSetup.create(path: fixture.path, org: "Other", admin: "other", adminName: "Other", keys: fixture.keys)
            }
            guard case .ledgerExists = setupError else {
                Issue.record("expected ledgerExists, got \(setupError)")
                return
            }

            // Any file, not only a ledger, is left alone.
            let other = directory.appendingPathComponent("notes.txt").path
            #expect(FileManager.default.createFile(atPath: other, contents: Data("keep me".utf8)))
            #expect(throws: LedgerError.self) { try EventLog.create(path: other) }
            #expect(FileManager.default.contents(atPath: other) == Data("keep me".utf8))

            #expect(try fixture.size() == size)
            #expect(try LedgerVerifier.verify(try EventLog.open(path: fixture.path)).isIntact)
        }
    }
}
