// Posts are most of any ledger, so replay, verify and import decode them straight from their
// bytes instead of through a JSON tree. The rules are FieldReader's and PostObserved's own (the
// same limits and checks, named once); anything the direct path cannot read, or finds wrong, is
// left to the general decoder, which gives the error. Tests check that both agree.

extension PostObserved {
    /// Decodes current-version `data` bytes without building a JSON tree; nil when the bytes
    /// are outside the plain subset ``PlainJSONScanner`` reads, name a field this version does
    /// not know, or hold a value the general decoder would refuse.
    ///
    /// Guarantees: a payload it returns equals `PostObserved(fields:)` of the same bytes.
    /// Cost: one pass over the bytes; allocates only the payload's own strings.
    static func decodeDirectly(_ bytes: UnsafeBufferPointer<UInt8>) -> PostObserved? {
        var scanner = PlainJSONScanner(bytes)
        guard scanner.enterObject() else { return nil }
        var post: PlatformReference?, account: PlatformReference?, url: String?, postedAt: Timestamp?, kind: PostKind?
        var text: String?, amplifies: AmplifiedSource?, language: String?, archiveURL: String?, contentHash: String?
        var linkedURLs: [String] = [], hashtags: [String] = [], engagement: Engagement?, withheld = false
        var seen = Field.Seen()
        var isFirst = true
        members: while true {
            let name: UnsafeBufferPointer<UInt8>
            switch scanner.nextMember(isFirst: isFirst) {
            case .key(let key): name = key
            case .end: break members
            case .unreadable: return nil
            }
            isFirst = false
            guard let field = Field(name), seen.insert(field) else { return nil }
            if scanner.skipNull() {
                // Null is absence; a required field that is absent is the general decoder's error.
                continue
            }
            switch field {
            case .post:
                guard let value = scanner.platformReference() else { return nil }
                post = value
            case .account:
                guard let value = scanner.platformReference() else { return nil }
                account = value
            case .url:
                guard let value = scanner.webURL() else { return nil }
                url = value
            case .postedAt:
                guard let value = scanner.string(maxLength: Timestamp.maxTextLength).flatMap(Timestamp.init(rfc3339:)) else { return nil }
                postedAt = value
            case .kind:
                guard let value = scanner.string(maxLength: FieldReader.enumerationMaxLength).flatMap(PostKind.init(rawValue:)) else { return nil }
                kind = value
            case .text:
                guard let value = scanner.string(maxLength: PostObserved.textMaxLength) else { return nil }
                text = value
            case .amplifies:
                guard let value = scanner.string(maxLength: AmplifiedSource.maxLength).flatMap(AmplifiedSource.init(parsing:)) else { return nil }
                amplifies = value
            case .language:
                guard let value = scanner.string(maxLength: LanguageTag.maxLength), LanguageTag.isValid(value) else { return nil }
                language = value
            case .linkedURLs:
                guard let values = scanner.stringArray(maxLength: WebURL.maxLength), values.allSatisfy(WebURL.isValid) else { return nil }
                linkedURLs = values
            case .hashtags:
                guard let values = scanner.stringArray(maxLength: PostObserved.hashtagMaxLength) else { return nil }
                hashtags = values
            case .engagement:
                guard let value = scanner.engagement() else { return nil }
                engagement = value
            case .archiveURL:
                guard let value = scanner.webURL() else { return nil }
                archiveURL = value
            case .withheld:
                guard let value = scanner.bool() else { return nil }
                withheld = value
            case .contentHash:
                guard let value = scanner.string(maxLength: SHA256Hex.length), SHA256Hex.isValid(value) else { return nil }
                contentHash = value
            }
        }
        guard scanner.isAtEnd(), let post, let account, let url, let postedAt, let kind else { return nil }
        return PostObserved(
            checkedPost: post, account: account, url: url, postedAt: postedAt, kind: kind, text: text,
            amplifies: amplifies, language: language, linkedURLs: linkedURLs, hashtags: hashtags,
            engagement: engagement, archiveURL: archiveURL, withheld: withheld, contentHash: contentHash)
    }

