// `factledger export claimreview`: schema.org ClaimReview JSON-LD of every published verdict.
import ArgumentParser
import Publishing

struct ExportClaimReview: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "claimreview",
        abstract: "Write a schema.org DataFeed of ClaimReviews, one per claim with a published verdict.",
        discussion: """
        Each ClaimReview has url (the publication), claimReviewed (the claim's \
        summary, at most 75 characters), reviewRating (ratingValue, bestRating and \
        worstRating from the rating scale, and alternateName), author (the \
        organisation), datePublished, and itemReviewed: a Claim whose author is the \
        person behind the account that first posted it, with appearance and \
        firstAppearance as SocialMediaPosting URLs. A verdict revised after \
        publication adds dateModified and a correction.

        Example:
          factledger export claimreview --out claimreview.jsonld
        """)

    @OptionGroup var export: ExportOptions

    func run() throws {
        try export.run { publisher, out in try publisher.claimReview(to: out) }
    }
}
