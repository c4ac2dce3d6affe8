// A fact-checker's day through the real binary, as a new user would type it: every workflow
// command, each error path, the audit trail and verify at the end (issue 3).
import Foundation
import Testing

@Suite("Fact-checker session")
struct FactCheckerSessionTests {
    /// A ledger with alice (admin), bob and carol (checkers), an account, two outlets and a post.
    private func preparedSandbox() throws -> CLISandbox {
        let sandbox = try CLISandbox()
        try sandbox.initLedger()
        try sandbox.succeed(["reviewer", "add", "bob", "--name", "Bob Lee", "--as", "alice"])
        try sandbox.succeed(["reviewer", "add", "carol", "--name", "Carol Diaz", "--as", "alice"])
        try sandbox.succeed(["account", "add", "twitter:zlj517", "--name", "Zhao Lijian", "--kind", "diplomat", "--country", "CN", "--title", "Spokesperson", "--as", "alice"])
        try sandbox.succeed(["outlet", "add", "rt.com", "--name", "RT", "--affiliation", "state_controlled", "--country", "RU", "--as", "alice"])
        try sandbox.succeed(["outlet", "add", "globalresearch.ca", "--name", "Global Research", "--affiliation", "unknown", "--as", "alice"])
        try sandbox.succeed(observe("1238291234"))
        return sandbox
    }

    private func observe(_ id: String, as handle: String = "bob") -> [String] {
        ["observe", "twitter:\(id)", "--account", "twitter:zlj517", "--url", "https://twitter.com/zlj517/status/\(id)",
         "--posted-at", "2020-03-12T14:03:00Z", "--kind", "original", "--text", "It might be US army who brought the epidemic to Wuhan.",
         "--link", "https://www.globalresearch.ca/covid-19/5706078", "--likes", "10", "--reposts", "20", "--replies", "3", "--quotes", "4",
         "--as", handle]
    }

    @Test("a claim flagged, attributed, given a verdict, reviewed, published and revised has a fully signed audit trail")
    func fullClaimLifecycle() throws {
        let sandbox = try preparedSandbox()
        let again = try sandbox.succeed(observe("1238291234"))
        #expect(again.stdout.contains("already in the ledger"))
        #expect(again.stdout.contains("candidate attribution: globalresearch.ca"))

        let flag = try sandbox.succeed(["flag", "twitter:1238291234", "--summary", "The US army brought the coronavirus to Wuhan", "--topic", "covid-19", "--as", "bob", "--json"]).jsonObject()
        let claim = try #require(flag["claim"] as? String)
        #expect(claim.hasPrefix("c-") && claim.count <= 9)
        #expect((flag["events"] as? [[String: Any]])?.map { $0["type"] as? String } == ["ClaimFlagged", "AppearanceRecorded"])

        try sandbox.succeed(["attribute", claim, "--outlet", "globalresearch.ca", "--via", "link", "--confidence", "confirmed", "--evidence", "https://web.archive.org/x", "--as", "bob"])
        try sandbox.succeed(["policy", "set", "two-person", "--as", "alice"])
        let recorded = try sandbox.succeed(["verdict", claim, "--label", "false", "--rationale", "Genome studies trace it elsewhere", "--evidence", "https://www.who.int/x", "--as", "bob", "--json"]).jsonObject()
        let verdict = try #require(recorded["verdict"] as? String)
        #expect((recorded["notes"] as? [String])?.first?.contains("pending review") == true)
        try sandbox.succeed(["review", verdict, "--concur", "--note", "Checked the sources", "--as", "carol"])
        try sandbox.succeed(["publish", verdict, "--url", "https://desk.example/checks/1", "--as", "alice"])
        let revised = try sandbox.succeed(["revise", claim, "--label", "mostly-false", "--correction-class", "rating_change", "--reason", "new data",
                                           "--public-note", "We changed our rating after new data", "--as", "bob"])
        #expect(revised.stdout.contains("false → mostly-false"))

        let trail = try sandbox.succeed(["audit", "claim", claim, "--json"]).jsonLines()
        #expect(trail.map { $0["type"] as? String } == ["ClaimFlagged", "AppearanceRecorded", "SourceAttributed", "VerdictRecorded", "VerdictReviewed", "VerdictPublished", "VerdictRevised"])
        #expect(trail.allSatisfy { $0["signature"] as? String == "valid" })
        #expect(trail.last?["label_from"] as? String == "false")
        #expect(trail.last?["label_to"] as? String == "mostly-false")
        let table = try sandbox.succeed(["audit", "claim", claim])
        #expect(table.stdout.contains("✓"))
        #expect(!table.stdout.contains("✗"))
        let account = try sandbox.succeed(["audit", "account", "twitter:zlj517", "--json"]).jsonLines()
        #expect(account.contains { $0["type"] as? String == "VerdictRevised" })
        #expect(try sandbox.run(["verify"]).exitCode == 0)
    }

