// Builds the demo ledger: a deterministic, fictional desk's first half of 2020, recorded
// phase by phase with the simulated clock so that as-of and diff have a history to show.
import Crypto
import Events
import Foundation
import Ledger
import Workload

/// How big a demo to build.
public enum DemoSize: String, CaseIterable, Sendable {
    /// A tenth of the 2020 volumes: about 4,650 posts.
    case small
    /// The 2020 volumes: about 46,500 posts.
    case full

    var postScale: Double { self == .small ? 0.1 : 1.0 }
}

/// What the demo built.
public struct DemoReport: Sendable {
    public let ledgerPath: String
    public let size: DemoSize
    public let seed: UInt64
    public let head: TreeHead
    public let eventsByType: [String: Int]
    public let accounts: Int
    public let countries: Int
    public let outlets: Int
    public let posts: Int
    public let claims: [String]
    public let reviewers: [String]
    /// The claim whose published verdict was revised.
    public let revisedClaim: String
    /// The event retracted as an entry made in error.
    public let retractedEvent: EventID
    /// The reviewer whose key was revoked.
    public let revokedReviewer: String
    /// The account with the most posts, for a history example.
    public let busiestAccount: String
}

/// Builds a demo ledger.
///
/// Guarantees: the same size and seed give the same events with the same ids and contents
/// (signatures differ only because keys are made per machine); `recorded_at` runs from January
/// to June 2020 and never decreases. Cost: O(posts); about 5,000 events for `small`.
public struct DemoBuilder {
    public let size: DemoSize
    public let seed: UInt64
    public let keys: KeyStore
    /// Called with a phase description and the fraction done.
    public var progress: ((String, Double) -> Void)?

    /// The simulated clock the demo records with; it goes on from where the build stops.
    public let clock: SimulatedClock

    public init(size: DemoSize, seed: UInt64, keys: KeyStore) {
        self.size = size
        self.seed = seed
        self.keys = keys
        clock = SimulatedClock(start: DemoBuilder.time("2020-01-02T09:00:00Z"))
    }

    private static func time(_ text: String) -> Timestamp {
        // The literals below are fixed and valid; a bad one is a programming error.
        guard let time = Timestamp(rfc3339: text) else { preconditionFailure("bad demo time \(text)") }
        return time
    }

