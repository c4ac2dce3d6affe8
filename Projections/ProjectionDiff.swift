// What conclusions changed between two as-of states of the ledger (DESIGN §5, §6 `diff`).
import Events

/// The changes between two folds of the same ledger, usually two as-of points.
///
/// Lists the claims whose conclusion changed (old → new), the claims and verdicts that are in
/// `to` but not in `from` (and claims that disappeared, as a retraction can make them), and
/// the accounts whose MAS moved by more than `threshold` points; an account scored on one
/// side only is always listed. MAS uses each side's own methodology and `T_end`.
public struct ProjectionDiff: Sendable, Equatable {
    /// A claim whose conclusion changed.
    public struct LabelChange: Sendable, Equatable {
        /// The claim id.
        public let claim: String
        /// The conclusion at the earlier point.
        public let from: ClaimConclusion
        /// The conclusion at the later point.
        public let to: ClaimConclusion
    }

    /// A claim present on one side only.
    public struct ClaimPresence: Sendable, Equatable {
        /// The claim id.
        public let claim: String
        /// Where the claim stood on the board.
        public let status: ClaimBoard.Status
        /// Its conclusion there.
        public let conclusion: ClaimConclusion
    }

    /// A verdict present in `to` only.
    public struct NewVerdict: Sendable, Equatable {
        /// The verdict id.
        public let verdict: String
        /// The claim id.
        public let claim: String
        /// Nil for a void revision.
        public let label: String?
        /// The correction class, for a revision.
        public let correctionClass: CorrectionClass?
        /// Who signed it.
        public let author: String
        /// Its position in the log.
        public let position: Int64
    }

    /// An account whose MAS moved.
    public struct ScoreMove: Sendable, Equatable {
        /// The account, such as `twitter:zlj517`.
        public let account: PlatformReference
        /// Nil when the account was not scored there.
        public let from: Double?
        /// Nil when the account is not scored there.
        public let to: Double?

        /// `to - from`, or nil when either side is missing.
        public var change: Double? { from.flatMap { old in to.map { $0 - old } } }
    }

    /// The last position of the earlier fold.
    public let fromPosition: Int64
    /// The last position of the later fold.
    public let toPosition: Int64
    /// MAS points an account must move by (strictly more) to be listed.
    public let threshold: Double
    /// Claims in both folds whose conclusion changed, by claim.
    public let labelChanges: [LabelChange]
    /// Claims in the later fold only, by claim.
    public let newClaims: [ClaimPresence]
    /// Claims in the earlier fold only (a retraction can remove one), by claim.
    public let removedClaims: [ClaimPresence]
    /// Verdicts in the later fold only, in log order.
    public let newVerdicts: [NewVerdict]
    /// Accounts whose MAS moved by more than the threshold, or is on one side only, by account.
    public let scoreMoves: [ScoreMove]

    /// The default MAS threshold, in points.
    public static let defaultThreshold = 1.0

    /// Compares the two folds.
    public init(from old: LedgerFacts, to new: LedgerFacts, threshold: Double = ProjectionDiff.defaultThreshold) {
        let oldResolved = ResolvedFacts(old)
        let newResolved = ResolvedFacts(new)
        fromPosition = old.lastPosition
        toPosition = new.lastPosition
        self.threshold = threshold

        let oldBoard = Dictionary(uniqueKeysWithValues: ClaimBoard.state(oldResolved).entries.map { ($0.claim, $0) })
        let newBoard = Dictionary(uniqueKeysWithValues: ClaimBoard.state(newResolved).entries.map { ($0.claim, $0) })
        labelChanges = newBoard.keys.sorted().compactMap { claim in
            guard let before = oldBoard[claim], let after = newBoard[claim], before.conclusion != after.conclusion else { return nil }
            return LabelChange(claim: claim, from: before.conclusion, to: after.conclusion)
        }
        newClaims = newBoard.keys.sorted().compactMap { claim in
            guard oldBoard[claim] == nil, let entry = newBoard[claim] else { return nil }
            return ClaimPresence(claim: claim, status: entry.status, conclusion: entry.conclusion)
        }
        removedClaims = oldBoard.keys.sorted().compactMap { claim in
            guard newBoard[claim] == nil, let entry = oldBoard[claim] else { return nil }
            return ClaimPresence(claim: claim, status: entry.status, conclusion: entry.conclusion)
        }

        func verdicts(_ resolved: ResolvedFacts) -> [String: Int] {
            var found: [String: Int] = [:]
            for claim in resolved.claims.values {
                for index in claim.verdicts { found[resolved.facts.verdicts[index].value.verdict] = index }
            }
            return found
        }
        let oldVerdicts = verdicts(oldResolved)
        newVerdicts = verdicts(newResolved)
            .filter { oldVerdicts[$0.key] == nil }
            .map { _, index in
                let verdict = new.verdicts[index]
                return NewVerdict(
                    verdict: verdict.value.verdict, claim: verdict.value.claim, label: verdict.value.label,
                    correctionClass: verdict.value.revision?.correctionClass, author: verdict.source.author, position: verdict.source.position)
            }
            .sorted { ($0.position, $0.verdict) < ($1.position, $1.verdict) }

        var oldScores: [PlatformReference: Double] = [:]
        for score in AmplificationScores.result(oldResolved, options: .init()).scores { oldScores[score.account] = score.mas }
        var newScores: [PlatformReference: Double] = [:]
        for score in AmplificationScores.result(newResolved, options: .init()).scores { newScores[score.account] = score.mas }
        scoreMoves = Set(oldScores.keys).union(newScores.keys).sorted().compactMap { account in
            let move = ScoreMove(account: account, from: oldScores[account], to: newScores[account])
            if let change = move.change, abs(change) <= threshold { return nil }
            return move
        }
    }

    /// The changes as JSON.
    public func json(style: NumberStyle = .exact) -> JSONValue {
        func presence(_ entry: ClaimPresence) -> JSONValue {
            var object = JSONObjectBuilder()
            object.add("claim", entry.claim)
            object.add("status", entry.status)
            object.add("label", entry.conclusion.jsonLabel)
            return object.value
        }
        func number(_ value: Double?) -> JSONValue { value.map { CanonicalNumber.json($0, style: style) } ?? .null }
        var object = JSONObjectBuilder()
        object.add("from_position", fromPosition)
        object.add("to_position", toPosition)
        object.add("threshold", threshold, style: style)
        object.add("label_changes", .array(labelChanges.map { change in
            var entry = JSONObjectBuilder()
            entry.add("claim", change.claim)
            entry.add("from", change.from.jsonLabel)
            entry.add("from_status", change.from.state)
            entry.add("to", change.to.jsonLabel)
            entry.add("to_status", change.to.state)
            return entry.value
        }))
        object.add("new_claims", .array(newClaims.map(presence)))
        object.add("removed_claims", .array(removedClaims.map(presence)))
        object.add("new_verdicts", .array(newVerdicts.map { verdict in
            var entry = JSONObjectBuilder()
            entry.add("verdict", verdict.verdict)
            entry.add("claim", verdict.claim)
            entry.add("label", orNull: verdict.label)
            entry.add("correction_class", orNull: verdict.correctionClass?.rawValue)
            entry.add("author", verdict.author)
            entry.add("position", verdict.position)
            return entry.value
        }))
        object.add("score_moves", .array(scoreMoves.map { move in
            var entry = JSONObjectBuilder()
            entry.add("account", move.account.description)
            entry.add("from", number(move.from))
            entry.add("to", number(move.to))
            entry.add("change", number(move.change))
            return entry.value
        }))
        return object.value
    }
}
