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
    public static let typeName = "VerdictReviewed"
    public static let currentSchemaVersion = 1
    public static let group = EventGroup.review
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

    public var stream: StreamName { .verdict(verdict) }
    public var references: [Reference] { [.name("verdict:\(verdict)", noun: "verdict \(verdict)")] }
}
