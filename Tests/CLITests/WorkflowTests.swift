// The main path end to end, through the real binary: create a ledger, register a reviewer,
// import observations and judgments, browse, verify, sign a checkpoint, and have an outside
// Python verifier recompute the Merkle tree, the checkpoint signature and the proofs.
import Crypto
import Foundation
import Testing

@Suite("CLI workflow")
struct WorkflowTests {
    /// The fields every `log --json` line carries (DESIGN §6; `factledger log --help`).
    static let logFields = [
        "position", "id", "type", "schema_version", "stream", "stream_version", "occurred_at",
        "recorded_at", "author", "data", "leaf_hash", "leaf",
    ]

    @Test("init, reviewer, import, log, verify, checkpoint and proofs check out from the outside")
    func fullWorkflow() throws {
        let sandbox = try CLISandbox()

        // init and reviewers
        let created = try sandbox.succeed(["init", "--org", "Example Fact Desk", "--admin", "alice", "--name", "Alice Chen"])
        #expect(created.stdout.contains("Created ledger"))
        #expect(FileManager.default.fileExists(atPath: sandbox.ledgerPath), "init creates ./factledger.db by default")
        try sandbox.succeed(["reviewer", "add", "bob", "--name", "Bob Lee", "--role", "checker", "--as", "alice"])
        let reviewers = try sandbox.succeed(["reviewer", "list", "--json"]).jsonLines()
        #expect(reviewers.compactMap { $0["handle"] as? String } == ["alice", "bob"])
        #expect(reviewers.compactMap { $0["role"] as? String } == ["admin", "checker"])
        for reviewer in reviewers {
            let key = try #require(reviewer["public_key"] as? String)
            #expect(Data(base64Encoded: key)?.count == 32, "public_key is base64 of a 32-byte Ed25519 key")
        }
        let sizeBeforeImport = try sandbox.eventCount()

        // import, then import again
        let file = try InterchangeGenerator.write(to: sandbox.path("events.jsonl"), count: 240, seed: 7, prefix: "workflow", judgments: true)
        #expect(file.judgmentCount >= 20, "the fixture holds judgments")
        let imported = try sandbox.succeed(["import", "events.jsonl", "--as", "alice", "--json"]).jsonObject()
        #expect(imported["appended"] as? Int == file.lineCount)
        #expect(imported["lines"] as? Int == file.lineCount)
        let byType = try #require(imported["appended_by_type"] as? [String: Int])
        #expect(byType == file.typeCounts)
        let again = try sandbox.run(["import", "events.jsonl", "--as", "alice"])
        #expect(again.exitCode == 0, "\(again)")
        #expect(again.stdout.contains("0 new events"), "\(again)")
        let againJSON = try sandbox.succeed(["import", "events.jsonl", "--as", "alice", "--json"]).jsonObject()
        #expect(againJSON["appended"] as? Int == 0)
        #expect(againJSON["already_present"] as? Int == file.lineCount)

        // log --json: every field, gap-free positions, leaf bytes that hash to leaf_hash, exact data bytes
        let logResult = try sandbox.succeed(["log", "--json"])
        let events = try logResult.jsonLines()
        #expect(events.count == sizeBeforeImport + file.lineCount)
        for (index, event) in events.enumerated() {
            let missing = Self.logFields.filter { event[$0] == nil }
            #expect(missing.isEmpty, "line \(index + 1) lacks \(missing)")
            #expect(event["position"] as? Int == index + 1, "positions run 1, 2, 3, …")
            let leafText = try #require(event["leaf"] as? String)
            let leaf = try #require(Data(base64Encoded: leafText), "leaf is base64")
            #expect(SHA256.hash(data: [0] + Array(leaf)).map { String(format: "%02x", $0) }.joined() == event["leaf_hash"] as? String, "position \(index + 1): leaf_hash is SHA-256(0x00 ‖ leaf)")
        }
        let loggedData = Set(logResult.stdoutLines.compactMap(Self.dataBytes(ofLogLine:)))
        let givenData = try String(decoding: sandbox.read("events.jsonl"), as: UTF8.self)
            .split(separator: "\n").map { Self.dataBytes(ofInterchangeLine: String($0)) }
        #expect(givenData.allSatisfy { loggedData.contains($0) }, "each line's data bytes are kept verbatim")
        let signedTypes = Set(events.filter { $0["author"] as? String == "alice" }.compactMap { $0["type"] as? String })
        #expect(signedTypes.isSuperset(of: ["ClaimFlagged", "AppearanceRecorded", "SourceAttributed", "VerdictRecorded"]), "judgments are authored by --as")

        let verified = try sandbox.run(["verify"])
        #expect(verified.exitCode == 0, "\(verified)")
        #expect(verified.stdout.contains("intact"), "\(verified)")

        // The outside verifier: log, checkpoint, key and proofs.
        let size = events.count
        let checkpoint = try sandbox.succeed(["checkpoint"])
        try sandbox.write("checkpoint.note", checkpoint.stdout)
        try sandbox.write("log.jsonl", logResult.stdout)
        try sandbox.write("ledger.key", try sandbox.succeed(["ledger-key"]).stdout)
        #expect(checkpoint.stdout.split(separator: "\n").dropFirst().first == Substring(String(size)), "the note's second line is the size")

        let markerPosition = try #require(events.first { ($0["data"] as? [String: Any])?["post"] as? String == file.markerPost }?["position"] as? Int)
        var arguments = ["--log", "log.jsonl", "--checkpoint", "checkpoint.note", "--key", "ledger.key"]
        let inclusions: [(position: Int, size: Int?)] = [
            (1, nil), (2, nil), (markerPosition, nil), (size / 2, nil), (size - 1, nil), (size, nil),
            (1, 1), (3, 4), (5, 5), (17, 33), (markerPosition, markerPosition + 1),
        ]
        for (index, proof) in inclusions.enumerated() {
            let sizeArguments = proof.size.map { ["--size", String($0)] } ?? []
            let output = try sandbox.succeed(["prove", "inclusion", String(proof.position), "--json"] + sizeArguments)
            let parsed = try output.jsonObject()
            #expect(parsed["leaf_index"] as? Int == proof.position - 1)
            #expect(parsed["tree_size"] as? Int == proof.size ?? size)
            try sandbox.write("inclusion-\(index).json", output.stdout)
            arguments += ["--inclusion", "inclusion-\(index).json"]
        }
        let pairs = [(1, size), (2, size), (3, 7), (4, size), (sizeBeforeImport, size), (size / 2, size), (7, 8), (16, 32), (17, 200), (size, size), (size - 1, size)]
        for (index, pair) in pairs.enumerated() {
            let output = try sandbox.succeed(["prove", "consistency", String(pair.0), String(pair.1), "--json"])
            try sandbox.write("consistency-\(index).json", output.stdout)
            arguments += ["--consistency", "consistency-\(index).json"]
        }
        let python = try #require(ExternalTool.find("python3"), "python3 is not installed, so the outside verifier (Scripts/verify_ledger.py) cannot run; install python3")
        let script = CLIRunner.scriptsFolder.appendingPathComponent("verify_ledger.py").path
        let outside = try sandbox.runTool(python, [script] + arguments)
        #expect(outside.exitCode == 0, "the outside verifier refused the ledger: \(outside)")
        #expect(outside.stdout.contains("OK: \(2 + inclusions.count + pairs.count) checks"), "\(outside)")
        if outside.stdout.contains("SKIPPED") {
            Issue.record("the Python `cryptography` package is missing: the outside verifier skipped the checkpoint signature")
        } else {
            #expect(outside.stdout.contains("Ed25519 signature of"), "\(outside)")
        }

        // The outside verifier must be able to say no.
        var brokenProof = try #require(try JSONSerialization.jsonObject(with: sandbox.read("inclusion-3.json")) as? [String: Any])
        var hashes = try #require(brokenProof["proof"] as? [String])
        let first = try #require(hashes.first, "a proof in a tree of \(size) leaves has hashes")
        hashes[0] = Data(repeating: 0xAB, count: 32).base64EncodedString()
        #expect(hashes[0] != first)
        brokenProof["proof"] = hashes
        try JSONSerialization.data(withJSONObject: brokenProof).write(to: URL(fileURLWithPath: sandbox.path("broken-inclusion.json")))
        let refusedProof = try sandbox.runTool(python, [script, "--log", "log.jsonl", "--checkpoint", "checkpoint.note", "--key", "ledger.key", "--inclusion", "broken-inclusion.json"])
        #expect(refusedProof.exitCode == 1, "a wrong inclusion proof must fail: \(refusedProof)")
        let note = checkpoint.stdout
        let forgedNote = note.replacingOccurrences(of: "\n\(size)\n", with: "\n\(size - 1)\n")
        #expect(forgedNote != note)
        try sandbox.write("forged.note", forgedNote)
        let refusedNote = try sandbox.runTool(python, [script, "--log", "log.jsonl", "--checkpoint", "forged.note", "--key", "ledger.key"])
        #expect(refusedNote.exitCode == 1, "a checkpoint whose text was changed must fail: \(refusedNote)")

        // verify --since the published checkpoint, now and after the log grows.
        let since = try sandbox.run(["verify", "--since", "checkpoint.note"])
        #expect(since.exitCode == 0, "\(since)")
        try InterchangeGenerator.write(to: sandbox.path("more.jsonl"), count: 40, seed: 8, prefix: "workflow-more")
        try sandbox.succeed(["import", "more.jsonl"])
        let sinceAfterGrowth = try sandbox.run(["verify", "--since", "checkpoint.note"])
        #expect(sinceAfterGrowth.exitCode == 0, "a log that extends the checkpoint passes: \(sinceAfterGrowth)")
    }