    /// The `data` fields of version 2, as the direct decoder recognises them.
    private enum Field: Int {
        case post, account, url, postedAt, kind, text, amplifies, language, linkedURLs, hashtags, engagement,
             archiveURL, withheld, contentHash

        init?(_ name: UnsafeBufferPointer<UInt8>) {
            // By length first, so most keys are told apart without comparing their bytes.
            switch name.count {
            case 3 where name.spells("url"): self = .url
            case 4 where name.spells("post"): self = .post
            case 4 where name.spells("kind"): self = .kind
            case 4 where name.spells("text"): self = .text
            case 7 where name.spells("account"): self = .account
            case 8 where name.spells("hashtags"): self = .hashtags
            case 8 where name.spells("language"): self = .language
            case 8 where name.spells("withheld"): self = .withheld
            case 9 where name.spells("posted_at"): self = .postedAt
            case 9 where name.spells("amplifies"): self = .amplifies
            case 10 where name.spells("engagement"): self = .engagement
            case 11 where name.spells("linked_urls"): self = .linkedURLs
            case 11 where name.spells("archive_url"): self = .archiveURL
            case 12 where name.spells("content_hash"): self = .contentHash
            default: return nil
            }
        }

        /// The fields seen so far, to refuse a repeated one as JSONParser does.
        struct Seen {
            private var bits: UInt32 = 0

            /// Adds `field`; false when it was already there.
            mutating func insert(_ field: Field) -> Bool {
                let bit: UInt32 = 1 << UInt32(field.rawValue)
                guard bits & bit == 0 else { return false }
                bits |= bit
                return true
            }
        }
    }
}

extension PlainJSONScanner {
    /// A string that ``FieldReader/isAcceptable(_:maxLength:)`` accepts.
    mutating func string(maxLength: Int) -> String? {
        guard let text = string(), FieldReader.isAcceptable(text, maxLength: maxLength) else { return nil }
        return text
    }

    /// A `platform:identifier` reference, as ``FieldReader/platformReference(_:)`` reads one.
    mutating func platformReference() -> PlatformReference? {
        guard let text = string(maxLength: PlatformReference.maxLength) else { return nil }
        return try? PlatformReference(parsing: text, field: "")
    }

    /// An http(s) URL, as ``FieldReader/url(_:)`` reads one.
    mutating func webURL() -> String? {
        guard let text = string(maxLength: WebURL.maxLength), WebURL.isValid(text) else { return nil }
        return text
    }

    /// An array of strings, as ``FieldReader/stringArray(_:maxCount:maxLength:)`` reads one.
    mutating func stringArray(maxLength: Int) -> [String]? {
        guard let items = stringArray(maxCount: FieldReader.arrayMaxCount),
              items.allSatisfy({ FieldReader.isAcceptable($0, maxLength: maxLength) }) else { return nil }
        return items
    }

    /// The engagement counts, as ``Engagement/init(fields:)`` reads them: four required
    /// non-negative whole numbers and optional `views`. Any other member is left to the general decoder.
    mutating func engagement() -> Engagement? {
        guard enterObject() else { return nil }
        var likes: Int64?, reposts: Int64?, replies: Int64?, quotes: Int64?, views: Int64?
        var seen: UInt8 = 0
        var isFirst = true
        while true {
            switch nextMember(isFirst: isFirst) {
            case .unreadable:
                return nil
            case .end:
                guard let likes, let reposts, let replies, let quotes else { return nil }
                return Engagement(likes: likes, reposts: reposts, replies: replies, quotes: quotes, views: views)
            case .key(let name):
                isFirst = false
                guard let slot = Engagement.fieldNameLiterals.firstIndex(where: { name.spells($0) }), seen & (1 << slot) == 0 else { return nil }
                seen |= 1 << slot
                if skipNull() { continue }
                guard let count = integer(), count >= 0 else { return nil }
                switch slot {
                case 0: likes = count
                case 1: reposts = count
                case 2: replies = count
                case 3: quotes = count
                default: views = count
                }
            }
        }
    }
}
