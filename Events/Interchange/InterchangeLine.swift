// The public JSONL interchange format of DESIGN §4: one event per line,
// {"type":…, "occurred_at"?:…, "id"?:…, "data":{…}}.

/// One decoded line of the interchange format.
public struct InterchangeLine: Sendable {
    public let type: String
    /// The id given on the line, if any.
    public let id: EventID?
    /// The time given on the line, if any.
    public let occurredAt: Timestamp?
    public let schemaVersion: Int
    public let correlationID: String?
    public let causationID: String?
    /// The validated payload.
    public let payload: any EventPayload
    /// The exact bytes of the line's `data` object, kept as given.
    public let data: [UInt8]
    /// `data` fields this version does not know; kept verbatim, ignored by projections.
    public let unknownFields: [String]
    /// The author a line exported by `export jsonl` names, if any. An import may sign the line
    /// as that reviewer when their key is at hand; otherwise the importing reviewer signs.
    public let exportedAuthor: String?

    /// Decodes and validates one line (without its newline).
    ///
    /// Errors name the field; the caller adds the file and line number.
    public init(bytes: some Collection<UInt8>) throws {
        let parsed: (object: JSONObject, ranges: [String: Range<Int>])
        let array = Array(bytes)
        // `data` is checked here but not built: a post is then read straight from its bytes.
        do { parsed = try JSONParser.parseObjectWithRanges(array, checkingOnly: "data") } catch {
            throw ValidationError(field: "line", problem: error.description)
        }
        let fields = FieldReader(parsed.object, path: "")
        if let unknown = fields.unknownKeys(known: InterchangeLine.lineFields).first {
            throw ValidationError(field: unknown, problem: "is not a field of an interchange line; expected \(InterchangeLine.envelopeFields.sorted().joined(separator: ", "))")
        }
        let type = try fields.string("type", maxLength: 64)
        guard let payloadType = EventCatalogue.type(named: type) else {
            throw ValidationError(field: "type", problem: "unknown event type \(ValidationError.quote(type)); expected one of \(EventCatalogue.typeNames.joined(separator: ", "))")
        }
        let schemaVersion = Int(try fields.optionalInteger("schema_version", in: 1...1000) ?? Int64(payloadType.currentSchemaVersion))
        guard let dataRange = parsed.ranges["data"] else {
            throw ValidationError(eventType: type, field: "data", problem: "is required")
        }
        let data = Array(array[dataRange])
        // A post is read straight from its bytes when it can be; anything else becomes a tree.
        let content: DataContent
        if schemaVersion == PostObserved.currentSchemaVersion, type == PostObserved.typeName,
           let post = data.withUnsafeBufferPointer(PostObserved.decodeDirectly) {
            content = .post(post)
        } else {
            let dataValue: JSONValue
            // Checked with the line already, so this parse does not fail.
            do { dataValue = try JSONParser.parse(data) } catch {
                throw ValidationError(eventType: type, field: "data", problem: error.description)
            }
            guard case .object(let object) = dataValue else {
                throw ValidationError(eventType: type, field: "data", problem: "expected an object, got \(dataValue.kindName)")
            }
            content = .object(object)
        }
        self.type = type
        self.id = fields.has("id") ? try fields.eventID("id") : nil
        self.occurredAt = try fields.optionalTimestamp("occurred_at")
        self.schemaVersion = schemaVersion
        self.correlationID = try fields.optionalString("correlation_id", maxLength: 128)
        self.causationID = try fields.optionalString("causation_id", maxLength: 128)
        switch content {
        case .post(let post):
            // The direct reader declines any field it does not know.
            self.payload = post
            self.unknownFields = []
        case .object(let object):
            self.payload = try EventCatalogue.decode(type: type, schemaVersion: schemaVersion, data: object)
            self.unknownFields = FieldReader(object).unknownKeys(known: payloadType.knownFields)
        }
        self.data = data
        self.exportedAuthor = try fields.optionalString("author", maxLength: 200)
    }

    /// A line's `data`: a post read straight from its bytes, or a parsed object.
    private enum DataContent {
        case post(PostObserved)
        case object(JSONObject)
    }

    /// The fields an interchange line defines.
    static let envelopeFields: Set<String> = ["type", "occurred_at", "id", "data", "schema_version", "correlation_id", "causation_id"]
    /// Every field a line may hold: `export jsonl` adds where each event sat in the exporting
    /// ledger; a new ledger decides those itself, so they are read past.
    static let lineFields = envelopeFields.union(["position", "stream", "stream_version", "recorded_at", "author", "signature", "leaf_hash", "leaf"])

    /// Whether this line is a judgment that must be signed by a reviewer.
    public var requiresSignature: Bool { Swift.type(of: payload).group.requiresSignature }

    /// The envelope for this line, authored by `author`, with `now` as the recording time.
    ///
    /// Without an `id` on the line, the id is derived, so a re-import gives the same ids.
    public func envelope(author: String, now: Timestamp) -> EventEnvelope {
        EventEnvelope.make(
            payload: payload, data: data, id: id.map { .given($0) } ?? .derived, occurredAt: occurredAt,
            author: author, now: now, schemaVersion: schemaVersion, correlationID: correlationID, causationID: causationID)
    }
}
