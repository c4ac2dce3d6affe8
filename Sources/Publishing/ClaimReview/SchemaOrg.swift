// The schema.org types a ClaimReview needs, written by hand as Codable structs (STYLE:
// "write these by hand"). Property names are schema.org's; optional properties are left out
// of the JSON when nil.
import Foundation

/// schema.org vocabulary for fact checks: ClaimReview, Claim, Rating and their parts.
public enum SchemaOrg {
    /// The JSON-LD context of every document.
    public static let context = "https://schema.org"

    /// A fact check of one claim.
    public struct ClaimReview: Codable, Equatable, Sendable {
        /// `https://schema.org` on a top-level document; nil inside a DataFeed.
        public var context: String?
        public var type = "ClaimReview"
        /// The page where the fact check is published.
        public var url: String
        /// The claim, in at most 75 characters.
        public var claimReviewed: String
        public var reviewRating: Rating
        /// The organisation that publishes the fact check.
        public var author: Agent
        /// When the fact check was first published.
        public var datePublished: String
        /// When a published fact check was last revised.
        public var dateModified: String?
        public var itemReviewed: Claim
        /// Correction notes, oldest first, when the published verdict was revised.
        public var correction: [CorrectionComment]?

        public init(context: String? = nil, url: String, claimReviewed: String, reviewRating: Rating, author: Agent,
                    datePublished: String, dateModified: String? = nil, itemReviewed: Claim, correction: [CorrectionComment]? = nil) {
            self.context = context
            self.url = url
            self.claimReviewed = claimReviewed
            self.reviewRating = reviewRating
            self.author = author
            self.datePublished = datePublished
            self.dateModified = dateModified
            self.itemReviewed = itemReviewed
            self.correction = correction
        }

        enum CodingKeys: String, CodingKey {
            case context = "@context", type = "@type"
            case url, claimReviewed, reviewRating, author, datePublished, dateModified, itemReviewed, correction
        }
    }

    /// The rating a fact check gives.
    public struct Rating: Codable, Equatable, Sendable {
        public var type = "Rating"
        /// The label's ordinal value on its scale, when it has one.
        public var ratingValue: Int?
        /// The scale's highest value (the most accurate rating).
        public var bestRating: Int?
        /// The scale's lowest value (the least accurate rating).
        public var worstRating: Int?
        /// The rating as words, such as `Mostly false`.
        public var alternateName: String
        /// The scale's name.
        public var name: String?

        public init(ratingValue: Int?, bestRating: Int?, worstRating: Int?, alternateName: String, name: String? = nil) {
            self.ratingValue = ratingValue
            self.bestRating = bestRating
            self.worstRating = worstRating
            self.alternateName = alternateName
            self.name = name
        }

        enum CodingKeys: String, CodingKey {
            case type = "@type", ratingValue, bestRating, worstRating, alternateName, name
        }
    }

    /// The claim a fact check reviews.
    public struct Claim: Codable, Equatable, Sendable {
        public var type = "Claim"
        /// Who made the claim: the person behind the account of its first appearance.
        public var author: Agent?
        /// When it first appeared.
        public var datePublished: String?
        /// Every post where it appears, in time order.
        public var appearance: [SocialMediaPosting]?
        /// The post where it first appeared.
        public var firstAppearance: SocialMediaPosting?

        public init(author: Agent?, datePublished: String?, appearance: [SocialMediaPosting]?, firstAppearance: SocialMediaPosting?) {
            self.author = author
            self.datePublished = datePublished
            self.appearance = appearance
            self.firstAppearance = firstAppearance
        }

        enum CodingKeys: String, CodingKey {
            case type = "@type", author, datePublished, appearance, firstAppearance
        }
    }

    /// A post on a social platform.
    public struct SocialMediaPosting: Codable, Equatable, Sendable {
        public var type = "SocialMediaPosting"
        public var url: String
        public var datePublished: String?
        public var author: Agent?

        public init(url: String, datePublished: String?, author: Agent?) {
            self.url = url
            self.datePublished = datePublished
            self.author = author
        }

        enum CodingKeys: String, CodingKey {
            case type = "@type", url, datePublished, author
        }
    }

    /// A correction notice on a published fact check.
    public struct CorrectionComment: Codable, Equatable, Sendable {
        public var type = "CorrectionComment"
        public var text: String
        public var datePublished: String

        public init(text: String, datePublished: String) {
            self.text = text
            self.datePublished = datePublished
        }

        enum CodingKeys: String, CodingKey {
            case type = "@type", text, datePublished
        }
    }

    /// A person or an organisation, as an author.
    public struct Agent: Codable, Equatable, Sendable {
        /// What kind of agent.
        public enum Kind: String, Codable, Sendable {
            case person = "Person"
            case organization = "Organization"
        }

        public var type: Kind
        public var name: String
        public var url: String?
        public var jobTitle: String?

        public init(_ type: Kind, name: String, url: String? = nil, jobTitle: String? = nil) {
            self.type = type
            self.name = name
            self.url = url
            self.jobTitle = jobTitle
        }

        enum CodingKeys: String, CodingKey {
            case type = "@type", name, url, jobTitle
        }
    }

    /// A feed of ClaimReviews.
    public struct DataFeed: Codable, Equatable, Sendable {
        public var context: String?
        public var type = "DataFeed"
        public var name: String
        public var description: String?
        public var dateModified: String?
        public var dataFeedElement: [ClaimReview]

        public init(context: String?, name: String, description: String?, dateModified: String?, dataFeedElement: [ClaimReview]) {
            self.context = context
            self.name = name
            self.description = description
            self.dateModified = dateModified
            self.dataFeedElement = dataFeedElement
        }

        enum CodingKeys: String, CodingKey {
            case context = "@context", type = "@type", name, description, dateModified, dataFeedElement
        }
    }

    /// `value` as pretty-printed JSON with sorted keys, made safe to embed in an HTML
    /// `<script>` element: `<`, `>`, `&`, U+2028 and U+2029 are written as `\u` escapes, which
    /// any JSON reader decodes back to the same text.
    public static func jsonText(_ value: some Encodable) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        // Encoding these plain structs of strings and integers cannot fail.
        let data = (try? encoder.encode(value)) ?? Data("{}".utf8)
        var text = ""
        text.unicodeScalars.reserveCapacity(data.count)
        for scalar in String(decoding: data, as: UTF8.self).unicodeScalars {
            switch scalar {
            case "<": text += "\\u003c"
            case ">": text += "\\u003e"
            case "&": text += "\\u0026"
            case "\u{2028}": text += "\\u2028"
            case "\u{2029}": text += "\\u2029"
            default: text.unicodeScalars.append(scalar)
            }
        }
        return text
    }
}
