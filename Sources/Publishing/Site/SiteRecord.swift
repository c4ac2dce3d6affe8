// What only the static site shows beyond a PublicationSnapshot: the full text and topics of
// each flagged claim, the evidence links of each verdict and the review policy in force. These
// are judgments, a small part of any log, so they are read by event type rather than folded
// in a second pass over every post.
import Events
import Ledger
import Projections

/// The site's own texts from the log, with retractions applied when read.
///
/// Guarantees: deterministic; an event retracted by a live `EntryRetracted` never shows (a
/// retraction may itself be retracted, as in the projections). Cost: memory grows with the
/// judgments, not with the posts.
public struct SiteRecord: Projection {
    private var flags: [String: [(id: EventID, flag: ClaimFlagged)]] = [:]
    private var evidence: [String: [(id: EventID, urls: [String])]] = [:]
    private var policies: [(id: EventID, policy: ReviewPolicy)] = []
    private var retractions: [(id: EventID, target: EventID)] = []

    public init() {}

    public mutating func apply(_ event: RecordedEvent) {
        let id = event.envelope.id
        switch event.payload {
        case let flag as ClaimFlagged:
            flags[flag.claim, default: []].append((id, flag))
        case let verdict as VerdictRecorded:
            evidence[verdict.verdict, default: []].append((id, verdict.evidence))
        case let policy as ReviewPolicySet:
            policies.append((id, policy.policy))
        case let retraction as EntryRetracted:
            retractions.append((id, retraction.event))
        default:
            break
        }
    }

    /// The event types the record reads.
    static let types = [ClaimFlagged.typeName, VerdictRecorded.typeName, ReviewPolicySet.typeName, EntryRetracted.typeName]

    /// The record of the first `position` events of `log`, read type by type through the log's
    /// type index. Cost: one decode per judgment, none per post.
    public static func read(from log: EventLog, through position: Int64) throws -> SiteRecord {
        var record = SiteRecord()
        for type in types {
            try log.read(type: type) { stored in
                if stored.event.position <= position { record.apply(stored.event) }
            }
        }
        return record
    }

    /// The record as the site reads it, with retractions resolved once.
    func settled() -> Settled { Settled(record: self) }

    /// Read access after the last event: every lookup skips retracted events.
    struct Settled: Sendable {
        private let record: SiteRecord
        private let retracted: Set<EventID>

        init(record: SiteRecord) {
            self.record = record
            // A retraction can only name an earlier event, so walking from the newest settles a
            // retraction of a retraction before the retraction it names.
            var retracted: Set<EventID> = []
            for retraction in record.retractions.reversed() where !retracted.contains(retraction.id) {
                retracted.insert(retraction.target)
            }
            self.retracted = retracted
        }

        /// The latest live flag of `claim` whose summary is `summary` (the board's), else its latest live flag.
        func flag(of claim: String, summary: String?) -> ClaimFlagged? {
            let live = (record.flags[claim] ?? []).filter { !retracted.contains($0.id) }
            return (live.last { $0.flag.summary == summary } ?? live.last)?.flag
        }

        /// The evidence URLs of verdict `verdict`.
        func evidence(of verdict: String) -> [String] {
            (record.evidence[verdict] ?? []).last { !retracted.contains($0.id) }?.urls ?? []
        }

        /// The review policy in force at the end: the latest live `ReviewPolicySet`, else `single`.
        var policy: ReviewPolicy {
            record.policies.last { !retracted.contains($0.id) }?.policy ?? .single
        }
    }
}

/// The views the site shows, computed once from a snapshot's facts.
struct SiteContent: Sendable {
    let board: ClaimBoard.State
    let histories: [AccountClaimHistory.Account]
    let months: [MonthlyActivity.Month]
    let scores: AmplificationScores.Result
    let trails: [String: VerdictTrail.Trail]

    /// Cost: O(facts), once per view.
    init(facts: LedgerFacts) {
        board = ClaimBoard(facts: facts).state
        histories = AccountClaimHistory(facts: facts).accounts
        months = MonthlyActivity(facts: facts).months()
        scores = AmplificationScores(facts: facts).result
        trails = Dictionary(VerdictTrail(facts: facts).trails.map { ($0.claim, $0) }, uniquingKeysWith: { first, _ in first })
    }

    /// Whether an account page prints the post in full: it carries a claim or is attributed to an outlet.
    static func isShown(_ post: AccountClaimHistory.Post) -> Bool { !post.claims.isEmpty || !post.outlets.isEmpty }
}
