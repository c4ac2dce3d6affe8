// A synthetic twarc2 archive (paged API responses, as `twarc2 search` writes them), so the README
// walkthrough and the benchmarks can import one without real data. Every account is fictional.
import Events

/// Writes deterministic twarc2 response pages of fictional diplomatic-account tweets.
///
/// Guarantees: the same seed gives the same bytes; each line is one page
/// `{"data":[…],"includes":{"users":[…],"tweets":[…]},"meta":{…}}`; reposts and quotes reference
/// tweets carried in `includes.tweets`. Cost: O(1) per tweet.
public struct Twarc2SampleWriter: Sequence, IteratorProtocol {
    /// How many tweets to write (referenced tweets come on top).
    public let tweetCount: Int
    /// Tweets per page.
    public let pageSize: Int
    private var random: SeededGenerator
    private var written = 0
    private var time: Int64 = 1_583_020_800_000  // 2020-03-01T00:00:00Z
    private var serial: Int64 = 1_234_000_000_000_000_000

    static let users: [(id: String, username: String, name: String)] = (1...12).map { index in
        ("90000000000\(index)", "demo_envoy\(index)", "Demo Envoy \(index) (fictional)")
    }

    public init(tweetCount: Int, seed: UInt64 = 1, pageSize: Int = 20) {
        self.tweetCount = tweetCount
        self.pageSize = Swift.max(1, pageSize)
        random = SeededGenerator(seed: seed)
    }

    public mutating func next() -> [UInt8]? {
        guard written < tweetCount else { return nil }
        var data: [JSONValue] = []
        var referenced: [JSONValue] = []
        var authors: [String] = []
        for _ in 0..<Swift.min(pageSize, tweetCount - written) {
            written += 1
            time += Int64.random(in: 60_000...3_600_000, using: &random)
            let author = WorkloadGenerator.pick(Twarc2SampleWriter.users, using: &random)
            authors.append(author.id)
            let roll = Int.random(in: 0..<10, using: &random)
            var reference: (type: String, id: String)?
            if roll < 4 {
                let source = WorkloadGenerator.pick(Twarc2SampleWriter.users, using: &random)
                serial += 1
                let sourceID = String(serial)
                referenced.append(tweet(id: sourceID, author: source.id, text: phrase(), reference: nil))
                authors.append(source.id)
                reference = (roll < 3 ? "retweeted" : "quoted", sourceID)
            }
            serial += 1
            data.append(tweet(id: String(serial), author: author.id, text: phrase(), reference: reference))
        }
        var users: [JSONValue] = []
        for user in Twarc2SampleWriter.users where authors.contains(user.id) {
            var object = JSONObjectBuilder()
            object.add("id", user.id)
            object.add("username", user.username)
            object.add("name", user.name)
            users.append(object.value)
        }
        var includes = JSONObjectBuilder()
        includes.add("users", .array(users))
        if !referenced.isEmpty { includes.add("tweets", .array(referenced)) }
        var meta = JSONObjectBuilder()
        meta.add("result_count", data.count)
        var page = JSONObjectBuilder()
        page.add("data", .array(data))
        page.add("includes", includes.value)
        page.add("meta", meta.value)
        return JSONWriter.bytes(page.value)
    }

    private mutating func phrase() -> String {
        let base = WorkloadGenerator.pick(WorkloadGenerator.phrases, using: &random)
        let tag = WorkloadGenerator.pick(WorkloadGenerator.hashtags, using: &random)
        return "\(base) #\(tag)"
    }

    private mutating func tweet(id: String, author: String, text: String, reference: (type: String, id: String)?) -> JSONValue {
        var object = JSONObjectBuilder()
        object.add("id", id)
        object.add("author_id", author)
        object.add("created_at", Timestamp(millisecondsSinceEpoch: time))
        object.add("lang", text.unicodeScalars.contains { $0.value > 0x2E80 } ? "zh" : "en")
        object.add("text", text)
        var entities = JSONObjectBuilder()
        if let tag = text.split(separator: "#").last {
            var hashtag = JSONObjectBuilder()
            hashtag.add("tag", String(tag))
            entities.add("hashtags", .array([hashtag.value]))
        }
        if Int.random(in: 0..<3, using: &random) == 0 {
            let outlet = WorkloadGenerator.pick(WorkloadGenerator.outlets, using: &random).domain
            var url = JSONObjectBuilder()
            url.add("url", "https://t.co/demo\(id.suffix(6))")
            url.add("expanded_url", "https://www.\(outlet)/news/\(id.suffix(6))")
            entities.add("urls", .array([url.value]))
        }
        object.add("entities", entities.value)
        var metrics = JSONObjectBuilder()
        metrics.add("retweet_count", Int.random(in: 0...900, using: &random))
        metrics.add("reply_count", Int.random(in: 0...200, using: &random))
        metrics.add("like_count", Int.random(in: 0...3000, using: &random))
        metrics.add("quote_count", Int.random(in: 0...100, using: &random))
        object.add("public_metrics", metrics.value)
        if let reference {
            var item = JSONObjectBuilder()
            item.add("type", reference.type)
            item.add("id", reference.id)
            object.add("referenced_tweets", .array([item.value]))
        }
        return object.value
    }
}

extension WorkloadGenerator {
    /// One element of a non-empty fixed list.
    static func pick<Element>(_ items: [Element], using random: inout SeededGenerator) -> Element {
        items[Int.random(in: 0..<items.count, using: &random)]
    }
}
