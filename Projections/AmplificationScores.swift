// AmplificationScores (DESIGN §5): the misinformation-amplification score, method mas/1,
// computed exactly as the design defines it so that an outsider can recompute every number.
import Events

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The misinformation-amplification score of each account, method `mas/1`.
///
/// For account *a*, *P* is its live posts with `posted_at` in the window (all time by default).
/// Each post has a kind weight `w` (0, or the methodology's critical-quote weight, when every
/// appearance linking it to a claim quotes the claim critically), a decay
/// `d = 2^(-(T_end - posted_at)/h)` with `T_end` the `recorded_at` of the last event folded
/// (`d = 1` with an explicit window), and `m`, the largest misinformation weight among the
/// current labels of the claims it carries (pending and void claims count 0). Accounts with
/// `Σw·d = 0` are not scored; `MS = Σw·d·m / Σw·d`; `μ` is the unweighted mean MS of the scored
/// accounts; `MAS = 100 · (Σw·d·m + α·μ) / (Σw·d + α)`. Parameters come from the latest
/// `MethodologyAdopted` (the `mas/1` defaults without one); `options` may override the
/// half-life and set the window.
public struct AmplificationScores: FactProjection {
    /// The projection's name in reports and digests.
    public static let name = "scores"
    /// The facts folded so far.
    public var facts: LedgerFacts
    /// Overrides from the command line.
    public var options: Options

    /// The view of `facts` with no overrides.
    public init(facts: LedgerFacts) { self.init(facts: facts, options: Options()) }

    /// The scores of `facts` with `options`.
    public init(facts: LedgerFacts, options: Options) {
        self.facts = facts
        self.options = options
    }

    /// A closed interval of `posted_at`; either end may be open.
    public struct Window: Sendable, Equatable, CustomStringConvertible {
        /// The first instant included, or nil for no lower bound.
        public let from: Timestamp?
        /// The last instant included, or nil for no upper bound.
        public let through: Timestamp?

        /// A window from `from` through `through`, both included.
        public init(from: Timestamp?, through: Timestamp?) {
            self.from = from
            self.through = through
        }

        /// Parses `FROM..TO`: RFC 3339 times or bare dates (a bare `TO` date includes that whole
        /// day, UTC); either side may be empty. Nil when malformed or when FROM is after TO.
        public init?(argument: String) {
            guard let range = argument.range(of: "..") else { return nil }
            let fromText = String(argument[..<range.lowerBound])
            let toText = String(argument[range.upperBound...])
            var from: Timestamp?
            var through: Timestamp?
            if !fromText.isEmpty {
                guard let parsed = Timestamp(rfc3339: fromText) else { return nil }
                from = parsed
            }
            if !toText.isEmpty {
                guard let parsed = Timestamp(rfc3339: toText) else { return nil }
                through = toText.count == 10 ? parsed.adding(milliseconds: 86_400_000 - 1) : parsed
            }
            if let from, let through, from > through { return nil }
            self.init(from: from, through: through)
        }

        /// Whether `time` falls in the window, both ends included.
        public func contains(_ time: Timestamp) -> Bool {
            (from.map { time >= $0 } ?? true) && (through.map { time <= $0 } ?? true)
        }

        /// `FROM..TO` in RFC 3339.
        public var description: String { "\(from?.iso8601 ?? "")..\(through?.iso8601 ?? "")" }
    }

    /// What the command line may change.
    public struct Options: Sendable, Equatable {
        /// Replaces the methodology's half-life, in days.
        public var halfLifeDays: Double?
        /// Restricts P to this window and sets `d = 1`.
        public var window: Window?

        /// Overrides; nil keeps the methodology's value.
        public init(halfLifeDays: Double? = nil, window: Window? = nil) {
            self.halfLifeDays = halfLifeDays
            self.window = window
        }
    }

    /// The parameters a computation used, so that a published score can be recomputed.
    public struct Parameters: Sendable, Equatable {
        /// The method and version, such as `mas/1`.
        public let method: String
        /// The decay half-life `h`, in days.
        public let halfLifeDays: Double
        /// The shrinkage strength α.
        public let alpha: Double
        /// The kind weights `w(p)`.
        public let kindWeights: MethodologyAdopted.KindWeights
        /// The weight of a post whose every appearance quotes critically.
        public let criticalQuoteWeight: Double
        /// The window of `posted_at`, when one was given (then `d = 1`).
        public let window: Window?
        /// `T_end`: the `recorded_at` of the last event folded.
        public let endTime: Timestamp?
    }

