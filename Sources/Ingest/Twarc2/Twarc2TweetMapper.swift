// How a Twitter API v2 tweet becomes a PostObserved (samples/README.md, issue 4):
//   referenced_tweets[].type  retweeted → repost, quoted → quote, replied_to → reply, none → original
//                             (one kind per post: retweeted, then quoted, then replied_to), and the
//                             referenced tweet of that type is what the post amplifies;
//   entities.urls[]           expanded_url, else unwound_url, else the t.co url → linked_urls;
//                             unwound_url also counts for outlet matching;
//   entities.hashtags[].tag   → hashtags;  lang → language;  created_at → posted_at;
//   public_metrics            like/retweet/reply/quote(/impression)_count → engagement;
//   author username           → account twitter:<username>, url https://twitter.com/<username>/status/<id>;
//   note_tweet                the full text and entities of a long post, when present;
//   withheld                  → withheld: true; a tweet captured without text is kept, with no text.
// What a tweet may lack is filled from what is known rather than dropping the tweet:
//   no created_at             → the time in the tweet id (Twitter snowflake ids carry milliseconds);
//   no username for author_id → account twitter:id:<author_id>, url https://twitter.com/i/web/status/<id>.
import Events
import Foundation

/// Maps the tweets of one twarc2 line, with the users and tweets the line includes.
struct Twarc2TweetMapper {
    /// Users of `includes.users`, by id.
    private var users: [String: JSONObject] = [:]
    /// Tweets of `includes.tweets`, by id, with their index for error paths.
    private var includedTweets: [String: (index: Int, tweet: JSONObject)] = [:]
    /// When twarc2 fetched the line (`__twarc.retrieved_at`).
    private let capturedAt: Timestamp?

    init(line: JSONObject) {
        let includes = line["includes"]?.objectValue
        for case .object(let user) in includes?["users"]?.arrayValue ?? [] {
            if let id = Twarc2TweetMapper.identifier(user["id"]), users[id] == nil { users[id] = user }
        }
        for (index, item) in (includes?["tweets"]?.arrayValue ?? []).enumerated() {
            if case .object(let tweet) = item, let id = Twarc2TweetMapper.identifier(tweet["id"]), includedTweets[id] == nil {
                includedTweets[id] = (index, tweet)
            }
        }
        capturedAt = line["__twarc"]?.objectValue?["retrieved_at"]?.stringValue.flatMap { Timestamp(rfc3339: $0) }
    }

    /// The posts of `roots` and of the tweets they reference that the line carries, each once.
    func posts(from roots: [(path: String, tweet: JSONObject)]) throws(RecordProblem) -> [ObservedPost] {
        var posts: [ObservedPost] = []
        var seen: Set<String> = []
        var queue = roots
        var next = 0
        while next < queue.count {
            let (path, tweet) = queue[next]
            next += 1
            guard let id = Twarc2TweetMapper.identifier(tweet["id"]) else {
                throw RecordProblem(field: Twarc2TweetMapper.join(path, "id"), detail: tweet["id"] == nil
                    ? "is required: every tweet has an id"
                    : "expected a tweet id of digits, got \(Twarc2TweetMapper.show(tweet["id"]))")
            }
            guard seen.insert(id).inserted else { continue }
            posts.append(try post(from: tweet, id: id, at: path))
            queue.append(contentsOf: carriedReferences(of: tweet, at: path))
        }
        return posts
    }

    /// The tweets `tweet` references that this line carries: inline (flattened) or in `includes.tweets`.
    private func carriedReferences(of tweet: JSONObject, at path: String) -> [(path: String, tweet: JSONObject)] {
        var carried: [(path: String, tweet: JSONObject)] = []
        for (index, item) in (tweet["referenced_tweets"]?.arrayValue ?? []).enumerated() {
            guard case .object(let reference) = item, let id = Twarc2TweetMapper.identifier(reference["id"]) else { continue }
            if reference["text"] != nil || reference["created_at"] != nil || reference["author"] != nil || reference["author_id"] != nil {
                carried.append((Twarc2TweetMapper.join(path, "referenced_tweets[\(index)]"), reference))
            } else if let included = includedTweets[id] {
                carried.append(("includes.tweets[\(included.index)]", included.tweet))
            }
        }
        return carried
    }

