// Tampering with the file behind the ledger's back (DESIGN §3, invariant 1): the triggers
// refuse casual edits, and once someone drops them, `verify` exits 1 and names the first bad
// position. Uses the sqlite3 command-line tool, as an attacker with file access would.
import Foundation
import Testing

private let sqlite3Path = "/usr/bin/sqlite3"
private let hasSQLite3 = FileManager.default.isExecutableFile(atPath: sqlite3Path)

@Suite("CLI tamper detection", .enabled(if: hasSQLite3, "skipped: the sqlite3 command-line tool is not installed at /usr/bin/sqlite3"))
struct TamperCLITests {
    /// A ledger with observations and judgments, and where the interesting rows are.
    struct Fixture {
        let sandbox: CLISandbox
        let size: Int
        /// The post whose leaf holds the word "Example".
        let markerPosition: Int
        /// A PostObserved row in the middle of the log.
        let middlePost: Int
        /// ClaimFlagged and the AppearanceRecorded right after it, on the same claim stream.
        let claimFlagged: Int
        /// Two consecutive PostObserved rows of different streams, in the same import.
        let adjacentPosts: (Int, Int)

        init() throws {
            sandbox = try CLISandbox()
            try sandbox.initLedger()
            try sandbox.succeed(["reviewer", "add", "bob", "--name", "Bob Lee", "--as", "alice"])
            let file = try InterchangeGenerator.write(to: sandbox.path("events.jsonl"), count: 150, seed: 21, prefix: "tamper", judgments: true)
            try sandbox.succeed(["import", "events.jsonl", "--as", "alice"])
            let events = try sandbox.succeed(["log", "--json"]).jsonLines()
            size = events.count
            func position(_ index: Int) -> Int { events[index]["position"] as? Int ?? -1 }
            func type(_ index: Int) -> String { events[index]["type"] as? String ?? "" }
            let marker = try #require(events.firstIndex { ($0["data"] as? [String: Any])?["post"] as? String == file.markerPost && $0["type"] as? String == "PostObserved" })
            let markerAt = position(marker)
            let middle = try #require((events.count / 2..<events.count).first { type($0) == "PostObserved" && position($0) != markerAt })
            let flagged = try #require(events.indices.first { type($0) == "ClaimFlagged" && $0 + 1 < events.count && type($0 + 1) == "AppearanceRecorded" })
            #expect(events[flagged]["stream"] as? String == events[flagged + 1]["stream"] as? String)
            let pair = try #require(events.indices.dropFirst(events.count / 3).first {
                $0 + 1 < events.count && type($0) == "PostObserved" && type($0 + 1) == "PostObserved"
            })
            markerPosition = markerAt
            middlePost = position(middle)
            claimFlagged = position(flagged)
            adjacentPosts = (position(pair), position(pair + 1))
            let intact = try sandbox.run(["verify"])
            try #require(intact.exitCode == 0, "the fixture ledger verifies before tampering: \(intact)")
        }

        /// Checkpoints the WAL and copies the closed ledger file (with -wal/-shm if any remain).
        func copy(to name: String) throws -> String {
            let checkpointed = try sqlite(sandbox.ledgerPath, "PRAGMA wal_checkpoint(TRUNCATE);")
            try #require(checkpointed.exitCode == 0, "\(checkpointed)")
            let target = sandbox.path(name)
            for suffix in ["", "-wal", "-shm"] where FileManager.default.fileExists(atPath: sandbox.ledgerPath + suffix) {
                try FileManager.default.copyItem(atPath: sandbox.ledgerPath + suffix, toPath: target + suffix)
            }
            return target
        }

        func sqlite(_ database: String, _ sql: String) throws -> CLIResult {
            try sandbox.runTool(URL(fileURLWithPath: sqlite3Path), [database, sql])
        }
    }

    static let dropTriggers = "DROP TRIGGER events_no_update; DROP TRIGGER events_no_delete;"

    @Test("the append-only triggers refuse an UPDATE and a DELETE, and verify still passes")
    func triggersRefuseEdits() throws {
        let fixture = try Fixture()
        let update = try fixture.sqlite(fixture.sandbox.ledgerPath, "UPDATE events SET author='x' WHERE position=3;")
        #expect(update.exitCode != 0, "\(update)")
        #expect(update.stderr.contains("append-only"), "\(update)")
        let delete = try fixture.sqlite(fixture.sandbox.ledgerPath, "DELETE FROM events WHERE position=\(fixture.size);")
        #expect(delete.exitCode != 0, "\(delete)")
        let gap = try fixture.sqlite(fixture.sandbox.ledgerPath, "INSERT INTO events SELECT position + 10, id || 'x', type, schema_version, stream, stream_version + 100, occurred_at, recorded_at, author, correlation_id, causation_id, signature, data, leaf_check FROM events WHERE position = \(fixture.size);")
        #expect(gap.exitCode != 0, "a row that skips a position is refused: \(gap)")
        #expect(gap.stderr.contains("gap-free"), "refused by the gap-free trigger, not for another reason: \(gap)")
        let verified = try fixture.sandbox.run(["verify"])
        #expect(verified.exitCode == 0, "\(verified)")
        #expect(try fixture.sandbox.eventCount() == fixture.size)
    }

    @Test("one changed byte in a row's data makes verify exit 1 at that position")
    func editedLeaf() throws {
        let fixture = try Fixture()
        let copy = try fixture.copy(to: "edited.db")
        let position = fixture.markerPosition
        let edit = try fixture.sqlite(copy, Self.dropTriggers + " UPDATE events SET data = CAST(replace(CAST(data AS TEXT), 'Example', 'Exampl3') AS BLOB) WHERE position = \(position); SELECT changes();")
        try #require(edit.exitCode == 0, "\(edit)")
        let changed = try fixture.sqlite(copy, "SELECT count(*) FROM events WHERE position = \(position) AND instr(CAST(data AS TEXT), 'Exampl3') > 0;")
        try #require(changed.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "1", "the edit reached the stored bytes: \(changed)")
        try expectTampered(fixture, copy, firstBad: position)
    }

    @Test("a deleted middle row makes verify exit 1 at that position")
    func deletedRow() throws {
        let fixture = try Fixture()
        let copy = try fixture.copy(to: "deleted.db")
        let delete = try fixture.sqlite(copy, Self.dropTriggers + " DELETE FROM events WHERE position = \(fixture.middlePost);")
        try #require(delete.exitCode == 0, "\(delete)")
        try expectTampered(fixture, copy, firstBad: fixture.middlePost)
    }

    @Test("a deleted row among the newest makes verify exit 1 at that position")
    func deletedRecentRow() throws {
        // The newest rows (here 145...156 of 156) are not yet under a stored Merkle node, so the
        // head is recomputed from their leaves; a missing one must be reported as tampering
        // (exit 1 with its position), not end verify with a database error.
        let fixture = try Fixture()
        let copy = try fixture.copy(to: "deleted-recent.db")
        let position = fixture.size - 2
        let delete = try fixture.sqlite(copy, Self.dropTriggers + " DELETE FROM events WHERE position = \(position);")
        try #require(delete.exitCode == 0, "\(delete)")
        try expectTampered(fixture, copy, firstBad: position)
    }

    @Test("a deleted middle row makes verify --since a kept checkpoint --full exit 1 at that position")
    func deletedRowSinceCheckpoint() throws {
        let fixture = try Fixture()
        try fixture.sandbox.write("kept.note", try fixture.sandbox.succeed(["checkpoint"]).stdout)
        let copy = try fixture.copy(to: "deleted-since.db")
        let delete = try fixture.sqlite(copy, Self.dropTriggers + " DELETE FROM events WHERE position = \(fixture.middlePost);")
        try #require(delete.exitCode == 0, "\(delete)")
        try expectTampered(fixture, copy, firstBad: fixture.middlePost, extra: ["--since", "kept.note", "--full"])
    }

    @Test("one changed byte in a row makes verify --since a kept checkpoint --full exit 1 at that position")
    func editedLeafSinceCheckpoint() throws {
        let fixture = try Fixture()
        try fixture.sandbox.write("kept.note", try fixture.sandbox.succeed(["checkpoint"]).stdout)
        let copy = try fixture.copy(to: "edited-since.db")
        let edit = try fixture.sqlite(copy, Self.dropTriggers + " UPDATE events SET data = CAST(replace(CAST(data AS TEXT), 'Example', 'Exampl3') AS BLOB) WHERE position = \(fixture.markerPosition);")
        try #require(edit.exitCode == 0, "\(edit)")
        try expectTampered(fixture, copy, firstBad: fixture.markerPosition, extra: ["--since", "kept.note", "--full"])
    }

    @Test("verify --full without --since is a usage error (exit 64) naming what it needs, and the ledger is unchanged")
    func fullNeedsSince() throws {
        let fixture = try Fixture()
        let before = try Data(contentsOf: URL(fileURLWithPath: fixture.sandbox.ledgerPath))
        let result = try fixture.sandbox.run(["verify", "--full"])
        #expect(result.exitCode == 64, "\(result)")
        #expect(result.stderr.contains("--full needs --since"), "\(result)")
        #expect(try Data(contentsOf: URL(fileURLWithPath: fixture.sandbox.ledgerPath)) == before)
        #expect(try fixture.sandbox.eventCount() == fixture.size)
    }

    @Test("verify --since checks only what follows the kept checkpoint: a changed later row fails at its position, a rewritten covered node fails as a fork")
    func incrementalSinceCheckpoint() throws {
        let fixture = try Fixture()
        let keptAt = fixture.markerPosition - 1
        try #require(keptAt >= 16, "the kept checkpoint covers the first stored Merkle node (16 leaves)")
        // A checkpoint of the first `keptAt` events, kept outside; the marker post comes after it.
        let kept = try fixture.sandbox.succeed(["checkpoint", "--size", String(keptAt)])
        try fixture.sandbox.write("kept.note", kept.stdout)
        let intact = try fixture.sandbox.run(["verify", "--since", "kept.note", "--json"])
        #expect(intact.exitCode == 0, "\(intact)")
        let report = try JSONSerialization.jsonObject(with: Data(intact.stdout.utf8)) as? [String: Any]
        #expect(report?["events"] as? Int == fixture.size - keptAt, "only the events after the checkpoint are read: \(intact)")

        let edited = try fixture.copy(to: "edited-after.db")
        let edit = try fixture.sqlite(edited, Self.dropTriggers + " UPDATE events SET data = CAST(replace(CAST(data AS TEXT), 'Example', 'Exampl3') AS BLOB) WHERE position = \(fixture.markerPosition);")
        try #require(edit.exitCode == 0, "\(edit)")
        try expectTampered(fixture, edited, firstBad: fixture.markerPosition, extra: ["--since", "kept.note"])

        let forked = try fixture.copy(to: "forked.db")
        let rewrite = try fixture.sqlite(forked, "DROP TRIGGER nodes_no_update; UPDATE merkle_nodes SET hash = zeroblob(32) WHERE level = 4 AND idx = 0;")
        try #require(rewrite.exitCode == 0, "\(rewrite)")
        let fork = try fixture.sandbox.run(["verify", "--ledger", forked, "--since", "kept.note"])
        #expect(fork.exitCode == 1, "\(fork)")
        #expect(fork.stdout.contains("does not extend the given checkpoint"), "\(fork)")
    }

    @Test("swapping two rows of one stream makes verify exit 1 at the first of them")
    func swappedRowsOfOneStream() throws {
        let fixture = try Fixture()
        let copy = try fixture.copy(to: "swapped.db")
        let first = fixture.claimFlagged
        let swap = try fixture.sqlite(copy, Self.dropTriggers + """
             UPDATE events SET position = -1 WHERE position = \(first);
             UPDATE events SET position = \(first) WHERE position = \(first + 1);
             UPDATE events SET position = \(first + 1) WHERE position = -1;
            """)
        try #require(swap.exitCode == 0, "\(swap)")
        try expectTampered(fixture, copy, firstBad: first)
    }

    @Test("swapping two unrelated rows makes verify exit 1")
    func swappedUnrelatedRows() throws {
        let fixture = try Fixture()
        let copy = try fixture.copy(to: "swapped-posts.db")
        let (first, second) = fixture.adjacentPosts
        let swap = try fixture.sqlite(copy, Self.dropTriggers + """
             UPDATE events SET position = -1 WHERE position = \(first);
             UPDATE events SET position = \(first) WHERE position = \(second);
             UPDATE events SET position = \(second) WHERE position = -1;
            """)
        try #require(swap.exitCode == 0, "\(swap)")
        let result = try fixture.sandbox.run(["verify", "--ledger", copy])
        #expect(result.exitCode == 1, "\(result)")
        #expect(result.stdout.contains("TAMPERED"), "\(result)")
        // The leaf bytes do not hold their position, so only the Merkle tree sees this swap:
        // the report names a position at or after the first swapped row.
        let reported = Self.firstBadPosition(in: result.stdout)
        #expect(reported.map { $0 >= first && $0 <= fixture.size } == true, "\(result)")
    }

    /// `verify` (plus `extra` arguments) on the tampered copy exits 1 and names `firstBad` as
    /// the first bad position, in text and in JSON; the untouched original still verifies.
    private func expectTampered(
        _ fixture: Fixture, _ copy: String, firstBad: Int, extra: [String] = [], sourceLocation: SourceLocation = #_sourceLocation
    ) throws {
        let original = try fixture.sandbox.run(["verify"] + extra)
        #expect(original.exitCode == 0, "the original ledger is untouched: \(original)", sourceLocation: sourceLocation)
        let result = try fixture.sandbox.run(["verify", "--ledger", copy] + extra)
        #expect(result.exitCode == 1, "verify must exit 1 on tampering: \(result)", sourceLocation: sourceLocation)
        guard result.exitCode == 1 else { return }
        #expect(result.stdout.contains("TAMPERED"), "\(result)", sourceLocation: sourceLocation)
        #expect(Self.firstBadPosition(in: result.stdout) == firstBad, "verify must name position \(firstBad) first: \(result)", sourceLocation: sourceLocation)
        let json = try fixture.sandbox.run(["verify", "--json", "--ledger", copy] + extra)
        #expect(json.exitCode == 1, "\(json)", sourceLocation: sourceLocation)
        let report = try? json.jsonObject()
        #expect(report?["intact"] as? Bool == false, "\(json)", sourceLocation: sourceLocation)
        #expect(report?["first_bad_position"] as? Int == firstBad, "\(json)", sourceLocation: sourceLocation)
    }

    /// The number after "first bad position" in verify's output.
    static func firstBadPosition(in output: String) -> Int? {
        guard let range = output.range(of: "first bad position ") else { return nil }
        return Int(output[range.upperBound...].prefix { $0.isNumber })
    }
}
