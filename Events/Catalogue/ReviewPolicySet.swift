// ledger: whether a verdict is final on its own or needs a concurring second reviewer (DESIGN §5).

/// How many reviewers a verdict needs before it is final.
public enum ReviewPolicy: String, Sendable, CaseIterable {
    /// A recorded verdict is final.
    case single
    /// A verdict is final once a second reviewer concurs.
    case twoPerson = "two_person"
}

/// The review policy was set.
public struct ReviewPolicySet: EventPayload, Equatable {
    /// The catalogue name.
    public static let typeName = "ReviewPolicySet"
    /// The schema version this code writes.
    public static let currentSchemaVersion = 1
    /// The group, which decides the signing rule.
    public static let group = EventGroup.ledger
    /// The `data` field names this version knows.
    public static let knownFields: Set<String> = ["policy"]

    /// The policy from now on.
    public var policy: ReviewPolicy

    /// Creates the payload.
    public init(policy: ReviewPolicy) {
        self.policy = policy
    }

    /// Decodes and validates `data`.
    public init(fields: FieldReader) throws {
        policy = try fields.enumeration("policy", ReviewPolicy.self)
    }

    /// The payload in documented field order.
    public func encoded() -> JSONObject {
        var builder = JSONObjectBuilder()
        builder.add("policy", policy)
        return builder.object
    }

    /// The stream this event is appended to.
    public var stream: StreamName { .ledger }
}