    /// One tweet as a post with its author.
    private func post(from tweet: JSONObject, id: String, at path: String) throws(RecordProblem) -> ObservedPost {
        func field(_ key: String) -> String { Twarc2TweetMapper.join(path, key) }

        // The author: inline when flattened, else through author_id.
        let authorID = Twarc2TweetMapper.identifier(tweet["author_id"])
        let author = tweet["author"]?.objectValue ?? authorID.flatMap { users[$0] }
        let username = author?["username"]?.stringValue.flatMap { Twarc2TweetMapper.isUsername($0) ? $0 : nil }
        let account: PlatformReference
        if let username {
            account = PlatformReference(platform: "twitter", identifier: username)
        } else if let userID = authorID ?? Twarc2TweetMapper.identifier(author?["id"]) {
            account = PlatformReference(platform: "twitter", identifier: "id:\(userID)")
        } else {
            throw RecordProblem(field: field("author_id"), detail: "is required: the tweet names no author (neither author_id nor author.username)")
        }
        let url = username.map { "https://twitter.com/\($0)/status/\(id)" } ?? "https://twitter.com/i/web/status/\(id)"

        let postedAt: Timestamp
        if let text = tweet["created_at"]?.stringValue {
            guard let time = Timestamp(rfc3339: text) else {
                throw RecordProblem(field: field("created_at"), detail: "expected an RFC 3339 time such as 2021-04-01T15:52:31.000Z, got \(ValidationError.quote(text))")
            }
            postedAt = time
        } else if let time = Twarc2TweetMapper.snowflakeTime(id) {
            postedAt = time
        } else {
            throw RecordProblem(field: field("created_at"), detail: "is required: tweet \(id) is older than Twitter's time-stamped ids")
        }

        let (kind, amplifies) = Twarc2TweetMapper.kind(of: tweet)
        let note = tweet["note_tweet"]?.objectValue
        let entities = [tweet["entities"]?.objectValue, note?["entities"]?.objectValue].compactMap { $0 }
        let links = Twarc2TweetMapper.links(in: entities)
        let text = note?["text"]?.stringValue ?? tweet["text"]?.stringValue
        let language = tweet["lang"]?.stringValue.flatMap { Twarc2TweetMapper.isLanguageTag($0) ? $0 : nil }

        let observation: PostObserved
        let registration: AccountRegistered
        do {
            observation = try PostObserved(
                post: PlatformReference(platform: "twitter", identifier: id), account: account, url: url,
                postedAt: postedAt, kind: kind, text: text.flatMap { $0.isEmpty ? nil : $0 },
                amplifies: amplifies.map { .post(PlatformReference(platform: "twitter", identifier: $0)) },
                language: language, linkedURLs: links.linked, hashtags: Twarc2TweetMapper.hashtags(in: entities),
                engagement: Twarc2TweetMapper.engagement(tweet["public_metrics"]?.objectValue),
                withheld: tweet["withheld"].map { $0 != .null && $0 != .bool(false) } ?? false)
            registration = try ImportedAccount.registration(
                account: account, displayName: author?["name"]?.stringValue,
                profileURL: username.map { "https://twitter.com/\($0)" },
                platformUserID: authorID ?? Twarc2TweetMapper.identifier(author?["id"]))
        } catch let error as ValidationError {
            throw RecordProblem(field: path.isEmpty ? "tweet \(id)" : "\(path) (tweet \(id))", detail: error.description)
        } catch {
            throw RecordProblem(field: path.isEmpty ? "tweet \(id)" : "\(path) (tweet \(id))", detail: "\(error)")
        }
        return ObservedPost(observation: observation, authorRegistration: registration, capturedAt: capturedAt, outletURLs: links.outletURLs)
    }

    // MARK: the mapping, field by field

    /// The post kind and the id of the tweet it amplifies, by precedence retweeted, quoted, replied_to.
    static func kind(of tweet: JSONObject) -> (PostKind, String?) {
        var referenced: [String: String] = [:]
        for case .object(let reference) in tweet["referenced_tweets"]?.arrayValue ?? [] {
            if let type = reference["type"]?.stringValue, let id = identifier(reference["id"]), referenced[type] == nil {
                referenced[type] = id
            }
        }
        for (type, kind) in [("retweeted", PostKind.repost), ("quoted", .quote), ("replied_to", .reply)] {
            if let id = referenced[type] { return (kind, id) }
        }
        return (.original, nil)
    }

    /// The most linked URLs or hashtags `PostObserved` holds; a longer list (beyond any real post) is cut.
    static let maximumListCount = 1000

