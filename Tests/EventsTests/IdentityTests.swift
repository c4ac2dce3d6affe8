// Event ids, stream names and the identifiers they are built from.
import Testing
@testable import Events

/// The 16 bytes of a UUID written in its 8-4-4-4-12 form.
func uuidBytes(_ id: EventID) -> [UInt8]? {
    let hex = id.rawValue.replacingOccurrences(of: "-", with: "")
    guard hex.count == 32, id.rawValue.count == 36 else { return nil }
    var bytes: [UInt8] = []
    var index = hex.startIndex
    while index < hex.endIndex {
        let next = hex.index(index, offsetBy: 2)
        guard let byte = UInt8(hex[index..<next], radix: 16) else { return nil }
        bytes.append(byte)
        index = next
    }
    return bytes
}

@Suite("Identity")
struct IdentityTests {
    @Test("derived ids are stable, lowercase UUIDv8, and differ by type and by name")
    func derivedIDs() throws {
        let first = EventID.derived(type: "PostObserved", name: "twitter:1")
        #expect(first == EventID.derived(type: "PostObserved", name: "twitter:1"))
        #expect(first != EventID.derived(type: "EngagementObserved", name: "twitter:1"))
        #expect(first != EventID.derived(type: "PostObserved", name: "twitter:2"))
        // The separator keeps type and name apart.
        #expect(EventID.derived(type: "AB", name: "C") != EventID.derived(type: "A", name: "BC"))
        let bytes = try #require(uuidBytes(first))
        #expect(bytes[6] >> 4 == 8)
        #expect(bytes[8] >> 6 == 0b10)
        #expect(first.rawValue == first.rawValue.lowercased())
    }

    @Test("UUIDv7 ids have version 7, carry their time, and sort by time")
    func uuidV7() throws {
        let base = try #require(Timestamp(rfc3339: "2020-03-12T14:03:00Z"))
        var previous = EventID.uuidV7(at: base)
        for step in 1...200 {
            let id = EventID.uuidV7(at: base.adding(milliseconds: Int64(step)))
            let bytes = try #require(uuidBytes(id))
            #expect(bytes[6] >> 4 == 7)
            #expect(bytes[8] >> 6 == 0b10)
            let milliseconds = bytes[0..<6].reduce(Int64(0)) { $0 << 8 | Int64($1) }
            #expect(milliseconds == base.millisecondsSinceEpoch + Int64(step))
            #expect(previous < id)
            previous = id
        }
        #expect(EventID.uuidV7(at: base) != EventID.uuidV7(at: base))
    }

    @Test("a given event id must be printable ASCII without spaces")
    func givenIDs() {
        #expect((try? EventID("optional-idempotency-id"))?.rawValue == "optional-idempotency-id")
        for bad in ["", "has space", "tab\t", "é", String(repeating: "x", count: 129)] {
            #expect(throws: ValidationError.self) { try EventID(bad) }
        }
    }

    @Test("platform references parse as platform:identifier")
    func platformReferences() throws {
        let post = try PlatformReference(parsing: "twitter:1238291234", field: "data.post")
        #expect(post.platform == "twitter")
        #expect(post.identifier == "1238291234")
        #expect(post.description == "twitter:1238291234")
        #expect(try PlatformReference(parsing: "weibo:a:b", field: "f").identifier == "a:b")
        for bad in ["twitter", ":x", "twitter:", "Twitter:x", "twitter:a b", "twitter:a/b", "https://twitter.com/x"] {
            let error = #expect(throws: ValidationError.self) { try PlatformReference(parsing: bad, field: "data.post") }
            #expect(error?.field == "data.post")
        }
    }

