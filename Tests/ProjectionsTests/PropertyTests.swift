// Properties of every projection over generated ledgers (issue 5): a fold splits at any
// point, as-of N is the ledger of the first N events, and retracting an event is the same as
// never having appended it. The ledgers come from a seeded generator, so a failure names its
// seed and replays exactly.
import Events
import Projections
import Testing

/// Random but valid ledgers: posts, claims, appearances, attributions, engagement, verdicts,
/// reviews, revisions (including void), publications, merges, policy and methodology changes,
/// revocations and retractions, with references that resolve.
struct LedgerGenerator {
    var random: SplitMix
    var script = LedgerScript()
    var posts: [String] = []
    var claims: [String] = []
    var verdicts: [(verdict: String, claim: String)] = []
    var ids: [EventID] = []
    let reviewers = ["alice", "bob", "carol"]
    let accounts = ["twitter:a", "twitter:b", "twitter:c", "weibo:d"]
    let outlets = ["rt.com", "cgtn.com", "apnews.com"]

    init(seed: UInt64) {
        random = SplitMix(seed: seed)
    }

    mutating func pick<Element>(_ options: [Element]) -> Element {
        options[Int.random(in: 0..<options.count, using: &random)]
    }

    mutating func chance(_ percent: Int) -> Bool { Int.random(in: 0..<100, using: &random) < percent }

    mutating func record(_ id: EventID) { ids.append(id) }

    /// A ledger of about `steps` events after the defaults.
    static func ledger(seed: UInt64, steps: Int = 60) throws -> LedgerScript {
        var generator = LedgerGenerator(seed: seed)
        try generator.generate(steps: steps)
        return generator.script
    }

    mutating func generate(steps: Int) throws {
        try script.defaults(policy: chance(50) ? .single : .twoPerson)
        for reviewer in reviewers {
            try script.append(ReviewerRegistered(handle: reviewer, name: reviewer, role: .editor, publicKey: [UInt8](repeating: 3, count: 32)))
        }
        for account in accounts where chance(70) { record(try script.append(AccountRegistered(account: LedgerScript.reference(account), displayName: account, kind: .embassy, country: "CN"))) }
        try script.outlet("rt.com", .stateControlled)
        try script.outlet("cgtn.com", .stateControlled)
        try script.outlet("apnews.com", .independent)
        let start = script.clock
        for step in 0..<steps {
            let roll = Int.random(in: 0..<100, using: &random)
            let author = pick(reviewers)
            let occurred = start.adding(milliseconds: Int64.random(in: -40...40, using: &random) * day)
            switch roll {
            case ..<35:
                let post = "twitter:p\(step)"
                let kind = pick(PostKind.allCases)
                let engagement = chance(50) ? Engagement(likes: 1, reposts: Int64.random(in: 0...500, using: &random), replies: 0, quotes: Int64.random(in: 0...50, using: &random)) : nil
                let links = chance(40) ? ["https://www.\(pick(outlets))/story/\(step)"] : []
                record(try script.post(post, by: pick(accounts), at: start.adding(milliseconds: Int64.random(in: -200...0, using: &random) * day),
                                       kind: kind, engagement: engagement, links: links))
                posts.append(post)
            case ..<43 where !posts.isEmpty:
                record(try script.append(EngagementObserved(post: LedgerScript.reference(pick(posts)), observedAt: occurred,
                                                            engagement: Engagement(likes: 0, reposts: Int64.random(in: 0...900, using: &random), replies: 0, quotes: 1))))
            case ..<53:
                let claim = "c\(step)"
                record(try script.flag(claim, post: posts.isEmpty || chance(30) ? nil : pick(posts), author: author, occurredAt: occurred))
                claims.append(claim)
            case ..<63 where !claims.isEmpty && !posts.isEmpty:
                record(try script.appearance(pick(claims), in: pick(posts), pick(AppearanceRelation.allCases)))
            case ..<68 where !claims.isEmpty:
                let post = posts.isEmpty || chance(50) ? nil : LedgerScript.reference(pick(posts))
                record(try script.append(SourceAttributed(outlet: pick(outlets), claim: post == nil || chance(50) ? pick(claims) : nil, post: post,
                                                          via: .citation, confidence: .probable), author: author))
            case ..<78 where !claims.isEmpty:
                let claim = pick(claims)
                let verdict = "v\(step)"
                record(try script.verdict(verdict, on: claim, pick(["false", "mostly-false", "mixture", "true", "unproven", "misleading"]), author: author, occurredAt: occurred))
                verdicts.append((verdict, claim))
            case ..<86 where !verdicts.isEmpty:
                record(try script.review(pick(verdicts).verdict, chance(80) ? .concur : .dissent, author: author, occurredAt: occurred))
            case ..<91 where !verdicts.isEmpty:
                let old = pick(verdicts)
                let verdict = "v\(step)"
                let void = chance(25)
                record(try script.revise(old.claim, supersedes: old.verdict, with: verdict, void ? nil : pick(["false", "mixture", "true"]),
                                         void ? .void : pick([.ratingChange, .factual, .update]), author: author, occurredAt: occurred))
                verdicts.append((verdict, old.claim))
            case ..<93 where !verdicts.isEmpty:
                record(try script.append(VerdictPublished(verdict: pick(verdicts).verdict, url: "https://factcheck.example/\(step)"), author: author))
            case ..<95 where claims.count >= 2:
                let surviving = pick(claims)
                let merged = pick(claims)
                if surviving != merged { record(try script.append(ClaimsMerged(surviving: surviving, merged: merged, reason: "duplicate"), author: author)) }
            case ..<96:
                record(try script.append(ReviewPolicySet(policy: chance(50) ? .single : .twoPerson)))
            case ..<97:
                record(try script.append(MethodologyAdopted(halfLifeDays: Double(Int.random(in: 10...200, using: &random)), shrinkageAlpha: 5)))
            case ..<98:
                record(try script.append(ReviewerRevoked(handle: pick(reviewers), reason: "rotation")))
            default:
                if !ids.isEmpty { record(try script.retract(pick(ids))) }
            }
        }
    }
}

