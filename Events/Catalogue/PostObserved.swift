// observation: one post as it was seen (DESIGN §4). Observations are lenient about the
// rest of the log: a post may arrive before its account is registered, so it names no
// references. Schema version 2 added `hashtags`; version 1 data is upcast by extracting
// them from the text.

/// What kind of post this is.
public enum PostKind: String, Sendable, CaseIterable {
    /// The account's own post.
    case original
    /// A repost (retweet) of another post.
    case repost
    /// A quote of another post, with comment.
    case quote
    /// A reply to another post.
    case reply
}

/// What a repost, quote or reply amplifies: another post, or a web page.
public enum AmplifiedSource: Sendable, Equatable, CustomStringConvertible {
    /// A post on a platform, such as `twitter:1238291234`.
    case post(PlatformReference)
    /// An absolute http(s) URL.
    case url(String)

    /// The text form: the post reference or the URL.
    public var description: String {
        switch self {
        case .post(let post): return post.description
        case .url(let url): return url
        }
    }
}

/// A post was observed on a platform.
public struct PostObserved: EventPayload, Equatable {
    /// The catalogue name.
    public static let typeName = "PostObserved"
    /// The schema version this code writes.
    public static let currentSchemaVersion = 2
    /// The group, which decides the signing rule.
    public static let group = EventGroup.observation
    /// The `data` field names this version knows.
    public static let knownFields: Set<String> = [
        "post", "account", "url", "posted_at", "kind", "text", "amplifies", "language", "linked_urls",
        "hashtags", "engagement", "archive_url", "withheld", "content_hash",
    ]

    /// The longest text, in characters.
    static let textMaxLength = 100_000
    /// The longest hashtag, in characters.
    static let hashtagMaxLength = 280

    /// The post, such as `twitter:1238291234`.
    public var post: PlatformReference
    /// The account that posted it, such as `twitter:zlj517`.
    public var account: PlatformReference
    /// The post's web address.
    public var url: String
    /// When it was posted.
    public var postedAt: Timestamp
    /// What kind of post it is.
    public var kind: PostKind
    /// The post's text; nil when it was withheld or deleted before it was captured.
    public var text: String?
    /// What the post amplifies, for reposts, quotes and replies.
    public var amplifies: AmplifiedSource?
    /// The post's language tag, such as `en` or `zh`.
    public var language: String?
    /// The URLs the post links to, expanded.
    public var linkedURLs: [String]
    /// The hashtags, without `#`.
    public var hashtags: [String]
    /// The engagement counts when observed.
    public var engagement: Engagement?
    /// An archived copy of the post.
    public var archiveURL: String?
    /// Whether the platform withheld the post in some country.
    public var withheld: Bool
    /// SHA-256 of the captured content, 64 lowercase hex digits.
    public var contentHash: String?

    /// Creates and validates the payload.
    public init(post: PlatformReference, account: PlatformReference, url: String, postedAt: Timestamp, kind: PostKind,
                text: String?, amplifies: AmplifiedSource? = nil, language: String? = nil, linkedURLs: [String] = [],
                hashtags: [String] = [], engagement: Engagement? = nil, archiveURL: String? = nil,
                withheld: Bool = false, contentHash: String? = nil) throws {
        self.init(checkedPost: post, account: account, url: url, postedAt: postedAt, kind: kind, text: text,
                  amplifies: amplifies, language: language, linkedURLs: linkedURLs, hashtags: hashtags,
                  engagement: engagement, archiveURL: archiveURL, withheld: withheld, contentHash: contentHash)
        self = try Self(fields: FieldReader(encoded()))
    }

    /// Stores values as they are: for values already checked, as the direct decoder's are.
    init(checkedPost post: PlatformReference, account: PlatformReference, url: String, postedAt: Timestamp,
         kind: PostKind, text: String?, amplifies: AmplifiedSource?, language: String?, linkedURLs: [String],
         hashtags: [String], engagement: Engagement?, archiveURL: String?, withheld: Bool, contentHash: String?) {
        self.post = post
        self.account = account
        self.url = url
        self.postedAt = postedAt
        self.kind = kind
        self.text = text
        self.amplifies = amplifies
        self.language = language
        self.linkedURLs = linkedURLs
        self.hashtags = hashtags
        self.engagement = engagement
        self.archiveURL = archiveURL
        self.withheld = withheld
        self.contentHash = contentHash
    }

