// The six views of DESIGN §5 share one fold, LedgerFacts; each is that fold plus the
// computation of its view. So one pass over the log serves every view, and folding one
// view alone gives exactly the same state.
import Events

/// A projection whose state is the shared `LedgerFacts` and whose view is computed from it.
///
/// Guarantees: `apply` only records facts, so folding the projection and building it from
/// an independently folded `LedgerFacts` give the same view. Cost: the view is computed when
/// asked for, in O(facts).
public protocol FactProjection: DigestibleProjection {
    /// The facts folded so far.
    var facts: LedgerFacts { get set }
    /// The view of these facts.
    init(facts: LedgerFacts)
    /// How many items the view holds (claims, accounts, months…), for reports.
    var itemCount: Int { get }
}

extension FactProjection {
    /// The view of an empty ledger.
    public init() { self.init(facts: LedgerFacts()) }

    /// Records the event's facts.
    public mutating func apply(_ event: RecordedEvent) { facts.apply(event) }
}

/// How numbers are written: in full for people and programs, or rounded for digests.
public enum NumberStyle: Sendable {
    /// The shortest text that reads back as the same `Double`.
    case exact
    /// Rounded to 9 decimal places, so that a last-bit difference between two machines' `log`
    /// or `exp2` does not change a digest.
    case canonical
}

extension JSONObjectBuilder {
    /// Adds `value` in `style`.
    mutating func add(_ key: String, _ value: Double, style: NumberStyle) {
        add(key, CanonicalNumber.json(value, style: style))
    }

    /// Adds `value` in `style`, or nothing when it is nil.
    mutating func add(_ key: String, _ value: Double?, style: NumberStyle) {
        if let value { add(key, value, style: style) }
    }

    /// Adds `values` as an array of strings, empty or not.
    mutating func add(_ key: String, strings values: [String]) {
        add(key, .array(values.map { .string($0) }))
    }

    /// Adds `value` as a string, or null when it is nil, so the key is always present.
    mutating func add(_ key: String, orNull value: String?) {
        add(key, value.map { JSONValue.string($0) } ?? .null)
    }
}

/// Number formatting for JSON output and canonical state.
enum CanonicalNumber {
    /// `value` as a JSON number in `style`; non-finite values become null.
    static func json(_ value: Double, style: NumberStyle) -> JSONValue {
        guard value.isFinite else { return .null }
        switch style {
        case .exact:
            return .number(JSONNumberFormat.format(value))
        case .canonical:
            let scaled = (value * 1e9).rounded()
            guard abs(scaled) < 9e18 else { return .number(JSONNumberFormat.format(value)) }
            let units = Int64(scaled)
            if units == 0 { return .number("0") }
            let magnitude = units.magnitude
            var fraction = String(magnitude % 1_000_000_000)
            fraction = String(repeating: "0", count: 9 - fraction.count) + fraction
            while fraction.hasSuffix("0") { fraction.removeLast() }
            let whole = "\(units < 0 ? "-" : "")\(magnitude / 1_000_000_000)"
            return .number(fraction.isEmpty ? whole : "\(whole).\(fraction)")
        }
    }
}

extension ClaimConclusion {
    /// The label, or null when there is none.
    var jsonLabel: JSONValue { label.map { .string($0) } ?? .null }

    /// `labelled`, `void` or `unrated`.
    var state: String {
        switch self {
        case .unrated: return "unrated"
        case .labelled: return "labelled"
        case .void: return "void"
        }
    }
}
