// The JSONL interchange format of DESIGN §4 and the envelope's exact bytes (DESIGN §3).
import Testing
@testable import Events

/// Decodes one interchange line given as text.
func interchangeLine(_ text: String) throws -> InterchangeLine {
    try InterchangeLine(bytes: Array(text.utf8))
}

/// The validation error that decoding `text` as a line throws, or nil when it decodes.
func lineError(_ text: String) -> ValidationError? {
    do {
        _ = try interchangeLine(text)
        return nil
    } catch let error as ValidationError {
        return error
    } catch {
        Issue.record("expected a ValidationError, got \(error)")
        return nil
    }
}

@Suite("Interchange lines and envelopes")
struct InterchangeTests {
    static let now = Timestamp(millisecondsSinceEpoch: 1_700_000_000_000)

    @Test("a version 1 PostObserved without hashtags decodes as version 2 with the hashtags of its text")
    func upcastsVersionOnePost() throws {
        let text = ##"{"type":"PostObserved","schema_version":1,"data":{"post":"twitter:1","account":"twitter:a","url":"https://twitter.com/a/status/1","posted_at":"2020-03-12T14:03:00Z","kind":"original","text":"#Wuhan lab? #COVID19 #wuhan #Wuhan"}}"##
        let line = try interchangeLine(text)
        #expect(line.schemaVersion == 1)
        let post = try #require(line.payload as? PostObserved)
        #expect(post.hashtags == ["Wuhan", "COVID19", "wuhan"])
        #expect(post.encoded()["hashtags"] == .array([.string("Wuhan"), .string("COVID19"), .string("wuhan")]))
        #expect(line.unknownFields.isEmpty)

        // The envelope keeps the version-1 bytes and version, and reading it upcasts again.
        let envelope = line.envelope(author: "import:test", now: Self.now)
        #expect(envelope.schemaVersion == 1)
        #expect(try #require(try envelope.payload() as? PostObserved) == post)
    }

    @Test("a version 1 post whose text has no hashtags gets no hashtags field")
    func upcastWithoutHashtags() throws {
        let data = JSONObject([("text", .string("plain words"))])
        #expect(try PostObserved.upcast(data, from: 1) == data)
        let withoutText = JSONObject([("post", .string("twitter:1"))])
        #expect(try PostObserved.upcast(withoutText, from: 1) == withoutText)
        let upcast = try PostObserved.upcast(JSONObject([("text", .string("go #team"))]), from: 1)
        #expect(upcast.keys == ["text", "hashtags"])
    }

    @Test("a schema version newer than this code is refused")
    func futureSchemaVersion() throws {
        let error = try #require(lineError(#"{"type":"ReviewPolicySet","schema_version":2,"data":{"policy":"single"}}"#))
        #expect(error.field == "schema_version")
        #expect(error.eventType == "ReviewPolicySet")
    }

