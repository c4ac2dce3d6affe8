// ClaimReview JSON-LD (issue 6): one schema.org ClaimReview per claim whose verdict was
// published, and all of them as one schema.org DataFeed.
//
// Public API, for the static site and for `export claimreview`:
//
//     let snapshot = try PublicationSnapshot.fold(log: log, through: position)
//     let feed = ClaimReviewFeed(snapshot: snapshot)
//     feed.jsonLD(forClaim: "c-7f3a9") -> String?   // one ClaimReview with "@context"; nil when the
//                                                  // claim has no published verdict. Safe to embed raw
//                                                  // (triple mustache) in <script type="application/ld+json">:
//                                                  // '<', '>' and '&' are written as \u003c, \u003e, \u0026.
//     feed.entries                    -> [ClaimReviewFeed.Entry]   // (claim, review), sorted by claim id
//     feed.dataFeedJSONLD()           -> String    // the DataFeed document `export claimreview` writes
import Events
import Foundation

/// The ClaimReviews of one snapshot of the ledger.
///
/// Guarantees: one review per claim with a live `VerdictPublished` (a claim's verdicts form one
/// chain of revisions, so each published chain is one review); the text is deterministic for a
/// snapshot, so a golden file pins it. Cost: the projections of the snapshot, computed once.
public struct ClaimReviewFeed: Sendable {
    /// One claim's review.
    public struct Entry: Sendable, Equatable {
        /// The claim id.
        public let claim: String
        /// Its ClaimReview.
        public let review: SchemaOrg.ClaimReview
    }

    /// The reviews, sorted by claim id.
    public let entries: [Entry]
    /// The feed's name, from the organisation that keeps the ledger.
    public let name: String
    /// When the ledger last changed as of the snapshot.
    public let dateModified: String?
    /// Where the feed stands in the log.
    public let description: String

    /// Builds every review of `snapshot`.
    public init(snapshot: PublicationSnapshot) {
        entries = ClaimReviewBuilder(snapshot: snapshot).entries()
        name = "\(snapshot.ledger.org) fact checks"
        dateModified = snapshot.lastRecordedAt?.iso8601
        description = "ClaimReviews of the FactLedger \(snapshot.ledger.origin) as of position \(snapshot.position), Merkle root \(Data(snapshot.root).base64EncodedString())"
    }

    /// The review of `claim`, or nil when the claim has no published verdict.
    public func review(forClaim claim: String) -> SchemaOrg.ClaimReview? {
        entries.first { $0.claim == claim }?.review
    }

    /// The review of `claim` as a JSON-LD document with `@context`, or nil when the claim has no
    /// published verdict. The text is safe inside `<script type="application/ld+json">`.
    public func jsonLD(forClaim claim: String) -> String? {
        guard var review = review(forClaim: claim) else { return nil }
        review.context = SchemaOrg.context
        return SchemaOrg.jsonText(review)
    }

    /// The whole feed as a schema.org DataFeed JSON-LD document.
    public var dataFeed: SchemaOrg.DataFeed {
        SchemaOrg.DataFeed(
            context: SchemaOrg.context, name: name, description: description, dateModified: dateModified,
            dataFeedElement: entries.map(\.review))
    }

    /// The DataFeed document as text, ending with a newline.
    public func dataFeedJSONLD() -> String {
        SchemaOrg.jsonText(dataFeed) + "\n"
    }
}
