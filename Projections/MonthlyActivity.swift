// MonthlyActivity (DESIGN §5): posts per month, per account and in total, by kind, and the
// share that link to state-controlled outlets.
import Events

/// Posts per calendar month (UTC, by `posted_at`), per account and in total.
///
/// A post links a state-controlled outlet when one of its linked URLs, or the URL it
/// amplifies, is on the domain (or a subdomain) of an outlet registered as `state_controlled`.
public struct MonthlyActivity: FactProjection {
    /// The projection's name in reports and digests.
    public static let name = "activity"
    /// The facts folded so far.
    public var facts: LedgerFacts

    /// The view of `facts`.
    public init(facts: LedgerFacts) { self.facts = facts }

    /// Post counts.
    public struct Counts: Sendable, Equatable {
        /// All posts.
        public private(set) var posts = 0
        /// Original posts.
        public private(set) var original = 0
        /// Reposts.
        public private(set) var repost = 0
        /// Quotes.
        public private(set) var quote = 0
        /// Replies.
        public private(set) var reply = 0
        /// Posts linking a state-controlled outlet.
        public private(set) var stateLinked = 0

        /// The share of posts linking a state-controlled outlet; 0 without posts.
        public var stateLinkedShare: Double { posts > 0 ? Double(stateLinked) / Double(posts) : 0 }

        mutating func add(kind: PostKind, stateLinked linked: Bool) {
            posts += 1
            switch kind {
            case .original: original += 1
            case .repost: repost += 1
            case .quote: quote += 1
            case .reply: reply += 1
            }
            if linked { stateLinked += 1 }
        }

        mutating func add(_ other: Counts) {
            posts += other.posts
            original += other.original
            repost += other.repost
            quote += other.quote
            reply += other.reply
            stateLinked += other.stateLinked
        }
    }

    /// One account's counts in a month.
    public struct AccountCounts: Sendable, Equatable {
        /// The account, such as `twitter:zlj517`.
        public let account: PlatformReference
        /// Its counts.
        public let counts: Counts
    }

    /// One month.
    public struct Month: Sendable, Equatable {
        /// `YYYY-MM`.
        public let month: String
        /// All accounts (or the one asked for) together.
        public let total: Counts
        /// Sorted by account.
        public let accounts: [AccountCounts]
    }

    /// Every month with posts, in order; only `account`'s posts when given.
    public func months(account: PlatformReference? = nil) -> [Month] {
        MonthlyActivity.months(ResolvedFacts(facts), account: account)
    }

    /// How many items the view holds, for reports.
    public var itemCount: Int { months().count }

    static func report(_ resolved: ResolvedFacts) -> (items: Int, state: JSONValue) {
        let months = months(resolved, account: nil)
        return (months.count, canonicalState(months))
    }

    private static func canonicalState(_ months: [Month]) -> JSONValue {
        var object = JSONObjectBuilder()
        object.add("months", .array(months.map { $0.json(style: .canonical) }))
        return object.value
    }

    static func months(_ resolved: ResolvedFacts, account: PlatformReference?) -> [Month] {
        let facts = resolved.facts
        let only = account.map { facts.accountNumbers[$0] ?? -1 }
        let stateHosts = resolved.hostOutlets.map { outlet in outlet.map { resolved.affiliation(of: $0) == .stateControlled } ?? false }
        // Months are found once per day and counts kept under one integer key per (month,
        // account): this loop runs once per post.
        var monthOfDay: [Int64: Int64] = [:]
        var names: [Int64: String] = [:]
        var counts: [Int64: Counts] = [:]
        for index in resolved.livePosts where index >= 0 {
            let post = facts.observations[Int(index)]
            if let only, post.account != only { continue }
            let day = post.postedAt.millisecondsSinceEpoch.floorDivided(by: 86_400_000)
            let month: Int64
            if let known = monthOfDay[day] {
                month = known
            } else {
                let name = String(post.postedAt.dateString.prefix(7))
                month = (Int64(name.prefix(4)) ?? 0) * 12 + (Int64(name.suffix(2)) ?? 0)
                monthOfDay[day] = month
                names[month] = name
            }
            var linked = false
            for slot in Int(post.hostStart)..<Int(post.hostStart + post.hostCount) where stateHosts[Int(facts.linkedHosts[slot])] {
                linked = true
                break
            }
            counts[month << 32 | Int64(post.account), default: Counts()].add(kind: post.kind, stateLinked: linked)
        }
        var byMonth: [String: [Int32: Counts]] = [:]
        for (key, value) in counts {
            byMonth[names[key >> 32] ?? "", default: [:]][Int32(truncatingIfNeeded: key & 0xFFFF_FFFF)] = value
        }
        return byMonth.keys.sorted().map { month in
            let accounts = (byMonth[month] ?? [:])
                .map { AccountCounts(account: facts.accountRefs[Int($0.key)], counts: $0.value) }
                .sorted { $0.account < $1.account }
            var total = Counts()
            for entry in accounts { total.add(entry.counts) }
            return Month(month: month, total: total, accounts: accounts)
        }
    }

    /// The view as canonical JSON: fixed key order, sorted collections, rounded numbers.
    public func canonicalState() -> JSONValue { MonthlyActivity.canonicalState(months()) }
}

extension Int64 {
    /// Division rounding toward negative infinity, so days before 1970 group correctly.
    fileprivate func floorDivided(by divisor: Int64) -> Int64 {
        let quotient = self / divisor
        return (self % divisor != 0 && (self < 0) != (divisor < 0)) ? quotient - 1 : quotient
    }
}

extension MonthlyActivity.Counts {
    /// The counts as JSON.
    public func json(style: NumberStyle = .exact) -> JSONValue {
        var kinds = JSONObjectBuilder()
        kinds.add("original", original)
        kinds.add("repost", repost)
        kinds.add("quote", quote)
        kinds.add("reply", reply)
        var object = JSONObjectBuilder()
        object.add("posts", posts)
        object.add("by_kind", kinds.value)
        object.add("state_linked", stateLinked)
        object.add("state_linked_share", stateLinkedShare, style: style)
        return object.value
    }
}

extension MonthlyActivity.Month {
    /// The month as JSON: totals and each account's counts.
    public func json(style: NumberStyle = .exact) -> JSONValue {
        var object = JSONObjectBuilder()
        object.add("month", month)
        object.add("total", total.json(style: style))
        object.add("accounts", .array(accounts.map { entry in
            var account = JSONObjectBuilder()
            account.add("account", entry.account.description)
            account.add("counts", entry.counts.json(style: style))
            return account.value
        }))
        return object.value
    }
}
