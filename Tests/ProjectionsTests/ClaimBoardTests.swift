// ClaimBoard and VerdictTrail (DESIGN §5): statuses under both review policies, revisions
// and void, merges, revoked reviewers and the review queue.
import Events
import Projections
import Testing

@Suite("Claim board and verdict trail")
struct ClaimBoardTests {
    static func entry(_ facts: LedgerFacts, _ claim: String) throws -> ClaimBoard.Entry {
        try #require(ClaimBoard(facts: facts).state.entries.first { $0.claim == claim }, "claim \(claim) is on the board")
    }

    @Test("under the single policy a verdict is final at once; revisions and void change the label")
    func singlePolicyStatuses() throws {
        var script = LedgerScript()
        try script.defaults()
        try script.flag("c-flagged")
        try script.flag("c-final")
        try script.verdict("v-final", on: "c-final", "misleading")
        try script.flag("c-revised")
        try script.verdict("v-r1", on: "c-revised", "false")
        try script.revise("c-revised", supersedes: "v-r1", with: "v-r2", "mostly-false")
        try script.flag("c-void")
        try script.verdict("v-v1", on: "c-void", "false")
        try script.revise("c-void", supersedes: "v-v1", with: "v-v2", nil, .void)
        try script.flag("c-unproven")
        try script.verdict("v-u", on: "c-unproven", "unproven")
        let facts = script.facts()

        let flagged = try Self.entry(facts, "c-flagged")
        #expect(flagged.status == .flagged && flagged.conclusion == .unrated && flagged.isPending)
        let final = try Self.entry(facts, "c-final")
        #expect(final.status == .final && final.conclusion == .labelled("misleading") && !final.isPending && final.verdict == "v-final")
        let revised = try Self.entry(facts, "c-revised")
        #expect(revised.status == .revised && revised.conclusion == .labelled("mostly-false") && revised.revisionCount == 1)
        let void = try Self.entry(facts, "c-void")
        #expect(void.status == .void && void.conclusion == .void && !void.isPending && void.conclusion.label == nil)
        let unproven = try Self.entry(facts, "c-unproven")
        #expect(unproven.status == .final && unproven.isPending, "unproven is a label that counts as pending")
        let queue = ClaimBoard(facts: facts).state.queue
        #expect(queue.map(\.claim) == ["c-flagged"] && queue.first?.awaiting == .verdict)
    }

    @Test("under two_person a verdict is final only after a concurring review by someone else")
    func twoPersonPolicy() throws {
        var script = LedgerScript()
        try script.defaults(policy: .twoPerson)
        try script.flag("c")
        try script.verdict("v", on: "c", "false", author: "alice")
        var entry = try Self.entry(script.facts(), "c")
        #expect(entry.status == .inReview && entry.conclusion == .unrated && entry.latestVerdict == "v")
        let queued = try #require(ClaimBoard(facts: script.facts()).state.queue.first)
        #expect(queued.awaiting == .concurrence && queued.verdict == "v" && queued.author == "alice")

        try script.review("v", .concur, author: "alice")
        entry = try Self.entry(script.facts(), "c")
        #expect(entry.status == .inReview, "the author's own concurrence does not count")
        try script.review("v", .dissent, author: "bob")
        entry = try Self.entry(script.facts(), "c")
        #expect(entry.status == .inReview, "a dissent does not make it final")
        try script.review("v", .concur, author: "carol")
        entry = try Self.entry(script.facts(), "c")
        #expect(entry.status == .final && entry.conclusion == .labelled("false"))
        #expect(entry.reviewers == ["alice", "bob", "carol"])
        #expect(ClaimBoard(facts: script.facts()).state.queue.isEmpty)

        // A revision is a verdict too: until someone concurs, the old label stands.
        try script.revise("c", supersedes: "v", with: "v2", "mostly-false", author: "bob")
        entry = try Self.entry(script.facts(), "c")
        #expect(entry.status == .inReview && entry.conclusion == .labelled("false"))
        try script.review("v2", .concur, author: "alice")
        entry = try Self.entry(script.facts(), "c")
        #expect(entry.status == .revised && entry.conclusion == .labelled("mostly-false"))
    }

