// The registry of event types: decoding by name, with upcasting of older schema versions.

/// Every event type of DESIGN §4, and typed decoding by name.
public enum EventCatalogue {
    /// All payload types, in catalogue order.
    public static let allTypes: [any EventPayload.Type] = [
        LedgerCreated.self,
        RatingScaleDefined.self,
        MethodologyAdopted.self,
        ReviewPolicySet.self,
        ReviewerRegistered.self,
        ReviewerRevoked.self,
        AccountRegistered.self,
        OutletRegistered.self,
        PostObserved.self,
        EngagementObserved.self,
        ClaimFlagged.self,
        AppearanceRecorded.self,
        SourceAttributed.self,
        VerdictRecorded.self,
        VerdictReviewed.self,
        VerdictRevised.self,
        VerdictPublished.self,
        ClaimsMerged.self,
        EntryRetracted.self,
        ExportGenerated.self,
        // CATALOGUE-LIST (kept in DESIGN §4 order)
    ]

    private static let typesByName: [String: any EventPayload.Type] = {
        var index: [String: any EventPayload.Type] = [:]
        for type in allTypes { index[type.typeName] = type }
        return index
    }()

    /// The payload type named `name`, or nil.
    public static func type(named name: String) -> (any EventPayload.Type)? { typesByName[name] }

    /// All type names, in catalogue order.
    public static var typeNames: [String] { allTypes.map { $0.typeName } }

    /// Decodes `data` (the exact bytes of a JSON object) as `type` at `schemaVersion`.
    public static func decode(type name: String, schemaVersion: Int, data: [UInt8]) throws -> any EventPayload {
        // Posts are most of any ledger: their current version is read straight from the bytes
        // when it can be, with the same result (see PostObserved+DirectDecoding.swift).
        if schemaVersion == PostObserved.currentSchemaVersion, name == PostObserved.typeName,
           let post = data.withUnsafeBufferPointer(PostObserved.decodeDirectly) {
            return post
        }
        return try decodeThroughTree(type: name, schemaVersion: schemaVersion, data: data)
    }

    /// Decodes `data` through a JSON tree and ``FieldReader``: the general path, which reads
    /// every type and version and gives every error.
    static func decodeThroughTree(type name: String, schemaVersion: Int, data: [UInt8]) throws -> any EventPayload {
        let object: JSONObject
        do {
            guard case .object(let parsed) = try JSONParser.parse(data) else {
                throw ValidationError(eventType: name, field: "data", problem: "expected a JSON object")
            }
            object = parsed
        } catch let error as JSONSyntaxError {
            throw ValidationError(eventType: name, field: "data", problem: error.description)
        }
        return try decode(type: name, schemaVersion: schemaVersion, data: object)
    }

    /// Decodes a parsed `data` object as `type` at `schemaVersion`.
    public static func decode(type name: String, schemaVersion: Int, data: JSONObject) throws -> any EventPayload {
        guard let payloadType = typesByName[name] else {
            throw ValidationError(field: "type", problem: "unknown event type \(ValidationError.quote(name)); expected one of \(typeNames.joined(separator: ", "))")
        }
        return try decode(payloadType, schemaVersion: schemaVersion, data: data)
    }

    private static func decode<Payload: EventPayload>(_ type: Payload.Type, schemaVersion: Int, data: JSONObject) throws -> any EventPayload {
        do {
            guard schemaVersion >= 1, schemaVersion <= Payload.currentSchemaVersion else {
                throw ValidationError(field: "schema_version", problem: "version \(schemaVersion) is not known; this FactLedger reads versions 1 to \(Payload.currentSchemaVersion)")
            }
            let current = schemaVersion < Payload.currentSchemaVersion ? try Payload.upcast(data, from: schemaVersion) : data
            return try Payload(fields: FieldReader(current))
        } catch var error as ValidationError {
            error.eventType = Payload.typeName
            throw error
        }
    }
}