    /// Linked URLs (one per URL entity, without repeats) and the URLs to match against outlets.
    static func links(in entities: [JSONObject]) -> (linked: [String], outletURLs: [String]) {
        var linked: [String] = []
        var outletURLs: [String] = []
        var seenLinked: Set<String> = []
        var seenOutlet: Set<String> = []
        for entity in entities {
            for case .object(let entry) in entity["urls"]?.arrayValue ?? [] {
                let expanded = webURL(entry["expanded_url"]?.stringValue)
                let unwound = webURL(entry["unwound_url"]?.stringValue)
                guard let link = expanded ?? unwound ?? webURL(entry["url"]?.stringValue) else { continue }
                if linked.count < maximumListCount, seenLinked.insert(link).inserted { linked.append(link) }
                for candidate in [link, unwound].compactMap({ $0 }) where seenOutlet.insert(candidate).inserted {
                    outletURLs.append(candidate)
                }
            }
        }
        return (linked, outletURLs)
    }

    /// Hashtags without `#`, in order, without repeats.
    static func hashtags(in entities: [JSONObject]) -> [String] {
        var tags: [String] = []
        var seen: Set<String> = []
        for entity in entities {
            for case .object(let entry) in entity["hashtags"]?.arrayValue ?? [] {
                guard var tag = entry["tag"]?.stringValue else { continue }
                if tag.hasPrefix("#") || tag.hasPrefix("＃") { tag.removeFirst() }
                if !tag.isEmpty, tag.count <= 280, tags.count < maximumListCount, seen.insert(tag).inserted { tags.append(tag) }
            }
        }
        return tags
    }

    /// The counts of `public_metrics`, or nil unless likes, retweets, replies and quotes are all there.
    static func engagement(_ metrics: JSONObject?) -> Engagement? {
        guard let metrics else { return nil }
        func count(_ key: String) -> Int64? {
            guard case .number(let literal)? = metrics[key], let value = Int64(literal), value >= 0 else { return nil }
            return value
        }
        guard let likes = count("like_count"), let reposts = count("retweet_count"),
              let replies = count("reply_count"), let quotes = count("quote_count")
        else { return nil }
        return Engagement(likes: likes, reposts: reposts, replies: replies, quotes: quotes, views: count("impression_count"))
    }

    /// The time a snowflake id carries, for ids from November 2010 on.
    static func snowflakeTime(_ id: String) -> Timestamp? {
        guard let value = UInt64(id), value >= 1 << 42 else { return nil }
        return Timestamp(millisecondsSinceEpoch: Int64(value >> 22) + 1_288_834_974_657)
    }

    // MARK: small readers

    /// A tweet or user id: a string (or, leniently, a number) of 1 to 20 digits.
    static func identifier(_ value: JSONValue?) -> String? {
        let text: String
        switch value {
        case .string(let string)?: text = string
        case .number(let literal)?: text = literal
        default: return nil
        }
        guard (1...20).contains(text.utf8.count), text.utf8.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }) else { return nil }
        return text
    }

    /// Whether `text` can be a handle: 1 to 50 of letters, digits and `_`.
    static func isUsername(_ text: String) -> Bool {
        (1...50).contains(text.utf8.count) && text.utf8.allSatisfy {
            ($0 >= UInt8(ascii: "a") && $0 <= UInt8(ascii: "z")) || ($0 >= UInt8(ascii: "A") && $0 <= UInt8(ascii: "Z"))
                || ($0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9")) || $0 == UInt8(ascii: "_")
        }
    }

    /// Whether `text` has the shape `PostObserved.language` accepts; other tags are left out.
    static func isLanguageTag(_ text: String) -> Bool {
        (try? FieldReader(JSONObject([("language", .string(text))])).optionalLanguage("language")) != nil
    }

    /// `text` as an absolute http(s) URL, percent-encoding characters a URL may not hold; nil when impossible.
    static func webURL(_ text: String?) -> String? {
        guard let text, !text.isEmpty else { return nil }
        if WebURL.isValid(text) { return text }
        guard let encoded = text.addingPercentEncoding(withAllowedCharacters: urlCharacters), WebURL.isValid(encoded) else { return nil }
        return encoded
    }

    /// RFC 3986 unreserved and reserved characters, and `%`.
    private static let urlCharacters = CharacterSet(charactersIn:
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~:/?#[]@!$&'()*+,;=%")

    /// `path.key`, or `key` at the top level.
    static func join(_ path: String, _ key: String) -> String {
        path.isEmpty ? key : "\(path).\(key)"
    }

    /// A JSON value for an error message.
    static func show(_ value: JSONValue?) -> String {
        switch value {
        case .string(let text)?: return ValidationError.quote(text)
        case .number(let literal)?: return literal
        case let other?: return other.kindName
        case nil: return "nothing"
        }
    }
}
