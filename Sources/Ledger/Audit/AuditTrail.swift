// `audit claim` and `audit account`: every event behind a conclusion, in log order, each with
// its signature checked against the key that was registered at that moment.
import Events
import Foundation

/// How an audited event's signature stands.
public enum SignatureCheck: Sendable, Equatable {
    /// Signed by its author's key, registered and unrevoked at that position.
    case valid
    /// Not signed, and allowed to be (a bulk observation covered by checkpoints).
    case unsigned
    /// Signed badly, by the wrong key, or missing where required.
    case invalid(String)

    /// ✓, – or ✗.
    public var symbol: String {
        switch self {
        case .valid: return "✓"
        case .unsigned: return "–"
        case .invalid: return "✗"
        }
    }
}

/// One line of an audit trail.
public struct AuditEntry: Sendable {
    public let position: Int64
    public let recordedAt: Timestamp
    public let occurredAt: Timestamp
    public let id: EventID
    public let type: String
    public let author: String
    /// What the event says, in a few words.
    public let summary: String
    public let signature: SignatureCheck
    /// For verdicts and revisions: the claim's label before and after.
    public let labelChange: (from: String?, to: String?)?
    /// Whether a later event retracted this one.
    public let isRetracted: Bool
}

/// Builds audit trails.
///
/// Guarantees: entries are in log order and include every event on the claim's stream, the
/// reviews and publications of its verdicts, merges into or out of it, and retractions of any
/// of these. Cost: index lookups for streams plus one scan per event type involved; an account
/// trail also scans the posts.
public enum AuditTrail {
    /// The trail of claim `claim`.
    public static func claim(_ claim: String, in log: EventLog) throws -> [AuditEntry] {
        guard try log.streamVersion(.claim(claim)) > 0 else {
            throw LedgerError.missingReference(index: 0, eventType: "audit", reference: .stream(.claim(claim), noun: "claim \(claim)"))
        }
        return try trail(claims: [claim], posts: [], accountStream: nil, in: log)
    }

    /// The trail of account `account`: its registration, its posts, and the claims they carry.
    public static func account(_ account: PlatformReference, in log: EventLog) throws -> [AuditEntry] {
        guard try log.streamVersion(.account(account)) > 0 else {
            throw LedgerError.missingReference(index: 0, eventType: "audit", reference: .stream(.account(account), noun: "account \(account)"))
        }
        var posts = Set<PlatformReference>()
        try log.read(type: PostObserved.typeName) { stored in
            if let post = stored.event.payload as? PostObserved, post.account == account { posts.insert(post.post) }
        }
        var claims = Set<String>()
        try log.read(type: ClaimFlagged.typeName) { stored in
            if let flag = stored.event.payload as? ClaimFlagged, let post = flag.post, posts.contains(post) { claims.insert(flag.claim) }
        }
        try log.read(type: AppearanceRecorded.typeName) { stored in
            if let appearance = stored.event.payload as? AppearanceRecorded, posts.contains(appearance.post) { claims.insert(appearance.claim) }
        }
        return try trail(claims: claims, posts: posts, accountStream: .account(account), in: log)
    }