    @Test("the binary runs with a clean environment: its own key folder and no FACTLEDGER_* from the parent")
    func cleanEnvironment() throws {
        let sandbox = try CLISandbox()
        let env = try #require(ExternalTool.find("env", preferring: "/usr/bin/env"))
        let result = try sandbox.runTool(env, [])
        #expect(result.exitCode == 0, "\(result)")
        #expect(!result.stdout.contains("FACTLEDGER_"), "\(result)")
        #expect(result.stdoutLines.contains("XDG_CONFIG_HOME=\(sandbox.configHome.path)"), "\(result)")
        let version = try sandbox.succeed(["--version"])
        #expect(!version.stdout.isEmpty)
    }

    @Test("FACTLEDGER_LEDGER chooses the ledger when --ledger is absent")
    func ledgerFromEnvironment() throws {
        let sandbox = try CLISandbox()
        try FileManager.default.createDirectory(atPath: sandbox.path("books"), withIntermediateDirectories: true)
        let environment = ["FACTLEDGER_LEDGER": sandbox.path("books/desk.db")]
        try sandbox.succeed(["init", "--org", "Env Desk", "--admin", "alice"], environment: environment)
        #expect(FileManager.default.fileExists(atPath: sandbox.path("books/desk.db")))
        #expect(!FileManager.default.fileExists(atPath: sandbox.ledgerPath), "the default path is not used")
        let lines = try sandbox.succeed(["log", "--json"], environment: environment).stdoutLines
        #expect(lines.count == 5, "init writes the ledger, scale, methodology, policy and admin")
        let flag = try sandbox.run(["log", "--json", "--ledger", sandbox.ledgerPath], environment: environment)
        #expect(flag.exitCode == 66, "--ledger wins over the environment: \(flag)")
    }

    /// The exact bytes after `"data":` in a `log --json` line, up to `,"leaf_hash":`.
    static func dataBytes(ofLogLine line: String) -> String? {
        guard let start = line.range(of: #","data":"#), let end = line.range(of: #","leaf_hash":""#, options: .backwards) else { return nil }
        return String(line[start.upperBound..<end.lowerBound])
    }

    /// The exact bytes of `data` in a generated interchange line (it is the last member).
    static func dataBytes(ofInterchangeLine line: String) -> String {
        guard let start = line.range(of: #""data":"#) else { return "" }
        return String(line[start.upperBound...].dropLast())
    }
}
