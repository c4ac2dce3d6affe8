// The views `export csv --view` writes: one per projection of DESIGN §5.

/// A projection exported as CSV.
public enum CSVView: String, Sendable, CaseIterable {
    /// AccountClaimHistory: one row per post and claim it carries.
    case history
    /// AmplificationScores: one row per scored account.
    case scores
    /// ClaimBoard: one row per claim.
    case board
    /// MonthlyActivity: a total row and one row per account for each month.
    case activity
    /// OutletAmplification: one row per registered outlet.
    case outlets
    /// VerdictTrail: one row per verdict event of each claim.
    case trail

    /// Parses a view name, or throws ``PublishingError/unknownView(_:)`` (exit 64).
    public init(name: String) throws {
        guard let view = CSVView(rawValue: name.lowercased()) else { throw PublishingError.unknownView(name) }
        self = view
    }

    /// The file name `export csv` uses when `--out` names a folder.
    public var defaultFileName: String { "\(rawValue).csv" }
}
