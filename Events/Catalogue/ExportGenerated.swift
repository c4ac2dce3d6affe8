// publication: an export was written, tied to a checkpoint so that a reader can check the
// file against the signed log (DESIGN §4).

/// The format of an export.
public enum ExportFormat: String, Sendable, CaseIterable {
    /// Comma-separated values (RFC 4180).
    case csv
    /// The JSONL interchange format.
    case jsonl
    /// schema.org ClaimReview JSON-LD.
    case claimreview
    /// A static HTML site.
    case site
    /// A verifiable bundle of events and proofs.
    case bundle
}

/// An export was generated.
public struct ExportGenerated: EventPayload, Equatable {
    /// The catalogue name.
    public static let typeName = "ExportGenerated"
    /// The schema version this code writes.
    public static let currentSchemaVersion = 1
    /// The group, which decides the signing rule.
    public static let group = EventGroup.publication
    /// The `data` field names this version knows.
    public static let knownFields: Set<String> = ["format", "view", "as_of_position", "checkpoint_root", "file_sha256"]

    /// The format.
    public var format: ExportFormat
    /// The view exported, such as `claims`, when the format has several.
    public var view: String?
    /// The log position the export reflects.
    public var asOfPosition: Int64
    /// The 32-byte Merkle root of the checkpoint at that position.
    public var checkpointRoot: [UInt8]
    /// SHA-256 of the file written, 64 lowercase hex digits.
    public var fileSHA256: String

    /// Creates and validates the payload.
    public init(format: ExportFormat, view: String? = nil, asOfPosition: Int64, checkpointRoot: [UInt8], fileSHA256: String) throws {
        self.format = format
        self.view = view
        self.asOfPosition = asOfPosition
        self.checkpointRoot = checkpointRoot
        self.fileSHA256 = fileSHA256
        self = try Self(fields: FieldReader(encoded()))
    }

    /// Decodes and validates `data`.
    public init(fields: FieldReader) throws {
        format = try fields.enumeration("format", ExportFormat.self)
        view = try fields.optionalToken("view")
        asOfPosition = try fields.integer("as_of_position")
        checkpointRoot = try fields.base64Bytes("checkpoint_root", byteCount: 32)
        fileSHA256 = try fields.sha256Hex("file_sha256")
    }

    /// The payload in documented field order.
    public func encoded() -> JSONObject {
        var builder = JSONObjectBuilder()
        builder.add("format", format)
        builder.add("view", view)
        builder.add("as_of_position", asOfPosition)
        builder.addBase64("checkpoint_root", checkpointRoot)
        builder.add("file_sha256", fileSHA256)
        return builder.object
    }

    /// The stream this event is appended to.
    public var stream: StreamName { .ledger }
}