    /// Decodes and validates `data`.
    public init(fields: FieldReader) throws {
        post = try fields.platformReference("post")
        account = try fields.platformReference("account")
        url = try fields.url("url")
        postedAt = try fields.timestamp("posted_at")
        kind = try fields.enumeration("kind", PostKind.self)
        text = try fields.optionalString("text", maxLength: PostObserved.textMaxLength)
        amplifies = try fields.optionalAmplifiedSource("amplifies")
        language = try fields.optionalLanguage("language")
        linkedURLs = try fields.urlArray("linked_urls")
        hashtags = try fields.stringArray("hashtags", maxLength: PostObserved.hashtagMaxLength)
        engagement = try fields.optionalObject("engagement").map { try Engagement(fields: $0) }
        archiveURL = try fields.optionalURL("archive_url")
        withheld = try fields.optionalBool("withheld") ?? false
        contentHash = try fields.optionalSHA256Hex("content_hash")
    }

    /// Version 1 had no `hashtags`: they are taken from the text. Pure.
    public static func upcast(_ data: JSONObject, from version: Int) throws -> JSONObject {
        var upcast = data
        if version < 2, data["hashtags"] == nil, let text = data["text"]?.stringValue {
            let tags = hashtags(in: text)
            if !tags.isEmpty { upcast.append("hashtags", .array(tags.map { .string($0) })) }
        }
        return upcast
    }

    /// The `#word` hashtags of `text`, without `#`, in order of first appearance, without repeats.
    ///
    /// A hashtag starts with `#` at the start of the text or after a character that is not a
    /// letter, digit, `_` or `&` (so `a#b` and `&#39;` are not hashtags), runs over letters,
    /// digits and `_`, and must contain a non-digit, as on Twitter.
    public static func hashtags(in text: String) -> [String] {
        func isWordCharacter(_ character: Character) -> Bool {
            character.isLetter || character.isNumber || character == "_"
        }
        var tags: [String] = []
        var seen: Set<String> = []
        var previous: Character?
        var index = text.startIndex
        while index < text.endIndex {
            let character = text[index]
            if character == "#", previous.map({ !isWordCharacter($0) && $0 != "&" }) ?? true {
                var end = text.index(after: index)
                while end < text.endIndex, isWordCharacter(text[end]) { end = text.index(after: end) }
                let tag = String(text[text.index(after: index)..<end])
                if tag.contains(where: { !$0.isNumber }), seen.insert(tag).inserted { tags.append(tag) }
                if end > text.index(after: index) {
                    previous = text[text.index(before: end)]
                    index = end
                    continue
                }
            }
            previous = character
            index = text.index(after: index)
        }
        return tags
    }

    /// The payload in documented field order.
    public func encoded() -> JSONObject {
        var builder = JSONObjectBuilder()
        builder.add("post", post.description)
        builder.add("account", account.description)
        builder.add("url", url)
        builder.add("posted_at", postedAt)
        builder.add("kind", kind)
        builder.add("text", text)
        builder.add("amplifies", amplifies?.description)
        builder.add("language", language)
        builder.add("linked_urls", linkedURLs)
        builder.add("hashtags", hashtags)
        builder.add("engagement", engagement?.object)
        builder.add("archive_url", archiveURL)
        builder.addFlag("withheld", withheld)
        builder.add("content_hash", contentHash)
        return builder.object
    }

    /// The stream this event is appended to.
    public var stream: StreamName { .post(post) }
    /// The natural key that makes an import idempotent.
    public var naturalKey: String? { post.description }
    /// The payload's own time, used when a line gives no `occurred_at`.
    public var intrinsicTime: Timestamp? { postedAt }

    /// Hands this post to `folder` in place.
    public func fold<Folder: PostObservedFolder>(into folder: inout Folder, of event: RecordedEvent) -> Bool {
        folder.fold(self, of: event)
        return true
    }
}

extension FieldReader {
    /// An optional amplified source: an http(s) URL, or else a `platform:identifier` post reference.
    public func optionalAmplifiedSource(_ key: String) throws -> AmplifiedSource? {
        guard let text = try optionalString(key, maxLength: AmplifiedSource.maxLength) else { return nil }
        guard let source = AmplifiedSource(parsing: text) else {
            throw failure(key, "expected a post reference such as twitter:1238291234 or an absolute http(s) URL, got \(ValidationError.quote(text))")
        }
        return source
    }
}

extension AmplifiedSource {
    /// The longest source accepted, in characters.
    static let maxLength = 2048

    /// Reads an http(s) URL, or else a `platform:identifier` post reference that is not a URL
    /// of another scheme; nil for anything else.
    init?(parsing text: String) {
        if WebURL.isValid(text) {
            self = .url(text)
        } else if !WebURL.containsSchemeSeparator(text), let post = try? PlatformReference(parsing: text, field: "") {
            self = .post(post)
        } else {
            return nil
        }
    }
}
