// Eight writers at once (issue 9): observe, flag, verdict and import race for the write lock.
// Each either succeeds or exits 75 after its busy timeout with a message saying so; nothing
// half-written remains, the final count is the initial one plus every success, and verify
// passes. `FACTLEDGER_SOAK=1` runs more rounds (FACTLEDGER_SOAK_ROUNDS).
import Foundation
import Testing

@Suite("CLI concurrency: a mix of writers")
struct ConcurrencyMixTests {
    /// One of the eight commands of a round, and how to count what it appended.
    struct Writer {
        let name: String
        let arguments: [String]
        /// Events appended, read from the command's `--json` output.
        let appended: (CLIResult) throws -> Int
    }

    /// Events whose status is `appended` in a workflow command's `--json` output.
    static func workflowAppended(_ result: CLIResult) throws -> Int {
        let events = try #require(try result.jsonObject()["events"] as? [[String: Any]], "\(result)")
        return events.filter { $0["status"] as? String == "appended" }.count
    }

    static func importAppended(_ result: CLIResult) throws -> Int {
        try #require(try result.jsonObject()["appended"] as? Int, "\(result)")
    }

    @Test("8 processes append at once (observe, flag, verdict, import): each exits 0 or 75 with a clear message, the count adds up, and verify passes")
    func mixedWriters() throws {
        let rounds = Soak.isEnabled ? Soak.number("FACTLEDGER_SOAK_ROUNDS", default: 10) : 2
        let sandbox = try CLISandbox()
        try sandbox.initLedger()
        for reviewer in ["bob", "carol"] {
            try sandbox.succeed(["reviewer", "add", reviewer, "--name", reviewer.capitalized + " Reviewer", "--role", "checker", "--as", "alice"])
        }
        try sandbox.succeed(["account", "add", "twitter:mix_embassy", "--name", "Mix Embassy", "--kind", "embassy", "--country", "CN", "--as", "alice"])
        var initial = try #require(try sandbox.verifyReport().events)
        var outcomes: [Int32: Int] = [:]

        for round in 1...rounds {
            // Set up what this round's judgments name: posts to flag, claims to judge.
            func observe(_ number: Int) -> [String] {
                let id = String(9_000_000 + round * 100 + number)
                return ["observe", "twitter:\(id)", "--account", "twitter:mix_embassy", "--url", "https://twitter.com/mix_embassy/status/\(id)",
                        "--posted-at", "2021-04-0\(1 + number % 9)T10:00:00Z", "--kind", "original", "--text", "Round \(round) post \(number) 疫苗 🧪", "--json"]
            }
            for number in 1...4 { try sandbox.succeed(observe(number) + ["--as", "alice"]) }
            var claims: [String] = []
            for number in 1...2 {
                let flagged = try sandbox.succeed(["flag", "twitter:\(9_000_000 + round * 100 + number)", "--summary", "Round \(round) claim \(number) about vaccine supply", "--as", "alice", "--json"])
                claims.append(try #require(try flagged.jsonObject()["claim"] as? String))
            }
            for feed in ["a", "b"] {
                try sandbox.succeed(["generate", "--events", "1200", "--observations-only", "--seed", String(round), "--prefix", "r\(round)\(feed)", "--out", "feed-\(round)\(feed).jsonl"])
            }
            initial = try #require(try sandbox.verifyReport().events)

            // A short --busy-timeout on half of them makes exit 75 likely while an import holds the lock.
            let writers = [
                Writer(name: "import a", arguments: ["import", "feed-\(round)a.jsonl", "--json"], appended: Self.importAppended),
                Writer(name: "import b (1 ms)", arguments: ["import", "feed-\(round)b.jsonl", "--json", "--busy-timeout", "1"], appended: Self.importAppended),
                Writer(name: "observe (bob)", arguments: observe(10) + ["--as", "bob"], appended: Self.workflowAppended),
                Writer(name: "observe (carol, 1 ms)", arguments: observe(11) + ["--as", "carol", "--busy-timeout", "1"], appended: Self.workflowAppended),
                Writer(name: "flag (bob)", arguments: ["flag", "twitter:\(9_000_000 + round * 100 + 3)", "--summary", "Round \(round) claim three on masks", "--as", "bob", "--json"], appended: Self.workflowAppended),
                Writer(name: "flag (carol, 5 ms)", arguments: ["flag", "twitter:\(9_000_000 + round * 100 + 4)", "--summary", "Round \(round) claim four on masks", "--as", "carol", "--json", "--busy-timeout", "5"], appended: Self.workflowAppended),
                Writer(name: "verdict (bob)", arguments: ["verdict", claims[0], "--label", "false", "--rationale", "Contradicted by the ministry's own data", "--evidence", "https://www.who.int/r/\(round)", "--as", "bob", "--json"], appended: Self.workflowAppended),
                Writer(name: "verdict (carol, 1 ms)", arguments: ["verdict", claims[1], "--label", "misleading", "--rationale", "Omits the trial results", "--as", "carol", "--json", "--busy-timeout", "1"], appended: Self.workflowAppended),
            ]
            let running = try writers.map { try sandbox.launch($0.arguments) }
            let results = running.map { $0.wait(timeout: 300) }

            var successes = 0
            for (writer, result) in zip(writers, results) {
                let context = "round \(round), \(writer.name): \(result)"
                #expect(!result.crashed && !result.timedOut, "\(context)")
                outcomes[result.exitCode, default: 0] += 1
                switch result.exitCode {
                case 0:
                    successes += try writer.appended(result)
                case 75:
                    #expect(result.stderr.contains("locked"), "exit 75 says the ledger is locked: \(context)")
                    #expect(result.stderr.contains("--busy-timeout"), "exit 75 says how to wait longer: \(context)")
                    #expect(result.stdout.isEmpty, "a busy command reports nothing as recorded: \(context)")
                default:
                    Issue.record("expected exit 0 or 75: \(context)")
                }
            }
            let report = try sandbox.verifyReport()
            #expect(report.result.exitCode == 0 && report.intact, "round \(round): \(report.result)")
            #expect(report.events == initial + successes, "round \(round): the final count is the initial \(initial) plus the \(successes) events the successes reported")
            let positions = try sandbox.succeed(["log", "--json", "--from", String(initial + 1)]).jsonLines().compactMap { $0["position"] as? Int }
            #expect(positions == Array(stride(from: initial + 1, through: initial + successes, by: 1)), "round \(round): positions stay gap-free")
        }
        print("ConcurrencyMixTests: \(rounds) rounds of 8 writers; exit codes \(outcomes.sorted { $0.key < $1.key })")
    }
}
