// review: a reviewer rates a claim on a scale (DESIGN §4). The scale is always written
// explicitly, so a reader never depends on which scale was the default when it was made.

/// A verdict was recorded on a claim.
public struct VerdictRecorded: EventPayload, Equatable {
    /// The catalogue name.
    public static let typeName = "VerdictRecorded"
    /// The schema version this code writes.
    public static let currentSchemaVersion = 1
    /// The group, which decides the signing rule.
    public static let group = EventGroup.review
    /// The `data` field names this version knows.
    public static let knownFields: Set<String> = ["verdict", "claim", "label", "rationale", "scale", "evidence"]

    /// The verdict id, such as `v-1`.
    public var verdict: String
    /// The claim rated.
    public var claim: String
    /// The label on the scale, such as `false`.
    public var label: String
    /// Why, for readers.
    public var rationale: String
    /// The scale id; `factledger/1` when the data names none.
    public var scale: String
    /// The evidence, as URLs.
    public var evidence: [String]

    /// Creates and validates the payload.
    public init(verdict: String, claim: String, label: String, rationale: String,
                scale: String = RatingScale.defaultID, evidence: [String] = []) throws {
        self.verdict = verdict
        self.claim = claim
        self.label = label
        self.rationale = rationale
        self.scale = scale
        self.evidence = evidence
        self = try Self(fields: FieldReader(encoded()))
    }

    /// Decodes and validates `data`.
    public init(fields: FieldReader) throws {
        verdict = try fields.token("verdict")
        claim = try fields.token("claim")
        label = try fields.ratingLabel("label")
        rationale = try fields.string("rationale", maxLength: 5000)
        scale = try fields.optionalToken("scale") ?? RatingScale.defaultID
        try fields.checkLabel(label, key: "label", onScale: scale)
        evidence = try fields.urlArray("evidence", maxCount: 100)
    }

    /// The payload in documented field order; `scale` is always written.
    public func encoded() -> JSONObject {
        var builder = JSONObjectBuilder()
        builder.add("verdict", verdict)
        builder.add("claim", claim)
        builder.add("label", label)
        builder.add("rationale", rationale)
        builder.add("scale", scale)
        builder.add("evidence", evidence)
        return builder.object
    }

    /// The stream this event is appended to.
    public var stream: StreamName { .claim(claim) }
    /// The natural key that makes an import idempotent.
    public var naturalKey: String? { verdict }
    /// What must already be in the log.
    public var references: [Reference] {
        [.stream(.claim(claim), noun: "claim \(claim)"), .name("scale:\(scale)", noun: "rating scale \(scale)")]
    }
    /// Names this event defines for later references.
    public var definedNames: [String] { ["verdict:\(verdict)"] }
}