    @Test("an unknown event type is refused with the list of known types")
    func unknownType() throws {
        let error = try #require(lineError(#"{"type":"TweetSeen","data":{}}"#))
        #expect(error.field == "type")
        #expect(error.problem.contains(#""TweetSeen""#))
        for name in EventCatalogue.typeNames { #expect(error.problem.contains(name)) }
        #expect(throws: ValidationError.self) { try EventCatalogue.decode(type: "TweetSeen", schemaVersion: 1, data: Array("{}".utf8)) }
    }

    @Test("unknown data fields are reported, and the line still decodes")
    func unknownDataFields() throws {
        let line = try interchangeLine(#"{"type":"ReviewPolicySet","data":{"policy":"single","mood":"sunny","extra":1}}"#)
        #expect(line.unknownFields == ["mood", "extra"])
        #expect(try #require(line.payload as? ReviewPolicySet).policy == .single)
    }

    @Test("an unknown line field, a missing data object and broken JSON are refused")
    func malformedLines() throws {
        #expect(lineError(#"{"type":"ReviewPolicySet","data":{"policy":"single"},"sig":"x"}"#)?.field == "sig")
        #expect(lineError(#"{"type":"ReviewPolicySet"}"#)?.field == "data")
        #expect(lineError(#"{"type":"ReviewPolicySet","data":[1]}"#)?.field == "data")
        #expect(lineError(#"{"type":"ReviewPolicySet","data":{"policy":"single"}"#)?.field == "line")
        #expect(lineError(#"{"data":{"policy":"single"}}"#)?.field == "type")
    }

    @Test("a line keeps its data bytes exactly, and its given id and time")
    func lineKeepsBytes() throws {
        let data = "{ \"policy\" :\t\"two_person\" , \"note\":\"caf\\u00e9 \\\"q\\\" ☕\" }"
        let line = try interchangeLine(#"{"type":"ReviewPolicySet","id":"settings-1","occurred_at":"2020-01-01T00:00:00+01:00","data":\#(data)}"#)
        #expect(line.data == Array(data.utf8))
        #expect(line.id?.rawValue == "settings-1")
        let envelope = line.envelope(author: "alice", now: Self.now)
        #expect(envelope.id.rawValue == "settings-1")
        #expect(envelope.occurredAt.iso8601 == "2019-12-31T23:00:00.000Z")
        #expect(envelope.stream == .ledger)
        #expect(envelope.data == Array(data.utf8))
        #expect(line.requiresSignature)
    }

    @Test("without an id, an observation's id derives from its natural key, so a re-import is idempotent")
    func derivedIDsAreIdempotent() throws {
        let text = try #require(CatalogueSample.all.first { $0.type == "PostObserved" }).line
        let first = try interchangeLine(text).envelope(author: "import:a", now: Self.now)
        let second = try interchangeLine(text).envelope(author: "import:b", now: Self.now.adding(milliseconds: 5000))
        #expect(first.id == second.id)
        #expect(first.id == EventID.derived(type: "PostObserved", name: "twitter:1238291234"))
        #expect(first.occurredAt.iso8601 == "2020-03-12T14:03:00.000Z")
        #expect(first.stream.rawValue == "post:twitter:1238291234")
        #expect(!(try interchangeLine(text).requiresSignature))
    }

    @Test("without an id or a natural key, the id derives from the data bytes")
    func derivedFromData() throws {
        let first = try interchangeLine(#"{"type":"ReviewPolicySet","data":{"policy":"single"}}"#).envelope(author: "a", now: Self.now)
        let same = try interchangeLine(#"{"type":"ReviewPolicySet","data":{"policy":"single"}}"#).envelope(author: "a", now: Self.now)
        let other = try interchangeLine(#"{"type":"ReviewPolicySet","data":{"policy":"two_person"}}"#).envelope(author: "a", now: Self.now)
        #expect(first.id == same.id)
        #expect(first.id != other.id)
        #expect(first.occurredAt == Self.now)
    }

    @Test("bodyBytes read back by init(bodyBytes:) keep the data bytes exactly")
    func bodyRoundTrip() throws {
        let data = "{\"org\" : \"Caf\u{e9} \\u00e9\\n\\\"x\\\" 𝄞 \\ud834\\udd1e\",\n\t\"ledger_id\":\"main\" ,\"origin\":\"o\",  \"ledger_key\":\"AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=\"   }"
        let payload = try decodePayload("LedgerCreated", data)
        let envelope = EventEnvelope.make(
            payload: payload, data: Array(data.utf8), id: .timeOrdered, author: "alice", now: Self.now,
            correlationID: "corr-1", causationID: "cause-1")
        let body = envelope.bodyBytes
        let read = try EventEnvelope(bodyBytes: body)
        #expect(read == envelope)
        #expect(read.data == Array(data.utf8))
        #expect(read.bodyBytes == body)
        #expect(try #require(try read.payload() as? LedgerCreated) == (payload as? LedgerCreated))
        let prefix = #"{"id":"\#(envelope.id)","type":"LedgerCreated","schema_version":1,"stream":"ledger","occurred_at":"2023-11-14T22:13:20.000Z","author":"alice","correlation_id":"corr-1","causation_id":"cause-1","data":"#
        #expect(body.starts(with: Array(prefix.utf8)))
    }

    @Test("every sample survives the envelope's body bytes")
    func samplesSurviveBodies() throws {
        for sample in CatalogueSample.all {
            let envelope = try interchangeLine(sample.line).envelope(author: "import:test", now: Self.now)
            let read = try EventEnvelope(bodyBytes: envelope.bodyBytes)
            #expect(read == envelope, "\(sample.type)")
            #expect(payloadsEqual(try read.payload(), try decodePayload(sample.type, sample.data)), "\(sample.type)")
        }
    }

    @Test("a body with an unknown member or without data is refused")
    func badBodies() throws {
        #expect(throws: ValidationError.self) { try EventEnvelope(bodyBytes: Array(#"{"id":"x","type":"T","schema_version":1,"stream":"ledger","occurred_at":"2020-01-01","author":"a","data":{},"extra":1}"#.utf8)) }
        #expect(throws: ValidationError.self) { try EventEnvelope(bodyBytes: Array(#"{"id":"x","type":"T","schema_version":1,"stream":"ledger","occurred_at":"2020-01-01","author":"a"}"#.utf8)) }
        #expect(throws: ValidationError.self) { try EventEnvelope(bodyBytes: Array(#"{"id":"x","type":"T","schema_version":1,"stream":"ledger","occurred_at":"2020-01-01","author":"a","data":"{}"}"#.utf8)) }
    }
}
