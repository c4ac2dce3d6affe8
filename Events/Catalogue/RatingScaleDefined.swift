// ledger: a rating scale that verdicts may name (DESIGN §4). See RatingScale for the value type.

/// A rating scale was defined: its labels, their ordinal values and misinformation weights.
public struct RatingScaleDefined: EventPayload, Equatable {
    /// The catalogue name.
    public static let typeName = "RatingScaleDefined"
    /// The schema version this code writes.
    public static let currentSchemaVersion = 1
    /// The group, which decides the signing rule.
    public static let group = EventGroup.ledger
    /// The `data` field names this version knows.
    public static let knownFields: Set<String> = ["scale", "name", "labels"]

    /// The scale id, such as `factledger/1`.
    public var scale: String
    /// The scale's display name.
    public var name: String
    /// The labels; unique, at least one.
    public var labels: [RatingLabel]

    /// Creates and validates the payload.
    public init(scale: String, name: String, labels: [RatingLabel]) throws {
        self.init(unchecked: scale, name: name, labels: labels)
        self = try Self(fields: FieldReader(encoded()))
    }

    /// For values that are valid by construction, such as the default scale.
    init(unchecked scale: String, name: String, labels: [RatingLabel]) {
        self.scale = scale
        self.name = name
        self.labels = labels
    }

    /// Decodes and validates `data`.
    public init(fields: FieldReader) throws {
        scale = try fields.token("scale")
        name = try fields.string("name", maxLength: 200)
        let entries = try fields.objectArray("labels", maxCount: 100)
        guard !entries.isEmpty else { throw fields.failure("labels", "must list at least one label") }
        var seen: Set<String> = []
        labels = try entries.map { entry in
            let label = RatingLabel(
                label: try entry.ratingLabel("label"),
                value: try entry.optionalInteger("value", in: -1000...1000).map { Int($0) },
                weight: try entry.number("weight", in: 0...1),
                pending: try entry.optionalBool("pending") ?? false,
                description: try entry.optionalString("description", maxLength: 1000))
            guard seen.insert(label.label).inserted else {
                throw entry.failure("label", "repeats the label \(ValidationError.quote(label.label)); labels must be unique")
            }
            return label
        }
    }

    /// The payload in documented field order.
    public func encoded() -> JSONObject {
        var builder = JSONObjectBuilder()
        builder.add("scale", scale)
        builder.add("name", name)
        builder.add("labels", .array(labels.map { label in
            var entry = JSONObjectBuilder()
            entry.add("label", label.label)
            entry.add("value", label.value)
            entry.add("weight", label.weight)
            entry.addFlag("pending", label.pending)
            entry.add("description", label.description)
            return entry.value
        }))
        return builder.object
    }

    /// The stream this event is appended to.
    public var stream: StreamName { .ledger }
    /// The natural key that makes an import idempotent.
    public var naturalKey: String? { scale }
    /// Names this event defines for later references.
    public var definedNames: [String] { ["scale:\(scale)"] }
}