    @Test("each error path exits non-zero, names what is wrong and writes nothing")
    func errorPaths() throws {
        let sandbox = try preparedSandbox()
        let flag = try sandbox.succeed(["flag", "twitter:1238291234", "--summary", "The US army brought the coronavirus to Wuhan", "--as", "bob", "--json"]).jsonObject()
        let claim = try #require(flag["claim"] as? String)
        let verdict = try #require(try sandbox.succeed(["verdict", claim, "--label", "false", "--rationale", "No evidence", "--as", "bob", "--json"]).jsonObject()["verdict"] as? String)
        let before = try sandbox.eventCount()

        let cases: [(arguments: [String], code: Int32, message: String)] = [
            (["verdict", claim, "--label", "flase", "--rationale", "x", "--as", "bob"], 65, "expected one of true, mostly-true"),
            (["verdict", "c-nope", "--label", "false", "--rationale", "x", "--as", "bob"], 65, "claim c-nope"),
            (["flag", "twitter:404", "--summary", "Something said in a post never observed", "--as", "bob"], 65, "post twitter:404"),
            (["flag", "twitter:1238291234", "--summary", String(repeating: "long ", count: 20), "--as", "bob"], 65, "75"),
            (["flag", "twitter:1238291234", "--summary", "The claim is false", "--as", "bob"], 65, "without a verdict"),
            (["attribute", claim, "--outlet", "cgtn.com", "--via", "link", "--confidence", "confirmed", "--as", "bob"], 65, "cgtn.com"),
            (["attribute", claim, "--outlet", "rt.com", "--via", "telepathy", "--confidence", "confirmed", "--as", "bob"], 65, "link, repost, quote, citation"),
            (["review", verdict, "--concur", "--as", "bob"], 65, "cannot review"),
            (["review", verdict, "--as", "carol"], 64, "--concur or --dissent"),
            (["review", verdict, "--concur", "--as", "mallory"], 66, "mallory"),
            (["revise", "c-nope", "--label", "true", "--correction-class", "factual", "--reason", "x", "--as", "bob"], 65, "claim c-nope"),
            (["retract", "no-such-event", "--reason", "x", "--as", "bob"], 65, "no-such-event"),
            (["policy", "set", "three-person", "--as", "alice"], 64, "single or two-person"),
            (["policy", "set", "two-person", "--as", "bob"], 65, "only an admin"),
            (["verdict", claim, "--label", "false", "--rationale", "x"], 64, "--as HANDLE"),
            (["observe", "twitter:1", "--account", "twitter:zlj517", "--url", "javascript:alert(1)", "--posted-at", "2020-03-12T14:03:00Z", "--kind", "original", "--as", "bob"], 65, "http(s) URL"),
        ]
        for (arguments, code, message) in cases {
            let result = try sandbox.run(arguments)
            #expect(result.exitCode == code, "\(result)")
            #expect(result.stderr.contains(message), "\(arguments.joined(separator: " ")): \(result.stderr)")
            #expect(!result.crashed)
        }
        #expect(try sandbox.eventCount() == before)

        // Published verdicts need a public note to be revised.
        try sandbox.succeed(["publish", verdict, "--url", "https://desk.example/1", "--as", "alice"])
        let silent = try sandbox.run(["revise", claim, "--label", "true", "--correction-class", "rating_change", "--reason", "x", "--as", "bob"])
        #expect(silent.exitCode == 65)
        #expect(silent.stderr.contains("public note"))
    }

    @Test("a revoked reviewer's key signs nothing after the revocation; a verdict forced in with a wrong key fails verify")
    func revokedAndForgedSignatures() throws {
        let sandbox = try preparedSandbox()
        let flag = try sandbox.succeed(["flag", "twitter:1238291234", "--summary", "The US army brought the coronavirus to Wuhan", "--as", "bob", "--json"]).jsonObject()
        let claim = try #require(flag["claim"] as? String)
        try sandbox.succeed(["verdict", claim, "--label", "false", "--rationale", "No evidence", "--as", "carol"])
        try sandbox.succeed(["reviewer", "revoke", "carol", "--reason", "left the desk", "--as", "alice"])
        let refused = try sandbox.run(["verdict", claim, "--label", "true", "--rationale", "x", "--as", "carol"])
        #expect(refused.exitCode == 65)
        #expect(refused.stderr.contains("revoked"))
        #expect(try sandbox.run(["verify"]).exitCode == 0, "verdicts signed before the revocation stay valid")

        // Bob's key replaced by another key in the key folder: the ledger refuses the signature.
        let bobKey = sandbox.keysFolder.appendingPathComponent("reviewer-bob.pem")
        let carolKey = sandbox.keysFolder.appendingPathComponent("reviewer-carol.pem")
        try FileManager.default.removeItem(at: bobKey)
        try FileManager.default.copyItem(at: carolKey, to: bobKey)
        let forged = try sandbox.run(["verdict", claim, "--label", "true", "--rationale", "x", "--as", "bob"])
        #expect(forged.exitCode == 65)
        #expect(forged.stderr.contains("does not match bob's registered key"))

        // Forced into the file by hand: swap the signature of bob's flag for carol's verdict's.
        guard let sqlite = ExternalTool.find("sqlite3", preferring: "/usr/bin/sqlite3") else { return }
        let forcedSQL = """
            DROP TRIGGER events_no_update;
            UPDATE events SET author = 'bob' WHERE type = 'VerdictRecorded';
            """
        let result = try sandbox.runTool(sqlite, [sandbox.ledgerPath, forcedSQL])
        #expect(result.exitCode == 0, "\(result)")
        let verify = try sandbox.run(["verify"])
        #expect(verify.exitCode == 1)
        #expect(verify.stdout.contains("TAMPERED"))
    }

    @Test("every workflow command's help has an abstract, argument help and an example")
    func helpTexts() throws {
        let sandbox = try CLISandbox()
        let commands: [[String]] = [
            ["account", "add"], ["outlet", "add"], ["observe"], ["flag"], ["appearance"], ["attribute"], ["verdict"], ["review"],
            ["revise"], ["publish"], ["merge"], ["retract"], ["policy", "set"], ["reviewer", "revoke"], ["audit", "claim"], ["audit", "account"],
        ]
        for command in commands {
            let help = try sandbox.succeed(command + ["--help"])
            #expect(help.stdout.contains("OVERVIEW:"), "\(command)")
            #expect(help.stdout.contains("Example"), "\(command)")
            #expect(help.stdout.contains("--as <handle>") || command.first == "audit", "\(command)")
        }
    }
}
