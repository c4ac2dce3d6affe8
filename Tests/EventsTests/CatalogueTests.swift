// The event catalogue of DESIGN §4: one valid sample per type, and the validation rules
// each payload enforces on construction.
import Testing
@testable import Events

/// A valid `data` object for one catalogue type, with what it must be placed under.
struct CatalogueSample: Sendable, CustomTestStringConvertible {
    let type: String
    let data: String
    let stream: String
    let naturalKey: String?

    var testDescription: String { type }

    /// The sample as one interchange line.
    var line: String { #"{"type":"\#(type)","data":\#(data)}"# }

    /// Every catalogue type, in DESIGN §4 order.
    static let all: [CatalogueSample] = [
        CatalogueSample(
            type: "LedgerCreated",
            data: #"{"org":"Example Fact Check","ledger_id":"main","origin":"factcheck.example.org/ledger","ledger_key":"AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8="}"#,
            stream: "ledger", naturalKey: "main"),
        CatalogueSample(
            type: "RatingScaleDefined",
            data: #"{"scale":"acme/2","name":"Acme scale","labels":[{"label":"correct","value":2,"weight":0,"description":"Accurate."},{"label":"wrong","value":1,"weight":1},{"label":"unclear","weight":0,"pending":true}]}"#,
            stream: "ledger", naturalKey: "acme/2"),
        CatalogueSample(
            type: "MethodologyAdopted",
            data: #"{"method":"mas/1","half_life_days":90,"shrinkage_alpha":20,"kind_weights":{"original":1,"quote":1,"repost":0.8,"reply":0.5},"critical_quote_weight":0}"#,
            stream: "ledger", naturalKey: nil),
        CatalogueSample(type: "ReviewPolicySet", data: #"{"policy":"two_person"}"#, stream: "ledger", naturalKey: nil),
        CatalogueSample(
            type: "ReviewerRegistered",
            data: #"{"handle":"alice","name":"Alice Example","role":"editor","public_key":"ICEiIyQlJicoKSorLC0uLzAxMjM0NTY3ODk6Ozw9Pj8="}"#,
            stream: "reviewer:alice", naturalKey: nil),
        CatalogueSample(type: "ReviewerRevoked", data: #"{"handle":"alice","reason":"Left the team."}"#, stream: "reviewer:alice", naturalKey: nil),
        CatalogueSample(
            type: "AccountRegistered",
            data: #"{"account":"twitter:zlj517","display_name":"Lijian Zhao 赵立坚","kind":"diplomat","country":"CN","person":"Zhao Lijian","title":"Spokesperson","profile_url":"https://twitter.com/zlj517","platform_user_id":"2949859452"}"#,
            stream: "account:twitter:zlj517", naturalKey: "twitter:zlj517"),
        CatalogueSample(
            type: "OutletRegistered",
            data: #"{"domain":"globaltimes.cn","name":"Global Times","affiliation":"state_controlled","country":"CN","basis":"Published by People's Daily.","evidence_url":"https://en.wikipedia.org/wiki/Global_Times"}"#,
            stream: "outlet:globaltimes.cn", naturalKey: "globaltimes.cn"),
        CatalogueSample(
            type: "PostObserved",
            data: #"{"post":"twitter:1238291234","account":"twitter:zlj517","url":"https://twitter.com/zlj517/status/1238291234","posted_at":"2020-03-12T14:03:00Z","kind":"quote","text":"It might be US army who brought the epidemic to #Wuhan. #COVID19","amplifies":"twitter:1238000000","language":"en","linked_urls":["https://www.globaltimes.cn/content/1182345.shtml"],"hashtags":["Wuhan","COVID19"],"engagement":{"likes":10,"reposts":5,"replies":2,"quotes":1,"views":1000},"archive_url":"https://web.archive.org/web/2020/https://twitter.com/zlj517/status/1238291234","withheld":true,"content_hash":"2d711642b726b04401627ca9fbac32f5c8530fb1903cc4db02258717921a4881"}"#,
            stream: "post:twitter:1238291234", naturalKey: "twitter:1238291234"),
        CatalogueSample(
            type: "EngagementObserved",
            data: #"{"post":"twitter:1238291234","observed_at":"2020-03-13T00:00:00+08:00","likes":100,"reposts":50,"replies":20,"quotes":10}"#,
            stream: "post:twitter:1238291234", naturalKey: "twitter:1238291234@2020-03-12T16:00:00.000Z"),
        CatalogueSample(
            type: "ClaimFlagged",
            data: #"{"claim":"c-7f3a9","summary":"The US army brought the coronavirus to Wuhan","post":"twitter:1238291234","text":"It might be US army who brought the epidemic to Wuhan.","language":"en","topics":["covid-origin"]}"#,
            stream: "claim:c-7f3a9", naturalKey: "c-7f3a9"),
        CatalogueSample(
            type: "AppearanceRecorded", data: #"{"claim":"c-7f3a9","post":"twitter:1238291234","relation":"quotes_critically"}"#,
            stream: "claim:c-7f3a9", naturalKey: nil),
        CatalogueSample(
            type: "SourceAttributed",
            data: #"{"outlet":"globaltimes.cn","claim":"c-7f3a9","post":"twitter:1238291234","via":"link","confidence":"confirmed","evidence_url":"https://www.globaltimes.cn/content/1182345.shtml"}"#,
            stream: "claim:c-7f3a9", naturalKey: nil),
        CatalogueSample(
            type: "VerdictRecorded",
            data: #"{"verdict":"v-1","claim":"c-7f3a9","label":"false","rationale":"No evidence supports it.","scale":"factledger/1","evidence":["https://www.who.int/report"]}"#,
            stream: "claim:c-7f3a9", naturalKey: "v-1"),
        CatalogueSample(type: "VerdictReviewed", data: #"{"verdict":"v-1","decision":"concur","note":"Agreed."}"#, stream: "verdict:v-1", naturalKey: nil),
        CatalogueSample(
            type: "VerdictRevised",
            data: #"{"claim":"c-7f3a9","supersedes":"v-1","verdict":"v-2","label":"mostly-false","scale":"factledger/1","correction_class":"rating_change","reason":"New evidence.","public_note":"We changed the rating."}"#,
            stream: "claim:c-7f3a9", naturalKey: "v-2"),
        CatalogueSample(
            type: "VerdictPublished", data: #"{"verdict":"v-2","url":"https://factcheck.example.org/v-2","published_at":"2020-04-01T09:00:00.000Z"}"#,
            stream: "verdict:v-2", naturalKey: nil),
        CatalogueSample(type: "ClaimsMerged", data: #"{"surviving":"c-7f3a9","merged":"c-0001","reason":"Same claim."}"#, stream: "claim:c-7f3a9", naturalKey: nil),
        CatalogueSample(
            type: "EntryRetracted", data: #"{"event":"0190c4a2-0000-7000-8000-000000000001","reason":"Recorded on the wrong claim."}"#,
            stream: "retraction:0190c4a2-0000-7000-8000-000000000001", naturalKey: nil),
        CatalogueSample(
            type: "ExportGenerated",
            data: #"{"format":"csv","view":"claims","as_of_position":42,"checkpoint_root":"AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=","file_sha256":"2d711642b726b04401627ca9fbac32f5c8530fb1903cc4db02258717921a4881"}"#,
            stream: "ledger", naturalKey: nil),
    ]
}

/// Whether two payloads are the same type and equal.
func payloadsEqual(_ lhs: any EventPayload, _ rhs: any EventPayload) -> Bool {
    func equal<Value: Equatable>(_ value: Value, _ other: Any) -> Bool { (other as? Value) == value }
    guard let equatable = lhs as? any Equatable else { return false }
    return equal(equatable, rhs)
}

/// Decodes `data` (JSON text) as `type` at the current schema version.
func decodePayload(_ type: String, _ data: String, schemaVersion: Int? = nil) throws -> any EventPayload {
    let version = schemaVersion ?? EventCatalogue.type(named: type)?.currentSchemaVersion ?? 1
    return try EventCatalogue.decode(type: type, schemaVersion: version, data: Array(data.utf8))
}

/// The validation error that decoding `data` as `type` throws, or nil when it decodes.
func decodingError(_ type: String, _ data: String) -> ValidationError? {
    do {
        _ = try decodePayload(type, data)
        return nil
    } catch let error as ValidationError {
        return error
    } catch {
        Issue.record("expected a ValidationError, got \(error)")
        return nil
    }
}

/// `object` without the member `key`.
func removing(_ key: String, from object: JSONObject) -> JSONObject {
    JSONObject(object.members.filter { $0.key != key })
}

@Suite("Event catalogue")
struct CatalogueTests {
    @Test("the catalogue lists every type of DESIGN §4 once, in order")
    func catalogueOrder() {
        #expect(EventCatalogue.typeNames == [
            "LedgerCreated", "RatingScaleDefined", "MethodologyAdopted", "ReviewPolicySet",
            "ReviewerRegistered", "ReviewerRevoked", "AccountRegistered", "OutletRegistered",
            "PostObserved", "EngagementObserved", "ClaimFlagged", "AppearanceRecorded", "SourceAttributed",
            "VerdictRecorded", "VerdictReviewed", "VerdictRevised", "VerdictPublished", "ClaimsMerged",
            "EntryRetracted", "ExportGenerated",
        ])
        #expect(CatalogueSample.all.map(\.type) == EventCatalogue.typeNames)
    }

    @Test("each type belongs to its DESIGN §4 group")
    func groups() {
        let groups = Dictionary(uniqueKeysWithValues: EventCatalogue.allTypes.map { ($0.typeName, $0.group) })
        #expect(groups["LedgerCreated"] == .ledger)
        #expect(groups["ReviewPolicySet"] == .ledger)
        #expect(groups["ReviewerRevoked"] == .people)
        #expect(groups["OutletRegistered"] == .registry)
        #expect(groups["EngagementObserved"] == .observation)
        #expect(groups["EntryRetracted"] == .review)
        #expect(groups["ExportGenerated"] == .publication)
        let judgments = ["ClaimFlagged", "AppearanceRecorded", "SourceAttributed", "VerdictRecorded", "VerdictReviewed",
                         "VerdictRevised", "VerdictPublished", "ClaimsMerged", "EntryRetracted"]
        #expect(judgments.allSatisfy { groups[$0] == .review })
    }

    @Test("every sample decodes from its interchange line, re-encodes and decodes equal", arguments: CatalogueSample.all)
    func sampleRoundTrip(sample: CatalogueSample) throws {
        let line = try InterchangeLine(bytes: Array(sample.line.utf8))
        #expect(line.type == sample.type)
        #expect(line.unknownFields.isEmpty)
        let payload = line.payload
        #expect(payload.typeName == sample.type)
        #expect(payload.stream.rawValue == sample.stream)
        #expect(payload.naturalKey == sample.naturalKey)

        let encoded = payload.encoded()
        let payloadType = try #require(EventCatalogue.type(named: sample.type))
        #expect(Set(encoded.keys).isSubset(of: payloadType.knownFields))
        let again = try EventCatalogue.decode(type: sample.type, schemaVersion: payloadType.currentSchemaVersion, data: JSONWriter.bytes(.object(encoded)))
        #expect(payloadsEqual(payload, again))
        #expect(again.encoded() == encoded)
    }

    @Test("every sample re-encodes to its own bytes, in documented field order", arguments: CatalogueSample.all.filter { $0.type != "EngagementObserved" && $0.type != "PostObserved" })
    func sampleEncodesCanonically(sample: CatalogueSample) throws {
        let payload = try decodePayload(sample.type, sample.data)
        #expect(JSONWriter.string(.object(payload.encoded())) == sample.data)
    }

    @Test("a missing required field's error names that field", arguments: CatalogueSample.all)
    func missingFieldIsNamed(sample: CatalogueSample) throws {
        let object = try #require(try JSONParser.parse(Array(sample.data.utf8)).objectValue)
        for key in object.keys {
            let data = JSONWriter.string(.object(removing(key, from: object)))
            guard let error = decodingError(sample.type, data) else { continue }  // an optional field
            #expect(error.field == "data.\(key)", "removing \(key) from \(sample.type)")
            #expect(error.eventType == sample.type)
        }
    }

    @Test("PostObserved without posted_at is refused with data.posted_at")
    func missingPostedAt() throws {
        let error = try #require(decodingError("PostObserved", #"{"post":"twitter:1","account":"twitter:a","url":"https://twitter.com/a/status/1","kind":"original","text":"hi"}"#))
        #expect(error.field == "data.posted_at")
        #expect(error.problem == "is required")
        #expect(error.description == "PostObserved field data.posted_at: is required")
    }

    @Test("a bad enum value's error lists the allowed values")
    func badEnumListsAllowedValues() throws {
        let cases: [(type: String, data: String, field: String, allowed: String)] = [
            ("PostObserved", #"{"post":"twitter:1","account":"twitter:a","url":"https://twitter.com/a/status/1","posted_at":"2020-03-12","kind":"tweet"}"#, "data.kind", "original, repost, quote, reply"),
            ("ReviewPolicySet", #"{"policy":"double"}"#, "data.policy", "single, two_person"),
            ("AppearanceRecorded", #"{"claim":"c","post":"twitter:1","relation":"mentions"}"#, "data.relation", "asserts, repeats, amplifies, quotes_critically"),
            ("VerdictRevised", #"{"claim":"c","supersedes":"v-1","verdict":"v-2","label":"false","correction_class":"typo","reason":"r"}"#, "data.correction_class", "rating_change, factual, void, update"),
            ("ExportGenerated", #"{"format":"xml","as_of_position":1,"checkpoint_root":"AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=","file_sha256":"2d711642b726b04401627ca9fbac32f5c8530fb1903cc4db02258717921a4881"}"#, "data.format", "csv, jsonl, claimreview, site, bundle"),
        ]
        for item in cases {
            let error = try #require(decodingError(item.type, item.data))
            #expect(error.field == item.field)
            #expect(error.problem.contains(item.allowed), "\(error.problem)")
        }
    }

    @Test("typed initialisers validate like decoding does")
    func memberwiseInitValidates() throws {
        let short = Array(repeating: UInt8(1), count: 31)
        let keyError = #expect(throws: ValidationError.self) {
            try ReviewerRegistered(handle: "alice", name: "Alice", role: .checker, publicKey: short)
        }
        #expect(keyError?.field == "data.public_key")
        #expect(throws: ValidationError.self) { try OutletRegistered(domain: "Not A Domain", name: "X", affiliation: .unknown) }
        #expect(throws: ValidationError.self) { try PostObserved(post: PlatformReference(platform: "twitter", identifier: "1"), account: PlatformReference(platform: "twitter", identifier: "a"), url: "ftp://example.org", postedAt: Timestamp(millisecondsSinceEpoch: 0), kind: .original, text: "hi") }

        let key = Array(0..<32).map { UInt8($0) }
        let reviewer = try ReviewerRegistered(handle: "alice", name: "Alice", role: .admin, publicKey: key)
        #expect(reviewer.publicKey == key)
        #expect(JSONWriter.string(.object(reviewer.encoded())) == #"{"handle":"alice","name":"Alice","role":"admin","public_key":"AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8="}"#)
    }

    @Test("keys must be canonical base64 of exactly 32 bytes")
    func keyShape() throws {
        let base = #"{"org":"O","ledger_id":"main","origin":"o","ledger_key":"KEY"}"#
        for bad in ["AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHg==", "not base64!", "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8", "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh9="] {
            let error = try #require(decodingError("LedgerCreated", base.replacingOccurrences(of: "KEY", with: bad)), "\(bad)")
            #expect(error.field == "data.ledger_key")
        }
        let spaced = try #require(decodingError("LedgerCreated", #"{"org":"O","ledger_id":"main","origin":"has space","ledger_key":"AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8="}"#))
        #expect(spaced.field == "data.origin")
    }

    @Test("a ClaimFlagged summary longer than 75 characters is refused")
    func summaryTooLong() throws {
        let exact = String(repeating: "a", count: 75)
        #expect(decodingError("ClaimFlagged", #"{"claim":"c-1","summary":"\#(exact)"}"#) == nil)
        let error = try #require(decodingError("ClaimFlagged", #"{"claim":"c-1","summary":"\#(exact)b"}"#))
        #expect(error.field == "data.summary")
        #expect(error.problem.contains("75"))
    }

    @Test("a ClaimFlagged summary that contains a rating label is refused")
    func summaryWithVerdict() throws {
        let error = try #require(decodingError("ClaimFlagged", #"{"claim":"c-1","summary":"Claim that 5G spreads the virus is False"}"#))
        #expect(error.field == "data.summary")
        #expect(error.problem == #"must state the claim without a verdict; it contains the rating label "false""#)
        #expect(ClaimFlagged.ratingLabel(in: "MOSTLY-FALSE: masks do not work") == "mostly-false")
        #expect(ClaimFlagged.ratingLabel(in: "A misleading chart of cases") == "misleading")
        #expect(ClaimFlagged.ratingLabel(in: "The outbreak was a false-flag operation") == nil)
        #expect(ClaimFlagged.ratingLabel(in: "Truest account of the outbreak") == nil)
        #expect(throws: ValidationError.self) { try ClaimFlagged(claim: "c-1", summary: "This is true") }
    }

    @Test("the default rating scale is the table of DESIGN §4")
    func defaultScale() throws {
        let scale = RatingScale.factledgerDefault
        #expect(scale.id == "factledger/1")
        #expect(scale.labels.map(\.label) == ["true", "mostly-true", "mixture", "misleading", "mostly-false", "false", "unproven", "satire"])
        #expect(scale.labels.map(\.value) == [6, 5, 4, 3, 2, 1, nil, nil])
        #expect(scale.labels.map(\.weight) == [0, 0, 0.25, 0.5, 0.75, 1, 0, 0])
        #expect(scale.labels.filter(\.pending).map(\.label) == ["unproven"])
        #expect(scale.label(named: "mixture")?.weight == 0.25)
        #expect(scale.label(named: "bogus") == nil)
        #expect(scale.bestRating == 6)
        #expect(scale.worstRating == 1)
    }

    @Test("a scale converts to its RatingScaleDefined event and back, and the event validates")
    func scaleDefinitionRoundTrip() throws {
        let definition = RatingScale.factledgerDefault.definition
        #expect(definition.definedNames == ["scale:factledger/1"])
        let decoded = try RatingScaleDefined(fields: FieldReader(definition.encoded()))
        #expect(decoded == definition)
        #expect(RatingScale(decoded) == .factledgerDefault)
        let custom = try RatingScale(id: "acme/1", name: "Acme", labels: [RatingLabel(label: "ok", value: 1, weight: 0)])
        #expect(custom.definition.scale == "acme/1")
        #expect(custom.bestRating == 1)
    }

    @Test("scale labels must be unique, lowercase, weighted in [0, 1], and at least one")
    func scaleValidation() throws {
        let duplicate = try #require(decodingError("RatingScaleDefined", #"{"scale":"s","name":"S","labels":[{"label":"a","weight":0},{"label":"a","weight":1}]}"#))
        #expect(duplicate.field == "data.labels[1].label")
        let weight = try #require(decodingError("RatingScaleDefined", #"{"scale":"s","name":"S","labels":[{"label":"a","weight":0},{"label":"b","weight":1.5}]}"#))
        #expect(weight.field == "data.labels[1].weight")
        let upper = try #require(decodingError("RatingScaleDefined", #"{"scale":"s","name":"S","labels":[{"label":"True","weight":0}]}"#))
        #expect(upper.field == "data.labels[0].label")
        let empty = try #require(decodingError("RatingScaleDefined", #"{"scale":"s","name":"S","labels":[]}"#))
        #expect(empty.field == "data.labels")
        #expect(throws: ValidationError.self) { try RatingScale(id: "s", name: "S", labels: []) }
    }

    @Test("the mas/1 defaults are those of DESIGN §5")
    func masDefaults() throws {
        let method = MethodologyAdopted.masDefault
        #expect(method.method == "mas/1")
        #expect(method.halfLifeDays == 90)
        #expect(method.shrinkageAlpha == 20)
        #expect(method.kindWeights == .init(original: 1.0, quote: 1.0, repost: 0.8, reply: 0.5))
        #expect(method.kindWeights.weight(for: .repost) == 0.8)
        #expect(method.criticalQuoteWeight == 0)
        #expect(try MethodologyAdopted() == method)
        #expect(try MethodologyAdopted(fields: FieldReader(method.encoded())) == method)
        let zero = try #require(decodingError("MethodologyAdopted", #"{"method":"mas/1","half_life_days":0,"shrinkage_alpha":20,"kind_weights":{"original":1,"quote":1,"repost":0.8,"reply":0.5},"critical_quote_weight":0}"#))
        #expect(zero.field == "data.half_life_days")
        let nested = try #require(decodingError("MethodologyAdopted", #"{"method":"mas/1","half_life_days":90,"shrinkage_alpha":20,"kind_weights":{"original":1,"quote":1,"reply":0.5},"critical_quote_weight":0}"#))
        #expect(nested.field == "data.kind_weights.repost")
    }

    @Test("a verdict names its scale, defaulting to factledger/1, and always writes it")
    func verdictScale() throws {
        let verdict = try #require(try decodePayload("VerdictRecorded", #"{"verdict":"v-1","claim":"c-1","label":"false","rationale":"r"}"#) as? VerdictRecorded)
        #expect(verdict.scale == "factledger/1")
        #expect(verdict.encoded()["scale"] == .string("factledger/1"))
        #expect(verdict.definedNames == ["verdict:v-1"])
        #expect(verdict.references == [.stream(.claim("c-1"), noun: "claim c-1"), .name("scale:factledger/1", noun: "rating scale factledger/1")])
        let unknown = try #require(decodingError("VerdictRecorded", #"{"verdict":"v-1","claim":"c-1","label":"flase","rationale":"r"}"#))
        #expect(unknown.field == "data.label")
        #expect(unknown.problem.contains("true, mostly-true, mixture, misleading, mostly-false, false, unproven, satire"))
        // Labels of other scales are checked against the log when the event is appended.
        #expect(decodingError("VerdictRecorded", #"{"verdict":"v-1","claim":"c-1","label":"correct","rationale":"r","scale":"acme/2"}"#) == nil)
        #expect(decodingError("VerdictRevised", #"{"claim":"c-1","supersedes":"v-1","verdict":"v-2","label":"flase","correction_class":"factual","reason":"r"}"#)?.field == "data.label")
    }

    @Test("a revision needs a label unless it voids the verdict")
    func revisionLabel() throws {
        let missing = try #require(decodingError("VerdictRevised", #"{"claim":"c-1","supersedes":"v-1","verdict":"v-2","correction_class":"factual","reason":"r"}"#))
        #expect(missing.field == "data.label")
        let void = try #require(try decodePayload("VerdictRevised", #"{"claim":"c-1","supersedes":"v-1","verdict":"v-2","correction_class":"void","reason":"r"}"#) as? VerdictRevised)
        #expect(void.label == nil)
        #expect(void.encoded()["scale"] == .string("factledger/1"))
        #expect(void.references.contains(.name("verdict:v-1", noun: "verdict v-1")))
        #expect(void.definedNames == ["verdict:v-2", "superseded:v-1"])
        let labelled = try #require(decodingError("VerdictRevised", #"{"claim":"c-1","supersedes":"v-1","verdict":"v-2","label":"false","correction_class":"void","reason":"r"}"#))
        #expect(labelled.field == "data.label")
        let same = try #require(decodingError("VerdictRevised", #"{"claim":"c-1","supersedes":"v-1","verdict":"v-1","label":"false","correction_class":"factual","reason":"r"}"#))
        #expect(same.field == "data.verdict")
    }

    @Test("an attribution names a claim or a post, and lives on the claim's stream when it has one")
    func attributionTarget() throws {
        let neither = try #require(decodingError("SourceAttributed", #"{"outlet":"rt.com","via":"link","confidence":"possible"}"#))
        #expect(neither.field == "data.claim")
        let onPost = try decodePayload("SourceAttributed", #"{"outlet":"rt.com","post":"twitter:9","via":"repost","confidence":"probable"}"#)
        #expect(onPost.stream == .post(PlatformReference(platform: "twitter", identifier: "9")))
        #expect(onPost.references.map(\.description) == ["outlet rt.com", "post twitter:9"])
        let both = try decodePayload("SourceAttributed", #"{"outlet":"rt.com","claim":"c-1","post":"twitter:9","via":"quote","confidence":"confirmed"}"#)
        #expect(both.stream == .claim("c-1"))
    }

    @Test("merging a claim into itself is refused")
    func mergeDistinct() throws {
        let error = try #require(decodingError("ClaimsMerged", #"{"surviving":"c-1","merged":"c-1","reason":"r"}"#))
        #expect(error.field == "data.merged")
    }

    @Test("references name what must already be in the log")
    func references() throws {
        let samples = Dictionary(uniqueKeysWithValues: CatalogueSample.all.map { ($0.type, $0) })
        func references(_ type: String) throws -> [String] {
            let sample = try #require(samples[type])
            return try decodePayload(type, sample.data).references.map(\.description)
        }
        #expect(try references("PostObserved").isEmpty)
        #expect(try references("ReviewerRevoked") == ["reviewer alice"])
        #expect(try references("EngagementObserved") == ["post twitter:1238291234"])
        #expect(try references("ClaimFlagged") == ["post twitter:1238291234"])
        #expect(try references("AppearanceRecorded") == ["claim c-7f3a9", "post twitter:1238291234"])
        #expect(try references("VerdictReviewed") == ["verdict v-1"])
        #expect(try references("VerdictRevised") == ["claim c-7f3a9", "verdict v-1", "rating scale factledger/1"])
        #expect(try references("VerdictPublished") == ["verdict v-2"])
        #expect(try references("ClaimsMerged") == ["claim c-7f3a9", "claim c-0001"])
        let retraction = try decodePayload("EntryRetracted", try #require(samples["EntryRetracted"]).data)
        #expect(retraction.references == [.event(try EventID("0190c4a2-0000-7000-8000-000000000001"))])
    }

    @Test("a post amplifies either another post or a URL")
    func amplifiedSource() throws {
        func amplifies(_ value: String) throws -> AmplifiedSource? {
            let data = #"{"post":"twitter:1","account":"twitter:a","url":"https://twitter.com/a/status/1","posted_at":"2020-03-12","kind":"repost","amplifies":"\#(value)"}"#
            return try #require(try decodePayload("PostObserved", data) as? PostObserved).amplifies
        }
        #expect(try amplifies("twitter:99") == .post(PlatformReference(platform: "twitter", identifier: "99")))
        #expect(try amplifies("https://rt.com/news/1") == .url("https://rt.com/news/1"))
        let error = try #require(decodingError("PostObserved", #"{"post":"twitter:1","account":"twitter:a","url":"https://twitter.com/a/status/1","posted_at":"2020-03-12","kind":"repost","amplifies":"ftp://x.org/a"}"#))
        #expect(error.field == "data.amplifies")
    }

    @Test("a withheld post decodes without text")
    func postWithoutText() throws {
        let post = try #require(try decodePayload("PostObserved", #"{"post":"twitter:1","account":"twitter:a","url":"https://twitter.com/a/status/1","posted_at":"2020-03-12T14:03:00Z","kind":"original","withheld":true}"#) as? PostObserved)
        #expect(post.text == nil)
        #expect(post.withheld)
        #expect(post.intrinsicTime == Timestamp(rfc3339: "2020-03-12T14:03:00Z"))
        #expect(post.encoded().keys == ["post", "account", "url", "posted_at", "kind", "withheld"])
    }

    @Test("engagement counts must be non-negative whole numbers, named by their path")
    func engagementCounts() throws {
        let nested = try #require(decodingError("PostObserved", #"{"post":"twitter:1","account":"twitter:a","url":"https://twitter.com/a/status/1","posted_at":"2020-03-12","kind":"original","engagement":{"likes":-1,"reposts":0,"replies":0,"quotes":0}}"#))
        #expect(nested.field == "data.engagement.likes")
        let flat = try #require(decodingError("EngagementObserved", #"{"post":"twitter:1","observed_at":"2020-03-12","likes":1,"reposts":1.5,"replies":0,"quotes":0}"#))
        #expect(flat.field == "data.reposts")
    }

    @Test("hashtags are the #words of a text, in order, without repeats")
    func hashtagExtraction() {
        #expect(PostObserved.hashtags(in: "#COVID19 came from #Wuhan? #COVID19 #武汉 end") == ["COVID19", "Wuhan", "武汉"])
        #expect(PostObserved.hashtags(in: "see https://x.org/a#b and &#39; and #2020 and ## and #_ok") == ["_ok"])
        #expect(PostObserved.hashtags(in: "no tags here").isEmpty)
        #expect(PostObserved.hashtags(in: "(#one),#two.#three") == ["one", "two", "three"])
    }
}
