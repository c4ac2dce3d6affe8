// review: a second reviewer concurs or dissents; under the two_person policy a verdict is
// final once it has a concurring review (DESIGN §5).

/// A second reviewer's decision on a verdict.
public enum ReviewDecision: String, Sendable, CaseIterable {
    /// Agrees with the verdict.
    case concur
    /// Disagrees with the verdict.
    case dissent
}

/// A verdict was reviewed by a second reviewer.
public struct VerdictReviewed: EventPayload, Equatable {
    /// The catalogue name.
    public static let typeName = "VerdictReviewed"
    /// The schema version this code writes.
    public static let currentSchemaVersion = 1
    /// The group, which decides the signing rule.
    public static let group = EventGroup.review
    /// The `data` field names this version knows.
    public static let knownFields: Set<String> = ["verdict", "decision", "note"]

    /// The verdict reviewed.
    public var verdict: String
    /// The decision.
    public var decision: ReviewDecision
    /// The reviewer's note.
    public var note: String?

    /// Creates and validates the payload.
    public init(verdict: String, decision: ReviewDecision, note: String? = nil) throws {
        self.verdict = verdict
        self.decision = decision
        self.note = note
        self = try Self(fields: FieldReader(encoded()))
    }

    /// Decodes and validates `data`.
    public init(fields: FieldReader) throws {
        verdict = try fields.token("verdict")
        decision = try fields.enumeration("decision", ReviewDecision.self)
        note = try fields.optionalString("note", maxLength: 2000)
    }

    /// The payload in documented field order.
    public func encoded() -> JSONObject {
        var builder = JSONObjectBuilder()
        builder.add("verdict", verdict)
        builder.add("decision", decision)
        builder.add("note", note)
        return builder.object
    }

    /// The stream this event is appended to.
    public var stream: StreamName { .verdict(verdict) }
    /// What must already be in the log.
    public var references: [Reference] { [.name("verdict:\(verdict)", noun: "verdict \(verdict)")] }
}
