// The facts that count at the end of a fold (DESIGN §5): retracted events removed, judgments
// signed after their author's revocation ignored, merged claims resolved to their survivor,
// and each claim's conclusion derived under the review policy in force when each verdict was
// recorded. Every projection computes its view from one of these.
import Events

/// The live state of a `LedgerFacts`, with the indexes the views need.
///
/// Guarantees: a function of the live facts only, so a retracted event leaves no trace.
/// Cost: O(facts) to build; lookups are O(1) or O(verdicts of one claim).
struct ResolvedFacts {
    let facts: LedgerFacts
    private let retracted: Set<EventID>
    private let reviewerTimeline: [String: [(position: Int64, revoked: Bool)]]
    private let policyTimeline: [(position: Int64, policy: ReviewPolicy)]
    /// The methodology in force: the latest live `MethodologyAdopted`, else the `mas/1` defaults.
    let methodology: MethodologyAdopted
    /// The weight and pending flag of each label of each live scale (the first label of a name).
    private let labelWeights: [ScaleLabel: (weight: Double, pending: Bool)]
    /// The live registration of each outlet, by domain.
    let outlets: [String: Fact<OutletRegistered>]
    /// The live registration of each account, by account number.
    let accounts: [Int32: Fact<AccountRegistered>]
    /// Per post number, the index of its live observation, or -1 when it has none.
    let livePosts: [Int32]
    /// Every claim that has a live judgment, by id.
    let claims: [String: ClaimRecord]
    /// Per post number, the claims it carries (merged claims resolved to their survivor).
    let linksByPost: PostTable<[CarriedClaim]>
    /// Outlets attributed to a post, by post number.
    let outletsByPost: PostTable<Set<String>>
    /// Outlets attributed to a claim, by surviving claim id.
    let outletsByClaim: [String: Set<String>]
    /// The current rating of every claim with a live verdict, by id.
    private(set) var ratings: [String: Rating]
    /// Per host number, the registered outlet whose domain it belongs to.
    let hostOutlets: [String?]
    private let survivors: [String: String]
    private let reviewsByVerdict: [Int: [Fact<VerdictReviewed>]]
    private let publicationsByVerdict: [Int: [Fact<VerdictPublished>]]
    private let latestEngagement: PostTable<EngagementRecord>

    /// A label of a rating scale, as a key.
    private struct ScaleLabel: Hashable {
        let scale: String
        let label: String
    }

    /// A claim and the live verdicts about it.
    struct ClaimRecord {
        let id: String
        /// The latest live flag.
        var flag: Fact<ClaimFlagged>?
        /// Indexes in `LedgerFacts.verdicts`, in log order.
        var verdicts: [Int] = []
        /// Everyone who flagged, rated, reviewed, revised or published it.
        var reviewers: Set<String> = []
        /// The position of its first live judgment.
        var firstPosition: Int64
    }

    /// One claim a post carries, and how.
    struct CarriedClaim {
        /// The surviving claim id.
        let claim: String
        /// The relations recorded by `AppearanceRecorded`.
        var relations: Set<AppearanceRelation> = []
        /// Whether a `ClaimFlagged` names the post as the claim's first appearance.
        var flagged = false

        /// Every recorded appearance quotes the claim critically. A flag alone does not say how
        /// the post relates to the claim, so it never makes the link critical.
        var isCritical: Bool { !relations.isEmpty && relations.allSatisfy { $0 == .quotesCritically } }
    }

