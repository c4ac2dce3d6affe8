// MAS, method mas/1 (DESIGN §5), checked against numbers worked out by hand.
import Events
import Foundation
import Projections
import Testing

@Suite("Amplification scores (mas/1)")
struct AmplificationScoresTests {
    static let end = LedgerScript.time("2020-07-01T00:00:00Z")
    static let alpha = "twitter:alpha"
    static let beta = "twitter:beta"
    static let gamma = "twitter:gamma"

    /// Three accounts, ten posts of every kind, one revised verdict and one pending claim.
    /// The last event is recorded at `end`, so `T_end - posted_at` is 0, 90 or 180 days and the
    /// decay is 1, 0.5 or 0.25 (h = 90).
    static func workedExample() throws -> LedgerScript {
        var script = LedgerScript(startingAt: end.adding(milliseconds: -10_000_000))
        try script.defaults()
        for account in [alpha, beta, gamma] { try script.account(account) }
        try script.outlet("rt.com", .stateControlled)
        try script.outlet("cgtn.com", .stateControlled)
        try script.outlet("reuters.com", .independent)
        try script.post("twitter:1", by: alpha, at: end, kind: .original, engagement: Engagement(likes: 500, reposts: 90, replies: 3, quotes: 9))
        try script.post("twitter:2", by: alpha, at: end.minus(days: 90), kind: .repost, engagement: Engagement(likes: 0, reposts: 0, replies: 0, quotes: 0))
        try script.post("twitter:3", by: alpha, at: end, kind: .quote)
        try script.post("twitter:4", by: alpha, at: end.minus(days: 180), kind: .reply)
        try script.post("twitter:5", by: beta, at: end, kind: .original)
        try script.post("twitter:6", by: beta, at: end.minus(days: 90), kind: .repost)
        try script.post("twitter:7", by: beta, at: end.minus(days: 180), kind: .original)
        try script.post("twitter:8", by: gamma, at: end, kind: .reply)
        try script.post("twitter:9", by: gamma, at: end.minus(days: 90), kind: .quote, engagement: Engagement(likes: 1, reposts: 2, replies: 0, quotes: 1))
        try script.post("twitter:10", by: gamma, at: end, kind: .repost)
        try script.flag("c1", post: "twitter:1")
        try script.appearance("c1", in: "twitter:3", .quotesCritically)
        try script.appearance("c1", in: "twitter:9", .repeats)
        try script.flag("c2")
        try script.appearance("c2", in: "twitter:2", .repeats)
        try script.appearance("c2", in: "twitter:6", .amplifies)
        try script.flag("c3", post: "twitter:5")
        try script.appearance("c3", in: "twitter:9", .asserts)
        try script.flag("c4")
        try script.appearance("c4", in: "twitter:6", .asserts)
        try script.appearance("c4", in: "twitter:8", .asserts)
        try script.verdict("v1", on: "c1", "false")
        try script.revise("c1", supersedes: "v1", with: "v1b", "mostly-false")
        try script.verdict("v2", on: "c2", "misleading")
        try script.verdict("v4", on: "c4", "true")
        try script.append(SourceAttributed(outlet: "rt.com", post: LedgerScript.reference("twitter:1"), via: .link, confidence: .confirmed))
        try script.append(SourceAttributed(outlet: "cgtn.com", claim: "c2", via: .citation, confidence: .probable))
        try script.append(SourceAttributed(outlet: "reuters.com", post: LedgerScript.reference("twitter:8"), via: .link, confidence: .confirmed))
        try script.append(EngagementObserved(post: LedgerScript.reference("twitter:2"), observedAt: end.minus(days: 80),
                                             engagement: Engagement(likes: 7, reposts: 5, replies: 1, quotes: 4)), recordedAt: end)
        return script
    }

