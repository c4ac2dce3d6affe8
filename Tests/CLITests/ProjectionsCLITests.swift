// The projection commands end to end (DESIGN §5, §6): history, scores, board, activity,
// outlets, trail, diff and replay on a ledger built with `generate` and `import --as`, each
// with --json and --as-of, each naming the position and checkpoint root it was computed at.
import Foundation
import Testing

@Suite("CLI projections")
struct ProjectionsCLITests {
    /// A ledger holding a generated workload with judgments, then a hand-written file with a
    /// revision, a merge and a retraction. Returns the sandbox and the size after the workload.
    static func ledger() throws -> (sandbox: CLISandbox, workloadSize: Int) {
        let sandbox = try CLISandbox()
        try sandbox.initLedger()
        try sandbox.succeed(["generate", "--events", "1500", "--seed", "11", "--out", "workload.jsonl"])
        try sandbox.succeed(["import", "workload.jsonl", "--as", "alice"])
        let workloadSize = try sandbox.eventCount()
        try sandbox.write("corrections.jsonl", [
            #"{"type":"VerdictRevised","data":{"claim":"c-1","supersedes":"v-1","verdict":"v-1-rev","label":"true","correction_class":"rating_change","reason":"The primary source was misread."}}"#,
            #"{"type":"ClaimsMerged","data":{"surviving":"c-1","merged":"c-2","reason":"The same claim in other words."}}"#,
            #"{"type":"ClaimFlagged","id":"flag-in-error","data":{"claim":"c-error","summary":"A claim flagged by mistake"}}"#,
            #"{"type":"EntryRetracted","data":{"event":"flag-in-error","reason":"Flagged the wrong post."}}"#,
        ].joined(separator: "\n") + "\n")
        try sandbox.succeed(["import", "corrections.jsonl", "--as", "alice"])
        return (sandbox, workloadSize)
    }

    /// Runs `arguments` with --json and returns the one JSON object it prints.
    static func json(_ sandbox: CLISandbox, _ arguments: [String]) throws -> [String: Any] {
        try sandbox.succeed(arguments + ["--json"]).jsonObject()
    }

    @Test("every projection command exits 0, prints parseable JSON and names its position and root")
    func commandsPrintJSON() throws {
        let (sandbox, _) = try Self.ledger()
        let size = try sandbox.eventCount()
        let commands: [[String]] = [
            ["history", "twitter:demo_mission_1"], ["scores", "--top", "5"], ["board"], ["board", "--status", "revised"],
            ["activity"], ["activity", "--account", "demo_mission_2", "--by", "month"], ["outlets"], ["trail", "c-1"],
        ]
        for command in commands {
            let object = try Self.json(sandbox, command)
            #expect(object["position"] as? Int == size, "\(command) names the head position")
            #expect((object["checkpoint_root"] as? String).flatMap { Data(base64Encoded: $0) }?.count == 32, "\(command) names the root")
            let table = try sandbox.succeed(command)
            #expect(table.stdout.contains("checkpoint root"), "\(command) names the root in its table too")
        }
        let scores = try Self.json(sandbox, ["scores"])
        #expect(scores["method"] as? String == "mas/1")
        let first = try #require((scores["scores"] as? [[String: Any]])?.first)
        for field in ["account", "mas", "ms", "r", "sms", "pending_upper_bound", "n_posts", "n_reviewed", "method"] {
            #expect(first[field] != nil, "a score carries \(field)")
        }
        let replay = try Self.json(sandbox, ["replay"])
        let digests = try #require(replay["digests"] as? [String: String])
        #expect(Set(digests.keys) == ["summary", "board", "history", "activity", "scores", "outlets", "trail"])
        #expect(digests.values.allSatisfy { $0.count == 64 })
        #expect(try Self.json(sandbox, ["replay"])["digests"] as? [String: String] == digests, "replay digests are stable")
    }

    @Test("--as-of an earlier position gives a smaller state, and its root is the signed checkpoint's")
    func asOfEarlierPosition() throws {
        let (sandbox, workloadSize) = try Self.ledger()
        let early = String(workloadSize / 3)
        func count(_ arguments: [String], _ key: String) throws -> Int {
            try #require((Self.json(sandbox, arguments)[key] as? [Any])?.count, "\(arguments) lists \(key)")
        }
        #expect(try count(["board", "--as-of", early], "claims") < count(["board"], "claims"))
        #expect(try count(["history", "twitter:demo_mission_1", "--as-of", early], "posts") < count(["history", "twitter:demo_mission_1"], "posts"))
        #expect(try count(["trail", "c-1", "--as-of", early], "steps") <= count(["trail", "c-1"], "steps"))
        let earlyReplay = try Self.json(sandbox, ["replay", "--until", early])
        let headReplay = try Self.json(sandbox, ["replay"])
        #expect(earlyReplay["events"] as? Int == Int(early))
        #expect((earlyReplay["digests"] as? [String: String])?["board"] != (headReplay["digests"] as? [String: String])?["board"])
        let board = try Self.json(sandbox, ["board", "--as-of", early])
        #expect(board["position"] as? Int == Int(early))
        #expect(board["checkpoint_root"] as? String == earlyReplay["checkpoint_root"] as? String)
        let note = try sandbox.succeed(["checkpoint", "--size", early]).stdout.split(separator: "\n").map(String.init)
        #expect(note.count > 2 && note[2] == board["checkpoint_root"] as? String, "the root is the one a checkpoint at that size signs")

        let before = try Self.json(sandbox, ["board", "--as-of", "2000-01-01"])
        #expect(before["position"] as? Int == 0 && (before["claims"] as? [Any])?.isEmpty == true, "a date before the ledger is the empty prefix")
        let tomorrow = try Self.json(sandbox, ["outlets", "--as-of", "2999-01-01T00:00:00Z"])
        #expect(tomorrow["position"] as? Int == (try sandbox.eventCount()))
    }

