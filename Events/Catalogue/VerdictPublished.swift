// review: a verdict was published at a public address (DESIGN §4).

/// A verdict was published.
public struct VerdictPublished: EventPayload, Equatable {
    public static let typeName = "VerdictPublished"
    public static let currentSchemaVersion = 1
    public static let group = EventGroup.review
    public static let knownFields: Set<String> = ["verdict", "url", "published_at"]

    /// The verdict published.
    public var verdict: String
    /// Where it was published.
    public var url: String
    /// When it was published, if known.
    public var publishedAt: Timestamp?

    /// Creates and validates the payload.
    public init(verdict: String, url: String, publishedAt: Timestamp? = nil) throws {
        self.verdict = verdict
        self.url = url
        self.publishedAt = publishedAt
        self = try Self(fields: FieldReader(encoded()))
    }

    /// Decodes and validates `data`.
    public init(fields: FieldReader) throws {
        verdict = try fields.token("verdict")
        url = try fields.url("url")
        publishedAt = try fields.optionalTimestamp("published_at")
    }

    /// The payload in documented field order.
    public func encoded() -> JSONObject {
        var builder = JSONObjectBuilder()
        builder.add("verdict", verdict)
        builder.add("url", url)
        builder.add("published_at", publishedAt)
        return builder.object
    }

    public var stream: StreamName { .verdict(verdict) }
    public var intrinsicTime: Timestamp? { publishedAt }
    public var references: [Reference] { [.name("verdict:\(verdict)", noun: "verdict \(verdict)")] }
}