    @Test("the worked example matches the hand computation to 1e-9")
    func workedExampleMatchesHandComputation() throws {
        let script = try Self.workedExample()
        let result = AmplificationScores(facts: script.facts()).result
        // Labels: c1 mostly-false (0.75; its false verdict was revised), c2 misleading (0.5),
        // c3 pending (no verdict), c4 true (0). Kind weights: original 1, quote 1, repost 0.8, reply 0.5.
        //
        // alpha  p1 original d=1    c1 (flag)            w=1    m=0.75  w·d=1      w·d·m=0.75
        //        p2 repost   d=0.5  c2                   w=0.8  m=0.5   w·d=0.4    w·d·m=0.2
        //        p3 quote    d=1    c1 quotes_critically w=0    m=0.75  w·d=0      w·d·m=0
        //        p4 reply    d=0.25 -                    w=0.5  m=0     w·d=0.125  w·d·m=0
        //        Σw·d = 1.525, Σw·d·m = 0.95, MS = 0.95/1.525
        // beta   p5 original d=1    c3 (pending)         w=1    m=0     w·d=1      (all pending: m'=1)
        //        p6 repost   d=0.5  c2, c4               w=0.8  m=0.5   w·d=0.4    w·d·m=0.2
        //        p7 original d=0.25 -                    w=1    m=0     w·d=0.25
        //        Σw·d = 1.65, Σw·d·m = 0.2, MS = 0.2/1.65; upper Σw·d·m' = 1.2
        // gamma  p8 reply    d=1    c4 (true)            w=0.5  m=0     w·d=0.5
        //        p9 quote    d=0.5  c1, c3               w=1    m=0.75  w·d=0.5    w·d·m=0.375 (not all pending)
        //        p10 repost  d=1    -                    w=0.8  m=0     w·d=0.8
        //        Σw·d = 1.8, Σw·d·m = 0.375, MS = 0.375/1.8
        // μ = (MS_alpha + MS_beta + MS_gamma) / 3 ≈ 0.3174987581; α = 20
        // MAS = 100·(Σw·d·m + 20μ)/(Σw·d + 20): alpha ≈ 33.913938, gamma ≈ 30.848510, beta ≈ 30.253927
        let msAlpha = 0.95 / 1.525, msBeta = 0.2 / 1.65, msGamma = 0.375 / 1.8
        let mu = (msAlpha + msBeta + msGamma) / 3
        let muUpper = (msAlpha + 1.2 / 1.65 + msGamma) / 3
        let expected: [String: (mas: Double, ms: Double, upper: Double, reach: Double, sms: Double, posts: Int, reviewed: Int)] = [
            // R = Σ w·d·m·ln(1+E): p1 E = 90+9; p2's later EngagementObserved gives E = 5+4.
            Self.alpha: (100 * (0.95 + 20 * mu) / (1.525 + 20), msAlpha, 100 * (0.95 + 20 * muUpper) / (1.525 + 20),
                         0.75 * log(100.0) + 0.2 * log(10.0), 2.0 / 4, 4, 3),
            Self.beta: (100 * (0.2 + 20 * mu) / (1.65 + 20), msBeta, 100 * (1.2 + 20 * muUpper) / (1.65 + 20), 0, 1.0 / 3, 3, 1),
            // p9: E = 2+1.
            Self.gamma: (100 * (0.375 + 20 * mu) / (1.8 + 20), msGamma, 100 * (0.375 + 20 * muUpper) / (1.8 + 20),
                         0.375 * log(4.0), 0, 3, 2),
        ]
        #expect(abs(try #require(result.mean) - mu) < 1e-9)
        #expect(abs(try #require(result.upperMean) - muUpper) < 1e-9)
        #expect(result.scores.map(\.account.description) == [Self.alpha, Self.gamma, Self.beta], "highest MAS first")
        #expect(result.parameters.method == "mas/1")
        #expect(result.parameters.endTime == Self.end)
        for score in result.scores {
            let want = try #require(expected[score.account.description])
            #expect(abs(score.mas - want.mas) < 1e-9, "MAS of \(score.account)")
            #expect(abs(score.ms - want.ms) < 1e-9, "MS of \(score.account)")
            #expect(abs(score.pendingUpperBound - want.upper) < 1e-9, "pending upper bound of \(score.account)")
            #expect(abs(score.reach - want.reach) < 1e-9, "R of \(score.account)")
            #expect(abs(score.stateMediaShare - want.sms) < 1e-9, "SMS of \(score.account)")
            #expect(score.postCount == want.posts, "n_posts of \(score.account)")
            #expect(score.reviewedCount == want.reviewed, "n_reviewed of \(score.account)")
        }
        #expect(abs((result.score(for: LedgerScript.reference(Self.alpha))?.mas ?? 0) - 33.913938032) < 1e-8)
    }

