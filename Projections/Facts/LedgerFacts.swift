// The normalised facts of the ledger: one fold that every projection of DESIGN §5 reads.
//
// Facts are only ever added here. Which of them count (retractions, revoked reviewers,
// merges, the review policy in force) is decided when a view is computed, in
// ResolvedFacts. That is what makes retracting an event exactly the same as never having
// appended it, whatever came after it, and lets one pass over the log serve all six views.
import Events

/// What the ledger has said, folded event by event into compact, append-only tables.
///
/// Guarantees: deterministic; reads nothing but the events given; no clock. The tables keep
/// every event's key, position and author, so the projections can skip retracted events and
/// judgments signed after a revocation. Cost: O(1) amortised per event; memory grows with
/// the posts, accounts and judgments folded (about 100 bytes a post), never with their text.
public struct LedgerFacts: MergeableProjection, PostObservedFolder {
    /// How many events were folded.
    public private(set) var eventCount: Int64 = 0
    /// The position of the last event folded (0 before any).
    public private(set) var lastPosition: Int64 = 0
    /// The `recorded_at` of the last event folded: `T_end` of the MAS decay.
    public private(set) var lastRecordedAt: Timestamp?

    // Ledger settings and people.
    var methodologies: [Fact<MethodologyAdopted>] = []
    var policies: [Fact<ReviewPolicy>] = []
    var scales: [Fact<RatingScale>] = []
    var reviewerChanges: [Fact<ReviewerChange>] = []

    // Registry.
    var accountNumbers: [PlatformReference: Int32] = [:]
    var accountRefs: [PlatformReference] = []
    var accountRegistrations: [Fact<AccountRegistered>] = []
    var outletRegistrations: [Fact<OutletRegistered>] = []

    // Observations. Posts and hosts are interned to small numbers; an observation lists its
    // linked hosts as a slice of `linkedHosts`, so a post costs no allocation of its own.
    var posts = Interner<PlatformReference>()
    /// The posts, by number.
    var postRefs: [PlatformReference] { posts.values }
    var latestObservation: [Int32] = []
    var observations: [PostObservation] = []
    var hostNumbers: [String: Int32] = [:]
    var hosts: [String] = []
    var linkedHosts: [Int32] = []
    var engagements: [EngagementRecord] = []

    // Judgments.
    var flags: [Fact<ClaimFlagged>] = []
    /// Per flag, the number of the post it names as the claim's first appearance, or -1.
    var flagPosts: [Int32] = []
    var appearances: [Fact<AppearanceRecord>] = []
    var attributions: [Fact<SourceAttributed>] = []
    var verdicts: [Fact<VerdictRecord>] = []
    var reviews: [Fact<VerdictReviewed>] = []
    var publications: [Fact<VerdictPublished>] = []
    var merges: [Fact<ClaimsMerged>] = []
    var retractions: [Fact<EventID>] = []

    /// No facts.
    public init() {}

    /// Records what `event` states.
    public mutating func apply(_ event: RecordedEvent) {
        eventCount += 1
        lastPosition = event.position
        lastRecordedAt = event.recordedAt
        // Posts, most of any real ledger, are read in place; the rest by how common each type is.
        if event.payload.fold(into: &self, of: event) { return }
        switch event.payload {
        case let engagement as EngagementObserved:
            engagements.append(EngagementRecord(
                post: postNumber(engagement.post), observedAt: engagement.observedAt,
                reach: engagement.engagement.reposts + engagement.engagement.quotes,
                key: event.envelope.id, position: event.position))
        case let appearance as AppearanceRecorded:
            appearances.append(fact(AppearanceRecord(claim: appearance.claim, post: postNumber(appearance.post), relation: appearance.relation), event))
        case let flag as ClaimFlagged:
            flagPosts.append(flag.post.map { postNumber($0) } ?? -1)
            flags.append(fact(flag, event))
        case let attribution as SourceAttributed:
            attributions.append(fact(attribution, event))
        case let verdict as VerdictRecorded:
            verdicts.append(fact(VerdictRecord(verdict), event))
        case let review as VerdictReviewed:
            reviews.append(fact(review, event))
        case let revision as VerdictRevised:
            verdicts.append(fact(VerdictRecord(revision), event))
        case let publication as VerdictPublished:
            publications.append(fact(publication, event))
        case let merge as ClaimsMerged:
            merges.append(fact(merge, event))
        case let retraction as EntryRetracted:
            retractions.append(fact(retraction.event, event))
        case let account as AccountRegistered:
            _ = accountNumber(account.account)
            accountRegistrations.append(fact(account, event))
        case let outlet as OutletRegistered:
            outletRegistrations.append(fact(outlet, event))
        case let methodology as MethodologyAdopted:
            methodologies.append(fact(methodology, event))
        case let policy as ReviewPolicySet:
            policies.append(fact(policy.policy, event))
        case let scale as RatingScaleDefined:
            scales.append(fact(RatingScale(scale), event))
        case let registered as ReviewerRegistered:
            reviewerChanges.append(fact(ReviewerChange(handle: registered.handle, revoked: false), event))
        case let revoked as ReviewerRevoked:
            reviewerChanges.append(fact(ReviewerChange(handle: revoked.handle, revoked: true), event))
        default:
            break
        }
    }