    /// Builds the demo ledger at `path`, which must not exist.
    public func build(at path: String) throws -> DemoReport {
        var random = SeededGenerator(seed: seed)
        let admin = DemoScenario.reviewers[0]
        progress?("creating the ledger", 0)
        let (log, _) = try LedgerSetup.create(
            path: path, org: "FactLedger Demo Desk (fictional data)", admin: admin.handle, adminName: admin.name, keys: keys, clock: clock)
        var signers: [String: ReviewerSigner] = [:]
        signers[admin.handle] = try ReviewerSigner(handle: admin.handle, keys: keys)
        let now = { clock.now() }

        // People, policy and the registry.
        var setup: [PendingEvent] = []
        for reviewer in DemoScenario.reviewers.dropFirst() {
            let key = try loadOrCreateKey(reviewer.handle)
            signers[reviewer.handle] = ReviewerSigner(handle: reviewer.handle, key: key)
            let payload = try ReviewerRegistered(handle: reviewer.handle, name: reviewer.name, role: ReviewerRole(rawValue: reviewer.role) ?? .checker,
                                                 publicKey: Array(key.publicKey.rawRepresentation))
            setup.append(try sign(payload, by: signers[admin.handle], now: now()))
        }
        setup.append(try sign(ReviewPolicySet(policy: .twoPerson), by: signers[admin.handle], now: now()))
        var accounts: [PlatformReference] = []
        for (countryIndex, country) in DemoScenario.countries.enumerated() {
            for mission in 0..<9 {
                let handle = "demo_\(country.code.lowercased())_mission\(mission + 1)"
                let account = PlatformReference(platform: "twitter", identifier: handle)
                accounts.append(account)
                let kind: AccountKind = mission == 0 ? .ministry : (mission % 3 == 0 ? .diplomat : .embassy)
                let payload = try AccountRegistered(
                    account: account, displayName: "\(country.name) mission \(mission + 1) (demo account, fictional)", kind: kind,
                    country: country.code, person: kind == .diplomat ? "Demo Diplomat \(countryIndex * 9 + mission + 1)" : nil,
                    title: kind == .diplomat ? "Ambassador (fictional)" : nil)
                setup.append(unsigned(payload, now: now()))
            }
        }
        for outlet in DemoScenario.outlets {
            let payload = try OutletRegistered(domain: outlet.domain, name: outlet.name, affiliation: OutletAffiliation(rawValue: outlet.affiliation) ?? .unknown,
                                               country: outlet.country, basis: outlet.basis)
            setup.append(unsigned(payload, now: now()))
        }
        _ = try log.append(setup)

        // Activity weights: a few missions post far more than the rest, as in 2020.
        let weights = accounts.indices.map { index in index % 9 == 0 ? 6.0 : (index % 4 == 0 ? 3.0 : 1.0) }
        let totalWeight = weights.reduce(0, +)
        func pickAccount() -> Int {
            var target = Double.random(in: 0..<totalWeight, using: &random)
            for (index, weight) in weights.enumerated() {
                target -= weight
                if target < 0 { return index }
            }
            return weights.count - 1
        }

        // Claims appear in the months they are first posted, from January on.
        let claimMonths = DemoScenario.claims.indices.map { 1 + $0 % 4 }
        var claimCarriers: [[PlatformReference]] = Array(repeating: [], count: DemoScenario.claims.count)
        var postCounts: [Int] = Array(repeating: 0, count: accounts.count)
        var postTotal = 0
        var postSerial = 1_201_000_000_000

        // The desk's judgments, claim by claim, in the days after each month's posts arrive.
        let checkers = ["demo.ben", "demo.chen", "demo.dana"]
        var claimIDs: [String] = []
        var retracted: EventID?
        var claimIDByIndex: [Int: String] = [:]
        var verdictIDByIndex: [Int: String] = [:]
        func workClaim(_ claimIndex: Int) throws {
                let claim = DemoScenario.claims[claimIndex]
                let carriers = claimCarriers[claimIndex]
                guard let first = carriers.first else { return }
                let claimID = "c-" + String(format: "%05x", UInt32.random(in: 0..<0x100000, using: &random))
                let verdictID = "v-" + String(format: "%05x", UInt32.random(in: 0..<0x100000, using: &random))
                claimIDs.append(claimID)
                claimIDByIndex[claimIndex] = claimID
                verdictIDByIndex[claimIndex] = verdictID
                let workMonths = ["2020-01", "2020-02", "2020-03", "2020-04", "2020-05"]
                let monthEnd = workMonths[claimMonths[claimIndex]]
                let day = 6 + claimIndex % 9
                func at(_ offset: Int) -> Timestamp { DemoBuilder.time("\(monthEnd)-\(String(format: "%02d", min(day + offset, 28)))T10:00:00Z") }
                // The revoked checker signs the claims of March and earlier only.
                let author = claimMonths[claimIndex] >= 3 ? (claimIndex % 2 == 0 ? "demo.ben" : "demo.chen") : checkers[claimIndex % checkers.count]
                let reviewer = author == "demo.chen" ? "demo.ben" : "demo.chen"

                clock.advance(to: at(0))
                var events: [PendingEvent] = [
                    try sign(try ClaimFlagged(claim: claimID, summary: claim.summary, post: first, text: claim.summary, language: "en", topics: ["covid-19"]), by: signers[author], now: now()),
                    try sign(try AppearanceRecorded(claim: claimID, post: first, relation: .asserts), by: signers[author], now: now()),
                ]
                for (index, carrier) in carriers.dropFirst().enumerated() {
                    let relation: AppearanceRelation = index == 0 ? .quotesCritically : (index % 2 == 0 ? .repeats : .amplifies)
                    events.append(try sign(try AppearanceRecorded(claim: claimID, post: carrier, relation: relation), by: signers[author], now: now()))
                }
                events.append(try sign(try SourceAttributed(outlet: claim.outlet, claim: claimID, via: .link, confidence: claimIndex % 3 == 0 ? .confirmed : .probable,
                                                            evidenceURL: "https://web.archive.org/web/2020/https://www.\(claim.outlet)/news/claim-\(claimIndex + 1)"), by: signers[author], now: now()))
                _ = try log.append(events)

                clock.advance(to: at(2))
                _ = try log.append([try sign(try VerdictRecorded(verdict: verdictID, claim: claimID, label: claim.label,
                                                                 rationale: "Checked against published studies and official records; see the evidence.",
                                                                 evidence: ["https://www.who.int/emergencies/diseases/novel-coronavirus-2019"]), by: signers[author], now: now())])
                clock.advance(to: at(3))
                // One verdict draws a dissent and stays pending; the rest are confirmed and published.
                let dissent = claimIndex == DemoScenario.claims.count - 1
                _ = try log.append([try sign(try VerdictReviewed(verdict: verdictID, decision: dissent ? .dissent : .concur,
                                                                 note: dissent ? "The evidence does not yet settle this" : "Sources checked"), by: signers[reviewer], now: now())])
                if !dissent {
                    clock.advance(to: at(5))
                    _ = try log.append([try sign(try VerdictPublished(verdict: verdictID, url: "https://demo-desk.example/checks/\(claimID)"), by: signers[admin.handle], now: now())])
                }
                // An appearance recorded on the wrong post, then retracted.
                if claimIndex == 1, carriers.count > 2 {
                    clock.advance(to: at(6))
                    let wrong = try sign(try AppearanceRecorded(claim: claimID, post: carriers[carriers.count - 1], relation: .asserts), by: signers[author], now: now())
                    _ = try log.append([wrong])
                    retracted = wrong.envelope.id
                    _ = try log.append([try sign(try EntryRetracted(event: wrong.envelope.id, reason: "Recorded on the wrong post; it only quotes the claim"), by: signers[author], now: now())])
                }
        }

        for (monthIndex, month) in DemoScenario.monthlyPosts.enumerated() {
            let count = Int((Double(month.posts) * size.postScale).rounded())
            let start = DemoBuilder.time("\(month.month)-01T00:00:00Z").millisecondsSinceEpoch
            let end = monthIndex + 1 < DemoScenario.monthlyPosts.count
                ? DemoBuilder.time("\(DemoScenario.monthlyPosts[monthIndex + 1].month)-01T00:00:00Z").millisecondsSinceEpoch
                : DemoBuilder.time("2020-05-01T00:00:00Z").millisecondsSinceEpoch
            // Observed in one import a few days after the month ends.
            clock.advance(to: Timestamp(millisecondsSinceEpoch: end + 4 * 86_400_000 + 9 * 3_600_000))
            progress?("observing \(count) posts of \(month.month)", Double(monthIndex) / 6)
            var batch: [PendingEvent] = []
            let claimsThisMonth = DemoScenario.claims.indices.filter { claimMonths[$0] == monthIndex }
            for index in 0..<count {
                postSerial += 1
                let accountIndex = pickAccount()
                let account = accounts[accountIndex]
                postCounts[accountIndex] += 1
                let postedAt = Timestamp(millisecondsSinceEpoch: start + Int64(Double(end - start) * Double(index) / Double(max(count, 1))))
                let post = PlatformReference(platform: "twitter", identifier: String(postSerial))
                let kindRoll = Int.random(in: 0..<100, using: &random)
                let kind: PostKind = kindRoll < 45 ? .original : kindRoll < 85 ? .repost : kindRoll < 95 ? .quote : .reply
                var text = (0..<Int.random(in: 1...3, using: &random)).compactMap { _ in DemoScenario.phrases.randomElement(using: &random) }.joined(separator: ". ")
                var links: [String] = []
                var amplifies: AmplifiedSource?
                // About one post in five links a state outlet; reposts amplify its article.
                if Int.random(in: 0..<5, using: &random) == 0, let outlet = DemoScenario.outlets.prefix(8).randomElement(using: &random) {
                    let article = "https://www.\(outlet.domain)/news/\(postSerial % 100_000)"
                    links.append(article)
                    if kind == .repost { amplifies = .url(article) }
                }
                // Claim carriers: some posts of the month repeat one of its claims.
                let step = max(1, count / (max(claimsThisMonth.count, 1) * 14))
                if index % step == 0, !claimsThisMonth.isEmpty, case let claimIndex = claimsThisMonth[(index / step) % claimsThisMonth.count],
                   claimCarriers[claimIndex].count < 14 {
                    let claim = DemoScenario.claims[claimIndex]
                    text = "\(claim.summary). \(text)"
                    links = ["https://www.\(claim.outlet)/news/claim-\(claimIndex + 1)"]
                    claimCarriers[claimIndex].append(post)
                }
                let tags = (0..<Int.random(in: 0...2, using: &random)).compactMap { _ in DemoScenario.hashtags.randomElement(using: &random) }
                let engagement = Engagement(
                    likes: Int64.random(in: 0...4000, using: &random), reposts: Int64.random(in: 0...1200, using: &random),
                    replies: Int64.random(in: 0...300, using: &random), quotes: Int64.random(in: 0...150, using: &random))
                let payload = try PostObserved(
                    post: post, account: account, url: "https://twitter.com/\(account.identifier)/status/\(postSerial)", postedAt: postedAt,
                    kind: kind, text: text, amplifies: amplifies, language: text.unicodeScalars.contains { $0.value > 0x2E80 } ? "zh" : "en",
                    linkedURLs: links, hashtags: Array(Set(tags)).sorted(), engagement: engagement)
                batch.append(unsigned(payload, now: now()))
            }
            postTotal += count
            _ = try log.withAppendSession(atomicBatches: false) { session in
                for chunk in stride(from: 0, to: batch.count, by: 1000) {
                    _ = try session.append(Array(batch[chunk..<min(chunk + 1000, batch.count)]))
                }
            }
            progress?("flagging the claims of \(month.month)", (Double(monthIndex) + 0.5) / 6)
            for claimIndex in DemoScenario.claims.indices where claimMonths[claimIndex] == monthIndex {
                try workClaim(claimIndex)
            }
        }

        // May and June: a published verdict is revised, a reviewer leaves, counts are updated.
        progress?("revising, revoking and updating", 5.5 / 6)
        let revisedIndex = 2
        guard let revisedClaim = claimIDByIndex[revisedIndex], let revisedVerdict = verdictIDByIndex[revisedIndex] else {
            throw LedgerError.database("the demo's revised claim has no posts; choose another seed")
        }
        clock.advance(to: DemoBuilder.time("2020-05-12T11:00:00Z"))
        let revision = try VerdictRevised(claim: revisedClaim, supersedes: revisedVerdict, verdict: revisedVerdict + "r",
                                          label: "false", correctionClass: .ratingChange, reason: "Seroprevalence studies published in May contradict the claim",
                                          publicNote: "On 12 May 2020 we changed our rating from Misleading to False after new studies.")
        _ = try log.append([try sign(revision, by: signers["demo.ben"], now: now())])
        clock.advance(to: DemoBuilder.time("2020-05-13T09:00:00Z"))
        _ = try log.append([try sign(try VerdictReviewed(verdict: revision.verdict, decision: .concur, note: "New studies checked"), by: signers["demo.chen"], now: now())])
        clock.advance(to: DemoBuilder.time("2020-05-20T16:00:00Z"))
        _ = try log.append([try sign(try ReviewerRevoked(handle: "demo.dana", reason: "Left the desk; key retired"), by: signers[admin.handle], now: now())])
        clock.advance(to: DemoBuilder.time("2020-06-10T08:00:00Z"))
        var updates: [PendingEvent] = []
        for carriers in claimCarriers {
            for post in carriers.prefix(3) {
                let engagement = Engagement(likes: Int64.random(in: 4000...20000, using: &random), reposts: Int64.random(in: 1200...9000, using: &random),
                                            replies: Int64.random(in: 300...2000, using: &random), quotes: Int64.random(in: 150...900, using: &random))
                updates.append(unsigned(try EngagementObserved(post: post, observedAt: DemoBuilder.time("2020-06-10T08:00:00Z"), engagement: engagement), now: now()))
            }
        }
        let final = try log.append(updates)
        progress?("done", 1)

        var byType: [String: Int] = [:]
        try log.read { byType[$0.event.envelope.type, default: 0] += 1 }
        let busiest = postCounts.indices.max { postCounts[$0] < postCounts[$1] } ?? 0
        return DemoReport(
            ledgerPath: path, size: size, seed: seed, head: final.head, eventsByType: byType, accounts: accounts.count,
            countries: DemoScenario.countries.count, outlets: DemoScenario.outlets.count, posts: postTotal, claims: claimIDs,
            reviewers: DemoScenario.reviewers.map(\.handle), revisedClaim: revisedClaim,
            retractedEvent: retracted ?? EventID.derived(type: "none", name: "none"), revokedReviewer: "demo.dana",
            busiestAccount: accounts[busiest].description)
    }

    private func loadOrCreateKey(_ handle: String) throws -> Curve25519.Signing.PrivateKey {
        do { return try keys.loadOrCreate(path: keys.reviewerKeyPath(handle), whose: "reviewer \(handle)") } catch { throw LedgerError.key(error) }
    }

    private func unsigned(_ payload: any EventPayload, now: Timestamp) -> PendingEvent {
        PendingEvent(envelope: EventEnvelope.make(payload: payload, id: .derived, author: "import:demo", now: now), payload: payload, signature: nil)
    }

    private func sign(_ payload: any EventPayload, by signer: ReviewerSigner?, now: Timestamp) throws -> PendingEvent {
        guard let signer else { preconditionFailure("demo reviewer missing") }
        return try signer.pendingEvent(payload, id: .derived, now: now)
    }
}
