// `factledger demo` end to end: it builds, prints the views, publishes, and its numbers agree
// with the commands a user runs afterwards (issue 7).
import Foundation
import Testing

@Suite("Demo")
struct DemoCLITests {
    @Test("the small demo builds, verifies, agrees with scores run afterwards, refuses to overwrite, and its bundle passes verify.py")
    func smallDemo() throws {
        let sandbox = try CLISandbox()
        let demo = try sandbox.succeed(["demo", "--dir", "demo"], timeout: 120)
        for heading in ["Built the demo ledger", "Top 10 accounts", "Claim history of", "What changed between 1 March and 30 April 2020", "verify: ✓ intact", "site:", "bundle:"] {
            #expect(demo.stdout.contains(heading), "missing \(heading)")
        }
        #expect(demo.stdout.contains("new claims: "))
        #expect(!demo.stdout.contains("new claims: 0"), "the diff should show the claims flagged in March and April")

        // The demo's top-10 table is exactly what `scores --top 10` prints afterwards.
        let scores = try sandbox.succeed(["scores", "--top", "10", "--ledger", "demo/factledger.db"])
        let tableLines = scores.stdoutLines.filter { $0.hasPrefix("1 ") || $0.hasPrefix("10 ") }
        #expect(tableLines.count == 2)
        for line in tableLines { #expect(demo.stdout.contains(line), "demo and scores disagree on: \(line)") }

        let again = try sandbox.run(["demo", "--dir", "demo"])
        #expect(again.exitCode == 73)
        #expect(again.stderr.contains("--force"))

        let site = sandbox.directory.appendingPathComponent("demo/site/index.html")
        #expect(FileManager.default.fileExists(atPath: site.path))
        guard let python = ExternalTool.find("python3") else {
            Issue.record("python3 is needed to run the bundle's verify.py")
            return
        }
        let check = try RunningCommand(
            executable: python, arguments: ["verify.py"], directory: sandbox.directory.appendingPathComponent("demo/bundle"),
            environment: sandbox.environment([:]), stdin: nil, scratch: FileManager.default.temporaryDirectory
        ).wait(timeout: 120)
        if check.stderr.contains("No module named 'cryptography'") { return }
        #expect(check.exitCode == 0, "\(check)")
        #expect(check.stdout.hasPrefix("OK"))
    }
}