    private func fact<Value>(_ value: Value, _ event: RecordedEvent) -> Fact<Value> {
        Fact(value: value, source: Provenance(
            key: event.envelope.id, position: event.position, recordedAt: event.recordedAt,
            occurredAt: event.envelope.occurredAt, author: event.envelope.author))
    }

    /// Records a post's observation; ``apply(_:)`` calls it for every `PostObserved`.
    public mutating func fold(_ post: PostObserved, of event: RecordedEvent) {
        let number = postNumber(post.post)
        let hostStart = Int32(linkedHosts.count)
        for url in post.linkedURLs { addHost(of: url, after: Int(hostStart)) }
        if case .url(let url) = post.amplifies { addHost(of: url, after: Int(hostStart)) }
        let reach = post.engagement.map { $0.reposts + $0.quotes } ?? -1
        observations.append(PostObservation(
            post: number, account: accountNumber(post.account), kind: post.kind, postedAt: post.postedAt,
            reach: reach, hostStart: hostStart, hostCount: Int32(linkedHosts.count) - hostStart,
            previous: latestObservation[Int(number)], key: event.envelope.id, position: event.position))
        latestObservation[Int(number)] = Int32(observations.count - 1)
    }

    /// Appends `later`, a fresh fold of the events that follow this fold's last event, exactly
    /// as if they had been folded here: posts, accounts and hosts new in `later` are numbered
    /// after this fold's, in the order `later` first saw them.
    public mutating func merge(following later: LedgerFacts) {
        guard later.eventCount > 0 else { return }
        eventCount += later.eventCount
        lastPosition = later.lastPosition
        lastRecordedAt = later.lastRecordedAt
        let accounts = later.accountRefs.map { accountNumber($0) }
        let posts = self.posts.numbers(forAllOf: later.posts)
        latestObservation.append(contentsOf: repeatElement(-1, count: self.posts.count - latestObservation.count))
        let hostMap = later.hosts.map { host -> Int32 in
            if let known = hostNumbers[host] { return known }
            hostNumbers[host] = Int32(hosts.count)
            hosts.append(host)
            return Int32(hosts.count - 1)
        }
        observations.reserveCapacity(observations.count + later.observations.count)
        for observation in later.observations {
            let post = posts[Int(observation.post)]
            let hostStart = Int32(linkedHosts.count)
            for slot in Int(observation.hostStart)..<Int(observation.hostStart + observation.hostCount) {
                linkedHosts.append(hostMap[Int(later.linkedHosts[slot])])
            }
            observations.append(PostObservation(
                post: post, account: accounts[Int(observation.account)], kind: observation.kind, postedAt: observation.postedAt,
                reach: observation.reach, hostStart: hostStart, hostCount: observation.hostCount,
                previous: latestObservation[Int(post)], key: observation.key, position: observation.position))
            latestObservation[Int(post)] = Int32(observations.count - 1)
        }
        engagements += later.engagements.map {
            EngagementRecord(post: posts[Int($0.post)], observedAt: $0.observedAt, reach: $0.reach, key: $0.key, position: $0.position)
        }
        appearances += later.appearances.map {
            Fact(value: AppearanceRecord(claim: $0.value.claim, post: posts[Int($0.value.post)], relation: $0.value.relation), source: $0.source)
        }
        methodologies += later.methodologies
        policies += later.policies
        scales += later.scales
        reviewerChanges += later.reviewerChanges
        accountRegistrations += later.accountRegistrations
        outletRegistrations += later.outletRegistrations
        flags += later.flags
        flagPosts += later.flagPosts.map { $0 < 0 ? -1 : posts[Int($0)] }
        attributions += later.attributions
        verdicts += later.verdicts
        reviews += later.reviews
        publications += later.publications
        merges += later.merges
        retractions += later.retractions
    }

    /// Adds the host of `url` to the hosts linked since `start`, once.
    private mutating func addHost(of url: String, after start: Int) {
        guard let host = LedgerFacts.host(of: url) else { return }
        if let known = hostNumbers[host] {
            if !linkedHosts[start...].contains(known) { linkedHosts.append(known) }
            return
        }
        let number = Int32(hosts.count)
        hosts.append(host)
        hostNumbers[host] = number
        linkedHosts.append(number)
    }

    mutating func postNumber(_ post: PlatformReference) -> Int32 {
        let number = posts.number(for: post)
        if Int(number) == latestObservation.count { latestObservation.append(-1) }
        return number
    }

    /// Makes room for the facts of about `events` events, most of them posts, so the tables do
    /// not regrow (and copy themselves) while a large log is folded.
    public mutating func reserveCapacity(forEvents events: Int) {
        posts.reserveCapacity(events)
        latestObservation.reserveCapacity(events)
        observations.reserveCapacity(events)
    }

