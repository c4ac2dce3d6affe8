// registry: a news outlet, classified by its relation to a state (DESIGN §4); linked
// domains connect posts to outlets.

/// How an outlet relates to a state.
public enum OutletAffiliation: String, Sendable, CaseIterable {
    /// Editorially controlled by a state.
    case stateControlled = "state_controlled"
    /// Funded by a state but claiming editorial independence.
    case stateFunded = "state_funded"
    /// Independent of any state.
    case independent
    /// Not established.
    case unknown
}

/// A news outlet was registered.
public struct OutletRegistered: EventPayload, Equatable {
    /// The catalogue name.
    public static let typeName = "OutletRegistered"
    /// The schema version this code writes.
    public static let currentSchemaVersion = 1
    /// The group, which decides the signing rule.
    public static let group = EventGroup.registry
    /// The `data` field names this version knows.
    public static let knownFields: Set<String> = ["domain", "name", "affiliation", "country", "basis", "evidence_url"]

    /// The outlet's domain, such as `rt.com`.
    public var domain: String
    /// The outlet's name.
    public var name: String
    /// The outlet's relation to a state.
    public var affiliation: OutletAffiliation
    /// ISO 3166-1 alpha-2, uppercase.
    public var country: String?
    /// Why the affiliation was chosen.
    public var basis: String?
    /// Where the basis is documented.
    public var evidenceURL: String?

    /// Creates and validates the payload.
    public init(domain: String, name: String, affiliation: OutletAffiliation, country: String? = nil,
                basis: String? = nil, evidenceURL: String? = nil) throws {
        self.domain = domain
        self.name = name
        self.affiliation = affiliation
        self.country = country
        self.basis = basis
        self.evidenceURL = evidenceURL
        self = try Self(fields: FieldReader(encoded()))
    }

    /// Decodes and validates `data`.
    public init(fields: FieldReader) throws {
        domain = try fields.domain("domain")
        name = try fields.string("name", maxLength: 200)
        affiliation = try fields.enumeration("affiliation", OutletAffiliation.self)
        country = try fields.optionalCountryCode("country")
        basis = try fields.optionalString("basis", maxLength: 2000)
        evidenceURL = try fields.optionalURL("evidence_url")
    }

    /// The payload in documented field order.
    public func encoded() -> JSONObject {
        var builder = JSONObjectBuilder()
        builder.add("domain", domain)
        builder.add("name", name)
        builder.add("affiliation", affiliation)
        builder.add("country", country)
        builder.add("basis", basis)
        builder.add("evidence_url", evidenceURL)
        return builder.object
    }

    /// The stream this event is appended to.
    public var stream: StreamName { .outlet(domain) }
    /// The natural key that makes an import idempotent.
    public var naturalKey: String? { domain }
}