    @Test("handles, tokens and domains have the documented shapes")
    func identifiers() {
        #expect(Identifier.isHandle("alice.b_c-1"))
        #expect(!Identifier.isHandle("Alice"))
        #expect(!Identifier.isHandle("-alice"))
        #expect(!Identifier.isHandle(String(repeating: "a", count: 41)))
        #expect(Identifier.isToken("factledger/1"))
        #expect(Identifier.isToken("C-7f3a9:x"))
        #expect(!Identifier.isToken(".."))
        #expect(!Identifier.isToken("a b"))
        #expect(!Identifier.isToken(String(repeating: "a", count: 65)))
        #expect(Identifier.isDomain("rt.com"))
        #expect(Identifier.isDomain("news.cgtn.com"))
        #expect(!Identifier.isDomain("RT.com"))
        #expect(!Identifier.isDomain("localhost"))
        #expect(!Identifier.isDomain("-bad.com"))
        #expect(!Identifier.isDomain("a..com"))
    }

    @Test("stream names follow DESIGN §4")
    func streamNames() {
        let account = PlatformReference(platform: "twitter", identifier: "zlj517")
        #expect(StreamName.account(account).rawValue == "account:twitter:zlj517")
        #expect(StreamName.post(PlatformReference(platform: "twitter", identifier: "1")).rawValue == "post:twitter:1")
        #expect(StreamName.claim("c-7f3a9").rawValue == "claim:c-7f3a9")
        #expect(StreamName.outlet("rt.com").rawValue == "outlet:rt.com")
        #expect(StreamName.reviewer("alice").rawValue == "reviewer:alice")
        #expect(StreamName.ledger.rawValue == "ledger")
    }
}

@Suite("Event ids as 16-byte storage keys")
struct EventIDStorageKeyTests {
    @Test("a generated id gives its 16 bytes, and the bytes give the id back")
    func generatedIDsRoundTrip() throws {
        let ids = [EventID.uuidV7(at: Timestamp(millisecondsSinceEpoch: 1_584_021_780_000)), EventID.derived(type: "PostObserved", name: "twitter:1")]
        for id in ids {
            let bytes = try #require(id.uuidBytes)
            #expect(bytes == uuidBytes(id), "the bytes are the UUID's, read independently")
            #expect(EventID(uuidBytes: bytes) == id)
        }
    }

    @Test("any other id has no 16-byte form, so it is stored as its text", arguments: [
        "claim-1", "567F3E18-5731-8479-8865-E79E7AC99BC5", "567f3e1857318479886 5e79e7ac99bc5",
        "567f3e18-5731-8479-8865-e79e7ac99bc", "567f3e18-5731-8479-8865-e79e7ac99bc55", "567f3e18_5731-8479-8865-e79e7ac99bc5",
        "567f3e18-5731-8479-8865-e79e7ac99bcg",
    ])
    func otherIDsStayText(_ text: String) throws {
        guard let id = try? EventID(text) else { return }
        #expect(id.uuidBytes == nil)
    }

