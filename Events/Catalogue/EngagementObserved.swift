// observation: later engagement counts for a post already observed (DESIGN §4).

/// A post's engagement counts were observed again.
public struct EngagementObserved: EventPayload, Equatable {
    /// The catalogue name.
    public static let typeName = "EngagementObserved"
    /// The schema version this code writes.
    public static let currentSchemaVersion = 1
    /// The group, which decides the signing rule.
    public static let group = EventGroup.observation
    /// The `data` field names this version knows.
    public static let knownFields: Set<String> = Set(["post", "observed_at"] + Engagement.fieldNames)

    /// The post, such as `twitter:1238291234`.
    public var post: PlatformReference
    /// When the counts were read.
    public var observedAt: Timestamp
    /// The counts.
    public var engagement: Engagement

    /// Creates and validates the payload.
    public init(post: PlatformReference, observedAt: Timestamp, engagement: Engagement) throws {
        self.post = post
        self.observedAt = observedAt
        self.engagement = engagement
        self = try Self(fields: FieldReader(encoded()))
    }

    /// Decodes and validates `data`; the counts are flat in `data`.
    public init(fields: FieldReader) throws {
        post = try fields.platformReference("post")
        observedAt = try fields.timestamp("observed_at")
        engagement = try Engagement(fields: fields)
    }

    /// The payload in documented field order.
    public func encoded() -> JSONObject {
        var builder = JSONObjectBuilder()
        builder.add("post", post.description)
        builder.add("observed_at", observedAt)
        engagement.add(to: &builder)
        return builder.object
    }

    /// The stream this event is appended to.
    public var stream: StreamName { .post(post) }
    /// The natural key that makes an import idempotent.
    public var naturalKey: String? { "\(post)@\(observedAt.iso8601)" }
    /// The payload's own time, used when a line gives no `occurred_at`.
    public var intrinsicTime: Timestamp? { observedAt }
    /// What must already be in the log.
    public var references: [Reference] { [.stream(.post(post), noun: "post \(post)")] }
}
