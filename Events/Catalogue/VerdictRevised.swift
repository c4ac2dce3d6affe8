// review: a verdict is replaced by a new one (DESIGN §4). The old verdict stays in the log;
// the correction class says what kind of change readers are told about, and `void`
// withdraws the rating altogether, so it carries no label.

/// What kind of correction a revision is.
public enum CorrectionClass: String, Sendable, CaseIterable {
    /// The rating changed.
    case ratingChange = "rating_change"
    /// A fact in the rationale was corrected; the rating stands.
    case factual
    /// The verdict is withdrawn and the claim is void.
    case void
    /// New information was added.
    case update
}

/// A verdict was revised: a new verdict supersedes an earlier one.
public struct VerdictRevised: EventPayload, Equatable {
    /// The catalogue name.
    public static let typeName = "VerdictRevised"
    /// The schema version this code writes.
    public static let currentSchemaVersion = 1
    /// The group, which decides the signing rule.
    public static let group = EventGroup.review
    /// The `data` field names this version knows.
    public static let knownFields: Set<String> = ["claim", "supersedes", "verdict", "label", "scale", "correction_class", "reason", "public_note"]

    /// The claim.
    public var claim: String
    /// The verdict this one replaces.
    public var supersedes: String
    /// The new verdict's id.
    public var verdict: String
    /// The new label; nil only when the correction class is `void`.
    public var label: String?
    /// The scale id; `factledger/1` when the data names none.
    public var scale: String
    /// What kind of correction this is.
    public var correctionClass: CorrectionClass
    /// Why, for the record.
    public var reason: String
    /// The correction notice shown to readers.
    public var publicNote: String?

    /// Creates and validates the payload.
    public init(claim: String, supersedes: String, verdict: String, label: String?, scale: String = RatingScale.defaultID,
                correctionClass: CorrectionClass, reason: String, publicNote: String? = nil) throws {
        self.claim = claim
        self.supersedes = supersedes
        self.verdict = verdict
        self.label = label
        self.scale = scale
        self.correctionClass = correctionClass
        self.reason = reason
        self.publicNote = publicNote
        self = try Self(fields: FieldReader(encoded()))
    }

    /// Decodes and validates `data`.
    public init(fields: FieldReader) throws {
        claim = try fields.token("claim")
        supersedes = try fields.token("supersedes")
        verdict = try fields.token("verdict")
        guard verdict != supersedes else {
            throw fields.failure("verdict", "must be a new verdict id, not the superseded \(ValidationError.quote(supersedes))")
        }
        label = try fields.optionalRatingLabel("label")
        scale = try fields.optionalToken("scale") ?? RatingScale.defaultID
        correctionClass = try fields.enumeration("correction_class", CorrectionClass.self)
        switch (correctionClass, label) {
        case (.void, .some):
            throw fields.failure("label", "must be absent when correction_class is void")
        case (.ratingChange, .none), (.factual, .none), (.update, .none):
            throw fields.failure("label", "is required unless correction_class is void")
        default:
            break
        }
        if let label { try fields.checkLabel(label, key: "label", onScale: scale) }
        reason = try fields.string("reason", maxLength: 2000)
        publicNote = try fields.optionalString("public_note", maxLength: 2000)
    }

    /// The payload in documented field order; `scale` is always written.
    public func encoded() -> JSONObject {
        var builder = JSONObjectBuilder()
        builder.add("claim", claim)
        builder.add("supersedes", supersedes)
        builder.add("verdict", verdict)
        builder.add("label", label)
        builder.add("scale", scale)
        builder.add("correction_class", correctionClass)
        builder.add("reason", reason)
        builder.add("public_note", publicNote)
        return builder.object
    }

    /// The stream this event is appended to.
    public var stream: StreamName { .claim(claim) }
    /// The natural key that makes an import idempotent.
    public var naturalKey: String? { verdict }
    /// What must already be in the log.
    public var references: [Reference] {
        [
            .stream(.claim(claim), noun: "claim \(claim)"),
            .name("verdict:\(supersedes)", noun: "verdict \(supersedes)"),
            .name("scale:\(scale)", noun: "rating scale \(scale)"),
        ]
    }
    /// Names this event defines for later references.
    public var definedNames: [String] { ["verdict:\(verdict)", "superseded:\(supersedes)"] }
}
