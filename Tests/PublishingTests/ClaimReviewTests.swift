// `export claimreview`: one schema.org ClaimReview per published verdict with Google's required
// and recommended properties, claimReviewed of at most 75 characters, corrections for revised
// verdicts, JSON-LD safe inside <script>, and a golden file of the DataFeed.
import Events
import Foundation
import Ledger
import SnapshotTesting
import Testing
@testable import Publishing

@Suite("ClaimReview export")
struct ClaimReviewTests {
    @Test("the DataFeed of the fixed ledger is pinned by a golden file")
    func golden() throws {
        try withPublishingDirectory { directory in
            let fixture = try PublishingFixture(in: directory)
            assertSnapshot(of: ClaimReviewFeed(snapshot: try fixture.snapshot()).dataFeedJSONLD(), as: .lines)
        }
    }

    @Test("one review per claim with a published verdict; none for a pending claim")
    func onePerPublishedClaim() throws {
        try withPublishingDirectory { directory in
            let feed = ClaimReviewFeed(snapshot: try PublishingFixture(in: directory).snapshot())
            #expect(feed.entries.map(\.claim) == ["c-masks", "c-origin"])
            #expect(feed.jsonLD(forClaim: "c-pending") == nil)
        }
    }

    @Test("every review has Google's required and recommended properties")
    func requiredProperties() throws {
        try withPublishingDirectory { directory in
            let feed = ClaimReviewFeed(snapshot: try PublishingFixture(in: directory).snapshot())
            for entry in feed.entries {
                let text = try #require(feed.jsonLD(forClaim: entry.claim))
                let review = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
                #expect(review["@context"] as? String == "https://schema.org")
                #expect(review["@type"] as? String == "ClaimReview")
                let url = try #require(review["url"] as? String)
                #expect(url.hasPrefix("https://factcheck.example.org/"))
                let claimReviewed = try #require(review["claimReviewed"] as? String)
                #expect(!claimReviewed.isEmpty && claimReviewed.utf16.count <= 75)
                #expect(Timestamp(rfc3339: review["datePublished"] as? String ?? "") != nil)
                let rating = try #require(review["reviewRating"] as? [String: Any])
                #expect(rating["@type"] as? String == "Rating")
                #expect(!(rating["alternateName"] as? String ?? "").isEmpty)
                let value = try #require(rating["ratingValue"] as? Int)
                let best = try #require(rating["bestRating"] as? Int)
                let worst = try #require(rating["worstRating"] as? Int)
                #expect(worst <= value && value <= best)
                let author = try #require(review["author"] as? [String: Any])
                #expect(author["@type"] as? String == "Organization" && author["name"] as? String == PublishingFixture.org)
                let claim = try #require(review["itemReviewed"] as? [String: Any])
                #expect(claim["@type"] as? String == "Claim")
                let claimAuthor = try #require(claim["author"] as? [String: Any])
                #expect(["Person", "Organization"].contains(claimAuthor["@type"] as? String ?? ""))
                let first = try #require(claim["firstAppearance"] as? [String: Any])
                #expect(first["@type"] as? String == "SocialMediaPosting")
                #expect((first["url"] as? String ?? "").hasPrefix("https://twitter.com/"))
                let appearances = try #require(claim["appearance"] as? [[String: Any]])
                #expect(!appearances.isEmpty && appearances.allSatisfy { $0["@type"] as? String == "SocialMediaPosting" && $0["url"] is String })
            }
        }
    }

    @Test("the claim's author is the person behind the account that first posted it")
    func claimAuthor() throws {
        try withPublishingDirectory { directory in
            let feed = ClaimReviewFeed(snapshot: try PublishingFixture(in: directory).snapshot())
            let origin = try #require(feed.review(forClaim: "c-origin"))
            #expect(origin.itemReviewed.author == SchemaOrg.Agent(.person, name: "Zhao Lijian", url: "https://twitter.com/zlj517", jobTitle: "Spokesperson"))
            #expect(origin.itemReviewed.firstAppearance?.url == "https://twitter.com/zlj517/status/1001")
            #expect(origin.itemReviewed.appearance?.map(\.url) == ["https://twitter.com/zlj517/status/1001", "https://twitter.com/ChinaEmbassyX/status/1002"])
            let masks = try #require(feed.review(forClaim: "c-masks"))
            #expect(masks.itemReviewed.author?.type == .organization)
        }
    }

    @Test("a verdict revised after publication has dateModified, a correction note and the new rating")
    func revision() throws {
        try withPublishingDirectory { directory in
            let fixture = try PublishingFixture(in: directory)
            let origin = try #require(ClaimReviewFeed(snapshot: try fixture.snapshot()).review(forClaim: "c-origin"))
            #expect(origin.reviewRating.alternateName == "Mostly false")
            #expect(origin.reviewRating.ratingValue == 2 && origin.reviewRating.bestRating == 6 && origin.reviewRating.worstRating == 1)
            #expect(origin.datePublished == "2020-05-31T12:00:00.000Z")
            let modified = try #require(origin.dateModified)
            #expect(modified > origin.datePublished)
            #expect(origin.correction?.map(\.text) == ["We changed the rating from false to mostly false after a lab report surfaced."])
            let masks = try #require(ClaimReviewFeed(snapshot: try fixture.snapshot()).review(forClaim: "c-masks"))
            #expect(masks.dateModified == nil && masks.correction == nil)

            // Before the revision, the review had the first rating and no correction.
            let before = try #require(ClaimReviewFeed(snapshot: try fixture.snapshot(through: fixture.contentSize - 2)).review(forClaim: "c-origin"))
            #expect(before.reviewRating.alternateName == "False" && before.reviewRating.ratingValue == 1)
            #expect(before.dateModified == nil && before.correction == nil)
        }
    }

    @Test("claimReviewed is cut to 75 characters at a character boundary", arguments: [
        String(repeating: "a", count: 80), String(repeating: "美", count: 76), String(repeating: "👩🏽‍🔬", count: 20), "short",
    ])
    func clipping(text: String) {
        let clipped = ClaimReviewBuilder.clipped(text)
        #expect(clipped.utf16.count <= 75)
        #expect(clipped.unicodeScalars.count <= 75)
        if text.utf16.count <= 75 { #expect(clipped == text) } else { #expect(clipped.hasSuffix("…") && text.hasPrefix(clipped.dropLast())) }
    }

    @Test("JSON-LD escapes <, > and & so a post cannot close the script element, and decodes back the same")
    func scriptSafe() throws {
        let posting = SchemaOrg.SocialMediaPosting(url: "https://x.example/</script><script>alert(1)</script>&", datePublished: nil, author: nil)
        let text = SchemaOrg.jsonText(posting)
        #expect(!text.contains("<") && !text.contains(">") && !text.contains("&"))
        let decoded = try JSONDecoder().decode(SchemaOrg.SocialMediaPosting.self, from: Data(text.utf8))
        #expect(decoded == posting)
    }

    @Test("the DataFeed decodes back into the same reviews")
    func decodes() throws {
        try withPublishingDirectory { directory in
            let feed = ClaimReviewFeed(snapshot: try PublishingFixture(in: directory).snapshot())
            let decoded = try JSONDecoder().decode(SchemaOrg.DataFeed.self, from: Data(feed.dataFeedJSONLD().utf8))
            #expect(decoded == feed.dataFeed)
            #expect(decoded.type == "DataFeed" && decoded.context == "https://schema.org")
        }
    }
}
