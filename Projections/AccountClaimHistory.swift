// AccountClaimHistory (DESIGN §5): for each account, its posts in time order with the claims
// they carry, how, the outlets attributed, and the verdict at the time and now.
import Events

/// Each account's posts in `posted_at` order, with their claims.
///
/// "At the time" is the claim's conclusion counting only judgments whose `occurred_at` is at or
/// before the post's `posted_at` (had the claim been rated when the account posted it?); "now"
/// is its conclusion at the end of the fold. Merged claims appear as the claim they were merged
/// into. A flag that names the post as the claim's first appearance shows as relation `flagged`.
public struct AccountClaimHistory: FactProjection {
    /// The projection's name in reports and digests.
    public static let name = "history"
    /// The facts folded so far.
    public var facts: LedgerFacts

    /// The view of `facts`.
    public init(facts: LedgerFacts) { self.facts = facts }

    /// A claim carried by a post.
    public struct CarriedClaim: Sendable, Equatable {
        /// The claim id (the surviving claim, after merges).
        public let claim: String
        /// The recorded relations, sorted; `flagged` when a flag names the post.
        public let relations: [String]
        /// The outlets the claim is attributed to, sorted.
        public let outlets: [String]
        /// The conclusion when the post was made.
        public let atTheTime: ClaimConclusion
        /// The conclusion at the end of the fold.
        public let now: ClaimConclusion
    }

    /// One post of the account.
    public struct Post: Sendable, Equatable {
        /// The post, such as `twitter:1238291234`.
        public let post: PlatformReference
        /// When it was posted.
        public let postedAt: Timestamp
        /// Original, repost, quote or reply.
        public let kind: PostKind
        /// Outlets attributed to the post or to a claim it carries, sorted.
        public let outlets: [String]
        /// Sorted by claim id.
        public let claims: [CarriedClaim]
    }

    /// One account and its posts.
    public struct Account: Sendable, Equatable {
        /// The account, such as `twitter:zlj517`.
        public let account: PlatformReference
        /// The account's registration, when it was registered.
        public let registration: AccountRegistered?
        /// In `posted_at` order (ties by post reference).
        public let posts: [Post]
    }

    /// Every account that posted or was registered, sorted.
    public var accountReferences: [PlatformReference] {
        let resolved = ResolvedFacts(facts)
        return AccountClaimHistory.accountNumbers(resolved).map { facts.accountRefs[Int($0)] }
    }

    /// How many items the view holds, for reports.
    public var itemCount: Int { AccountClaimHistory.accountNumbers(ResolvedFacts(facts)).count }

    /// The account named `text`: an exact `platform:handle`, or a handle that names exactly one
    /// account on any platform (case-insensitive).
    public func account(matching text: String) -> PlatformReference? {
        let candidates = accountReferences
        if let exact = candidates.first(where: { $0.description == text }) { return exact }
        let matching = candidates.filter { $0.identifier.lowercased() == text.lowercased() || $0.description.lowercased() == text.lowercased() }
        return matching.count == 1 ? matching[0] : nil
    }

    /// The history of `account`, or nil when the ledger knows nothing of it.
    public func history(of account: PlatformReference) -> Account? {
        let resolved = ResolvedFacts(facts)
        guard let number = facts.accountNumbers[account] else { return nil }
        let history = AccountClaimHistory.histories(resolved, only: number)
        return history.first
    }

    /// Every account's history, sorted by account.
    public var accounts: [Account] { AccountClaimHistory.histories(ResolvedFacts(facts), only: nil) }

    private static func accountNumbers(_ resolved: ResolvedFacts) -> [Int32] {
        var present = Set(resolved.accounts.keys)
        for index in resolved.livePosts where index >= 0 { present.insert(resolved.facts.observations[Int(index)].account) }
        return present.sorted { resolved.facts.accountRefs[Int($0)] < resolved.facts.accountRefs[Int($1)] }
    }

    /// The histories of every account, or only of account `only`, in account order.
    static func histories(_ resolved: ResolvedFacts, only: Int32?) -> [Account] {
        let posts = postEntriesByAccount(resolved, only: only)
        let numbers = only.map { number in
            !posts[Int(number)].isEmpty || resolved.accounts[number] != nil ? [number] : []
        } ?? accountNumbers(resolved)
        return numbers.map { account($0, posts: posts[Int($0)], resolved) }
    }

    private static func account(_ number: Int32, posts: [PostEntry], _ resolved: ResolvedFacts) -> Account {
        Account(
            account: resolved.facts.accountRefs[Int(number)], registration: resolved.accounts[number]?.value,
            posts: inTimeOrder(posts, resolved.facts.postRefs).map { post($0.number, resolved) })
    }

