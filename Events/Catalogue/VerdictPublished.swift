// review: a verdict was published at a public address (DESIGN §4).

/// A verdict was published.
public struct VerdictPublished: EventPayload, Equatable {
    /// The catalogue name.
    public static let typeName = "VerdictPublished"
    /// The schema version this code writes.
    public static let currentSchemaVersion = 1
    /// The group, which decides the signing rule.
    public static let group = EventGroup.review
    /// The `data` field names this version knows.
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

    /// The stream this event is appended to.
    public var stream: StreamName { .verdict(verdict) }
    /// The payload's own time, used when a line gives no `occurred_at`.
    public var intrinsicTime: Timestamp? { publishedAt }
    /// What must already be in the log.
    public var references: [Reference] { [.name("verdict:\(verdict)", noun: "verdict \(verdict)")] }
    /// A verdict is published once; its revisions are published under their own ids.
    public var definedNames: [String] { ["published:\(verdict)"] }
}
