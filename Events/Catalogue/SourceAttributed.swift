// review: a post or claim is traced to a news outlet (DESIGN §4); the state-media share
// of DESIGN §5 counts these.

/// How the content reached the post or claim from the outlet.
public enum AttributionChannel: String, Sendable, CaseIterable {
    /// The post links to the outlet.
    case link
    /// The post reposts the outlet's account.
    case repost
    /// The post quotes the outlet.
    case quote
    /// The post or claim cites the outlet as its source.
    case citation
}

/// How sure the reviewer is of an attribution.
public enum AttributionConfidence: String, Sendable, CaseIterable {
    /// Shown directly by the evidence.
    case confirmed
    /// Likely, from strong indications.
    case probable
    /// Plausible, not established.
    case possible
}

/// A post or claim was attributed to an outlet.
public struct SourceAttributed: EventPayload, Equatable {
    /// The catalogue name.
    public static let typeName = "SourceAttributed"
    /// The schema version this code writes.
    public static let currentSchemaVersion = 1
    /// The group, which decides the signing rule.
    public static let group = EventGroup.review
    /// The `data` field names this version knows.
    public static let knownFields: Set<String> = ["outlet", "claim", "post", "via", "confidence", "evidence_url"]

    /// The outlet's domain.
    public var outlet: String
    /// The claim attributed, if any.
    public var claim: String?
    /// The post attributed, if any.
    public var post: PlatformReference?
    /// How the content came from the outlet.
    public var via: AttributionChannel
    /// How sure the attribution is.
    public var confidence: AttributionConfidence
    /// Where the evidence is.
    public var evidenceURL: String?

    /// Creates and validates the payload; at least one of `claim` and `post` is required.
    public init(outlet: String, claim: String? = nil, post: PlatformReference? = nil, via: AttributionChannel,
                confidence: AttributionConfidence, evidenceURL: String? = nil) throws {
        self.outlet = outlet
        self.claim = claim
        self.post = post
        self.via = via
        self.confidence = confidence
        self.evidenceURL = evidenceURL
        self = try Self(fields: FieldReader(encoded()))
    }

    /// Decodes and validates `data`.
    public init(fields: FieldReader) throws {
        outlet = try fields.domain("outlet")
        claim = try fields.optionalToken("claim")
        post = try fields.optionalPlatformReference("post")
        guard claim != nil || post != nil else {
            throw fields.failure("claim", "is required when there is no post; give claim, post or both")
        }
        via = try fields.enumeration("via", AttributionChannel.self)
        confidence = try fields.enumeration("confidence", AttributionConfidence.self)
        evidenceURL = try fields.optionalURL("evidence_url")
    }

    /// The payload in documented field order.
    public func encoded() -> JSONObject {
        var builder = JSONObjectBuilder()
        builder.add("outlet", outlet)
        builder.add("claim", claim)
        builder.add("post", post?.description)
        builder.add("via", via)
        builder.add("confidence", confidence)
        builder.add("evidence_url", evidenceURL)
        return builder.object
    }

    /// The claim's stream when a claim is named, else the post's.
    public var stream: StreamName {
        if let claim { return .claim(claim) }
        if let post { return .post(post) }
        return .outlet(outlet)  // Unreachable: validation requires a claim or a post.
    }

    /// What must already be in the log.
    public var references: [Reference] {
        var references: [Reference] = [.stream(.outlet(outlet), noun: "outlet \(outlet)")]
        if let claim { references.append(.stream(.claim(claim), noun: "claim \(claim)")) }
        if let post { references.append(.stream(.post(post), noun: "post \(post)")) }
        return references
    }
}