    /// One account with a false post at `end` and a clean post 90 days earlier.
    static func twoPosts(methodology: MethodologyAdopted = .masDefault) throws -> LedgerScript {
        var script = LedgerScript(startingAt: end.adding(milliseconds: -100_000))
        try script.defaults(methodology: methodology)
        try script.post("twitter:new", by: alpha, at: end)
        try script.post("twitter:old", by: alpha, at: end.minus(days: 90))
        try script.flag("c-false", post: "twitter:new")
        try script.verdict("v-false", on: "c-false", "false")
        try script.filler(recordedAt: end)
        return script
    }

    @Test("decay halves a post's weight every half-life, counted back from the last event's recorded_at")
    func decay() throws {
        let script = try Self.twoPosts()
        let score = try #require(AmplificationScores(facts: script.facts()).result.scores.first)
        // w·d: new 1·1, old 1·0.5 → MS = 1 / 1.5. With one account μ = MS, so MAS = 100·MS.
        #expect(abs(score.ms - 1 / 1.5) < 1e-12)
        #expect(abs(score.mas - 100 / 1.5) < 1e-9)
        let faster = try #require(AmplificationScores(facts: script.facts(), options: .init(halfLifeDays: 30)).result.scores.first)
        #expect(abs(faster.ms - 1 / 1.125) < 1e-12, "h = 30 days: the old post weighs 2^-3")
        let slower = try MethodologyAdopted(halfLifeDays: 180)
        let adopted = try #require(AmplificationScores(facts: Self.twoPosts(methodology: slower).facts()).result.scores.first)
        #expect(abs(adopted.ms - 1 / (1 + pow(2, -0.5))) < 1e-12, "the half-life comes from MethodologyAdopted")
    }

    @Test("an explicit window keeps only its posts and sets d = 1")
    func window() throws {
        let facts = try Self.twoPosts().facts()
        let all = AmplificationScores.Window(argument: "2020-01-01..2020-07-01")
        let both = try #require(AmplificationScores(facts: facts, options: .init(window: all)).result.scores.first)
        #expect(both.ms == 0.5 && both.postCount == 2, "d = 1 for both posts")
        let early = AmplificationScores.Window(argument: "..2020-06-30")
        let old = try #require(AmplificationScores(facts: facts, options: .init(window: early)).result.scores.first)
        #expect(old.postCount == 1 && old.ms == 0)
        #expect(AmplificationScores.Window(argument: "2020-07-01..2020-01-01") == nil)
        #expect(AmplificationScores.Window(argument: "yesterday") == nil)
        #expect(AmplificationScores.Window(argument: "2020-03-01..")?.contains(LedgerScript.time("2020-03-01T00:00:00Z")) == true)
        #expect(AmplificationScores.Window(argument: "..2020-03-01")?.contains(LedgerScript.time("2020-03-01T23:59:59Z")) == true, "a bare TO date includes its day")
    }

    @Test("shrinkage pulls each MS toward the mean with strength α from the methodology")
    func shrinkage() throws {
        var script = LedgerScript()
        try script.defaults(methodology: MethodologyAdopted(shrinkageAlpha: 5))
        try script.post("twitter:a1", by: "twitter:a", at: Self.end)
        for index in 1...3 { try script.post("twitter:b\(index)", by: "twitter:b", at: Self.end) }
        try script.flag("c", post: "twitter:a1")
        try script.verdict("v", on: "c", "false")
        let window = AmplificationScores.Window(argument: "2020-01-01..2020-12-31")
        let result = AmplificationScores(facts: script.facts(), options: .init(window: window)).result
        // MS_a = 1, MS_b = 0, μ = 0.5; MAS_a = 100·(1 + 5·0.5)/(1 + 5), MAS_b = 100·(0 + 2.5)/(3 + 5).
        #expect(result.mean == 0.5)
        #expect(abs((result.score(for: LedgerScript.reference("twitter:a"))?.mas ?? 0) - 100 * 3.5 / 6) < 1e-9)
        #expect(abs((result.score(for: LedgerScript.reference("twitter:b"))?.mas ?? 0) - 31.25) < 1e-9)
    }

