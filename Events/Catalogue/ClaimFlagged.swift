// review: a claim enters review (DESIGN §4). Its summary states the claim neutrally; the
// verdict belongs in VerdictRecorded, so a summary that contains a rating label is refused.

/// A claim was flagged for review.
public struct ClaimFlagged: EventPayload, Equatable {
    /// The catalogue name.
    public static let typeName = "ClaimFlagged"
    /// The schema version this code writes.
    public static let currentSchemaVersion = 1
    /// The group, which decides the signing rule.
    public static let group = EventGroup.review
    /// The `data` field names this version knows.
    public static let knownFields: Set<String> = ["claim", "summary", "post", "text", "language", "topics"]

    /// The longest summary accepted, in characters.
    public static let summaryLimit = 75

    /// The claim id, such as `c-7f3a9`.
    public var claim: String
    /// The claim in a few neutral words, without a verdict.
    public var summary: String
    /// The post where the claim first appeared.
    public var post: PlatformReference?
    /// The claim's full text.
    public var text: String?
    /// The language tag of the text.
    public var language: String?
    /// Topics, such as `covid-origin`.
    public var topics: [String]

    /// Creates and validates the payload.
    public init(claim: String, summary: String, post: PlatformReference? = nil, text: String? = nil,
                language: String? = nil, topics: [String] = []) throws {
        self.claim = claim
        self.summary = summary
        self.post = post
        self.text = text
        self.language = language
        self.topics = topics
        self = try Self(fields: FieldReader(encoded()))
    }

    /// Decodes and validates `data`.
    public init(fields: FieldReader) throws {
        claim = try fields.token("claim")
        summary = try fields.string("summary", maxLength: Self.summaryLimit)
        if let label = Self.ratingLabel(in: summary) {
            throw fields.failure("summary", "must state the claim without a verdict; it contains the rating label \(ValidationError.quote(label))")
        }
        post = try fields.optionalPlatformReference("post")
        text = try fields.optionalString("text", maxLength: 100_000)
        language = try fields.optionalLanguage("language")
        topics = try fields.stringArray("topics", maxCount: 50, maxLength: 100)
    }

    /// The first label of the default scale that `summary` contains as a whole word, ignoring case.
    ///
    /// Words are runs of letters, digits, `-` and `_`, so `mostly-false` is one word and
    /// `false-flag` does not contain the label `false`.
    public static func ratingLabel(in summary: String) -> String? {
        if summary.utf8.allSatisfy({ $0 < 0x80 }) {
            // ASCII, as most summaries are: the same words, found without Unicode properties.
            let words = summary.utf8.split { byte in
                let lower = byte | 0x20
                return !((lower >= UInt8(ascii: "a") && lower <= UInt8(ascii: "z")) || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9"))
                         || byte == UInt8(ascii: "-") || byte == UInt8(ascii: "_"))
            }
            return words.lazy.map { String(decoding: $0, as: UTF8.self).lowercased() }.first { defaultLabels.contains($0) }
        }
        let words = summary.lowercased().split { !($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") }
        return words.lazy.map(String.init).first { defaultLabels.contains($0) }
    }

    /// The labels of the default scale, built once.
    private static let defaultLabels = Set(RatingScale.factledgerDefault.labels.map(\.label))

    /// The payload in documented field order.
    public func encoded() -> JSONObject {
        var builder = JSONObjectBuilder()
        builder.add("claim", claim)
        builder.add("summary", summary)
        builder.add("post", post?.description)
        builder.add("text", text)
        builder.add("language", language)
        builder.add("topics", topics)
        return builder.object
    }

    /// The stream this event is appended to.
    public var stream: StreamName { .claim(claim) }
    /// The natural key that makes an import idempotent.
    public var naturalKey: String? { claim }
    /// What must already be in the log.
    public var references: [Reference] {
        guard let post else { return [] }
        return [.stream(.post(post), noun: "post \(post)")]
    }
}