    init(_ facts: LedgerFacts) {
        self.facts = facts
        let retracted = ResolvedFacts.effectiveRetractions(facts.retractions)
        self.retracted = retracted
        func isLive(_ source: Provenance) -> Bool { retracted.isEmpty || !retracted.contains(source.key) }
        func latestLive<Value>(_ list: [Fact<Value>]) -> Fact<Value>? { list.last { isLive($0.source) } }

        var timeline: [String: [(position: Int64, revoked: Bool)]] = [:]
        for change in facts.reviewerChanges where isLive(change.source) {
            timeline[change.value.handle, default: []].append((change.source.position, change.value.revoked))
        }
        reviewerTimeline = timeline
        policyTimeline = facts.policies.filter { isLive($0.source) }.map { ($0.source.position, $0.value) }
        methodology = latestLive(facts.methodologies)?.value ?? .masDefault
        var scales: [String: RatingScale] = [RatingScale.defaultID: .factledgerDefault]
        for scale in facts.scales where isLive(scale.source) { scales[scale.value.id] = scale.value }
        var labelWeights: [ScaleLabel: (weight: Double, pending: Bool)] = [:]
        for (id, scale) in scales {
            for label in scale.labels where labelWeights[ScaleLabel(scale: id, label: label.label)] == nil {
                labelWeights[ScaleLabel(scale: id, label: label.label)] = (label.weight, label.pending)
            }
        }
        self.labelWeights = labelWeights

        var outlets: [String: Fact<OutletRegistered>] = [:]
        for outlet in facts.outletRegistrations where isLive(outlet.source) { outlets[outlet.value.domain] = outlet }
        self.outlets = outlets
        hostOutlets = facts.hosts.map { ResolvedFacts.outlet(forHost: $0, in: outlets) }
        var accounts: [Int32: Fact<AccountRegistered>] = [:]
        for account in facts.accountRegistrations where isLive(account.source) {
            if let number = facts.accountNumbers[account.value.account] { accounts[number] = account }
        }
        self.accounts = accounts

        if retracted.isEmpty {
            livePosts = facts.latestObservation
        } else {
            livePosts = facts.latestObservation.map { latest in
                var index = latest
                while index >= 0, retracted.contains(facts.observations[Int(index)].key) { index = facts.observations[Int(index)].previous }
                return index
            }
        }
        var latestEngagement = PostTable<EngagementRecord>(postCount: facts.posts.count)
        for engagement in facts.engagements where retracted.isEmpty || !retracted.contains(engagement.key) {
            latestEngagement.modify(engagement.post, startingWith: engagement) { known in
                if known.observedAt <= engagement.observedAt { known = engagement }
            }
        }
        self.latestEngagement = latestEngagement

        // Judgments count when live and signed before any revocation of their author.
        func isValid(_ source: Provenance) -> Bool {
            guard isLive(source) else { return false }
            guard let changes = timeline[source.author] else { return true }
            return !(changes.last { $0.position < source.position }?.revoked ?? false)
        }

        var survivors: [String: String] = [:]
        for merge in facts.merges where isValid(merge.source) { survivors[merge.value.merged] = merge.value.surviving }
        self.survivors = survivors
        func survivor(_ claim: String) -> String { ResolvedFacts.survivor(of: claim, in: survivors) }

        var claims: [String: ClaimRecord] = [:]
        claims.reserveCapacity(facts.flags.count)
        /// Makes `claim`'s record (first touched at `source`) and applies `change` to it, with
        /// one lookup; the author counts as a reviewer unless `reviewer` is false or an import.
        func touch(_ claim: String, _ source: Provenance, reviewer: Bool = true, _ change: (inout ClaimRecord) -> Void = { _ in }) {
            let author = reviewer && !source.author.hasPrefix("import:") ? source.author : nil
            func update(_ record: inout ClaimRecord) {
                if let author { record.reviewers.insert(author) }
                change(&record)
            }
            update(&claims[claim, default: ClaimRecord(id: claim, firstPosition: source.position)])
        }
        var links = PostTable<[CarriedClaim]>(postCount: facts.posts.count)
        func link(post: Int32, claim: String, relation: AppearanceRelation?) {
            let surviving = survivor(claim)
            links.modify(post, startingWith: []) { carried in
                let index: Int
                if let found = carried.firstIndex(where: { $0.claim == surviving }) {
                    index = found
                } else {
                    carried.append(CarriedClaim(claim: surviving))
                    index = carried.count - 1
                }
                if let relation { carried[index].relations.insert(relation) } else { carried[index].flagged = true }
            }
        }
        for (index, flag) in facts.flags.enumerated() where isValid(flag.source) {
            touch(flag.value.claim, flag.source) { $0.flag = flag }
            let post = facts.flagPosts[index]
            if post >= 0 { link(post: post, claim: flag.value.claim, relation: nil) }
        }
        for appearance in facts.appearances where isValid(appearance.source) {
            touch(appearance.value.claim, appearance.source, reviewer: false)
            link(post: appearance.value.post, claim: appearance.value.claim, relation: appearance.value.relation)
        }
        links.modifyEach { $0.sort { $0.claim < $1.claim } }
        linksByPost = links

        var outletsByPost = PostTable<Set<String>>(postCount: facts.posts.count)
        var outletsByClaim: [String: Set<String>] = [:]
        for attribution in facts.attributions where isValid(attribution.source) {
            if let claim = attribution.value.claim {
                touch(claim, attribution.source, reviewer: false)
                outletsByClaim[survivor(claim), default: []].insert(attribution.value.outlet)
            }
            if let post = attribution.value.post, let number = facts.posts[post] {
                outletsByPost.modify(number, startingWith: []) { $0.insert(attribution.value.outlet) }
            }
        }
        self.outletsByPost = outletsByPost
        self.outletsByClaim = outletsByClaim

        var verdictIndex: [String: Int] = [:]
        for (index, verdict) in facts.verdicts.enumerated() where isValid(verdict.source) {
            touch(verdict.value.claim, verdict.source) { $0.verdicts.append(index) }
            verdictIndex[verdict.value.verdict] = index
        }
        var reviewsByVerdict: [Int: [Fact<VerdictReviewed>]] = [:]
        for review in facts.reviews where isValid(review.source) {
            guard let index = verdictIndex[review.value.verdict] else { continue }
            reviewsByVerdict[index, default: []].append(review)
            claims[facts.verdicts[index].value.claim]?.reviewers.insert(review.source.author)
        }
        self.reviewsByVerdict = reviewsByVerdict
        var publicationsByVerdict: [Int: [Fact<VerdictPublished>]] = [:]
        for publication in facts.publications where isValid(publication.source) {
            guard let index = verdictIndex[publication.value.verdict] else { continue }
            publicationsByVerdict[index, default: []].append(publication)
            claims[facts.verdicts[index].value.claim]?.reviewers.insert(publication.source.author)
        }
        self.publicationsByVerdict = publicationsByVerdict
        for merge in facts.merges where isValid(merge.source) {
            touch(merge.value.surviving, merge.source)
            touch(merge.value.merged, merge.source)
        }
        self.claims = claims
        ratings = [:]
        ratings.reserveCapacity(claims.count)
        for (id, claim) in claims where !claim.verdicts.isEmpty { ratings[id] = rating(of: claim) }
    }

