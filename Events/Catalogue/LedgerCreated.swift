// ledger: the first event of every ledger, naming the organisation and its signing key
// (DESIGN §4). Memberwise initialisers store the values and then re-read their own
// encoding through init(fields:), so one validation serves every way in.

/// A ledger was created for an organisation, with the key that signs its checkpoints.
public struct LedgerCreated: EventPayload, Equatable {
    /// The catalogue name.
    public static let typeName = "LedgerCreated"
    /// The schema version this code writes.
    public static let currentSchemaVersion = 1
    /// The group, which decides the signing rule.
    public static let group = EventGroup.ledger
    /// The `data` field names this version knows.
    public static let knownFields: Set<String> = ["org", "ledger_id", "origin", "ledger_key"]

    /// The organisation that keeps the ledger.
    public var org: String
    /// The ledger's id, unique within the organisation.
    public var ledgerID: String
    /// The checkpoint origin line, such as `factcheck.example.org/ledger`; no spaces.
    public var origin: String
    /// The raw 32-byte Ed25519 public key that signs checkpoints.
    public var ledgerKey: [UInt8]

    /// Creates and validates the payload.
    public init(org: String, ledgerID: String, origin: String, ledgerKey: [UInt8]) throws {
        self.org = org
        self.ledgerID = ledgerID
        self.origin = origin
        self.ledgerKey = ledgerKey
        self = try Self(fields: FieldReader(encoded()))
    }

    /// Decodes and validates `data`.
    public init(fields: FieldReader) throws {
        org = try fields.string("org", maxLength: 200)
        ledgerID = try fields.token("ledger_id")
        origin = try fields.compactString("origin", maxLength: 200)
        ledgerKey = try fields.base64Bytes("ledger_key", byteCount: 32)
    }

    /// The payload in documented field order.
    public func encoded() -> JSONObject {
        var builder = JSONObjectBuilder()
        builder.add("org", org)
        builder.add("ledger_id", ledgerID)
        builder.add("origin", origin)
        builder.addBase64("ledger_key", ledgerKey)
        return builder.object
    }

    /// The stream this event is appended to.
    public var stream: StreamName { .ledger }
    /// The natural key that makes an import idempotent.
    public var naturalKey: String? { ledgerID }
}