    mutating func accountNumber(_ account: PlatformReference) -> Int32 {
        if let known = accountNumbers[account] { return known }
        let number = Int32(accountRefs.count)
        accountNumbers[account] = number
        accountRefs.append(account)
        return number
    }

    /// The host of an absolute URL, ASCII-lowercased, without user info, port or trailing dots.
    /// Works on the UTF-8 bytes: it runs for every linked URL of every post.
    static func host(of url: String) -> String? {
        var text = url
        return text.withUTF8 { bytes -> String? in
            let colon = UInt8(ascii: ":"), slash = UInt8(ascii: "/")
            var index = 0
            while index + 2 < bytes.count, !(bytes[index] == colon && bytes[index + 1] == slash && bytes[index + 2] == slash) { index += 1 }
            guard index + 2 < bytes.count else { return nil }
            var start = index + 3
            var end = start
            while end < bytes.count, bytes[end] != slash, bytes[end] != UInt8(ascii: "?"), bytes[end] != UInt8(ascii: "#") {
                if bytes[end] == UInt8(ascii: "@") { start = end + 1 }
                end += 1
            }
            if start < end, bytes[start] == UInt8(ascii: "[") {
                // An IPv6 literal holds colons of its own: the host ends at its bracket.
                if let close = bytes[start..<end].firstIndex(of: UInt8(ascii: "]")) { end = close + 1 }
            } else if start < end {
                var scan = end
                while scan > start {
                    scan -= 1
                    if bytes[scan] == colon { end = scan; break }
                }
            }
            while end > start, bytes[end - 1] == UInt8(ascii: ".") { end -= 1 }
            guard end > start else { return nil }
            let host = UnsafeBufferPointer(rebasing: bytes[start..<end])
            // Most hosts are written in lowercase already: then the bytes are the string.
            guard host.contains(where: { $0 >= UInt8(ascii: "A") && $0 <= UInt8(ascii: "Z") }) else { return String(decoding: host, as: UTF8.self) }
            return String(decoding: host.map { $0 >= UInt8(ascii: "A") && $0 <= UInt8(ascii: "Z") ? $0 + 32 : $0 }, as: UTF8.self)
        }
    }
}

/// Where a fact came from.
struct Provenance: Sendable {
    let key: EventID
    let position: Int64
    let recordedAt: Timestamp
    let occurredAt: Timestamp
    /// The envelope's author: a reviewer handle, `ledger` or `import:<source>`.
    let author: String
}

/// A value stated by one event.
struct Fact<Value: Sendable>: Sendable {
    let value: Value
    let source: Provenance
}

/// A reviewer's registration or revocation.
struct ReviewerChange: Sendable {
    let handle: String
    let revoked: Bool
}

/// One observation of a post; the latest live one is the post's current state.
struct PostObservation: Sendable {
    // Ordered by size, widest first, so a million of them carry no padding between fields.
    let postedAt: Timestamp
    /// Reposts plus quotes from the observation's engagement, or -1 when it had none.
    let reach: Int64
    let position: Int64
    let key: EventID
    let kind: PostKind
    let post: Int32
    let account: Int32
    let hostStart: Int32
    let hostCount: Int32
    /// The earlier observation of the same post, or -1.
    let previous: Int32

    init(post: Int32, account: Int32, kind: PostKind, postedAt: Timestamp, reach: Int64, hostStart: Int32, hostCount: Int32,
         previous: Int32, key: EventID, position: Int64) {
        self.postedAt = postedAt
        self.reach = reach
        self.position = position
        self.key = key
        self.kind = kind
        self.post = post
        self.account = account
        self.hostStart = hostStart
        self.hostCount = hostCount
        self.previous = previous
    }
}

/// Later engagement counts for a post.
struct EngagementRecord: Sendable {
    let post: Int32
    let observedAt: Timestamp
    /// Reposts plus quotes.
    let reach: Int64
    let key: EventID
    let position: Int64
}

/// A claim found in a post.
struct AppearanceRecord: Sendable {
    let claim: String
    let post: Int32
    let relation: AppearanceRelation
}

/// A verdict: recorded, or made by a revision that supersedes an earlier one.
struct VerdictRecord: Sendable {
    let verdict: String
    let claim: String
    /// Nil only for a revision whose correction class is `void`.
    let label: String?
    let scale: String
    /// The rationale of a recorded verdict, the reason of a revision.
    let reason: String
    let revision: Revision?

    struct Revision: Sendable {
        let supersedes: String
        let correctionClass: CorrectionClass
        let publicNote: String?
    }

    init(_ recorded: VerdictRecorded) {
        verdict = recorded.verdict
        claim = recorded.claim
        label = recorded.label
        scale = recorded.scale
        reason = recorded.rationale
        revision = nil
    }

    init(_ revised: VerdictRevised) {
        verdict = revised.verdict
        claim = revised.claim
        label = revised.correctionClass == .void ? nil : revised.label
        scale = revised.scale
        reason = revised.reason
        revision = Revision(supersedes: revised.supersedes, correctionClass: revised.correctionClass, publicNote: revised.publicNote)
    }
}