    // MARK: retractions, policy, reviewers

    /// The events retracted by live retractions. A retraction can only name an earlier event,
    /// so walking from the newest retraction back settles retractions of retractions first.
    private static func effectiveRetractions(_ retractions: [Fact<EventID>]) -> Set<EventID> {
        var retracted: Set<EventID> = []
        for retraction in retractions.reversed() where !retracted.contains(retraction.source.key) {
            retracted.insert(retraction.value)
        }
        return retracted
    }

    /// The review policy in force for an event at `position`: the latest live `ReviewPolicySet`
    /// before it, or `single` when there is none.
    func policy(before position: Int64) -> ReviewPolicy {
        policyTimeline.last { $0.position < position }?.policy ?? .single
    }

    /// The position at which `handle` was revoked, if their current registration is revoked.
    func revocation(of handle: String) -> Int64? {
        guard let last = reviewerTimeline[handle]?.last, last.revoked else { return nil }
        return last.position
    }

    /// Whether the event whose fact this is still counts.
    func isLive(_ source: Provenance) -> Bool { retracted.isEmpty || !retracted.contains(source.key) }

    // MARK: posts

    /// The live observation of post `number`, if any.
    func observation(ofPost number: Int32) -> PostObservation? {
        let index = livePosts[Int(number)]
        return index >= 0 ? facts.observations[Int(index)] : nil
    }

    /// Reposts plus quotes from the latest engagement known for the post: the latest live
    /// `EngagementObserved` by `observed_at`, else the counts observed with the post, else 0.
    func reach(of observation: PostObservation) -> Int64 {
        if let later = latestEngagement[observation.post] { return later.reach }
        return max(observation.reach, 0)
    }

