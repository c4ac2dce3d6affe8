// The envelope: what an author states about one event, and its exact bytes (DESIGN §3,
// invariant 6). The body is written once by `bodyBytes` and then only ever read.

/// One event as its author states it: the envelope fields and the exact `data` bytes.
///
/// Guarantees: `bodyBytes` is deterministic, and `init(bodyBytes:)` recovers the same
/// envelope with the same `data` bytes, so signatures and hashes never depend on
/// re-encoding. Cost: O(size of the event).
public struct EventEnvelope: Sendable, Equatable {
    public let id: EventID
    public let type: String
    public let schemaVersion: Int
    public let stream: StreamName
    /// When it happened in the world.
    public let occurredAt: Timestamp
    /// The reviewer handle, `ledger`, or `import:<source>`.
    public let author: String
    public let correlationID: String?
    public let causationID: String?
    /// The exact bytes of the payload's JSON object.
    public let data: [UInt8]

    public init(
        id: EventID, type: String, schemaVersion: Int, stream: StreamName, occurredAt: Timestamp,
        author: String, correlationID: String? = nil, causationID: String? = nil, data: [UInt8]
    ) {
        self.id = id
        self.type = type
        self.schemaVersion = schemaVersion
        self.stream = stream
        self.occurredAt = occurredAt
        self.author = author
        self.correlationID = correlationID
        self.causationID = causationID
        self.data = data
    }

    /// How to choose an event's id.
    public enum IDPolicy: Sendable {
        /// Use this id.
        case given(EventID)
        /// A new UUIDv7, for events made at the terminal.
        case timeOrdered
        /// A UUIDv8 derived from the payload's natural key or, without one, from its data bytes,
        /// so that re-importing the same input yields the same id.
        case derived
    }

    /// Builds the envelope of `payload`, written by `author`.
    ///
    /// - Parameters:
    ///   - data: the exact data bytes to keep (from an import line); nil encodes `payload`.
    ///   - occurredAt: the time given; nil falls back to the payload's own time, then to `now`.
    ///   - now: the time of recording, used for a time-ordered id and as the last fallback.
    public static func make(
        payload: any EventPayload, data: [UInt8]? = nil, id policy: IDPolicy, occurredAt: Timestamp? = nil,
        author: String, now: Timestamp, schemaVersion: Int? = nil, correlationID: String? = nil, causationID: String? = nil
    ) -> EventEnvelope {
        let type = payload.typeName
        let dataBytes = data ?? JSONWriter.bytes(.object(payload.encoded()))
        let id: EventID
        switch policy {
        case .given(let given): id = given
        case .timeOrdered: id = .uuidV7(at: now)
        case .derived: id = .derived(type: type, name: payload.naturalKey ?? "data:" + String(decoding: dataBytes, as: UTF8.self))
        }
        return EventEnvelope(
            id: id, type: type, schemaVersion: schemaVersion ?? Swift.type(of: payload).currentSchemaVersion,
            stream: payload.stream, occurredAt: occurredAt ?? payload.intrinsicTime ?? now, author: author,
            correlationID: correlationID, causationID: causationID, data: dataBytes)
    }

    /// The body: the exact bytes an author signs and the leaf embeds.
    ///
    /// Layout: one JSON object with the members `id`, `type`, `schema_version`, `stream`,
    /// `occurred_at`, `author`, optional `correlation_id` and `causation_id`, then `data`,
    /// in that order, with no whitespace outside `data`.
    public var bodyBytes: [UInt8] {
        var output = bodyPrefix
        output.reserveCapacity(output.count + data.count + 1)
        output.append(contentsOf: data)
        output.append(UInt8(ascii: "}"))
        return output
    }

