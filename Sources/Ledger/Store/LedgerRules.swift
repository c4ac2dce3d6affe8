// The rules an event must pass against the log before it is appended (DESIGN §4:
// references to things already in the log; the review rules). Append and verify share them.
import Events

/// Read access to the log's state as it stood before the event being checked.
protocol LedgerLookup {
    /// The stream's version, 0 when it has no events.
    func streamVersion(_ stream: StreamName) throws -> Int64
    /// The event that defined `name` (such as `verdict:v-1`), if any.
    func namedEvent(_ name: String) throws -> NamedEvent?
    /// Whether the event `id` is in the log.
    func containsEvent(_ id: EventID) throws -> Bool
    /// The event `id`, when it is in the log.
    func event(_ id: EventID) throws -> NamedEvent?
}

/// An event found through a defined name.
struct NamedEvent {
    let position: Int64
    let author: String
    let payload: any EventPayload
}

/// Events that define names, remembered by name. A name is defined by one event and never
/// changes, so an event found for it stays the answer; not finding one is not remembered, as a
/// later event may define it. Bounded: forgets everything when full. A million posts of a
/// hundred accounts then decode each account's registration once, not a million times.
struct NamedEventCache {
    private var events: [String: NamedEvent] = [:]
    private let capacity = 4096

    subscript(name: String) -> NamedEvent? { events[name] }

    mutating func remember(_ event: NamedEvent, as name: String) {
        if events.count >= capacity { events.removeAll(keepingCapacity: true) }
        events[name] = event
    }
}

/// The rules of DESIGN §3 and §4 that depend on what is already in the log.
enum LedgerRules {
    /// Throws when `payload`, written by `author`, breaks a rule; `index` is its place in the batch.
    static func check(_ payload: any EventPayload, author: String, index: Int, lookup: some LedgerLookup) throws {
        let typeName = type(of: payload).typeName
        for reference in payload.references {
            let exists: Bool
            switch reference {
            case .stream(let stream, _): exists = try lookup.streamVersion(stream) > 0
            case .name(let name, _): exists = try lookup.namedEvent(name) != nil
            case .event(let id): exists = try lookup.containsEvent(id)
            }
            if !exists { throw LedgerError.missingReference(index: index, eventType: typeName, reference: reference) }
        }
        for name in payload.definedNames where try lookup.namedEvent(name) != nil {
            throw LedgerError.ruleViolation(index: index, eventType: typeName, reason: duplicateName(name))
        }
        switch payload {
        case let verdict as VerdictRecorded:
            try checkLabel(verdict.label, scale: verdict.scale, typeName: typeName, index: index, lookup: lookup)
        case let revision as VerdictRevised:
            if let label = revision.label {
                try checkLabel(label, scale: revision.scale, typeName: typeName, index: index, lookup: lookup)
            }
            if let superseded = try lookup.namedEvent("verdict:\(revision.supersedes)") {
                let claim = (superseded.payload as? VerdictRecorded)?.claim ?? (superseded.payload as? VerdictRevised)?.claim
                if claim != revision.claim {
                    throw LedgerError.ruleViolation(index: index, eventType: typeName, reason: "verdict \(revision.supersedes) is about claim \(claim ?? "?"), not \(revision.claim)")
                }
            }
            if revision.publicNote == nil, try lookup.namedEvent("published:\(revision.supersedes)") != nil {
                throw LedgerError.ruleViolation(index: index, eventType: typeName, reason: "verdict \(revision.supersedes) was published, so its revision needs a public note (--public-note) for readers")
            }
        case let retraction as EntryRetracted:
            if let target = try lookup.event(retraction.event) {
                let group = type(of: target.payload).group
                if group == .ledger || group == .people {
                    throw LedgerError.ruleViolation(index: index, eventType: typeName, reason: "\(type(of: target.payload).typeName) cannot be retracted; settings change by a new setting and reviewers by revocation")
                }
            }
        case let review as VerdictReviewed:
            if let verdict = try lookup.namedEvent("verdict:\(review.verdict)"), verdict.author == author {
                throw LedgerError.ruleViolation(index: index, eventType: typeName, reason: "\(author) wrote verdict \(review.verdict) and cannot review it; a second reviewer must")
            }
        default:
            break
        }
    }

    private static func duplicateName(_ name: String) -> String {
        let parts = name.split(separator: ":", maxSplits: 1).map(String.init)
        guard parts.count == 2 else { return "\(name) already exists" }
        switch parts[0] {
        case "verdict": return "verdict id \(parts[1]) is already taken; choose another id"
        case "scale": return "rating scale \(parts[1]) is already defined; define a scale with a new id"
        case "published": return "verdict \(parts[1]) was already published"
        case "superseded": return "verdict \(parts[1]) was already superseded; revise the claim's current verdict"
        case "retracted": return "event \(parts[1]) was already retracted"
        case "merged": return "claim \(parts[1]) was already merged into another claim"
        default: return "\(name) already exists"
        }
    }

    private static func checkLabel(_ label: String, scale scaleID: String, typeName: String, index: Int, lookup: some LedgerLookup) throws {
        guard let defined = try lookup.namedEvent("scale:\(scaleID)")?.payload as? RatingScaleDefined else {
            throw LedgerError.missingReference(index: index, eventType: typeName, reference: .name("scale:\(scaleID)", noun: "rating scale \(scaleID)"))
        }
        let scale = RatingScale(defined)
        guard scale.label(named: label) != nil else {
            throw LedgerError.invalidEvent(index: index, error: ValidationError(
                eventType: typeName, field: "data.label",
                problem: "\(ValidationError.quote(label)) is not a label of scale \(scaleID); expected one of \(scale.labels.map(\.label).joined(separator: ", "))"))
        }
    }
}
