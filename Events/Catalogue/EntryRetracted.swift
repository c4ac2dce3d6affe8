// review: an entry made in error. It stays in the log, and projections skip it (DESIGN §4).

/// An earlier event was retracted.
public struct EntryRetracted: EventPayload, Equatable {
    /// The catalogue name.
    public static let typeName = "EntryRetracted"
    /// The schema version this code writes.
    public static let currentSchemaVersion = 1
    /// The group, which decides the signing rule.
    public static let group = EventGroup.review
    /// The `data` field names this version knows.
    public static let knownFields: Set<String> = ["event", "reason"]

    /// The id of the event retracted.
    public var event: EventID
    /// Why it was made in error.
    public var reason: String

    /// Creates and validates the payload.
    public init(event: EventID, reason: String) throws {
        self.event = event
        self.reason = reason
        self = try Self(fields: FieldReader(encoded()))
    }

    /// Decodes and validates `data`.
    public init(fields: FieldReader) throws {
        event = try fields.eventID("event")
        reason = try fields.string("reason", maxLength: 2000)
    }

    /// The payload in documented field order.
    public func encoded() -> JSONObject {
        var builder = JSONObjectBuilder()
        builder.add("event", event.rawValue)
        builder.add("reason", reason)
        return builder.object
    }

    /// The stream this event is appended to.
    public var stream: StreamName { .retraction(event) }
    /// What must already be in the log.
    public var references: [Reference] { [.event(event)] }
    /// An entry is retracted once.
    public var definedNames: [String] { ["retracted:\(event)"] }
}
