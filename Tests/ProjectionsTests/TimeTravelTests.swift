// As-of folds, diffs and digests (DESIGN §5): the ledger as it stood at a position or date.
import Events
import Projections
import Testing

@Suite("As-of, diff and digests")
struct TimeTravelTests {
    @Test("as of a position or a recorded date, a view is the view of that prefix")
    func asOfIsPrefix() throws {
        let script = try AmplificationScoresTests.workedExample()
        let events = script.events
        for cut in [0, 5, 17, 30, events.count] {
            let prefix = Array(events.prefix(cut))
            let asOfPosition = events.fold(into: LedgerFacts.self, asOf: .position(Int64(cut)))
            let fresh = prefix.fold(into: LedgerFacts.self)
            #expect(digests(asOfPosition) == digests(fresh), "as of position \(cut)")
            guard cut > 0 else { continue }
            let asOfDate = events.fold(into: LedgerFacts.self, asOf: .recordedAt(events[cut - 1].recordedAt))
            #expect(digests(asOfDate) == digests(fresh), "as of the recorded_at of position \(cut)")
        }
        let early = events.fold(into: ClaimBoard.self, asOf: .position(30))
        let late = events.fold(into: ClaimBoard.self)
        #expect(early.state.entries.filter { $0.status != .flagged }.count < late.state.entries.filter { $0.status != .flagged }.count)
    }

    @Test("diff lists label changes, new claims, new verdicts and MAS moves")
    func diff() throws {
        var script = LedgerScript()
        try script.defaults()
        let when = LedgerScript.time("2020-06-01T00:00:00Z")
        try script.post("twitter:1", by: "twitter:a", at: when)
        try script.post("twitter:2", by: "twitter:b", at: when)
        try script.flag("c1", post: "twitter:1")
        try script.verdict("v1", on: "c1", "false")
        let from = script.facts()
        try script.revise("c1", supersedes: "v1", with: "v1b", "mixture")
        try script.flag("c2", post: "twitter:2")
        try script.verdict("v2", on: "c2", "misleading")
        try script.post("twitter:3", by: "twitter:c", at: when)
        let to = script.facts()
        let diff = ProjectionDiff(from: from, to: to, threshold: 1)
        #expect(diff.labelChanges.map { "\($0.claim): \($0.from) → \($0.to)" } == ["c1: false → mixture"])
        #expect(diff.newClaims.map(\.claim) == ["c2"] && diff.removedClaims.isEmpty)
        #expect(diff.newVerdicts.map(\.verdict) == ["v1b", "v2"])
        #expect(diff.newVerdicts.first?.correctionClass == .ratingChange)
        // a: MS 1 → 0.25 and μ 0.5 → 0.25 (d ≈ 1), so MAS ≈ 100·11/21 → 100·5.25/21; b: 0 → 0.5.
        #expect(diff.scoreMoves.map(\.account.description) == ["twitter:a", "twitter:b", "twitter:c"])
        let account = LedgerScript.reference("twitter:a")
        let moveA = try #require(diff.scoreMoves.first)
        #expect(moveA.from == AmplificationScores(facts: from).result.score(for: account)?.mas)
        #expect(moveA.to == AmplificationScores(facts: to).result.score(for: account)?.mas)
        #expect(abs((moveA.from ?? 0) - 100 * 11 / 21) < 1e-3 && abs((moveA.to ?? 0) - 100 * 5.25 / 21) < 1e-3)
        #expect(diff.scoreMoves.last?.from == nil, "c was not scored before, so it is listed whatever the threshold")
        #expect(ProjectionDiff(from: from, to: to, threshold: 100).scoreMoves.map(\.account.description) == ["twitter:c"])
        let quiet = ProjectionDiff(from: script.facts(), to: script.facts())
        #expect(quiet.labelChanges.isEmpty && quiet.newClaims.isEmpty && quiet.newVerdicts.isEmpty && quiet.scoreMoves.isEmpty)
    }

    @Test("digests are stable across folds and differ when the state differs")
    func digestsAreStable() throws {
        let script = try AmplificationScoresTests.workedExample()
        let first = digests(script.events.fold(into: LedgerFacts.self))
        let second = digests(script.events.fold(into: LedgerFacts.self))
        #expect(first == second)
        #expect(first.count == 6)
        var changed = script
        try changed.verdict("v3", on: "c3", "false")
        let third = digests(changed.facts())
        for name in ["board", "history", "scores", "trail"] { #expect(first[name] != third[name], "\(name) digest changes") }
        #expect(first["activity"] == third["activity"], "a verdict does not change post counts")
        let board = ClaimBoard(facts: script.facts())
        #expect(board.stateDigest == ContentDigest.sha256Hex(JSONWriter.bytes(board.canonicalState())))
        let history = AccountClaimHistory(facts: script.facts())
        var streamed: [UInt8] = []
        history.writeCanonicalState(into: &streamed)
        #expect(streamed == JSONWriter.bytes(history.canonicalState()), "history streams the same bytes as its tree")
    }

    @Test("folding one view alone or all views from shared facts gives the same state")
    func sharedFactsMatchSingleFolds() throws {
        let events = try AmplificationScoresTests.workedExample().events
        let facts = events.fold(into: LedgerFacts.self)
        #expect(events.fold(into: ClaimBoard.self).stateDigest == ClaimBoard(facts: facts).stateDigest)
        #expect(events.fold(into: AmplificationScores.self).stateDigest == AmplificationScores(facts: facts).stateDigest)
        #expect(events.fold(into: VerdictTrail.self).stateDigest == VerdictTrail(facts: facts).stateDigest)
    }
}