    /// The body up to and including `"data":`: the body is these bytes, then `data`, then `}`.
    /// Lets a hash of the body be computed without copying `data`.
    public var bodyPrefix: [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(200)
        output.append(contentsOf: #"{"id":"#.utf8)
        JSONWriter.writeString(id.rawValue, into: &output)
        output.append(contentsOf: #","type":"#.utf8)
        JSONWriter.writeString(type, into: &output)
        output.append(contentsOf: #","schema_version":"#.utf8)
        output.append(contentsOf: String(schemaVersion).utf8)
        output.append(contentsOf: #","stream":"#.utf8)
        JSONWriter.writeString(stream.rawValue, into: &output)
        output.append(contentsOf: #","occurred_at":"#.utf8)
        JSONWriter.writeString(occurredAt.iso8601, into: &output)
        output.append(contentsOf: #","author":"#.utf8)
        JSONWriter.writeString(author, into: &output)
        if let correlationID {
            output.append(contentsOf: #","correlation_id":"#.utf8)
            JSONWriter.writeString(correlationID, into: &output)
        }
        if let causationID {
            output.append(contentsOf: #","causation_id":"#.utf8)
            JSONWriter.writeString(causationID, into: &output)
        }
        output.append(contentsOf: #","data":"#.utf8)
        return output
    }

    /// Reads an envelope back from body bytes, keeping the `data` bytes exactly.
    public init(bodyBytes: some Collection<UInt8>) throws {
        self = try EventEnvelope.parse(bodyBytes: Array(bodyBytes)).envelope
    }

    /// Reads an envelope and its typed payload from body bytes, parsing the JSON once.
    public static func decode(bodyBytes: [UInt8]) throws -> (envelope: EventEnvelope, payload: any EventPayload) {
        let (envelope, data) = try parse(bodyBytes: bodyBytes)
        return (envelope, try EventCatalogue.decode(type: envelope.type, schemaVersion: envelope.schemaVersion, data: data))
    }

    /// Reads an envelope and its parsed `data` object from body bytes, without decoding the payload.
    public static func parse(bodyBytes bytes: [UInt8]) throws -> (envelope: EventEnvelope, data: JSONObject) {
        let parsed: (object: JSONObject, ranges: [String: Range<Int>])
        do { parsed = try JSONParser.parseObjectWithRanges(bytes) } catch {
            throw ValidationError(field: "body", problem: error.description)
        }
        let fields = FieldReader(parsed.object, path: "")
        if let unknown = fields.unknownKeys(known: EventEnvelope.bodyFields).first {
            throw ValidationError(field: unknown, problem: "is not an envelope field")
        }
        guard let dataRange = parsed.ranges["data"], let dataObject = parsed.object["data"]?.objectValue else {
            throw ValidationError(field: "data", problem: "expected an object")
        }
        let envelope = EventEnvelope(
            id: try fields.eventID("id"),
            type: try fields.string("type", maxLength: 64),
            schemaVersion: Int(try fields.integer("schema_version", in: 1...1000)),
            stream: StreamName(unchecked: try fields.string("stream", maxLength: 300)),
            occurredAt: try fields.timestamp("occurred_at"),
            author: try fields.string("author", maxLength: 200),
            correlationID: try fields.optionalString("correlation_id", maxLength: 128),
            causationID: try fields.optionalString("causation_id", maxLength: 128),
            data: Array(bytes[dataRange]))
        return (envelope, dataObject)
    }

    /// The members a body may hold.
    static let bodyFields: Set<String> = ["id", "type", "schema_version", "stream", "occurred_at", "author", "correlation_id", "causation_id", "data"]

    /// Decodes and validates the typed payload, upcasting older schema versions.
    public func payload() throws -> any EventPayload {
        try EventCatalogue.decode(type: type, schemaVersion: schemaVersion, data: data)
    }
}

/// An event as the ledger holds it: the author's envelope plus what the ledger added.
public struct RecordedEvent: Sendable {
    /// 1-based global position; the Merkle leaf index is `position - 1`.
    public let position: Int64
    /// When the ledger learned it; never decreases along positions.
    public let recordedAt: Timestamp
    /// The event's version within its stream, from 1.
    public let streamVersion: Int64
    public let envelope: EventEnvelope
    /// The author's Ed25519 signature over the body bytes, when signed.
    public let signature: [UInt8]?
    /// The decoded payload.
    public let payload: any EventPayload

    public init(position: Int64, recordedAt: Timestamp, streamVersion: Int64, envelope: EventEnvelope, signature: [UInt8]?, payload: any EventPayload) {
        self.position = position
        self.recordedAt = recordedAt
        self.streamVersion = streamVersion
        self.envelope = envelope
        self.signature = signature
        self.payload = payload
    }
}
