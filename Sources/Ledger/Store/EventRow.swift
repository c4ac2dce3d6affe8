// The storage encoding of a leaf (format factledger/2). A row keeps the envelope fields as
// typed columns and the author's `data` bytes verbatim; the leaf bytes are rebuilt from them in
// the documented layout (`Leaf`), so nothing is stored twice and every column is covered by
// the leaf hash: change any of them and the Merkle root changes.
import Events
import Foundation
import SQLite

/// Reads and writes the columns of one `events` row.
///
/// Guarantees: `decode` returns exactly the event that `values(...)` stored, so the leaf rebuilt
/// from a row is byte for byte the leaf that was hashed at append time. Cost: O(size of data);
/// only `data` is parsed, the envelope comes from typed columns.
enum EventRow {
    /// The columns of a full row, in the order `decode` reads them.
    static let columns = """
        position, id, type, schema_version, stream, stream_version, occurred_at, recorded_at, \
        author, correlation_id, causation_id, signature, data, leaf_check
        """
    /// How many bytes of the leaf hash `leaf_check` keeps. The Merkle tree protects the rows; this
    /// prefix only lets `verify` name the exact row that changed instead of the 16-leaf subtree.
    static let leafCheckLength = 8
    /// `columns`, each prefixed with the table alias `alias`, for joins.
    static func qualifiedColumns(as alias: String) -> String {
        columns.split(separator: ",").map { "\(alias).\($0.trimmingCharacters(in: .whitespaces))" }.joined(separator: ", ")
    }

    /// How many columns `columns` names.
    static let columnCount: Int32 = 14

    /// How an event id is kept: a generated UUID as its 16 bytes (a BLOB), any other id as TEXT.
    /// SQLite never equates a BLOB with a TEXT, so the two kinds cannot collide in the index.
    static func key(_ id: EventID) -> SQLValue {
        if let bytes = id.uuidBytes { return .blob(bytes) }
        return .text(id.rawValue)
    }

    /// The values of `columns` for an event appended at `position`.
    /// `idKey` is `key(envelope.id)`, already computed by the caller's lookup of the id.
    static func values(
        position: Int64, envelope: EventEnvelope, idKey: SQLValue, streamVersion: Int64, recordedAt: Timestamp, signature: [UInt8]?, leafHash: [UInt8]
    ) -> [SQLValue] {
        [
            .integer(position), idKey, .text(envelope.type), .integer(Int64(envelope.schemaVersion)),
            .text(envelope.stream.rawValue), .integer(streamVersion), .integer(envelope.occurredAt.millisecondsSinceEpoch),
            .integer(recordedAt.millisecondsSinceEpoch), .text(envelope.author),
            envelope.correlationID.map { .text($0) } ?? .null, envelope.causationID.map { .text($0) } ?? .null,
            signature.map { .blob($0) } ?? .null, .blob(envelope.data), .blob(Array(leafHash.prefix(leafCheckLength))),
        ]
    }

    /// The stored parts of one event, before its payload is decoded.
    struct Fields: Sendable {
        let position: Int64
        let envelope: EventEnvelope
        let streamVersion: Int64
        let recordedAt: Timestamp
        let signature: [UInt8]?
        /// The first bytes of the leaf hash as recorded at append time.
        let leafCheck: [UInt8]

        /// `SHA-256(0x00 ‖ leaf)` of the leaf rebuilt in the documented layout, hashed over its
        /// pieces so that neither the leaf nor the body is built.
        var leafHash: [UInt8] {
            Leaf.hash(position: position, recordedAt: recordedAt, streamVersion: streamVersion, signature: signature,
                      bodyParts: envelope.bodyPrefix, envelope.data, [UInt8(ascii: "}")])
        }

        /// The event with its payload decoded and validated.
        func recorded() throws -> RecordedEvent {
            let payload = try EventCatalogue.decode(type: envelope.type, schemaVersion: envelope.schemaVersion, data: envelope.data)
            return RecordedEvent(
                position: position, recordedAt: recordedAt, streamVersion: streamVersion,
                envelope: envelope, signature: signature, payload: payload)
        }
    }

    /// Reads the row at the statement's current step, whose first columns are `columns`
    /// starting at `offset`. Throws when a column does not hold what the format stores there.
    /// Without `readingLeafCheck`, `leafCheck` is left empty: only `verify` compares it.
    static func fields(_ row: Statement, offset: Int32 = 0, readingLeafCheck: Bool = true) throws -> Fields {
        let position = row.int64(offset)
        func damaged(_ column: String, _ expected: String) -> LedgerError {
            LedgerError.database("the event at position \(position) cannot be decoded: its \(column) is not \(expected); run `factledger verify`")
        }
        let id: EventID
        if row.columnType(offset + 1) == .blob {
            guard let bytes = row.blob(offset + 1), let uuid = EventID(uuidBytes: bytes) else { throw damaged("id", "16 bytes") }
            id = uuid
        } else {
            guard let text = row.text(offset + 1), let given = try? EventID(text) else { throw damaged("id", "a valid event id") }
            id = given
        }
        guard let type = row.text(offset + 2), let stream = row.text(offset + 4), let author = row.text(offset + 8) else {
            throw damaged("type, stream or author", "text")
        }
        let schemaVersion = row.int64(offset + 3)
        guard (1...1000).contains(schemaVersion) else { throw damaged("schema_version", "between 1 and 1000") }
        let signature = row.blob(offset + 11)
        if let signature, signature.count != 64 { throw damaged("signature", "64 bytes") }
        let envelope = EventEnvelope(
            id: id, type: type, schemaVersion: Int(schemaVersion), stream: StreamName(unchecked: stream),
            occurredAt: Timestamp(millisecondsSinceEpoch: row.int64(offset + 6)), author: author,
            correlationID: row.text(offset + 9), causationID: row.text(offset + 10), data: row.blob(offset + 12) ?? [])
        return Fields(
            position: position, envelope: envelope, streamVersion: row.int64(offset + 5),
            recordedAt: Timestamp(millisecondsSinceEpoch: row.int64(offset + 7)), signature: signature,
            leafCheck: readingLeafCheck ? row.blob(offset + 13) ?? [] : [])
    }

    /// Reads and decodes the event at the statement's current step.
    static func decode(_ row: Statement, offset: Int32 = 0) throws -> RecordedEvent {
        let fields = try fields(row, offset: offset, readingLeafCheck: false)
        do { return try fields.recorded() } catch {
            throw LedgerError.database("the event at position \(fields.position) cannot be decoded: \(error); run `factledger verify`")
        }
    }
}
