// people: a reviewer's key stops being accepted for new events (DESIGN §4).

/// A reviewer was revoked; their earlier signatures stay valid for what they signed.
public struct ReviewerRevoked: EventPayload, Equatable {
    public static let typeName = "ReviewerRevoked"
    public static let currentSchemaVersion = 1
    public static let group = EventGroup.people
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

    public var stream: StreamName { .reviewer(handle) }
    public var references: [Reference] { [.stream(.reviewer(handle), noun: "reviewer \(handle)")] }
}