    @Test("a verdict recorded under single stays final when the policy later becomes two_person")
    func policyInForceWhenRecorded() throws {
        var script = LedgerScript()
        try script.defaults(policy: .single)
        try script.flag("c")
        try script.verdict("v", on: "c", "false")
        try script.append(ReviewPolicySet(policy: .twoPerson))
        try script.flag("d")
        try script.verdict("w", on: "d", "false")
        #expect(try Self.entry(script.facts(), "c").status == .final)
        #expect(try Self.entry(script.facts(), "d").status == .inReview)
    }

    @Test("verdicts signed before a reviewer's revocation stay valid; anything signed after is ignored")
    func revokedReviewer() throws {
        var script = LedgerScript()
        try script.defaults()
        try script.append(ReviewerRegistered(handle: "bob", name: "Bob", role: .checker, publicKey: [UInt8](repeating: 7, count: 32)))
        try script.flag("c")
        try script.verdict("v", on: "c", "false", author: "bob")
        try script.append(ReviewerRevoked(handle: "bob", reason: "left the desk"))
        #expect(try Self.entry(script.facts(), "c").conclusion == .labelled("false"))
        try script.revise("c", supersedes: "v", with: "v2", "true", author: "bob")
        #expect(try Self.entry(script.facts(), "c").conclusion == .labelled("false"), "a revoked key signs nothing")
    }

    @Test("after a merge the merged claim's appearances belong to the surviving claim")
    func merge() throws {
        var script = LedgerScript()
        try script.defaults()
        let end = LedgerScript.time("2020-06-01T00:00:00Z")
        try script.post("twitter:1", by: "twitter:a", at: end)
        try script.post("twitter:2", by: "twitter:b", at: end)
        try script.flag("c-keep", post: "twitter:1")
        try script.flag("c-dup", post: "twitter:2")
        try script.verdict("v", on: "c-keep", "false")
        #expect(AmplificationScores(facts: script.facts()).result.score(for: LedgerScript.reference("twitter:b"))?.ms == 0)
        try script.append(ClaimsMerged(surviving: "c-keep", merged: "c-dup", reason: "Same claim."))
        let facts = script.facts()
        #expect(try Self.entry(facts, "c-keep").appearances == 2)
        let merged = try Self.entry(facts, "c-dup")
        #expect(merged.mergedInto == "c-keep" && merged.appearances == 0)
        #expect(AmplificationScores(facts: facts).result.score(for: LedgerScript.reference("twitter:b"))?.ms == 1)
        let history = try #require(AccountClaimHistory(facts: facts).history(of: LedgerScript.reference("twitter:b")))
        #expect(history.posts.first?.claims.map(\.claim) == ["c-keep"])
        #expect(!ClaimBoard(facts: facts).state.queue.contains { $0.claim == "c-dup" }, "a merged claim leaves the queue")
    }

    @Test("the trail lists every verdict event with the label before and after")
    func trail() throws {
        var script = LedgerScript()
        try script.defaults(policy: .twoPerson)
        try script.flag("c")
        try script.verdict("v1", on: "c", "false", author: "alice")
        try script.review("v1", .concur, author: "bob")
        try script.append(VerdictPublished(verdict: "v1", url: "https://factcheck.example/c"))
        try script.revise("c", supersedes: "v1", with: "v2", nil, .void, author: "bob")
        try script.review("v2", .concur, author: "alice")
        let trail = try #require(VerdictTrail(facts: script.facts()).trail(of: "c"))
        #expect(trail.steps.map(\.action) == [.recorded, .reviewed, .published, .revised, .reviewed])
        #expect(trail.steps.map(\.author) == ["alice", "bob", "alice", "bob", "alice"])
        #expect(trail.steps.map { "\($0.before)→\($0.after)" } == ["pending→pending", "pending→false", "false→false", "false→false", "false→void"])
        #expect(trail.steps[3].correctionClass == .void && trail.steps[3].supersedes == "v1" && trail.steps[3].reason == "New evidence.")
        #expect(trail.conclusion == .void)
        #expect(VerdictTrail(facts: script.facts()).trail(of: "nope") == nil)
        #expect(try Self.entry(script.facts(), "c").publishedURL == "https://factcheck.example/c")
    }
}