    @Test("ids are equal exactly when their texts are, sort as their texts do, and give their text back")
    func compactIDsBehaveAsTheirText() throws {
        let texts = [
            "0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b", "0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5c", "f190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b",
            "0190A1B2-C3D4-7E5F-8A9B-0C1D2E3F4A5B", "0190a1b2c3d4-7e5f-8a9b-0c1d2e3f4a5b-", "0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5g",
            "import-line-7", "ffffffff-ffff-ffff-ffff-ffffffffffff", "00000000-0000-0000-0000-000000000000", "0190a1b2-c3d4-7e5f-8a9b",
            "9", "a", "0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b0",
        ]
        let ids = try texts.map { try EventID($0) }
        for (left, leftText) in zip(ids, texts) {
            #expect(left.rawValue == leftText)
            #expect(left.uuidBytes.flatMap { EventID(uuidBytes: $0) } ?? left == left)
            for (right, rightText) in zip(ids, texts) {
                #expect((left == right) == (leftText == rightText), "\(leftText) == \(rightText)")
                #expect((left < right) == (leftText < rightText), "\(leftText) < \(rightText)")
                if left == right { #expect(left.hashValue == right.hashValue) }
            }
        }
    }

    @Test("only 16 bytes make an id")
    func wrongByteCounts() {
        #expect(EventID(uuidBytes: [UInt8](repeating: 1, count: 15)) == nil)
        #expect(EventID(uuidBytes: [UInt8](repeating: 1, count: 17)) == nil)
        #expect(EventID(uuidBytes: [UInt8](repeating: 0xAB, count: 16))?.rawValue == "abababab-abab-abab-abab-abababababab")
    }
}

@Test("a string's limit counts characters, not bytes: four 3-byte characters fit a limit of 5, six do not")
func stringLimitCountsCharacters() throws {
    let fits = FieldReader(JSONObject([("text", .string("新冠病毒"))]))
    #expect(try fits.string("text", maxLength: 5) == "新冠病毒")
    let tooLong = FieldReader(JSONObject([("text", .string("新冠病毒病毒"))]))
    let error = try #require(throws: ValidationError.self) { try tooLong.string("text", maxLength: 5) }
    #expect(error.description.contains("is 6 characters long; the limit is 5"))
    let array = FieldReader(JSONObject([("tags", .array([.string("ok"), .null]))]))
    let missing = try #require(throws: ValidationError.self) { try array.stringArray("tags") }
    #expect(missing.description.contains("data.tags[1]"), "\(missing)")
}

@Test("language tags: the one-pass check agrees with the subtag definition on every short string")
func languageTagsMatchTheirDefinition() {
    /// The definition: subtags of 1 to 8 ASCII letters or digits split by `-`, the first letters only.
    func reference(_ text: String) -> Bool {
        let subtags = text.utf8.split(separator: UInt8(ascii: "-"), omittingEmptySubsequences: false)
        func isLetter(_ byte: UInt8) -> Bool { (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A) }
        func isAlphanumeric(_ byte: UInt8) -> Bool { isLetter(byte) || (byte >= 0x30 && byte <= 0x39) }
        guard let first = subtags.first, (1...8).contains(first.count), first.allSatisfy(isLetter) else { return false }
        return subtags.allSatisfy { (1...8).contains($0.count) && $0.allSatisfy(isAlphanumeric) }
    }
    for tag in ["en", "zh-Hans", "pt-BR", "sr-Latn-RS", "x-private1", "abcdefgh-12345678"] { #expect(LanguageTag.isValid(tag), "\(tag)") }
    for tag in ["", "-", "en-", "-en", "e1", "1en", "abcdefghi", "en--us", "en_US", "en-123456789", "é", "en-@", "en-[", "`a"] {
        #expect(!LanguageTag.isValid(tag), "\(tag)")
    }
    // Every string of up to 3 characters over an alphabet with the edge cases around the ranges,
    // and random longer ones.
    let alphabet = Array("aZz09-@[`{/:Aé".map(String.init))
    var strings = [""]
    var frontier = [""]
    for _ in 1...3 {
        frontier = frontier.flatMap { prefix in alphabet.map { prefix + $0 } }
        strings += frontier
    }
    var generator = SystemRandomNumberGenerator()
    for _ in 0..<20_000 {
        strings.append(String((0..<Int.random(in: 1...20, using: &generator)).map { _ in alphabet.randomElement(using: &generator)!.first! }))
    }
    for text in strings { #expect(LanguageTag.isValid(text) == reference(text), "\(text)") }
}

@Test("a URL scheme is never a platform; names that only share a first letter with one are")
func urlSchemesAreNotPlatforms() throws {
    let schemes = ["javascript", "vbscript", "data", "file", "about", "blob", "http", "https", "ftp", "mailto", "ws", "wss"]
    for scheme in schemes {
        #expect(throws: ValidationError.self, "\(scheme)") { try PlatformReference(parsing: "\(scheme):alert(1)", field: "post") }
    }
    for platform in ["twitter", "weibo", "whatsapp", "mastodon", "facebook", "bluesky", "abc", "h", "wsx", "dat", "https2", "vk", "telegram"] {
        #expect(try PlatformReference(parsing: "\(platform):x1", field: "post").platform == platform)
    }
}