    @Test("revision, merge and retraction show on the board, the trail and the diff")
    func correctionsShow() throws {
        let (sandbox, workloadSize) = try Self.ledger()
        let claims = try #require(Self.json(sandbox, ["board"])["claims"] as? [[String: Any]])
        let revised = try #require(claims.first { $0["claim"] as? String == "c-1" })
        #expect(revised["status"] as? String == "revised" && revised["label"] as? String == "true")
        #expect(claims.first { $0["claim"] as? String == "c-2" }?["merged_into"] as? String == "c-1")
        #expect(!claims.contains { $0["claim"] as? String == "c-error" }, "a retracted flag leaves no claim")
        let steps = try #require(Self.json(sandbox, ["trail", "c-1"])["steps"] as? [[String: Any]])
        #expect(steps.last?["action"] as? String == "revised" && steps.last?["to"] as? String == "true")
        let diff = try Self.json(sandbox, ["diff", "--from", String(workloadSize), "--to", String(try sandbox.eventCount())])
        #expect(diff["from_position"] as? Int == workloadSize)
        #expect(diff["from_checkpoint_root"] is String && diff["to_checkpoint_root"] is String)
        let changes = try #require(diff["label_changes"] as? [[String: Any]])
        #expect(changes.contains { $0["claim"] as? String == "c-1" && $0["to"] as? String == "true" })
        #expect((diff["new_verdicts"] as? [[String: Any]])?.map { $0["verdict"] as? String } == ["v-1-rev"])
        #expect(try sandbox.succeed(["diff", "--from", "1"]).stdout.contains("label changes"))
    }

    @Test("bad input exits 64 and an unknown account or claim exits 66")
    func errors() throws {
        let (sandbox, _) = try Self.ledger()
        for arguments in [["board", "--as-of", "yesterday"], ["board", "--as-of", "999999"], ["scores", "--window", "2020-05-01..2020-01-01"],
                          ["board", "--status", "maybe"], ["activity", "--by", "week"], ["scores", "--half-life", "0"]] {
            let result = try sandbox.run(arguments)
            #expect(result.exitCode == 64, "\(result)")
        }
        #expect(try sandbox.run(["history", "twitter:nobody"]).exitCode == 66)
        #expect(try sandbox.run(["trail", "c-none"]).exitCode == 66)
    }

    @Test("a large log read in parallel ranges gives the same digests and diff as one reader")
    func parallelReadEqualsOneReader() throws {
        // Above the 20,000-event threshold, so ranges are folded on their own threads and merged.
        let sandbox = try CLISandbox()
        try sandbox.initLedger()
        try sandbox.succeed(["generate", "--events", "24000", "--seed", "5", "--out", "big.jsonl"])
        try sandbox.succeed(["import", "big.jsonl", "--as", "alice"], timeout: 300)
        // A revision and a merge late in the log, so the last range changes what earlier ones hold.
        try sandbox.write("corrections.jsonl", [
            #"{"type":"VerdictRevised","data":{"claim":"c-1","supersedes":"v-1","verdict":"v-1-rev","label":"true","correction_class":"rating_change","reason":"Misread."}}"#,
            #"{"type":"ClaimsMerged","data":{"surviving":"c-1","merged":"c-2","reason":"The same claim."}}"#,
        ].joined(separator: "\n") + "\n")
        try sandbox.succeed(["import", "corrections.jsonl", "--as", "alice"])
        func digests(readers: String) throws -> [String: String] {
            let replay = try sandbox.succeed(["replay", "--json"], environment: ["FACTLEDGER_READERS": readers]).jsonObject()
            return try #require(replay["digests"] as? [String: String])
        }
        let one = try digests(readers: "1")
        #expect(one.count == 7)
        for readers in ["2", "3", "7"] { #expect(try digests(readers: readers) == one, "\(readers) readers") }
        let diff = ["diff", "--from", "9000", "--to", "23000", "--json"]
        let oneDiff = try sandbox.succeed(diff, environment: ["FACTLEDGER_READERS": "1"]).stdout
        #expect(try sandbox.succeed(diff, environment: ["FACTLEDGER_READERS": "3"]).stdout == oneDiff)
        for bad in ["0", "many", "65", "-1"] {
            let result = try sandbox.run(["replay"], environment: ["FACTLEDGER_READERS": bad])
            #expect(result.exitCode == 64, "\(result)")
            #expect(result.stderr.contains("FACTLEDGER_READERS") && result.stderr.contains(bad), "\(result)")
        }
    }
}