    /// One account's score and what is reported beside it.
    public struct Score: Sendable, Equatable {
        /// The account, such as `twitter:zlj517`.
        public let account: PlatformReference
        /// `100 · MS_shrunk`.
        public let mas: Double
        /// `Σw·d·m / Σw·d`, before shrinkage.
        public let ms: Double
        /// Reach `R = Σ w·d·m·ln(1+E)`.
        public let reach: Double
        /// The share of posts in P attributed (on the post or a claim it carries) to a state-controlled outlet.
        public let stateMediaShare: Double
        /// MAS with `m = 1` for every post whose claims are all pending (μ recomputed the same way).
        public let pendingUpperBound: Double
        /// Posts in P.
        public let postCount: Int
        /// Posts in P carrying at least one claim with a current label.
        public let reviewedCount: Int
        /// `Σw·d`.
        public let weightSum: Double
        /// `Σw·d·m`.
        public let weightedMisinformation: Double
    }

    /// The scores and the parameters they were computed with.
    public struct Result: Sendable, Equatable {
        /// The parameters used.
        public let parameters: Parameters
        /// μ, the mean MS of the scored accounts; nil when none is scored.
        public let mean: Double?
        /// μ recomputed for the pending upper bound.
        public let upperMean: Double?
        /// Scored accounts, highest MAS first (ties by account).
        public let scores: [Score]
        /// Accounts with posts in P whose `Σw·d` is 0, sorted.
        public let unscored: [PlatformReference]

        /// The score of `account`, if it is scored.
        public func score(for account: PlatformReference) -> Score? { scores.first { $0.account == account } }
    }

    /// Computes the scores. Cost: O(posts in P + claims).
    public var result: Result { AmplificationScores.result(ResolvedFacts(facts), options: options) }

    /// How many items the view holds, for reports.
    public var itemCount: Int { result.scores.count }

    static func report(_ resolved: ResolvedFacts) -> (items: Int, state: JSONValue) {
        let result = result(resolved, options: Options())
        return (result.scores.count, result.json(style: .canonical))
    }

    private struct Sums {
        var posts = 0
        var reviewed = 0
        var stateAttributed = 0
        var weight = 0.0
        var weighted = 0.0
        var weightedUpper = 0.0
        var reach = 0.0
    }

    static func result(_ resolved: ResolvedFacts, options: Options) -> Result {
        let facts = resolved.facts
        let methodology = resolved.methodology
        let parameters = Parameters(
            method: methodology.method, halfLifeDays: options.halfLifeDays ?? methodology.halfLifeDays,
            alpha: methodology.shrinkageAlpha, kindWeights: methodology.kindWeights,
            criticalQuoteWeight: methodology.criticalQuoteWeight, window: options.window, endTime: facts.lastRecordedAt)
        let halfLifeMilliseconds = parameters.halfLifeDays * 86_400_000
        let end = facts.lastRecordedAt?.millisecondsSinceEpoch ?? 0
        let stateOutlets = Set(resolved.outlets.filter { $0.value.value.affiliation == .stateControlled }.keys)
        func isStateControlled(_ outlets: Set<String>?) -> Bool {
            guard let outlets, !stateOutlets.isEmpty else { return false }
            return !outlets.isDisjoint(with: stateOutlets)
        }

        var sums = [Sums](repeating: Sums(), count: facts.accountRefs.count)
        for number in 0..<facts.postRefs.count {
            let index = resolved.livePosts[number]
            guard index >= 0 else { continue }
            let post = facts.observations[Int(index)]
            if let window = parameters.window, !window.contains(post.postedAt) { continue }
            let carried = resolved.linksByPost[Int32(number)] ?? []
            let weight = !carried.isEmpty && carried.allSatisfy(\.isCritical)
                ? parameters.criticalQuoteWeight : parameters.kindWeights.weight(for: post.kind)
            let decay = parameters.window == nil ? exp2(-Double(end - post.postedAt.millisecondsSinceEpoch) / halfLifeMilliseconds) : 1
            var misinformation = 0.0
            var allPending = !carried.isEmpty
            var reviewed = false
            var stateAttributed = isStateControlled(resolved.outletsByPost[Int32(number)])
            for link in carried {
                let rating = resolved.rating(of: link.claim)
                misinformation = max(misinformation, rating.weight)
                if !rating.isPending { allPending = false }
                if rating.conclusion.label != nil { reviewed = true }
                if !stateAttributed { stateAttributed = isStateControlled(resolved.outletsByClaim[link.claim]) }
            }
            let account = Int(post.account)
            sums[account].posts += 1
            if reviewed { sums[account].reviewed += 1 }
            if stateAttributed { sums[account].stateAttributed += 1 }
            let weightDecay = weight * decay
            sums[account].weight += weightDecay
            sums[account].weighted += weightDecay * misinformation
            sums[account].weightedUpper += weightDecay * (allPending ? 1 : misinformation)
            sums[account].reach += weightDecay * misinformation * log(1 + Double(resolved.reach(of: post)))
        }

        let accounts = sums.indices.filter { sums[$0].posts > 0 }.sorted { facts.accountRefs[$0] < facts.accountRefs[$1] }
        let scored = accounts.filter { sums[$0].weight > 0 }
        let unscored = accounts.filter { sums[$0].weight == 0 }.map { facts.accountRefs[$0] }
        guard !scored.isEmpty else {
            return Result(parameters: parameters, mean: nil, upperMean: nil, scores: [], unscored: unscored)
        }
        var meanSum = 0.0
        var upperMeanSum = 0.0
        for account in scored {
            meanSum += sums[account].weighted / sums[account].weight
            upperMeanSum += sums[account].weightedUpper / sums[account].weight
        }
        let mean = meanSum / Double(scored.count)
        let upperMean = upperMeanSum / Double(scored.count)
        let alpha = parameters.alpha
        var scores = scored.map { account -> Score in
            let sum = sums[account]
            return Score(
                account: facts.accountRefs[account],
                mas: 100 * (sum.weighted + alpha * mean) / (sum.weight + alpha),
                ms: sum.weighted / sum.weight,
                reach: sum.reach,
                stateMediaShare: Double(sum.stateAttributed) / Double(sum.posts),
                pendingUpperBound: 100 * (sum.weightedUpper + alpha * upperMean) / (sum.weight + alpha),
                postCount: sum.posts, reviewedCount: sum.reviewed,
                weightSum: sum.weight, weightedMisinformation: sum.weighted)
        }
        scores.sort { $0.mas != $1.mas ? $0.mas > $1.mas : $0.account < $1.account }
        return Result(parameters: parameters, mean: mean, upperMean: upperMean, scores: scores, unscored: unscored)
    }

