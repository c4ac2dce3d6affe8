// `factledger export` end to end with the real binary (issue 6): CSV of every view, JSONL that
// `import` reads back into a fresh ledger as the same events, ClaimReview JSON-LD, the audit
// bundle checked by its own verify.py, ExportGenerated in the log, and the exit codes.
import Crypto
import Foundation
import Testing

@Suite("CLI export")
struct ExportCLITests {
    /// A ledger with posts holding awkward text, claims, a published verdict revised and published again.
    static func ledger() throws -> CLISandbox {
        let sandbox = try CLISandbox()
        try sandbox.initLedger()
        try sandbox.write("events.jsonl", [
            #"{"type":"AccountRegistered","data":{"account":"twitter:zlj517","display_name":"Lijian Zhao 赵立坚","kind":"diplomat","country":"CN","person":"Zhao Lijian"}}"#,
            #"{"type":"OutletRegistered","data":{"domain":"globaltimes.cn","name":"Global Times","affiliation":"state_controlled"}}"#,
            #"{"type":"PostObserved","data":{"post":"twitter:1","account":"twitter:zlj517","url":"https://twitter.com/zlj517/status/1","posted_at":"2020-03-12T14:03:00Z","kind":"original","text":"美军可能把疫情带到了武汉, \"be transparent\"\r\nline two 🦠","linked_urls":["https://www.globaltimes.cn/a"]}}"#,
            #"{"type":"PostObserved","data":{"post":"twitter:2","account":"twitter:zlj517","url":"https://twitter.com/zlj517/status/2","posted_at":"2020-03-13T09:00:00Z","kind":"repost","text":"<script>alert(1)</script>\n\"><img src=x onerror=alert(1)>"}}"#,
            #"{"type":"ClaimFlagged","id":"flag-1","data":{"claim":"c-1","summary":"The US Army brought the virus to Wuhan","post":"twitter:1"}}"#,
            #"{"type":"AppearanceRecorded","data":{"claim":"c-1","post":"twitter:2","relation":"repeats"}}"#,
            #"{"type":"VerdictRecorded","data":{"verdict":"v-1","claim":"c-1","label":"false","rationale":"No evidence."}}"#,
            #"{"type":"VerdictPublished","data":{"verdict":"v-1","url":"https://desk.example/checks/c-1"}}"#,
            #"{"type":"VerdictRevised","data":{"claim":"c-1","supersedes":"v-1","verdict":"v-2","label":"mostly-false","correction_class":"rating_change","reason":"New report.","public_note":"Rating changed after a new report."}}"#,
            #"{"type":"VerdictPublished","data":{"verdict":"v-2","url":"https://desk.example/checks/c-1"}}"#,
            #"{"type":"ClaimFlagged","data":{"claim":"c-2","summary":"A claim still waiting, with a comma","post":"twitter:2"}}"#,
        ].joined(separator: "\n") + "\n")
        try sandbox.succeed(["import", "events.jsonl", "--as", "alice"])
        return sandbox
    }

    /// The last event of the log, from `log --json`.
    static func lastEvent(_ sandbox: CLISandbox, ledger: String? = nil) throws -> [String: Any] {
        try #require(try sandbox.succeed(["log", "--json"] + (ledger.map { ["--ledger", $0] } ?? [])).jsonLines().last)
    }

    static func sha256(_ data: Data) -> String { SHA256.hash(data: data).map { String(format: "%02x", $0) }.joined() }

    @Test("export csv writes each view as RFC 4180 with CRLF and records ExportGenerated with the file's SHA-256")
    func csvViews() throws {
        let sandbox = try Self.ledger()
        for view in ["history", "scores", "board", "activity", "outlets", "trail"] {
            let before = try sandbox.eventCount()
            let result = try sandbox.succeed(["export", "csv", "--view", view, "--out", "\(view).csv", "--json"]).jsonObject()
            let bytes = try sandbox.read("\(view).csv")
            #expect(!bytes.starts(with: [0xEF, 0xBB, 0xBF]) && bytes.suffix(2) == Data([0x0D, 0x0A]))
            let header = String(decoding: bytes.prefix { $0 != 0x0D }, as: UTF8.self)
            #expect(header.hasSuffix(",as_of_position,method_version"), "\(view): \(header)")
            #expect(result["sha256"] as? String == Self.sha256(bytes))
            #expect(result["as_of_position"] as? Int == before)
            let event = try Self.lastEvent(sandbox)
            let data = try #require(event["data"] as? [String: Any])
            #expect(event["type"] as? String == "ExportGenerated" && event["author"] as? String == "ledger")
            #expect(data["format"] as? String == "csv" && data["view"] as? String == view && data["as_of_position"] as? Int == before)
            #expect(data["file_sha256"] as? String == Self.sha256(bytes))
            #expect(data["checkpoint_root"] as? String == result["checkpoint_root"] as? String)
        }
        let history = String(decoding: try sandbox.read("history.csv"), as: UTF8.self)
        #expect(history.contains("\"美军可能把疫情带到了武汉, \"\"be transparent\"\"\r\nline two 🦠\""))
    }

