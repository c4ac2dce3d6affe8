// Engagement counts, shared by PostObserved (nested under `engagement`) and
// EngagementObserved (flat in `data`), so both read and write them the same way.

/// Public engagement counts of a post at one moment.
public struct Engagement: Sendable, Equatable {
    /// Likes or favourites.
    public var likes: Int64
    /// Reposts (retweets).
    public var reposts: Int64
    /// Replies.
    public var replies: Int64
    /// Quotes.
    public var quotes: Int64
    /// Views, when the platform reports them.
    public var views: Int64?

    /// Counts as given; use ``init(fields:)`` to validate untrusted input.
    public init(likes: Int64, reposts: Int64, replies: Int64, quotes: Int64, views: Int64? = nil) {
        self.likes = likes
        self.reposts = reposts
        self.replies = replies
        self.quotes = quotes
        self.views = views
    }

    /// Reads the counts from `fields`; each must be a non-negative whole number.
    public init(fields: FieldReader) throws {
        likes = try fields.integer("likes")
        reposts = try fields.integer("reposts")
        replies = try fields.integer("replies")
        quotes = try fields.integer("quotes")
        views = try fields.optionalInteger("views")
    }

    /// The field names, in documented order.
    public static let fieldNames: [String] = fieldNameLiterals.map(\.description)
    /// The same names, for comparing with bytes.
    static let fieldNameLiterals: [StaticString] = ["likes", "reposts", "replies", "quotes", "views"]

    /// Appends the counts to `builder` in documented order.
    public func add(to builder: inout JSONObjectBuilder) {
        builder.add("likes", likes)
        builder.add("reposts", reposts)
        builder.add("replies", replies)
        builder.add("quotes", quotes)
        builder.add("views", views)
    }

    /// The counts as a JSON object.
    public var object: JSONObject {
        var builder = JSONObjectBuilder()
        add(to: &builder)
        return builder.object
    }
}
