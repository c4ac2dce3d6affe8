// `factledger import` of twarc2 and CSV archives through the real binary: the format inferred,
// the summary as text and JSON, exit 65 naming the broken line with the ledger unchanged,
// --skip-invalid, and a quiet stderr when it is not a terminal. Samples are read in place.
import Foundation
import Testing

@Suite("CLI import of twarc2 and CSV archives")
struct ImportFormatsCLITests {
    /// `<package root>/../shared/samples/twarc2/<name>`; the package root is three levels above this file.
    static func sample(_ name: String) -> String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("../shared/samples/twarc2/\(name)").standardizedFileURL.path
    }

    @Test("twarc2 is inferred from the first line; the summary counts posts and accounts; a re-import appends nothing")
    func twarc2Summary() throws {
        let sandbox = try CLISandbox()
        try sandbox.initLedger()
        let before = try sandbox.eventCount()
        let text = try sandbox.run(["import", Self.sample("flat_sample.jsonl")])
        #expect(text.exitCode == 0, "\(text)")
        #expect(text.stdout.contains("(twarc2): 3 lines read, 8 events appended"), "\(text)")
        #expect(text.stdout.contains("posts new"), "\(text)")
        #expect(text.stdout.contains("accounts new"), "\(text)")
        #expect(text.stderr.isEmpty, "no progress bar or warnings when stderr is not a terminal: \(text)")
        #expect(try sandbox.eventCount() == before + 8)

        let paged = try sandbox.succeed(["import", Self.sample("quoted_edit.jsonl"), "--json"]).jsonObject()
        #expect(paged["format"] as? String == "twarc2")
        #expect(paged["posts_new"] as? Int == 3)
        #expect(paged["accounts_new"] as? Int == 2)
        #expect(paged["engagement_updates"] as? Int == 0)
        #expect(paged["skipped"] as? Int == 0)

        let again = try sandbox.succeed(["import", Self.sample("flat_sample.jsonl"), "--format", "twarc2", "--json"]).jsonObject()
        #expect(again["appended"] as? Int == 0)
        #expect(again["posts_already_known"] as? Int == 4)
        #expect(try sandbox.eventCount() == before + 8 + 5)
    }

    @Test("a broken twarc2 line exits 65 naming line 8, with the ledger unchanged; --skip-invalid imports the rest")
    func brokenLine() throws {
        let sandbox = try CLISandbox()
        try sandbox.initLedger()
        let before = try sandbox.eventCount()
        let path = Self.sample("streaming_output_with_error.jsonl")
        let refused = try sandbox.run(["import", path])
        #expect(refused.exitCode == 65, "\(refused)")
        #expect(refused.stderr.contains("streaming_output_with_error.jsonl:8:"), "\(refused)")
        #expect(refused.stdout.isEmpty, "\(refused)")
        #expect(try sandbox.eventCount() == before)

        let skipping = try sandbox.run(["import", path, "--skip-invalid", "--json"])
        #expect(skipping.exitCode == 0, "\(skipping)")
        #expect(skipping.stderr.contains("skipped \(path):8: invalid JSON"), "\(skipping)")
        #expect(skipping.stderr.contains("skipped 1 of 8 lines"), "\(skipping)")
        let summary = try skipping.jsonObject()
        #expect(summary["posts_new"] as? Int == 11)
        #expect(summary["skipped"] as? Int == 1)
        let skipped = try #require(summary["skipped_records"] as? [[String: Any]])
        #expect(skipped.first?["line"] as? Int == 8)
        #expect(try sandbox.eventCount() == before + 22)
    }

    @Test("CSV is inferred from the extension; a bad record exits 65 naming its line and column; an unknown --format exits 64")
    func csvImport() throws {
        let sandbox = try CLISandbox()
        try sandbox.initLedger()
        let header = "post,account,url,posted_at,kind,text,linked_urls,likes,reposts,replies,quotes"
        try sandbox.write("posts.csv", header + "\r\ntwitter:1,twitter:zlj517,https://twitter.com/zlj517/status/1,2020-03-12T14:03:00Z,original,\"two\r\nlines\",https://www.globaltimes.cn/a,1,2,3,4\r\n")
        try sandbox.write("outlets.jsonl", #"{"type":"OutletRegistered","data":{"domain":"globaltimes.cn","name":"Global Times","affiliation":"state_controlled","country":"CN"}}"# + "\n")
        try sandbox.succeed(["import", "outlets.jsonl"])
        let imported = try sandbox.succeed(["import", "posts.csv", "--json"]).jsonObject()
        #expect(imported["format"] as? String == "csv")
        #expect(imported["posts_new"] as? Int == 1)
        #expect(imported["accounts_new"] as? Int == 1)
        #expect(imported["candidate_outlet_links"] as? [String: Int] == ["globaltimes.cn": 1])

        let before = try sandbox.eventCount()
        try sandbox.write("bad.csv", header + "\ntwitter:2,twitter:a,https://twitter.com/a/status/2,2020-03-12T14:03:00Z,original,\"x\ny\",,,,,\ntwitter:3,twitter:a,https://twitter.com/a/status/3,soon,original,,,,,,\n")
        let bad = try sandbox.run(["import", "bad.csv"])
        #expect(bad.exitCode == 65, "\(bad)")
        #expect(bad.stderr.contains("bad.csv:4: posted_at (column 4)"), "\(bad)")
        #expect(try sandbox.eventCount() == before)

        let unknown = try sandbox.run(["import", "posts.csv", "--format", "yaml"])
        #expect(unknown.exitCode == 64, "\(unknown)")
        #expect(unknown.stderr.contains("jsonl, twarc2, csv"), "\(unknown)")
    }
}