    @Test("an unknown view exits 64, and an --out that cannot be written exits 73")
    func errors() throws {
        let sandbox = try Self.ledger()
        let unknown = try sandbox.run(["export", "csv", "--view", "claims", "--out", "x.csv"])
        #expect(unknown.exitCode == 64, "\(unknown)")
        #expect(unknown.stderr.contains("history, scores, board, activity, outlets, trail"))
        let before = try sandbox.eventCount()
        try sandbox.write("plain-file", "x")
        for out in ["missing-folder/board.csv", "plain-file/board.csv", "/proc/version/board.csv"] {
            let result = try sandbox.run(["export", "csv", "--view", "board", "--out", out])
            #expect(result.exitCode == 73, "\(result)")
            #expect(result.stderr.contains("cannot write the export"), "\(result)")
        }
        let bundle = try sandbox.run(["export", "bundle", "--out", "missing-folder/bundle"])
        #expect(bundle.exitCode == 73, "\(bundle)")
        #expect(try sandbox.eventCount() == before, "a failed export records nothing")
    }

    @Test("export jsonl imports into a fresh ledger as the same events: ids, types and exact data bytes")
    func jsonlRoundTrip() throws {
        let sandbox = try Self.ledger()
        try sandbox.succeed(["export", "jsonl", "--out", "export.jsonl", "--interchange-only"])
        try sandbox.initLedger(ledger: "fresh.db")
        try sandbox.succeed(["import", "export.jsonl", "--as", "alice", "--ledger", "fresh.db"])
        let original = try Self.dataByID(sandbox, ledger: nil)
        let copy = try Self.dataByID(sandbox, ledger: "fresh.db")
        let exported = try String(decoding: sandbox.read("export.jsonl"), as: UTF8.self).split(separator: "\n")
        #expect(!exported.isEmpty)
        for line in exported {
            let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            let id = try #require(object["id"] as? String)
            let source = try #require(original[id])
            let replayed = try #require(copy[id], "event \(id) is missing from the fresh ledger")
            #expect(replayed.type == source.type && replayed.data == source.data, "event \(id) changed on the way")
        }
    }

    @Test("full JSONL lines carry position and leaf, and import reads them back")
    func jsonlWithLeaves() throws {
        let sandbox = try Self.ledger()
        try sandbox.succeed(["export", "jsonl", "--out", "export.jsonl"])
        let lines = try String(decoding: sandbox.read("export.jsonl"), as: UTF8.self).split(separator: "\n")
        for line in lines {
            let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            let leaf = try #require((object["leaf"] as? String).flatMap { Data(base64Encoded: $0) })
            #expect(object["leaf_hash"] as? String == Self.sha256(Data([0]) + leaf))
            #expect(object["position"] is Int)
        }
        try sandbox.initLedger(ledger: "fresh.db")
        let imported = try sandbox.run(["import", "export.jsonl", "--as", "alice", "--ledger", "fresh.db"])
        #expect(imported.exitCode == 0, "\(imported)")
        let original = try Self.dataByID(sandbox, ledger: nil)
        let copy = try Self.dataByID(sandbox, ledger: "fresh.db")
        for line in lines {
            let id = try #require((try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])?["id"] as? String)
            #expect(copy[id]?.data == original[id]?.data && copy[id]?.type == original[id]?.type)
        }
    }