    /// The registered outlets a post links to, through its linked URLs or the URL it amplifies.
    func linkedOutlets(of observation: PostObservation) -> [String] {
        var found: [String] = []
        for slot in Int(observation.hostStart)..<Int(observation.hostStart + observation.hostCount) {
            if let outlet = hostOutlets[Int(facts.linkedHosts[slot])], !found.contains(outlet) { found.append(outlet) }
        }
        return found
    }

    /// The outlets attributed to the post or to a claim it carries.
    func attributedOutlets(ofPost number: Int32) -> Set<String> {
        var outlets = outletsByPost[number] ?? []
        for carried in linksByPost[number] ?? [] { outlets.formUnion(outletsByClaim[carried.claim] ?? []) }
        return outlets
    }

    /// The affiliation of a registered outlet.
    func affiliation(of domain: String) -> OutletAffiliation? { outlets[domain]?.value.affiliation }

    /// The registered outlet whose domain is `host` or a parent of it (`www.rt.com` is `rt.com`).
    private static func outlet(forHost host: String, in outlets: [String: Fact<OutletRegistered>]) -> String? {
        var candidate = Substring(host)
        while true {
            if outlets[String(candidate)] != nil { return String(candidate) }
            guard let dot = candidate.firstIndex(of: ".") else { return nil }
            candidate = candidate[candidate.index(after: dot)...]
        }
    }

    // MARK: claims

    /// The claim that `claim` now belongs to, following merges; a cycle leaves it as it is.
    func survivor(of claim: String) -> String { ResolvedFacts.survivor(of: claim, in: survivors) }

    private static func survivor(of claim: String, in survivors: [String: String]) -> String {
        // Most claims were never merged: no set of visited claims is needed for them.
        guard !survivors.isEmpty, survivors[claim] != nil else { return claim }
        var current = claim
        var seen: Set<String> = [claim]
        while let next = survivors[current] {
            guard seen.insert(next).inserted else { return claim }
            current = next
        }
        return current
    }

    /// The claim this one was merged into directly, if any.
    func mergedInto(_ claim: String) -> String? { survivors[claim] }

    /// The live reviews of the verdict at `index`.
    func reviews(ofVerdict index: Int) -> [Fact<VerdictReviewed>] { reviewsByVerdict[index] ?? [] }

    /// The live publications of the verdict at `index`.
    func publications(ofVerdict index: Int) -> [Fact<VerdictPublished>] { publicationsByVerdict[index] ?? [] }

    /// Whether the verdict at `index` is final, counting only what happened by `time` (in
    /// `occurred_at`) and by `position` when they are given.
    ///
    /// A verdict recorded under the `single` policy is final at once; under `two_person`, once a
    /// reviewer other than its author concurs. A revision is a verdict and follows the same rule.
    func isFinal(verdict index: Int, occurredBy time: Timestamp? = nil, through position: Int64? = nil) -> Bool {
        let verdict = facts.verdicts[index]
        if let time, verdict.source.occurredAt > time { return false }
        if let position, verdict.source.position > position { return false }
        switch policy(before: verdict.source.position) {
        case .single:
            return true
        case .twoPerson:
            return reviews(ofVerdict: index).contains { review in
                review.value.decision == .concur && review.source.author != verdict.source.author
                    && (time.map { review.source.occurredAt <= $0 } ?? true)
                    && (position.map { review.source.position <= $0 } ?? true)
            }
        }
    }

    /// The rating of `claim` from its latest final verdict, counting only what happened by
    /// `time` (in `occurred_at`) and by `position` when they are given.
    func rating(of claim: ClaimRecord, occurredBy time: Timestamp? = nil, through position: Int64? = nil) -> Rating {
        for index in claim.verdicts.reversed() where isFinal(verdict: index, occurredBy: time, through: position) {
            let verdict = facts.verdicts[index].value
            guard let label = verdict.label else {
                return Rating(conclusion: .void, verdict: index, weight: 0, isPending: false)
            }
            let defined = labelWeights[ScaleLabel(scale: verdict.scale, label: label)]
            let pending = defined?.pending ?? false
            return Rating(conclusion: .labelled(label), verdict: index, weight: pending ? 0 : defined?.weight ?? 0, isPending: pending)
        }
        return .unrated
    }

    /// The current rating of a claim id; unrated when it has no final verdict.
    func rating(of claim: String) -> Rating { ratings[claim] ?? .unrated }
}
