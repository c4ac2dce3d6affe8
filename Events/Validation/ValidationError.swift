// Every payload validates on construction; a failure names the event type and the field.

/// A payload or envelope failed validation.
///
/// `description` is a sentence for the person at the terminal: it names the event type,
/// the field and what was expected.
public struct ValidationError: Error, Equatable, CustomStringConvertible {
    /// The event type, such as `PostObserved`, when known.
    public var eventType: String?
    /// The field path, such as `data.posted_at`.
    public var field: String
    /// What was wrong and what was expected.
    public var problem: String

    public init(eventType: String? = nil, field: String, problem: String) {
        self.eventType = eventType
        self.field = field
        self.problem = problem
    }

    public var description: String {
        if let eventType { return "\(eventType) field \(field): \(problem)" }
        return "field \(field): \(problem)"
    }

    /// Quotes a user value for an error message, shortened and with control characters escaped.
    public static func quote(_ value: String, limit: Int = 60) -> String {
        var shown = ""
        for scalar in value.unicodeScalars.prefix(limit) {
            if scalar.value < 0x20 || scalar.value == 0x7F || (0x202A...0x202E).contains(scalar.value) || (0x2066...0x2069).contains(scalar.value) {
                shown += "\\u{\(String(scalar.value, radix: 16))}"
            } else {
                shown.unicodeScalars.append(scalar)
            }
        }
        if value.unicodeScalars.count > limit { shown += "…" }
        return "\"\(shown)\""
    }
}
