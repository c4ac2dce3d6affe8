// What the exports need beyond the projections' views: the text and address of each post,
// the public note and scale of each verdict, the rating scales and the ledger's own facts.
// The projections keep none of these texts, so Publishing folds them itself, in the same pass.
import Events
import Projections

/// The texts and details of the log that published files show, folded event by event.
///
/// Guarantees: deterministic, and `merge(following:)` of two contiguous folds equals one
/// fold, so it rides along the CLI's parallel fold. Retractions are applied when read, as the
/// projections do, so a retracted observation never shows. Cost: memory grows with the text
/// of the posts folded.
public struct PublicationRecord: MergeableProjection {
    /// One observation of a post.
    struct PostCopy: Sendable {
        let id: EventID
        let url: String
        let text: String?
    }

    /// What a verdict or revision says beyond its label.
    public struct VerdictDetails: Sendable, Equatable {
        /// The scale its label belongs to.
        public let scale: String
        /// The correction notice shown to readers, for a revision.
        public let publicNote: String?
    }

    private(set) var posts: [PlatformReference: [PostCopy]] = [:]
    private(set) var retractions: [(retraction: EventID, target: EventID)] = []
    /// Each verdict's details, by verdict id.
    public private(set) var verdicts: [String: VerdictDetails] = [:]
    /// The rating scales defined, by id; the default scale is always known.
    public private(set) var scales: [String: RatingScale] = [RatingScale.defaultID: .factledgerDefault]
    /// The ledger's first event.
    public private(set) var ledger: LedgerCreated?
    /// The `recorded_at` of the last event folded.
    public private(set) var lastRecordedAt: Timestamp?

    public init() {}

    public mutating func apply(_ event: RecordedEvent) {
        lastRecordedAt = event.recordedAt
        switch event.payload {
        case let post as PostObserved:
            posts[post.post, default: []].append(PostCopy(id: event.envelope.id, url: post.url, text: post.text))
        case let retraction as EntryRetracted:
            retractions.append((event.envelope.id, retraction.event))
        case let verdict as VerdictRecorded:
            verdicts[verdict.verdict] = VerdictDetails(scale: verdict.scale, publicNote: nil)
        case let revision as VerdictRevised:
            verdicts[revision.verdict] = VerdictDetails(scale: revision.scale, publicNote: revision.publicNote)
        case let scale as RatingScaleDefined:
            scales[scale.scale] = RatingScale(scale)
        case let created as LedgerCreated:
            if ledger == nil { ledger = created }
        default:
            break
        }
    }

    public mutating func merge(following later: PublicationRecord) {
        for (post, copies) in later.posts { posts[post, default: []].append(contentsOf: copies) }
        retractions += later.retractions
        verdicts.merge(later.verdicts) { _, newer in newer }
        scales.merge(later.scales) { _, newer in newer }
        if ledger == nil { ledger = later.ledger }
        lastRecordedAt = later.lastRecordedAt ?? lastRecordedAt
    }

    /// The address and text of each post, from its latest observation that was not retracted.
    func livePosts() -> [PlatformReference: (url: String, text: String?)] {
        // A retraction may itself be retracted; it can only name an earlier event, so walking
        // from the newest settles the later ones first (as the projections do).
        var retracted: Set<EventID> = []
        for entry in retractions.reversed() where !retracted.contains(entry.retraction) {
            retracted.insert(entry.target)
        }
        var live: [PlatformReference: (url: String, text: String?)] = [:]
        live.reserveCapacity(posts.count)
        for (post, copies) in posts {
            if let copy = copies.last(where: { !retracted.contains($0.id) }) { live[post] = (copy.url, copy.text) }
        }
        return live
    }
}

/// The shared facts of the projections and the publication record, folded in one pass.
public struct PublicationState: MergeableProjection {
    public var facts = LedgerFacts()
    public var record = PublicationRecord()

    public init() {}

    public mutating func apply(_ event: RecordedEvent) {
        facts.apply(event)
        record.apply(event)
    }

    public mutating func merge(following later: PublicationState) {
        facts.merge(following: later.facts)
        record.merge(following: later.record)
    }
}