    @Test("export claimreview writes a DataFeed of ClaimReviews with the revision's correction")
    func claimReview() throws {
        let sandbox = try Self.ledger()
        let result = try sandbox.succeed(["export", "claimreview", "--out", "reviews.jsonld", "--json"]).jsonObject()
        #expect(result["reviews"] as? Int == 1)
        let feed = try #require(try JSONSerialization.jsonObject(with: sandbox.read("reviews.jsonld")) as? [String: Any])
        #expect(feed["@context"] as? String == "https://schema.org" && feed["@type"] as? String == "DataFeed")
        let review = try #require((feed["dataFeedElement"] as? [[String: Any]])?.first)
        #expect(review["@type"] as? String == "ClaimReview" && review["url"] as? String == "https://desk.example/checks/c-1")
        #expect((review["claimReviewed"] as? String)?.count ?? 99 <= 75)
        #expect((review["reviewRating"] as? [String: Any])?["alternateName"] as? String == "Mostly false")
        #expect(review["dateModified"] is String && review["correction"] is [Any])
        let claim = try #require(review["itemReviewed"] as? [String: Any])
        #expect((claim["author"] as? [String: Any])?["name"] as? String == "Zhao Lijian")
        #expect((claim["firstAppearance"] as? [String: Any])?["url"] as? String == "https://twitter.com/zlj517/status/1")
    }

    @Test("export bundle passes its own verify.py, and a second bundle proves it extends the first")
    func bundle() throws {
        let sandbox = try Self.ledger()
        let first = try sandbox.succeed(["export", "bundle", "--out", "bundle-1", "--json"]).jsonObject()
        #expect(first["proofs"] as? Int == 2)
        let manifest = try sandbox.read("bundle-1/SHA256SUMS")
        #expect(first["sha256"] as? String == Self.sha256(manifest))
        try sandbox.succeed(["export", "csv", "--view", "board", "--out", "board.csv", "--as", "alice"])
        #expect(try Self.lastEvent(sandbox)["author"] as? String == "alice")
        let second = try sandbox.succeed(["export", "bundle", "--out", "bundle-2", "--json"]).jsonObject()
        #expect(second["consistent_from"] as? Int == (try sandbox.eventCount()) - 2)
        let consistency = try #require(try JSONSerialization.jsonObject(with: sandbox.read("bundle-2/consistency.json")) as? [String: Any])
        #expect(consistency["previous_checkpoint"] is String)
        guard let python = ExternalTool.find("python3"),
              try sandbox.runTool(python, ["-c", "import cryptography"]).exitCode == 0 else {
            // verify.py needs python3 with `cryptography` (pip install cryptography); the check is skipped here.
            return
        }
        for folder in ["bundle-1", "bundle-2"] {
            let verified = try sandbox.runTool(python, ["\(folder)/verify.py"])
            #expect(verified.exitCode == 0 && verified.stdout.hasPrefix("OK: "), "\(verified)")
        }
    }

    @Test("--as-of exports the ledger as it stood at that position")
    func asOf() throws {
        let sandbox = try Self.ledger()
        let result = try sandbox.succeed(["export", "csv", "--view", "board", "--out", "early.csv", "--as-of", "8", "--json"]).jsonObject()
        #expect(result["as_of_position"] as? Int == 8)
        let text = String(decoding: try sandbox.read("early.csv"), as: UTF8.self)
        #expect(text.split(separator: "\r\n").count == 1, "no claim existed at position 8: \(text)")
        let beyond = try sandbox.run(["export", "csv", "--view", "board", "--out", "late.csv", "--as-of", "999"])
        #expect(beyond.exitCode == 64, "\(beyond)")
    }

    @Test("export help lists the subcommands and shows examples")
    func help() throws {
        let sandbox = try CLISandbox()
        let help = try sandbox.succeed(["export", "--help"]).stdout
        for word in ["csv", "jsonl", "claimreview", "bundle", "Examples:", "verify.py"] { #expect(help.contains(word), "\(word)") }
        for sub in ["csv", "jsonl", "claimreview", "bundle"] {
            let text = try sandbox.succeed(["export", sub, "--help"]).stdout
            #expect(text.contains("--out") && text.contains("--as-of") && text.contains("Example"), "export \(sub) --help")
        }
        let top = try sandbox.succeed(["--help"]).stdout
        #expect(top.contains("export"))
    }

    /// (type, exact data bytes) of each event by id, from `log --json`, whose data member is
    /// spliced in as the exact bytes and followed by leaf_hash.
    static func dataByID(_ sandbox: CLISandbox, ledger: String?) throws -> [String: (type: String, data: String)] {
        var found: [String: (type: String, data: String)] = [:]
        for line in try sandbox.succeed(["log", "--json"] + (ledger.map { ["--ledger", $0] } ?? [])).stdoutLines {
            let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            let start = try #require(line.range(of: #","data":"#))
            let end = try #require(line.range(of: #","leaf_hash":"#, options: .backwards))
            found[object["id"] as? String ?? ""] = (object["type"] as? String ?? "", String(line[start.upperBound..<end.lowerBound]))
        }
        return found
    }
}