    /// `posts` in `posted_at` order, ties by post reference (a total order: a post is listed once).
    private static func inTimeOrder(_ posts: [PostEntry], _ postRefs: [PlatformReference]) -> [PostEntry] {
        posts.sorted { left, right in
            left.postedAt != right.postedAt ? left.postedAt < right.postedAt : postRefs[Int(left.number)] < postRefs[Int(right.number)]
        }
    }

    /// Post `number`'s entry: its live observation, claims and outlets.
    private static func post(_ number: Int32, _ resolved: ResolvedFacts) -> Post {
        let observation = resolved.facts.observations[Int(resolved.livePosts[Int(number)])]
        let links = resolved.linksByPost[number] ?? []
        let claims = links.map { link -> CarriedClaim in
            var relations = link.relations.map(\.rawValue).sorted()
            if link.flagged { relations.insert("flagged", at: 0) }
            let record = resolved.claims[link.claim]
            return CarriedClaim(
                claim: link.claim, relations: relations,
                outlets: (resolved.outletsByClaim[link.claim] ?? []).sorted(),
                atTheTime: record.map { resolved.rating(of: $0, occurredBy: observation.postedAt).conclusion } ?? .unrated,
                now: resolved.rating(of: link.claim).conclusion)
        }
        return Post(
            post: resolved.facts.postRefs[Int(number)], postedAt: observation.postedAt, kind: observation.kind,
            outlets: links.isEmpty && resolved.outletsByPost[number] == nil ? [] : resolved.attributedOutlets(ofPost: number).sorted(),
            claims: claims)
    }

    /// What the canonical writer needs of one live post, gathered in post-number order so that
    /// the writer does not look each post up again in tables of a million rows.
    private struct PostEntry {
        let postedAt: Timestamp
        let number: Int32
        let kind: PostKind
        /// No claim and no attributed outlet: written straight from these fields.
        let isPlain: Bool
    }

    /// The live posts of each account (or only of account `only`; the other lists stay empty),
    /// by account number, as entries: counted first, so each list is allocated once at its size.
    private static func postEntriesByAccount(_ resolved: ResolvedFacts, only: Int32? = nil) -> [[PostEntry]] {
        let observations = resolved.facts.observations
        var counts = [Int](repeating: 0, count: resolved.facts.accountRefs.count)
        for index in resolved.livePosts where index >= 0 { counts[Int(observations[Int(index)].account)] += 1 }
        if let only { counts = counts.indices.map { $0 == Int(only) ? counts[$0] : 0 } }
        var entries = counts.map { count -> [PostEntry] in
            var list: [PostEntry] = []
            list.reserveCapacity(count)
            return list
        }
        for (number, index) in resolved.livePosts.enumerated() where index >= 0 {
            let observation = observations[Int(index)]
            if let only, observation.account != only { continue }
            let post = Int32(number)
            let isPlain = resolved.linksByPost[post] == nil && resolved.outletsByPost[post] == nil
            entries[Int(observation.account)].append(
                PostEntry(postedAt: observation.postedAt, number: post, kind: observation.kind, isPlain: isPlain))
        }
        return entries
    }

    /// Writes the same bytes as `account(number, posts:, resolved).write(into:)`. A post that
    /// carries no claim and has no attributed outlet, most of any history, is written from its
    /// entry, without building its `Post`.
    private static func writeAccount(_ number: Int32, posts: [PostEntry], _ resolved: ResolvedFacts, into output: inout [UInt8]) {
        let facts = resolved.facts
        Account(account: facts.accountRefs[Int(number)], registration: resolved.accounts[number]?.value, posts: [])
            .writeHeader(into: &output)
        let postRefs = facts.postRefs
        let sorted = inTimeOrder(posts, postRefs)
        // An account's posts lie all over the table of a million references. Fetched in a loop
        // of their own, the cache misses overlap; inside the writing loop, each one stalled it.
        let references = sorted.map { postRefs[Int($0.number)] }
        for (index, entry) in sorted.enumerated() {
            if index > 0 { output.append(UInt8(ascii: ",")) }
            if entry.isPlain {
                Post.writePlain(post: references[index], postedAt: entry.postedAt, kind: entry.kind, into: &output)
            } else {
                post(entry.number, resolved).write(into: &output)
            }
        }
        output.append(contentsOf: "]}".utf8)
    }

    /// The view as canonical JSON: fixed key order, sorted collections, rounded numbers.
    public func canonicalState() -> JSONValue {
        var object = JSONObjectBuilder()
        object.add("accounts", .array(accounts.map(\.json)))
        return object.value
    }

    /// Writes the same bytes as `canonicalState()`, one account at a time, so that a ledger of
    /// a million posts never holds its whole history as a JSON tree.
    public func writeCanonicalState(into output: inout [UInt8]) {
        AccountClaimHistory.writeCanonicalState(ResolvedFacts(facts), into: &output)
    }