    /// The view as canonical JSON: fixed key order, sorted collections, rounded numbers.
    public func canonicalState() -> JSONValue { result.json(style: .canonical) }
}

extension AmplificationScores.Parameters {
    /// The parameters as JSON.
    public func json(style: NumberStyle = .exact) -> JSONValue {
        var weights = JSONObjectBuilder()
        weights.add("original", kindWeights.original, style: style)
        weights.add("quote", kindWeights.quote, style: style)
        weights.add("repost", kindWeights.repost, style: style)
        weights.add("reply", kindWeights.reply, style: style)
        var object = JSONObjectBuilder()
        object.add("method", method)
        object.add("half_life_days", halfLifeDays, style: style)
        object.add("shrinkage_alpha", alpha, style: style)
        object.add("kind_weights", weights.value)
        object.add("critical_quote_weight", criticalQuoteWeight, style: style)
        object.add("window", window.map { window -> JSONValue in
            var range = JSONObjectBuilder()
            range.add("from", orNull: window.from?.iso8601)
            range.add("to", orNull: window.through?.iso8601)
            return range.value
        } ?? .null)
        object.add("decay", window == nil)
        object.add("t_end", orNull: endTime?.iso8601)
        return object.value
    }
}

extension AmplificationScores.Score {
    /// The score as JSON, with the names of DESIGN §5.
    public func json(method: String, style: NumberStyle = .exact) -> JSONValue {
        var object = JSONObjectBuilder()
        object.add("account", account.description)
        object.add("mas", mas, style: style)
        object.add("ms", ms, style: style)
        object.add("r", reach, style: style)
        object.add("sms", stateMediaShare, style: style)
        object.add("pending_upper_bound", pendingUpperBound, style: style)
        object.add("n_posts", postCount)
        object.add("n_reviewed", reviewedCount)
        object.add("sum_wd", weightSum, style: style)
        object.add("sum_wdm", weightedMisinformation, style: style)
        object.add("method", method)
        return object.value
    }
}

extension AmplificationScores.Result {
    /// The result as JSON: parameters, μ, the scores and the unscored accounts.
    public func json(style: NumberStyle = .exact, top: Int? = nil) -> JSONValue {
        var object = JSONObjectBuilder()
        object.add("method", parameters.method)
        object.add("parameters", parameters.json(style: style))
        object.add("mu", mean.map { CanonicalNumber.json($0, style: style) } ?? .null)
        object.add("mu_upper", upperMean.map { CanonicalNumber.json($0, style: style) } ?? .null)
        object.add("scored_accounts", scores.count)
        let shown = top.map { Array(scores.prefix($0)) } ?? scores
        object.add("scores", .array(shown.map { $0.json(method: parameters.method, style: style) }))
        object.add("unscored", strings: unscored.map(\.description))
        return object.value
    }
}
