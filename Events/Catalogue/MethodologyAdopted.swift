// ledger: the parameters of the misinformation-amplification score (DESIGN §5). Every
// parameter is stored explicitly, so a published score can be recomputed by an outsider.

/// The score methodology and its parameters were adopted.
public struct MethodologyAdopted: EventPayload, Equatable {
    /// The catalogue name.
    public static let typeName = "MethodologyAdopted"
    /// The schema version this code writes.
    public static let currentSchemaVersion = 1
    /// The group, which decides the signing rule.
    public static let group = EventGroup.ledger
    /// The `data` field names this version knows.
    public static let knownFields: Set<String> = ["method", "half_life_days", "shrinkage_alpha", "kind_weights", "critical_quote_weight"]

    /// The weight of a post by its kind, `w(p)` in DESIGN §5.
    public struct KindWeights: Sendable, Equatable {
        /// Weight of an original post.
        public var original: Double
        /// Weight of a quote.
        public var quote: Double
        /// Weight of a repost.
        public var repost: Double
        /// Weight of a reply.
        public var reply: Double

        /// Weights as given; each must lie in [0, 1] when validated.
        public init(original: Double, quote: Double, repost: Double, reply: Double) {
            self.original = original
            self.quote = quote
            self.repost = repost
            self.reply = reply
        }

        /// The weight for a post of `kind`.
        public func weight(for kind: PostKind) -> Double {
            switch kind {
            case .original: return original
            case .quote: return quote
            case .repost: return repost
            case .reply: return reply
            }
        }
    }

    /// The method and its version, such as `mas/1`.
    public var method: String
    /// The decay half-life `h`, in days; greater than 0.
    public var halfLifeDays: Double
    /// The shrinkage strength `α`; at least 0.
    public var shrinkageAlpha: Double
    /// The kind weights `w(p)`.
    public var kindWeights: KindWeights
    /// The weight of a post whose every appearance quotes the claim critically.
    public var criticalQuoteWeight: Double

    /// The `mas/1` defaults of DESIGN §5.
    public static let masDefault = MethodologyAdopted(
        unchecked: "mas/1", halfLifeDays: 90, shrinkageAlpha: 20,
        kindWeights: KindWeights(original: 1.0, quote: 1.0, repost: 0.8, reply: 0.5), criticalQuoteWeight: 0)

    /// Creates and validates the payload; the defaults are those of `mas/1`.
    public init(method: String = "mas/1", halfLifeDays: Double = 90, shrinkageAlpha: Double = 20,
                kindWeights: KindWeights = MethodologyAdopted.masDefault.kindWeights, criticalQuoteWeight: Double = 0) throws {
        self.init(unchecked: method, halfLifeDays: halfLifeDays, shrinkageAlpha: shrinkageAlpha,
                  kindWeights: kindWeights, criticalQuoteWeight: criticalQuoteWeight)
        self = try Self(fields: FieldReader(encoded()))
    }

    private init(unchecked method: String, halfLifeDays: Double, shrinkageAlpha: Double, kindWeights: KindWeights, criticalQuoteWeight: Double) {
        self.method = method
        self.halfLifeDays = halfLifeDays
        self.shrinkageAlpha = shrinkageAlpha
        self.kindWeights = kindWeights
        self.criticalQuoteWeight = criticalQuoteWeight
    }

    /// Decodes and validates `data`.
    public init(fields: FieldReader) throws {
        method = try fields.token("method")
        halfLifeDays = try fields.number("half_life_days", in: 0...36_500)
        guard halfLifeDays > 0 else { throw fields.failure("half_life_days", "must be greater than 0") }
        shrinkageAlpha = try fields.number("shrinkage_alpha", in: 0...1_000_000)
        guard let weights = try fields.optionalObject("kind_weights") else { throw fields.failure("kind_weights", "is required") }
        kindWeights = KindWeights(
            original: try weights.number("original", in: 0...1),
            quote: try weights.number("quote", in: 0...1),
            repost: try weights.number("repost", in: 0...1),
            reply: try weights.number("reply", in: 0...1))
        criticalQuoteWeight = try fields.number("critical_quote_weight", in: 0...1)
    }

    /// The payload in documented field order.
    public func encoded() -> JSONObject {
        var weights = JSONObjectBuilder()
        weights.add("original", kindWeights.original)
        weights.add("quote", kindWeights.quote)
        weights.add("repost", kindWeights.repost)
        weights.add("reply", kindWeights.reply)
        var builder = JSONObjectBuilder()
        builder.add("method", method)
        builder.add("half_life_days", halfLifeDays)
        builder.add("shrinkage_alpha", shrinkageAlpha)
        builder.add("kind_weights", weights.object)
        builder.add("critical_quote_weight", criticalQuoteWeight)
        return builder.object
    }

    /// The stream this event is appended to.
    public var stream: StreamName { .ledger }
}