    /// Writes the canonical state of `resolved`; returns the number of accounts.
    @discardableResult
    static func writeCanonicalState(_ resolved: ResolvedFacts, into output: inout [UInt8]) -> Int {
        writeCanonicalState(resolved, into: &output) { _ in }
    }

    /// The SHA-256 of the canonical state of `resolved` and the number of accounts; the bytes
    /// are hashed an account at a time and never held whole.
    static func canonicalDigest(_ resolved: ResolvedFacts) -> (accounts: Int, digest: String) {
        var stream = ContentDigest.Stream()
        var buffer: [UInt8] = []
        let accounts = writeCanonicalState(resolved, into: &buffer) { stream.consume(&$0) }
        stream.consume(&buffer)
        return (accounts, stream.hex())
    }

    /// Writes the canonical state into `output`, calling `flush` with it after each account.
    private static func writeCanonicalState(_ resolved: ResolvedFacts, into output: inout [UInt8], flush: (inout [UInt8]) -> Void) -> Int {
        let posts = postEntriesByAccount(resolved)
        let numbers = accountNumbers(resolved)
        output.append(contentsOf: #"{"accounts":["#.utf8)
        for (position, number) in numbers.enumerated() {
            if position > 0 { output.append(UInt8(ascii: ",")) }
            writeAccount(number, posts: posts[Int(number)], resolved, into: &output)
            flush(&output)
        }
        output.append(contentsOf: "]}".utf8)
        return numbers.count
    }
}

extension AccountClaimHistory.Account {
    /// The account and its posts as JSON.
    public var json: JSONValue {
        var object = JSONObjectBuilder()
        object.add("account", account.description)
        object.add("registration", registrationJSON)
        object.add("posts", .array(posts.map(\.json)))
        return object.value
    }

    private var registrationJSON: JSONValue {
        guard let registration else { return .null }
        var registered = JSONObjectBuilder()
        registered.add("display_name", registration.displayName)
        registered.add("kind", registration.kind)
        registered.add("country", registration.country)
        registered.add("person", orNull: registration.person)
        registered.add("title", orNull: registration.title)
        return registered.value
    }

    /// Appends the bytes of `json` without building the posts' trees.
    func write(into output: inout [UInt8]) {
        writeHeader(into: &output)
        for (index, post) in posts.enumerated() {
            if index > 0 { output.append(UInt8(ascii: ",")) }
            post.write(into: &output)
        }
        output.append(contentsOf: "]}".utf8)
    }

    /// The bytes of `json` up to the first post.
    func writeHeader(into output: inout [UInt8]) {
        output.append(contentsOf: #"{"account":"#.utf8)
        JSONWriter.writeString(account.description, into: &output)
        output.append(contentsOf: #","registration":"#.utf8)
        JSONWriter.write(registrationJSON, into: &output)
        output.append(contentsOf: #","posts":["#.utf8)
    }
}

extension AccountClaimHistory.Post {
    /// The post and its claims as JSON.
    public var json: JSONValue {
        var object = JSONObjectBuilder()
        object.add("post", post.description)
        object.add("posted_at", postedAt)
        object.add("kind", kind)
        object.add("outlets", strings: outlets)
        object.add("claims", .array(claims.map { claim in
            var entry = JSONObjectBuilder()
            entry.add("claim", claim.claim)
            entry.add("relations", strings: claim.relations)
            entry.add("outlets", strings: claim.outlets)
            entry.add("verdict_at_the_time", claim.atTheTime.jsonLabel)
            entry.add("status_at_the_time", claim.atTheTime.state)
            entry.add("verdict_now", claim.now.jsonLabel)
            entry.add("status_now", claim.now.state)
            return entry.value
        }))
        return object.value
    }

    /// Appends the bytes of `json`; a post without claims or outlets, most of any history, is
    /// written directly.
    func write(into output: inout [UInt8]) {
        guard claims.isEmpty, outlets.isEmpty else {
            JSONWriter.write(json, into: &output)
            return
        }
        Self.writePlain(post: post, postedAt: postedAt, kind: kind, into: &output)
    }

    /// The bytes of `json` for a post without claims or outlets, without building the post's
    /// description or time as strings.
    static func writePlain(post: PlatformReference, postedAt: Timestamp, kind: PostKind, into output: inout [UInt8]) {
        output.append(contentsOf: #"{"post":""#.utf8)
        JSONWriter.writeStringContents(post.platform, into: &output)
        output.append(UInt8(ascii: ":"))
        JSONWriter.writeStringContents(post.identifier, into: &output)
        output.append(contentsOf: #"","posted_at":""#.utf8)
        postedAt.writeISO8601(into: &output)
        output.append(contentsOf: #"","kind":"#.utf8)
        JSONWriter.writeString(kind.rawValue, into: &output)
        output.append(contentsOf: #","outlets":[],"claims":[]}"#.utf8)
    }
}
