// AccountClaimHistory, MonthlyActivity, OutletAmplification and EntryRetracted (DESIGN §4, §5).
import Events
import Projections
import Testing

@Suite("History, activity, outlets and retraction")
struct HistoryAndRetractionTests {
    static let verdictTime = LedgerScript.time("2020-03-10T00:00:00Z")

    static func ledger() throws -> (script: LedgerScript, post: EventID, verdict: EventID) {
        var script = LedgerScript()
        try script.defaults()
        try script.account("twitter:a")
        try script.outlet("rt.com", .stateControlled)
        try script.post("twitter:before", by: "twitter:a", at: LedgerScript.time("2020-03-01T00:00:00Z"), links: ["https://www.rt.com/news/1"])
        let post = try script.post("twitter:after", by: "twitter:a", at: LedgerScript.time("2020-03-20T00:00:00Z"), kind: .repost)
        try script.post("twitter:april", by: "twitter:a", at: LedgerScript.time("2020-04-02T00:00:00Z"), kind: .reply)
        try script.flag("c", post: "twitter:before", occurredAt: LedgerScript.time("2020-03-05T00:00:00Z"))
        try script.appearance("c", in: "twitter:after", .amplifies)
        let verdict = try script.verdict("v", on: "c", "false", occurredAt: verdictTime)
        try script.append(SourceAttributed(outlet: "rt.com", claim: "c", via: .citation, confidence: .confirmed))
        return (script, post, verdict)
    }

    @Test("history lists posts in posted_at order with the verdict at the time and now")
    func historyThenAndNow() throws {
        let (script, _, _) = try Self.ledger()
        let history = try #require(AccountClaimHistory(facts: script.facts()).history(of: LedgerScript.reference("twitter:a")))
        #expect(history.posts.map(\.post.description) == ["twitter:before", "twitter:after", "twitter:april"])
        #expect(history.registration?.displayName == "Account twitter:a")
        let before = try #require(history.posts.first?.claims.first)
        #expect(before.claim == "c" && before.relations == ["flagged"] && before.outlets == ["rt.com"])
        #expect(before.atTheTime == .unrated && before.now == .labelled("false"), "posted before the verdict's occurred_at")
        let after = try #require(history.posts.dropFirst().first?.claims.first)
        #expect(after.relations == ["amplifies"] && after.atTheTime == .labelled("false"))
        #expect(history.posts.last?.claims.isEmpty == true)
        #expect(history.posts.first?.outlets == ["rt.com"])
        #expect(AccountClaimHistory(facts: script.facts()).account(matching: "a") == LedgerScript.reference("twitter:a"))
    }

    @Test("activity counts posts per month by kind and the share linking state-controlled outlets")
    func monthlyActivity() throws {
        let months = MonthlyActivity(facts: try Self.ledger().script.facts()).months()
        #expect(months.map(\.month) == ["2020-03", "2020-04"])
        #expect(months[0].total.posts == 2 && months[0].total.original == 1 && months[0].total.repost == 1)
        #expect(months[0].total.stateLinked == 1 && months[0].total.stateLinkedShare == 0.5, "www.rt.com is rt.com")
        #expect(months[1].total.reply == 1 && months[1].accounts.map(\.account.description) == ["twitter:a"])
    }

    @Test("outlets count the posts that amplify them, their accounts and false claims")
    func outlets() throws {
        let entry = try #require(OutletAmplification(facts: try Self.ledger().script.facts()).entries.first)
        // Post 1 links rt.com; posts 1 and 2 carry claim c, attributed to rt.com.
        #expect(entry.domain == "rt.com" && entry.timesAmplified == 2 && entry.distinctAccounts == 1)
        #expect(entry.claimsCarried == 1 && entry.falseClaims == 1)
        #expect(entry.firstSeen == LedgerScript.time("2020-03-01T00:00:00Z") && entry.lastSeen == LedgerScript.time("2020-03-20T00:00:00Z"))
    }

    @Test("a retracted verdict stops counting, and retracting the retraction restores it")
    func retractVerdict() throws {
        var (script, _, verdict) = try Self.ledger()
        let retraction = try script.retract(verdict)
        #expect(ClaimBoard(facts: script.facts()).state.entries.first?.conclusion == .unrated)
        #expect(VerdictTrail(facts: script.facts()).trail(of: "c")?.steps.isEmpty == true)
        try script.retract(retraction)
        #expect(ClaimBoard(facts: script.facts()).state.entries.first?.conclusion == .labelled("false"))
    }

    @Test("a retracted post leaves P, the history and the board's appearances")
    func retractPost() throws {
        var (script, post, _) = try Self.ledger()
        let before = try #require(AmplificationScores(facts: script.facts()).result.scores.first)
        try script.retract(post)
        let facts = script.facts()
        let after = try #require(AmplificationScores(facts: facts).result.scores.first)
        #expect(before.postCount == 3 && after.postCount == 2)
        #expect(AccountClaimHistory(facts: facts).history(of: LedgerScript.reference("twitter:a"))?.posts.count == 2)
        #expect(ClaimBoard(facts: facts).state.entries.first?.appearances == 1)
    }
}
