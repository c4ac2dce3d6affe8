// review: a claim appears in a post (DESIGN §4). The relation decides the MAS kind weight:
// a post that only quotes a claim critically does not amplify it (DESIGN §5).

/// How a post relates to a claim.
public enum AppearanceRelation: String, Sendable, CaseIterable {
    /// The post makes the claim.
    case asserts
    /// The post repeats the claim made elsewhere.
    case repeats
    /// The post spreads someone else's statement of the claim.
    case amplifies
    /// The post quotes the claim to criticise it.
    case quotesCritically = "quotes_critically"
}

/// A claim was found in a post.
public struct AppearanceRecorded: EventPayload, Equatable {
    /// The catalogue name.
    public static let typeName = "AppearanceRecorded"
    /// The schema version this code writes.
    public static let currentSchemaVersion = 1
    /// The group, which decides the signing rule.
    public static let group = EventGroup.review
    /// The `data` field names this version knows.
    public static let knownFields: Set<String> = ["claim", "post", "relation"]

    /// The claim id.
    public var claim: String
    /// The post it appears in.
    public var post: PlatformReference
    /// How the post relates to the claim.
    public var relation: AppearanceRelation

    /// Creates and validates the payload.
    public init(claim: String, post: PlatformReference, relation: AppearanceRelation) throws {
        self.claim = claim
        self.post = post
        self.relation = relation
        self = try Self(fields: FieldReader(encoded()))
    }

    /// Decodes and validates `data`.
    public init(fields: FieldReader) throws {
        claim = try fields.token("claim")
        post = try fields.platformReference("post")
        relation = try fields.enumeration("relation", AppearanceRelation.self)
    }

    /// The payload in documented field order.
    public func encoded() -> JSONObject {
        var builder = JSONObjectBuilder()
        builder.add("claim", claim)
        builder.add("post", post.description)
        builder.add("relation", relation)
        return builder.object
    }

    /// The stream this event is appended to.
    public var stream: StreamName { .claim(claim) }
    /// What must already be in the log.
    public var references: [Reference] {
        [.stream(.claim(claim), noun: "claim \(claim)"), .stream(.post(post), noun: "post \(post)")]
    }
}
