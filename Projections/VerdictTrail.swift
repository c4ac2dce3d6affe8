// VerdictTrail (DESIGN §5): for each claim, every verdict event in log order: who, when,
// the conclusion before and after it, the correction class and the reason.
import Events

/// The verdict history of each claim.
///
/// A step is a live `VerdictRecorded`, `VerdictReviewed`, `VerdictRevised` or
/// `VerdictPublished` about one of the claim's verdicts. `before` and `after` are the claim's
/// conclusion just before and just after the step, so a concurring review that makes a
/// two-person verdict final shows as `pending → false`.
public struct VerdictTrail: FactProjection {
    /// The projection's name in reports and digests.
    public static let name = "trail"
    /// The facts folded so far.
    public var facts: LedgerFacts

    /// The view of `facts`.
    public init(facts: LedgerFacts) { self.facts = facts }

    /// One verdict event.
    public struct Step: Sendable, Equatable {
        /// What happened.
        public enum Action: String, Sendable {
            case recorded, reviewed, revised, published
        }

        /// Its position in the log.
        public let position: Int64
        /// When the ledger learned it.
        public let recordedAt: Timestamp
        /// When it happened, as its author states.
        public let occurredAt: Timestamp
        /// What happened.
        public let action: Action
        /// Who signed it.
        public let author: String
        /// The verdict it is about (the new verdict, for a revision).
        public let verdict: String
        /// The label it states (recorded and revised; nil for a void revision).
        public let label: String?
        /// For a revision.
        public let supersedes: String?
        /// The correction class, for a revision.
        public let correctionClass: CorrectionClass?
        /// For a review.
        public let decision: ReviewDecision?
        /// The rationale, revision reason or review note.
        public let reason: String?
        /// For a publication.
        public let url: String?
        /// The claim's conclusion just before the step.
        public let before: ClaimConclusion
        /// The claim's conclusion just after the step.
        public let after: ClaimConclusion
    }

    /// One claim's trail.
    public struct Trail: Sendable, Equatable {
        /// The claim id.
        public let claim: String
        /// The claim it was merged into, if any.
        public let mergedInto: String?
        /// Its conclusion at the end of the fold.
        public let conclusion: ClaimConclusion
        /// In log order.
        public let steps: [Step]
    }

    /// The trail of `claim`, or nil when the ledger knows no such claim.
    public func trail(of claim: String) -> Trail? {
        let resolved = ResolvedFacts(facts)
        guard let record = resolved.claims[claim] else { return nil }
        return VerdictTrail.trail(record, resolved)
    }

    /// Every claim's trail, sorted by claim.
    public var trails: [Trail] { VerdictTrail.trails(ResolvedFacts(facts)) }

    /// How many items the view holds, for reports.
    public var itemCount: Int { ResolvedFacts(facts).claims.count }

    static func trails(_ resolved: ResolvedFacts) -> [Trail] {
        resolved.claims.keys.sorted().compactMap { id in resolved.claims[id].map { trail($0, resolved) } }
    }

    static func report(_ resolved: ResolvedFacts) -> (items: Int, state: JSONValue) {
        let trails = trails(resolved)
        return (trails.count, canonicalState(trails))
    }

    private static func canonicalState(_ trails: [Trail]) -> JSONValue {
        var object = JSONObjectBuilder()
        object.add("trails", .array(trails.map(\.json)))
        return object.value
    }

    static func trail(_ claim: ResolvedFacts.ClaimRecord, _ resolved: ResolvedFacts) -> Trail {
        struct Event {
            let source: Provenance
            let action: Step.Action
            let verdict: String
            let label: String?
            let revision: VerdictRecord.Revision?
            let decision: ReviewDecision?
            let reason: String?
            let url: String?
        }
        var events: [Event] = []
        for index in claim.verdicts {
            let verdict = resolved.facts.verdicts[index]
            events.append(Event(
                source: verdict.source, action: verdict.value.revision == nil ? .recorded : .revised, verdict: verdict.value.verdict,
                label: verdict.value.label, revision: verdict.value.revision, decision: nil, reason: verdict.value.reason, url: nil))
            for review in resolved.reviews(ofVerdict: index) {
                events.append(Event(
                    source: review.source, action: .reviewed, verdict: review.value.verdict, label: nil, revision: nil,
                    decision: review.value.decision, reason: review.value.note, url: nil))
            }
            for publication in resolved.publications(ofVerdict: index) {
                events.append(Event(
                    source: publication.source, action: .published, verdict: publication.value.verdict, label: nil, revision: nil,
                    decision: nil, reason: nil, url: publication.value.url))
            }
        }
        events.sort { $0.source.position < $1.source.position }
        let steps = events.map { event in
            Step(
                position: event.source.position, recordedAt: event.source.recordedAt, occurredAt: event.source.occurredAt,
                action: event.action, author: event.source.author, verdict: event.verdict, label: event.label,
                supersedes: event.revision?.supersedes, correctionClass: event.revision?.correctionClass,
                decision: event.decision, reason: event.reason, url: event.url,
                before: resolved.rating(of: claim, through: event.source.position - 1).conclusion,
                after: resolved.rating(of: claim, through: event.source.position).conclusion)
        }
        return Trail(
            claim: claim.id, mergedInto: resolved.mergedInto(claim.id).map { _ in resolved.survivor(of: claim.id) },
            conclusion: resolved.rating(of: claim.id).conclusion, steps: steps)
    }

    /// The view as canonical JSON: fixed key order, sorted collections, rounded numbers.
    public func canonicalState() -> JSONValue { VerdictTrail.canonicalState(trails) }
}

extension VerdictTrail.Trail {
    /// The trail as JSON.
    public var json: JSONValue {
        var object = JSONObjectBuilder()
        object.add("claim", claim)
        object.add("merged_into", orNull: mergedInto)
        object.add("label", conclusion.jsonLabel)
        object.add("status", conclusion.state)
        object.add("steps", .array(steps.map(\.json)))
        return object.value
    }
}

extension VerdictTrail.Step {
    /// The step as JSON; `from` and `to` are the claim's label before and after (null when none).
    public var json: JSONValue {
        var object = JSONObjectBuilder()
        object.add("position", position)
        object.add("recorded_at", recordedAt)
        object.add("occurred_at", occurredAt)
        object.add("action", action)
        object.add("author", author)
        object.add("verdict", verdict)
        object.add("label", orNull: label)
        object.add("supersedes", orNull: supersedes)
        object.add("correction_class", orNull: correctionClass?.rawValue)
        object.add("decision", orNull: decision?.rawValue)
        object.add("reason", orNull: reason)
        object.add("url", orNull: url)
        object.add("from", before.jsonLabel)
        object.add("from_status", before.state)
        object.add("to", after.jsonLabel)
        object.add("to_status", after.state)
        return object.value
    }
}