    @Test("accounts whose every post quotes critically are not scored and do not enter μ")
    func criticalQuotesAreNotScored() throws {
        var script = LedgerScript()
        try script.defaults()
        try script.post("twitter:q", by: "twitter:critic", at: Self.end, kind: .quote)
        try script.post("twitter:p", by: "twitter:spreader", at: Self.end)
        try script.flag("c")
        try script.appearance("c", in: "twitter:q", .quotesCritically)
        try script.appearance("c", in: "twitter:p", .asserts)
        try script.verdict("v", on: "c", "false")
        let result = AmplificationScores(facts: script.facts()).result
        #expect(result.scores.map(\.account.description) == ["twitter:spreader"])
        #expect(result.unscored.map(\.description) == ["twitter:critic"])
        #expect(result.mean == 1)
    }

    @Test("the pending upper bound counts posts whose claims are all pending as false; void is not pending")
    func pendingUpperBound() throws {
        var script = LedgerScript()
        try script.defaults()
        try script.post("twitter:1", by: "twitter:a", at: Self.end)
        try script.post("twitter:2", by: "twitter:a", at: Self.end)
        try script.post("twitter:3", by: "twitter:a", at: Self.end)
        try script.flag("pending", post: "twitter:1")
        try script.flag("c-u", post: "twitter:2")
        try script.verdict("v-u", on: "c-u", "unproven")
        try script.flag("voided", post: "twitter:3")
        try script.verdict("v-v", on: "voided", "false")
        try script.revise("voided", supersedes: "v-v", with: "v-v2", nil, .void)
        let score = try #require(AmplificationScores(facts: script.facts()).result.scores.first)
        // m = 0 for all three; m' = 1 for the pending and the unproven post, 0 for the void one.
        #expect(score.ms == 0)
        #expect(abs(score.pendingUpperBound - 100 * 2.0 / 3) < 1e-9, "one account: upper bound = 100·MS'")
        #expect(score.reviewedCount == 1, "unproven is a current label; pending and void are not")
    }

    @Test("reach uses the latest engagement: a later EngagementObserved replaces the counts seen with the post")
    func reachUsesLatestEngagement() throws {
        var script = LedgerScript()
        try script.defaults()
        try script.post("twitter:1", by: "twitter:a", at: Self.end, engagement: Engagement(likes: 0, reposts: 1, replies: 0, quotes: 0))
        try script.flag("c", post: "twitter:1")
        try script.verdict("v", on: "c", "false")
        let window = AmplificationScores.Window(argument: "2020-01-01..2020-12-31")
        let before = try #require(AmplificationScores(facts: script.facts(), options: .init(window: window)).result.scores.first)
        #expect(abs(before.reach - log(2.0)) < 1e-12)
        let post = LedgerScript.reference("twitter:1")
        try script.append(EngagementObserved(post: post, observedAt: Self.end.adding(milliseconds: 2 * day), engagement: Engagement(likes: 0, reposts: 60, replies: 0, quotes: 3)))
        try script.append(EngagementObserved(post: post, observedAt: Self.end.adding(milliseconds: day), engagement: Engagement(likes: 0, reposts: 9, replies: 0, quotes: 0)))
        let after = try #require(AmplificationScores(facts: script.facts(), options: .init(window: window)).result.scores.first)
        #expect(abs(after.reach - log(64.0)) < 1e-12, "the observation with the latest observed_at wins, whatever the log order")
    }

    @Test("SMS counts posts attributed to a state-controlled outlet on the post or on a claim it carries")
    func stateMediaShare() throws {
        var script = LedgerScript()
        try script.defaults()
        try script.outlet("rt.com", .stateControlled)
        try script.outlet("telesurtv.net", .stateFunded)
        for index in 1...4 { try script.post("twitter:\(index)", by: "twitter:a", at: Self.end) }
        try script.append(SourceAttributed(outlet: "rt.com", post: LedgerScript.reference("twitter:1"), via: .link, confidence: .confirmed))
        try script.flag("c", post: "twitter:2")
        try script.append(SourceAttributed(outlet: "rt.com", claim: "c", via: .citation, confidence: .possible))
        try script.append(SourceAttributed(outlet: "telesurtv.net", post: LedgerScript.reference("twitter:3"), via: .link, confidence: .confirmed))
        let score = try #require(AmplificationScores(facts: script.facts()).result.scores.first)
        #expect(score.stateMediaShare == 0.5, "posts 1 and 2 of 4; state_funded does not count")
    }
}
