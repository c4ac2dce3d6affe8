// What the ledger concludes about a claim (DESIGN §5): the label of its latest final
// verdict, void, or nothing yet.

/// The conclusion on a claim at one moment.
public enum ClaimConclusion: Sendable, Hashable, CustomStringConvertible {
    /// No final verdict yet: the claim is pending.
    case unrated
    /// The label of the latest final verdict, such as `false` (`unproven` still counts as pending).
    case labelled(String)
    /// The latest final verdict was a revision of class `void`: the rating is withdrawn.
    case void

    /// The label, when there is one.
    public var label: String? {
        if case .labelled(let label) = self { return label }
        return nil
    }

    /// `pending`, the label, or `void`.
    public var description: String {
        switch self {
        case .unrated: return "pending"
        case .labelled(let label): return label
        case .void: return "void"
        }
    }
}

/// A claim's conclusion together with what the MAS score needs from it.
struct Rating: Sendable {
    let conclusion: ClaimConclusion
    /// The index in `LedgerFacts.verdicts` of the verdict that decided it, if any.
    let verdict: Int?
    /// The label's misinformation weight; 0 when pending or void.
    let weight: Double
    /// No current label, or a label such as `unproven` that counts as pending; never void.
    let isPending: Bool

    static let unrated = Rating(conclusion: .unrated, verdict: nil, weight: 0, isPending: true)
}
