// people: a reviewer and the key that signs their judgments (DESIGN §4).

/// What a reviewer may do.
public enum ReviewerRole: String, Sendable, CaseIterable {
    /// Flags claims and records verdicts.
    case checker
    /// Also reviews and publishes verdicts.
    case editor
    /// Also changes ledger settings and people.
    case admin
}

/// A reviewer was registered with their public key.
public struct ReviewerRegistered: EventPayload, Equatable {
    /// The catalogue name.
    public static let typeName = "ReviewerRegistered"
    /// The schema version this code writes.
    public static let currentSchemaVersion = 1
    /// The group, which decides the signing rule.
    public static let group = EventGroup.people
    /// The `data` field names this version knows.
    public static let knownFields: Set<String> = ["handle", "name", "role", "public_key"]

    /// The reviewer's handle, such as `alice`.
    public var handle: String
    /// The reviewer's full name.
    public var name: String
    /// The reviewer's role.
    public var role: ReviewerRole
    /// The raw 32-byte Ed25519 public key that verifies the reviewer's signatures.
    public var publicKey: [UInt8]

    /// Creates and validates the payload.
    public init(handle: String, name: String, role: ReviewerRole, publicKey: [UInt8]) throws {
        self.handle = handle
        self.name = name
        self.role = role
        self.publicKey = publicKey
        self = try Self(fields: FieldReader(encoded()))
    }

    /// Decodes and validates `data`.
    public init(fields: FieldReader) throws {
        handle = try fields.handle("handle")
        name = try fields.string("name", maxLength: 200)
        role = try fields.enumeration("role", ReviewerRole.self)
        publicKey = try fields.base64Bytes("public_key", byteCount: 32)
    }

    /// The payload in documented field order.
    public func encoded() -> JSONObject {
        var builder = JSONObjectBuilder()
        builder.add("handle", handle)
        builder.add("name", name)
        builder.add("role", role)
        builder.addBase64("public_key", publicKey)
        return builder.object
    }

    /// The stream this event is appended to.
    public var stream: StreamName { .reviewer(handle) }
}
