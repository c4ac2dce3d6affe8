// OutletAmplification (DESIGN §5): for each registered outlet, how often accounts amplified
// it, how many accounts did, the false claims it carried, and when it was first and last seen.
import Events

/// How each registered outlet was amplified.
///
/// A post amplifies an outlet when it links to the outlet's domain (a linked URL or the URL it
/// amplifies), or a `SourceAttributed` names the outlet on the post or on a claim the post
/// carries. The outlet's claims are those attributed to it and those carried by the posts
/// that amplify it; a claim is false when its current label has misinformation weight 1
/// (`false` on the default scale). First and last seen are the `posted_at` of those posts.
public struct OutletAmplification: FactProjection {
    /// The projection's name in reports and digests.
    public static let name = "outlets"
    /// The facts folded so far.
    public var facts: LedgerFacts

    /// The view of `facts`.
    public init(facts: LedgerFacts) { self.facts = facts }

    /// One outlet.
    public struct Entry: Sendable, Equatable {
        /// The outlet's domain, such as `rt.com`.
        public let domain: String
        /// The outlet's name.
        public let name: String
        /// Its relation to a state.
        public let affiliation: OutletAffiliation
        /// ISO 3166-1 alpha-2, when known.
        public let country: String?
        /// Posts that amplified it.
        public let timesAmplified: Int
        /// Accounts that posted them.
        public let distinctAccounts: Int
        /// Distinct claims it carried.
        public let claimsCarried: Int
        /// Of those, the claims whose current label has misinformation weight 1.
        public let falseClaims: Int
        /// The earliest `posted_at` of a post amplifying it.
        public let firstSeen: Timestamp?
        /// The latest `posted_at` of a post amplifying it.
        public let lastSeen: Timestamp?
    }

    /// Every registered outlet, most amplified first (ties by domain).
    public var entries: [Entry] { OutletAmplification.entries(ResolvedFacts(facts)) }

    /// How many items the view holds, for reports.
    public var itemCount: Int { ResolvedFacts(facts).outlets.count }

    static func report(_ resolved: ResolvedFacts) -> (items: Int, state: JSONValue) {
        let entries = entries(resolved)
        return (entries.count, canonicalState(entries))
    }

    private static func canonicalState(_ entries: [Entry]) -> JSONValue {
        var object = JSONObjectBuilder()
        object.add("outlets", .array(entries.map(\.json)))
        return object.value
    }

    private struct Tally {
        var posts = 0
        var accounts: Set<Int32> = []
        var claims: Set<String> = []
        var first: Timestamp?
        var last: Timestamp?

        /// Counts one post that amplifies the outlet, and the claims it carries.
        mutating func count(_ post: PostObservation, carrying carried: [ResolvedFacts.CarriedClaim]) {
            posts += 1
            accounts.insert(post.account)
            for link in carried { claims.insert(link.claim) }
            first = min(first ?? post.postedAt, post.postedAt)
            last = max(last ?? post.postedAt, post.postedAt)
        }
    }

    static func entries(_ resolved: ResolvedFacts) -> [Entry] {
        let facts = resolved.facts
        var tallies: [String: Tally] = [:]
        for (claim, outlets) in resolved.outletsByClaim {
            for outlet in outlets { tallies[outlet, default: Tally()].claims.insert(claim) }
        }
        for (number, index) in resolved.livePosts.enumerated() where index >= 0 {
            let post = facts.observations[Int(index)]
            let carried = resolved.linksByPost[Int32(number)] ?? []
            var outlets = Set(resolved.linkedOutlets(of: post))
            if let attributed = resolved.outletsByPost[Int32(number)] { outlets.formUnion(attributed) }
            for link in carried { outlets.formUnion(resolved.outletsByClaim[link.claim] ?? []) }
            for outlet in outlets where resolved.outlets[outlet] != nil {
                // In place: a copy of the tally would copy its sets for every post.
                tallies[outlet, default: Tally()].count(post, carrying: carried)
            }
        }
        var entries = resolved.outlets.values.map { registration -> Entry in
            let outlet = registration.value
            let tally = tallies[outlet.domain] ?? Tally()
            return Entry(
                domain: outlet.domain, name: outlet.name, affiliation: outlet.affiliation, country: outlet.country,
                timesAmplified: tally.posts, distinctAccounts: tally.accounts.count, claimsCarried: tally.claims.count,
                falseClaims: tally.claims.filter { resolved.rating(of: $0).weight >= 1 }.count,
                firstSeen: tally.first, lastSeen: tally.last)
        }
        entries.sort { $0.timesAmplified != $1.timesAmplified ? $0.timesAmplified > $1.timesAmplified : $0.domain < $1.domain }
        return entries
    }

    /// The view as canonical JSON: fixed key order, sorted collections, rounded numbers.
    public func canonicalState() -> JSONValue { OutletAmplification.canonicalState(entries) }
}

extension OutletAmplification.Entry {
    /// The outlet as JSON.
    public var json: JSONValue {
        var object = JSONObjectBuilder()
        object.add("domain", domain)
        object.add("name", name)
        object.add("affiliation", affiliation)
        object.add("country", orNull: country)
        object.add("times_amplified", timesAmplified)
        object.add("distinct_accounts", distinctAccounts)
        object.add("claims_carried", claimsCarried)
        object.add("false_claims", falseClaims)
        object.add("first_seen", orNull: firstSeen?.iso8601)
        object.add("last_seen", orNull: lastSeen?.iso8601)
        return object.value
    }
}
