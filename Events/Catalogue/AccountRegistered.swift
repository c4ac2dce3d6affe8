// registry: an account on a platform, classified for analysis (DESIGN §4).

/// What kind of account this is.
public enum AccountKind: String, Sendable, CaseIterable {
    case diplomat, embassy, ministry, stateMedia = "state_media", other
}

/// An account on a platform was registered for monitoring.
public struct AccountRegistered: EventPayload, Equatable {
    public static let typeName = "AccountRegistered"
    public static let currentSchemaVersion = 1
    public static let group = EventGroup.registry
    public static let knownFields: Set<String> = ["account", "display_name", "kind", "country", "person", "title", "profile_url", "platform_user_id"]

    public var account: PlatformReference
    public var displayName: String
    public var kind: AccountKind
    /// ISO 3166-1 alpha-2, uppercase.
    public var country: String
    public var person: String?
    public var title: String?
    public var profileURL: String?
    public var platformUserID: String?

    public init(account: PlatformReference, displayName: String, kind: AccountKind, country: String,
                person: String? = nil, title: String? = nil, profileURL: String? = nil, platformUserID: String? = nil) throws {
        self.account = account
        self.displayName = displayName
        self.kind = kind
        self.country = country
        self.person = person
        self.title = title
        self.profileURL = profileURL
        self.platformUserID = platformUserID
        // One validation for every way in: re-read the encoding through init(fields:).
        self = try Self(fields: FieldReader(encoded()))
    }

    public init(fields: FieldReader) throws {
        account = try fields.platformReference("account")
        displayName = try fields.string("display_name", maxLength: 200)
        kind = try fields.enumeration("kind", AccountKind.self)
        country = try fields.countryCode("country")
        person = try fields.optionalString("person", maxLength: 200)
        title = try fields.optionalString("title", maxLength: 200)
        profileURL = try fields.optionalURL("profile_url")
        platformUserID = try fields.optionalString("platform_user_id", maxLength: 64)
    }

    public func encoded() -> JSONObject {
        var builder = JSONObjectBuilder()
        builder.add("account", account.description)
        builder.add("display_name", displayName)
        builder.add("kind", kind)
        builder.add("country", country)
        builder.add("person", person)
        builder.add("title", title)
        builder.add("profile_url", profileURL)
        builder.add("platform_user_id", platformUserID)
        return builder.object
    }

    public var stream: StreamName { .account(account) }
    public var naturalKey: String? { account.description }
}

extension FieldReader {
    /// A required ISO 3166-1 alpha-2 country code, two uppercase letters.
    public func countryCode(_ key: String) throws -> String {
        let text = try string(key, maxLength: 2)
        guard text.count == 2, text.unicodeScalars.allSatisfy({ $0 >= "A" && $0 <= "Z" }) else {
            throw failure(key, "expected an ISO 3166-1 alpha-2 code such as CN, got \(ValidationError.quote(text))")
        }
        return text
    }

    /// An optional ISO 3166-1 alpha-2 country code.
    public func optionalCountryCode(_ key: String) throws -> String? {
        has(key) ? try countryCode(key) : nil
    }
}
