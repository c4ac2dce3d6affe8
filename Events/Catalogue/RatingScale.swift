// Rating scales as values (DESIGN §4): the default `factledger/1` scale and the conversion
// to and from the RatingScaleDefined event that records a scale in the ledger.

/// One label of a rating scale, such as `mostly-false`.
public struct RatingLabel: Sendable, Equatable {
    /// The label, a lowercase id such as `mostly-false`.
    public var label: String
    /// The ordinal value (higher is more accurate), or nil for labels outside the order.
    public var value: Int?
    /// The misinformation weight in [0, 1] that the MAS score uses.
    public var weight: Double
    /// Whether a claim with this label still counts as pending (like `unproven`).
    public var pending: Bool
    /// What the label means, for readers.
    public var description: String?

    /// A label as given; it is validated when placed in a ``RatingScaleDefined``.
    public init(label: String, value: Int? = nil, weight: Double, pending: Bool = false, description: String? = nil) {
        self.label = label
        self.value = value
        self.weight = weight
        self.pending = pending
        self.description = description
    }
}

/// A rating scale: the labels a verdict may use, their order and their weights.
///
/// Guarantees: every scale built through ``init(id:name:labels:)`` has passed the same
/// validation as a ``RatingScaleDefined`` event read from the log.
public struct RatingScale: Sendable, Equatable {
    /// The scale id, such as `factledger/1`.
    public let id: String
    /// The scale's display name.
    public let name: String
    /// The labels, in the order given.
    public let labels: [RatingLabel]

    /// Builds and validates a scale.
    public init(id: String, name: String, labels: [RatingLabel]) throws {
        self.init(try RatingScaleDefined(scale: id, name: name, labels: labels))
    }

    /// The scale an event defines.
    public init(_ event: RatingScaleDefined) {
        self.init(unchecked: event.scale, name: event.name, labels: event.labels)
    }

    private init(unchecked id: String, name: String, labels: [RatingLabel]) {
        self.id = id
        self.name = name
        self.labels = labels
    }

    /// The event that defines this scale.
    public var definition: RatingScaleDefined {
        RatingScaleDefined(unchecked: id, name: name, labels: labels)
    }

    /// The label named `name`, or nil.
    public func label(named name: String) -> RatingLabel? {
        labels.first { $0.label == name }
    }

    /// The highest ordinal value (the most accurate rating), or nil when no label has a value.
    public var bestRating: Int? { labels.compactMap(\.value).max() }

    /// The lowest ordinal value (the least accurate rating), or nil when no label has a value.
    public var worstRating: Int? { labels.compactMap(\.value).min() }

    /// The id of the default scale, which a verdict uses when it names none.
    public static let defaultID = "factledger/1"

    /// The default scale `factledger/1` of DESIGN §4, defined by `init`.
    public static let factledgerDefault = RatingScale(unchecked: defaultID, name: "FactLedger default scale", labels: [
        RatingLabel(label: "true", value: 6, weight: 0),
        RatingLabel(label: "mostly-true", value: 5, weight: 0),
        RatingLabel(label: "mixture", value: 4, weight: 0.25),
        RatingLabel(label: "misleading", value: 3, weight: 0.5),
        RatingLabel(label: "mostly-false", value: 2, weight: 0.75),
        RatingLabel(label: "false", value: 1, weight: 1),
        RatingLabel(label: "unproven", weight: 0, pending: true),
        RatingLabel(label: "satire", weight: 0),
    ])
}