    private static func trail(claims initial: Set<String>, posts: Set<PlatformReference>, accountStream: StreamName?, in log: EventLog) throws -> [AuditEntry] {
        var collected: [Int64: StoredEvent] = [:]
        var claims = initial
        // Claims merged into these belong to their trail too.
        try log.read(type: ClaimsMerged.typeName) { stored in
            guard let merge = stored.event.payload as? ClaimsMerged else { return }
            if claims.contains(merge.surviving) { claims.insert(merge.merged) }
            if claims.contains(merge.merged) { collected[stored.event.position] = stored }
        }
        var verdicts = Set<String>()
        for claim in claims {
            try log.read(stream: .claim(claim)) { stored in
                collected[stored.event.position] = stored
                if let verdict = stored.event.payload as? VerdictRecorded { verdicts.insert(verdict.verdict) }
                if let revision = stored.event.payload as? VerdictRevised { verdicts.insert(revision.verdict) }
            }
        }
        for verdict in verdicts {
            try log.read(stream: .verdict(verdict)) { collected[$0.event.position] = $0 }
        }
        for post in posts {
            try log.read(stream: .post(post)) { collected[$0.event.position] = $0 }
        }
        if let accountStream {
            try log.read(stream: accountStream) { collected[$0.event.position] = $0 }
        }
        if !posts.isEmpty {
            try log.read(type: SourceAttributed.typeName) { stored in
                if let attribution = stored.event.payload as? SourceAttributed, let post = attribution.post, posts.contains(post) {
                    collected[stored.event.position] = stored
                }
            }
        }
        let ids = Set(collected.values.map(\.event.envelope.id))
        var retracted = Set<EventID>()
        try log.read(type: EntryRetracted.typeName) { stored in
            if let retraction = stored.event.payload as? EntryRetracted, ids.contains(retraction.event) {
                collected[stored.event.position] = stored
                retracted.insert(retraction.event)
            }
        }

        let timeline = try RegistryTimeline(log: log)
        var labels: [String: String?] = [:]
        var entries: [AuditEntry] = []
        for position in collected.keys.sorted() {
            guard let stored = collected[position] else { continue }
            let event = stored.event
            var change: (from: String?, to: String?)?
            if let verdict = event.payload as? VerdictRecorded, !retracted.contains(event.envelope.id) {
                change = (labels[verdict.claim] ?? nil, verdict.label)
                labels[verdict.claim] = verdict.label
            } else if let revision = event.payload as? VerdictRevised, !retracted.contains(event.envelope.id) {
                change = (labels[revision.claim] ?? nil, revision.label)
                labels[revision.claim] = revision.label
            }
            entries.append(AuditEntry(
                position: position, recordedAt: event.recordedAt, occurredAt: event.envelope.occurredAt, id: event.envelope.id,
                type: event.envelope.type, author: event.envelope.author, summary: describe(event.payload),
                signature: try timeline.check(stored), labelChange: change, isRetracted: retracted.contains(event.envelope.id)))
        }
        return entries
    }

    /// A few words on what `payload` says.
    static func describe(_ payload: any EventPayload) -> String {
        switch payload {
        case let flag as ClaimFlagged: return "flagged \(flag.claim): \(flag.summary)" + (flag.post.map { " (on \($0))" } ?? "")
        case let appearance as AppearanceRecorded: return "\(appearance.post) \(appearance.relation.rawValue) \(appearance.claim)"
        case let attribution as SourceAttributed:
            return "attributed \(attribution.claim ?? attribution.post?.description ?? "?") to \(attribution.outlet) via \(attribution.via.rawValue) (\(attribution.confidence.rawValue))"
        case let verdict as VerdictRecorded: return "verdict \(verdict.verdict): \(verdict.label) — \(verdict.rationale)"
        case let review as VerdictReviewed: return "\(review.decision.rawValue) with verdict \(review.verdict)" + (review.note.map { ": \($0)" } ?? "")
        case let revision as VerdictRevised:
            return "revised \(revision.supersedes) → \(revision.verdict) (\(revision.correctionClass.rawValue)): \(revision.reason)"
        case let published as VerdictPublished: return "published \(published.verdict) at \(published.url)"
        case let merge as ClaimsMerged: return "merged \(merge.merged) into \(merge.surviving): \(merge.reason)"
        case let retraction as EntryRetracted: return "retracted \(retraction.event): \(retraction.reason)"
        case let post as PostObserved: return "\(post.kind.rawValue) \(post.post) at \(post.postedAt)"
        case let account as AccountRegistered: return "registered \(account.account) (\(account.kind.rawValue), \(account.country))"
        case let engagement as EngagementObserved: return "engagement of \(engagement.post): \(engagement.engagement.reposts) reposts, \(engagement.engagement.likes) likes"
        default: return type(of: payload).typeName
        }
    }
}

/// The reviewer registry at any position, for checking old signatures.
struct RegistryTimeline {
    private let peopleEvents: [(position: Int64, payload: any EventPayload)]

    init(log: EventLog) throws {
        var events: [(position: Int64, payload: any EventPayload)] = []
        try log.readPeopleEvents { events.append(($0.position, $0.payload)) }
        peopleEvents = events
    }

    /// The registry as it stood just before `position`.
    func registry(before position: Int64) -> ReviewerRegistry {
        var registry = ReviewerRegistry()
        for event in peopleEvents where event.position < position { registry.apply(event.payload, position: event.position) }
        return registry
    }

    func check(_ stored: StoredEvent) throws -> SignatureCheck {
        let event = stored.event
        let leaf = try Leaf(bytes: stored.leaf)
        if let reason = registry(before: event.position).refusal(payload: event.payload, author: event.envelope.author, body: leaf.body, signature: leaf.signature) {
            return .invalid(reason)
        }
        return leaf.signature == nil ? .unsigned : .valid
    }
}
