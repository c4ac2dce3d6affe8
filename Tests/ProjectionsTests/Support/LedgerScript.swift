// Builds recorded-event sequences in code, as a ledger would hold them, without a ledger:
// positions from 1, recorded_at that never decreases, and ids the test chooses, so that a
// later EntryRetracted can name an event.
import Events
import Projections

/// A little ledger in memory for projection tests.
struct LedgerScript {
    private(set) var events: [RecordedEvent] = []
    /// The `recorded_at` of the next event; it advances one second per event.
    var clock: Timestamp
    /// Who signs judgments unless a call says otherwise.
    var reviewer = "alice"

    init(startingAt start: Timestamp = LedgerScript.time("2020-06-01T00:00:00Z")) {
        clock = start
    }

    /// A time from RFC 3339 text; the tests only pass valid literals.
    static func time(_ text: String) -> Timestamp {
        Timestamp(rfc3339: text) ?? Timestamp(millisecondsSinceEpoch: 0)
    }

    static func reference(_ text: String) -> PlatformReference {
        let parts = text.split(separator: ":", maxSplits: 1).map(String.init)
        return PlatformReference(platform: parts.first ?? "twitter", identifier: parts.count > 1 ? parts[1] : text)
    }

    /// Appends `payload`; returns the event's id (`e-<position>` unless `id` is given).
    @discardableResult
    mutating func append(_ payload: any EventPayload, author: String? = nil, occurredAt: Timestamp? = nil,
                         recordedAt: Timestamp? = nil, id: String? = nil) throws -> EventID {
        let position = Int64(events.count + 1)
        let eventID = try EventID(id ?? "e-\(position)")
        let recorded = max(recordedAt ?? clock, events.last?.recordedAt ?? clock)
        let signer = author ?? (type(of: payload).group == .review ? reviewer : type(of: payload).group.requiresSignature ? "ledger" : "import:test")
        let envelope = EventEnvelope.make(payload: payload, id: .given(eventID), occurredAt: occurredAt, author: signer, now: recorded)
        events.append(RecordedEvent(position: position, recordedAt: recorded, streamVersion: 1, envelope: envelope, signature: nil, payload: payload))
        clock = recorded.adding(milliseconds: 1000)
        return eventID
    }

    // MARK: shorthands for the catalogue

    /// The ledger defaults `init` writes: scale, methodology and the single-review policy.
    mutating func defaults(methodology: MethodologyAdopted = .masDefault, policy: ReviewPolicy = .single) throws {
        try append(RatingScale.factledgerDefault.definition)
        try append(methodology)
        try append(ReviewPolicySet(policy: policy))
    }

    mutating func account(_ account: String, kind: AccountKind = .diplomat, country: String = "CN") throws {
        try append(AccountRegistered(account: Self.reference(account), displayName: "Account \(account)", kind: kind, country: country))
    }

    mutating func outlet(_ domain: String, _ affiliation: OutletAffiliation) throws {
        try append(OutletRegistered(domain: domain, name: domain, affiliation: affiliation))
    }

    @discardableResult
    mutating func post(_ post: String, by account: String, at postedAt: Timestamp, kind: PostKind = .original,
                       engagement: Engagement? = nil, links: [String] = [], id: String? = nil) throws -> EventID {
        let reference = Self.reference(post)
        let handle = Self.reference(account).identifier
        return try append(PostObserved(
            post: reference, account: Self.reference(account), url: "https://twitter.com/\(handle)/status/\(reference.identifier)",
            postedAt: postedAt, kind: kind, text: "text of \(post)", linkedURLs: links, engagement: engagement), id: id)
    }

    @discardableResult
    mutating func flag(_ claim: String, post: String? = nil, author: String? = nil, occurredAt: Timestamp? = nil) throws -> EventID {
        try append(ClaimFlagged(claim: claim, summary: "Claim \(claim) as stated", post: post.map(Self.reference)), author: author, occurredAt: occurredAt)
    }

    @discardableResult
    mutating func appearance(_ claim: String, in post: String, _ relation: AppearanceRelation = .asserts) throws -> EventID {
        try append(AppearanceRecorded(claim: claim, post: Self.reference(post), relation: relation))
    }

    @discardableResult
    mutating func verdict(_ verdict: String, on claim: String, _ label: String, author: String? = nil, occurredAt: Timestamp? = nil) throws -> EventID {
        try append(VerdictRecorded(verdict: verdict, claim: claim, label: label, rationale: "Checked against the sources."), author: author, occurredAt: occurredAt)
    }

    @discardableResult
    mutating func review(_ verdict: String, _ decision: ReviewDecision = .concur, author: String, occurredAt: Timestamp? = nil) throws -> EventID {
        try append(VerdictReviewed(verdict: verdict, decision: decision), author: author, occurredAt: occurredAt)
    }

    @discardableResult
    mutating func revise(_ claim: String, supersedes: String, with verdict: String, _ label: String?, _ correction: CorrectionClass = .ratingChange,
                         author: String? = nil, occurredAt: Timestamp? = nil) throws -> EventID {
        try append(VerdictRevised(claim: claim, supersedes: supersedes, verdict: verdict, label: label, correctionClass: correction, reason: "New evidence."),
                   author: author, occurredAt: occurredAt)
    }

    @discardableResult
    mutating func retract(_ event: EventID) throws -> EventID {
        try append(EntryRetracted(event: event, reason: "Entered in error."))
    }

    /// An event no projection reads, to stand in for an event that was never appended.
    @discardableResult
    mutating func filler(recordedAt: Timestamp? = nil) throws -> EventID {
        try append(ExportGenerated(format: .csv, asOfPosition: Int64(events.count), checkpointRoot: [UInt8](repeating: 0, count: 32),
                                   fileSHA256: String(repeating: "0", count: 64)), author: "import:test", recordedAt: recordedAt)
    }

    /// The facts folded from all events, or as of `asOf`.
    func facts(asOf: AsOf = .head) -> LedgerFacts { events.fold(into: LedgerFacts.self, asOf: asOf) }
}

/// A small deterministic random source (SplitMix64) for generated ledgers.
struct SplitMix: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var value = state
        value = (value ^ (value >> 30)) &* 0xBF58_476D_1CE4_E5B9
        value = (value ^ (value >> 27)) &* 0x94D0_49BB_1331_11EB
        return value ^ (value >> 31)
    }
}

/// One day in milliseconds.
let day: Int64 = 86_400_000

extension Timestamp {
    /// `days` days earlier.
    func minus(days: Int64) -> Timestamp { adding(milliseconds: -days * day) }
}

/// The digests of the six views of `facts`, by name.
func digests(_ facts: LedgerFacts) -> [String: String] {
    Dictionary(uniqueKeysWithValues: ProjectionCatalogue.reports(facts).map { ($0.name, $0.digest) })
}