@Suite("Projection properties over generated ledgers")
struct PropertyTests {
    static let seeds: [UInt64] = Array(1...40)

    @Test("folding all events equals folding a prefix, then the rest", arguments: seeds)
    func prefixThenRest(seed: UInt64) throws {
        let events = try LedgerGenerator.ledger(seed: seed).events
        let whole = events.fold(into: LedgerFacts.self)
        var split = SplitMix(seed: seed ^ 0xABCDEF)
        let cut = Int.random(in: 0...events.count, using: &split)
        var facts = Array(events.prefix(cut)).fold(into: LedgerFacts.self)
        for event in events.dropFirst(cut) { facts.apply(event) }
        #expect(digests(facts) == digests(whole), "seed \(seed), cut at \(cut)")
    }

    @Test("merging the folds of consecutive ranges equals one fold, for the facts and the summary", arguments: seeds)
    func mergedRangesEqualOneFold(seed: UInt64) throws {
        let events = try LedgerGenerator.ledger(seed: seed).events
        var split = SplitMix(seed: seed ^ 0x3E76E)
        let first = Int.random(in: 0...events.count, using: &split)
        let second = Int.random(in: first...events.count, using: &split)
        let ranges = [0..<first, first..<second, second..<events.count]
        var facts = LedgerFacts()
        var summary = LedgerSummary()
        for range in ranges {
            facts.merge(following: Array(events[range]).fold(into: LedgerFacts.self))
            summary.merge(following: Array(events[range]).fold(into: LedgerSummary.self))
        }
        #expect(digests(facts) == digests(events.fold(into: LedgerFacts.self)), "seed \(seed), cuts at \(first) and \(second)")
        #expect(summary == events.fold(into: LedgerSummary.self))
        #expect(facts.lastPosition == Int64(events.count) && facts.eventCount == Int64(events.count))
    }

    @Test("the history digest streams the same bytes as the history's JSON tree", arguments: seeds)
    func historyStreamsItsTree(seed: UInt64) throws {
        let facts = try LedgerGenerator.ledger(seed: seed).events.fold(into: LedgerFacts.self)
        let history = AccountClaimHistory(facts: facts)
        let tree = JSONWriter.bytes(history.canonicalState())
        var streamed: [UInt8] = []
        history.writeCanonicalState(into: &streamed)
        #expect(streamed == tree, "seed \(seed)")
        let reported = ProjectionCatalogue.reports(facts).first { $0.name == AccountClaimHistory.name }
        #expect(reported?.digest == ContentDigest.sha256Hex(tree), "seed \(seed): the replay digest")
    }

    @Test("as of N equals a fresh ledger holding only the first N events", arguments: seeds)
    func asOfEqualsFreshPrefix(seed: UInt64) throws {
        let events = try LedgerGenerator.ledger(seed: seed).events
        var split = SplitMix(seed: seed ^ 0x5EED)
        let cut = Int.random(in: 0...events.count, using: &split)
        let asOf = events.fold(into: LedgerFacts.self, asOf: .position(Int64(cut)))
        let fresh = Array(events.prefix(cut)).fold(into: LedgerFacts.self)
        #expect(digests(asOf) == digests(fresh), "seed \(seed), N = \(cut)")
    }

    @Test("retracting an event equals never having appended it, for every projection", arguments: seeds)
    func retractionEqualsAbsence(seed: UInt64) throws {
        let base = try LedgerGenerator.ledger(seed: seed)
        var choose = SplitMix(seed: seed ^ 0x7E7)
        for _ in 0..<4 {
            let index = Int.random(in: 0..<base.events.count, using: &choose)
            let target = base.events[index]
            var retracted = base
            try retracted.retract(target.envelope.id)
            let end = try #require(retracted.events.last?.recordedAt)
            // The same log with the event replaced by one no projection reads, so positions and
            // times stay where they were; the retraction is replaced the same way.
            var absent = LedgerScript(startingAt: base.events[0].recordedAt)
            for event in base.events {
                if event.position == target.position {
                    try absent.filler(recordedAt: event.recordedAt)
                } else {
                    try absent.append(event.payload, author: event.envelope.author, occurredAt: event.envelope.occurredAt,
                                      recordedAt: event.recordedAt, id: event.envelope.id.rawValue)
                }
            }
            try absent.filler(recordedAt: end)
            #expect(digests(retracted.facts()) == digests(absent.facts()),
                    "seed \(seed): retracting \(target.envelope.type) at position \(target.position)")
        }
    }

    @Test("generated ledgers exercise every view")
    func generatorCoverage() throws {
        var statuses: Set<ClaimBoard.Status> = []
        var scored = 0
        for seed in Self.seeds {
            let facts = try LedgerGenerator.ledger(seed: seed).facts()
            statuses.formUnion(ClaimBoard(facts: facts).state.entries.map(\.status))
            scored += AmplificationScores(facts: facts).result.scores.count
        }
        #expect(statuses == Set(ClaimBoard.Status.allCases))
        #expect(scored > 0)
    }
}
