// people: a reviewer's key stops being accepted for new events (DESIGN §4).

/// A reviewer was revoked; their earlier signatures stay valid for what they signed.
public struct ReviewerRevoked: EventPayload, Equatable {
    /// The catalogue name.
    public static let typeName = "ReviewerRevoked"
    /// The schema version this code writes.
    public static let currentSchemaVersion = 1
    /// The group, which decides the signing rule.
    public static let group = EventGroup.people
    /// The `data` field names this version knows.
    public static let knownFields: Set<String> = ["handle", "reason"]

    /// The revoked reviewer's handle.
    public var handle: String
    /// Why the reviewer was revoked.
    public var reason: String

    /// Creates and validates the payload.
    public init(handle: String, reason: String) throws {
        self.handle = handle
        self.reason = reason
        self = try Self(fields: FieldReader(encoded()))
    }

    /// Decodes and validates `data`.
    public init(fields: FieldReader) throws {
        handle = try fields.handle("handle")
        reason = try fields.string("reason", maxLength: 2000)
    }

    /// The payload in documented field order.
    public func encoded() -> JSONObject {
        var builder = JSONObjectBuilder()
        builder.add("handle", handle)
        builder.add("reason", reason)
        return builder.object
    }

    /// The stream this event is appended to.
    public var stream: StreamName { .reviewer(handle) }
    /// What must already be in the log.
    public var references: [Reference] { [.stream(.reviewer(handle), noun: "reviewer \(handle)")] }
}
