// review: two claims turn out to be the same; the merged claim's appearances then belong
// to the surviving one (DESIGN §5).

/// Two claims were merged into one.
public struct ClaimsMerged: EventPayload, Equatable {
    /// The catalogue name.
    public static let typeName = "ClaimsMerged"
    /// The schema version this code writes.
    public static let currentSchemaVersion = 1
    /// The group, which decides the signing rule.
    public static let group = EventGroup.review
    /// The `data` field names this version knows.
    public static let knownFields: Set<String> = ["surviving", "merged", "reason"]

    /// The claim that remains.
    public var surviving: String
    /// The claim folded into it.
    public var merged: String
    /// Why they are the same claim.
    public var reason: String

    /// Creates and validates the payload.
    public init(surviving: String, merged: String, reason: String) throws {
        self.surviving = surviving
        self.merged = merged
        self.reason = reason
        self = try Self(fields: FieldReader(encoded()))
    }

    /// Decodes and validates `data`.
    public init(fields: FieldReader) throws {
        surviving = try fields.token("surviving")
        merged = try fields.token("merged")
        guard merged != surviving else {
            throw fields.failure("merged", "must differ from the surviving claim \(ValidationError.quote(surviving))")
        }
        reason = try fields.string("reason", maxLength: 2000)
    }

    /// The payload in documented field order.
    public func encoded() -> JSONObject {
        var builder = JSONObjectBuilder()
        builder.add("surviving", surviving)
        builder.add("merged", merged)
        builder.add("reason", reason)
        return builder.object
    }

    /// The stream this event is appended to.
    public var stream: StreamName { .claim(surviving) }
    /// What must already be in the log.
    public var references: [Reference] {
        [.stream(.claim(surviving), noun: "claim \(surviving)"), .stream(.claim(merged), noun: "claim \(merged)")]
    }
    /// A claim is merged into another once.
    public var definedNames: [String] { ["merged:\(merged)"] }
}
