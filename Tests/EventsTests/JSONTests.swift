// The hand-written JSON parser and writer: strict RFC 8259, exact literals, deterministic output.
import Testing
@testable import Events

/// The syntax error that parsing `bytes` throws, or nil when it parses.
func syntaxError(_ bytes: [UInt8]) -> JSONSyntaxError? {
    do {
        _ = try JSONParser.parse(bytes)
        return nil
    } catch {
        return error
    }
}

/// The syntax error that parsing `text` throws, or nil when it parses.
func syntaxError(_ text: String) -> JSONSyntaxError? { syntaxError(Array(text.utf8)) }

@Suite("JSON")
struct JSONTests {
    @Test("RFC 8259 samples parse, keeping key order and number literals")
    func acceptsRFCSamples() throws {
        let image = #"""
        {
          "Image": {
            "Width":  800,
            "Height": 600,
            "Title":  "View from 15th Floor",
            "Thumbnail": {
              "Url":    "http://www.example.com/image/481989943",
              "Height": 125,
              "Width":  100
            },
            "Animated" : false,
            "IDs": [116, 943, 234, 38793]
          }
        }
        """#
        let root = try #require(try JSONParser.parse(Array(image.utf8)).objectValue)
        let imageObject = try #require(root["Image"]?.objectValue)
        #expect(imageObject.keys == ["Width", "Height", "Title", "Thumbnail", "Animated", "IDs"])
        #expect(imageObject["IDs"] == .array([.number("116"), .number("943"), .number("234"), .number("38793")]))
        #expect(imageObject["Thumbnail"]?.objectValue?["Url"] == .string("http://www.example.com/image/481989943"))

        let cities = #"[{"precision":"zip","Latitude":37.7668,"Longitude":-122.3959,"Address":"","City":"SAN FRANCISCO","State":"CA","Zip":"94107","Country":"US"}]"#
        let first = try #require(try JSONParser.parse(Array(cities.utf8)).arrayValue?.first?.objectValue)
        #expect(first["Longitude"] == .number("-122.3959"))
        #expect(first["Address"] == .string(""))

        for scalar in ["\"Hello world!\"", "42", "true", "null", " [ ] ", "{}", "-0", "1E+2", "0.5e-3"] {
            #expect(syntaxError(scalar) == nil, "\(scalar)")
        }
    }

    @Test("unicode escapes and surrogate pairs decode to the right characters")
    func unicodeEscapes() throws {
        #expect(try JSONParser.parse(Array(#""\u00e9\u4E2D\ud834\udd1e\/\b\f\n\r\t\\\"""#.utf8)) == .string("é中𝄞/\u{8}\u{c}\n\r\t\\\""))
        #expect(try JSONParser.parse(Array(#""\u0000""#.utf8)) == .string("\u{0}"))
        #expect(try JSONParser.parse(Array("\"raw é 𝄞\"".utf8)) == .string("raw é 𝄞"))
        let nested = try JSONParser.parse(Array(#"{"a":[{"b":[[],{}]},null,"\uD83D\uDE00"]}"#.utf8))
        #expect(nested == .object(JSONObject([("a", .array([.object(JSONObject([("b", .array([.array([]), .object(JSONObject())]))])), .null, .string("😀")]))])))
    }

    @Test("malformed JSON is refused, and the error offset points at the problem")
    func rejectsMalformed() throws {
        let cases: [(text: String, offset: Int)] = [
            ("[1,2,]", 5),             // trailing comma in an array
            (#"{"a":1,}"#, 7),         // trailing comma in an object
            ("01", 1),                 // leading zero
            ("-01", 2),
            ("[1] x", 4),              // trailing garbage
            ("{} {}", 3),
            ("\"a\nb\"", 2),           // raw control character in a string
            ("\"a\u{1}\\n\"", 2),
            ("[\"\\x\"]", 3),          // invalid escape
            ("1.", 2),
            ("tru", 0),
            ("", 0),
            ("[1 2]", 3),
            (#"{"a" 1}"#, 5),
            ("\"open", 5),
        ]
        for item in cases {
            let error = try #require(syntaxError(item.text), "\(item.text.debugDescription) should be refused")
            #expect(error.offset == item.offset, "\(item.text.debugDescription): \(error)")
        }
    }

    @Test("lone surrogates are refused, at the escape")
    func rejectsLoneSurrogates() throws {
        for text in [#""\ud800""#, #""\udc00""#, #""\ud800\u0041""#, #""\ud800x""#] {
            let error = try #require(syntaxError(text), "\(text)")
            #expect((1...13).contains(error.offset), "\(text): \(error)")
            #expect(error.reason.contains("surrogate"), "\(error)")
        }
    }

    @Test("invalid UTF-8 is refused")
    func rejectsInvalidUTF8() throws {
        let samples: [[UInt8]] = [
            [0x22, 0x61, 0xFF, 0x22],              // 0xFF never appears in UTF-8
            [0x22, 0xC3, 0x28, 0x22],              // broken two-byte sequence
            [0x22, 0xED, 0xA0, 0x80, 0x22],        // an encoded surrogate
            [0x22, 0xC0, 0xAF, 0x22],              // an overlong encoding
            [0x22, 0x5C, 0x6E, 0xE2, 0x82, 0x22],  // truncated, after an escape
        ]
        for bytes in samples {
            let error = try #require(syntaxError(bytes), "\(bytes)")
            #expect((0..<bytes.count).contains(error.offset), "\(error)")
        }
        #expect(syntaxError([0xFF]) != nil)
    }

    @Test("duplicate member names are refused")
    func rejectsDuplicateKeys() throws {
        let error = try #require(syntaxError(#"{"a":1,"b":2,"a":3}"#))
        #expect(error.reason.contains(#""a""#))
        #expect((13...17).contains(error.offset), "\(error)")
        #expect(syntaxError(#"{"a":{"a":1}}"#) == nil)
    }

    @Test("nesting deeper than 256 levels is refused without crashing")
    func rejectsDeepNesting() throws {
        let deepest = String(repeating: "[", count: 256) + String(repeating: "]", count: 256)
        #expect(syntaxError(deepest) == nil)
        let tooDeep = String(repeating: "[", count: 257) + String(repeating: "]", count: 257)
        #expect(syntaxError(tooDeep)?.offset == 256)
        let hostile = String(repeating: "{\"a\":[", count: 100_000)
        #expect(syntaxError(hostile) != nil)
    }

    @Test("the writer escapes quotes, backslashes and control characters")
    func writerEscapes() {
        #expect(JSONWriter.string(.string("say \"hi\"\\")) == #""say \"hi\"\\""#)
        #expect(JSONWriter.string(.string("\u{0}")) == #""\u0000""#)
        #expect(JSONWriter.string(.string("a\nb\tc\r\u{1f}\u{7f}")) == #""a\nb\tc\r\u001f\u007f""#)
        #expect(JSONWriter.string(.string("é 中 😀 /")) == "\"é 中 😀 /\"")
        let object = JSONObject([("z", .number("1e3")), ("a", .array([.bool(true), .null, .number("-0.5")]))])
        #expect(JSONWriter.string(.object(object)) == #"{"z":1e3,"a":[true,null,-0.5]}"#)
    }

    @Test("everything the writer writes parses back to the same value")
    func writerRoundTrip() throws {
        var text = ""
        for value in 0..<0x80 { text.unicodeScalars.append(Unicode.Scalar(UInt8(value))) }
        text += "é中𝄞😀\u{2028}\u{202E}"
        let value = JSONValue.object(JSONObject([
            ("every ascii", .string(text)),
            ("nested", .array([.object(JSONObject([(text, .string("key with controls"))])), .number("12"), .bool(false)])),
        ]))
        let bytes = JSONWriter.bytes(value)
        #expect(try JSONParser.parse(bytes) == value)
        #expect(JSONWriter.bytes(try JSONParser.parse(bytes)) == bytes)
    }

    @Test("the object builder omits absent optionals and empty arrays, and formats numbers portably")
    func objectBuilder() {
        var builder = JSONObjectBuilder()
        builder.add("s", "x")
        builder.add("none", nil as String?)
        builder.add("empty", [String]())
        builder.add("whole", 2.0)
        builder.add("half", 0.5)
        builder.add("time", Timestamp(millisecondsSinceEpoch: 0))
        #expect(JSONWriter.string(builder.value) == #"{"s":"x","whole":2,"half":0.5,"time":"1970-01-01T00:00:00.000Z"}"#)
    }

    @Test("a streamed write hands on the same bytes in pieces, and its digest is the whole one's")
    func streamedWriteMatchesWholeWrite() {
        // Nested arrays and objects of escaped, non-ASCII text: several hundred KiB in all.
        let rows: [JSONValue] = (0..<4_000).map { index in
            var row = JSONObjectBuilder()
            row.add("id", "claim-\(index)")
            row.add("text", "quote \"\(index)\" — 中文 \\ line\nbreak")
            row.add("outlets", (0..<(index % 5)).map { "outlet\($0).example" })
            row.add("weight", Double(index) / 7)
            return row.value
        }
        let document = JSONValue.object(JSONObject([("rows", .array(rows)), ("count", .number("4000"))]))
        let whole = JSONWriter.bytes(document)
        #expect(whole.count > 4 * JSONWriter.flushThreshold)
        var pieces: [[UInt8]] = []
        var buffer: [UInt8] = []
        JSONWriter.write(document, into: &buffer, flushing: { pieces.append($0); $0.removeAll() })
        pieces.append(buffer)
        #expect(pieces.count > 4, "the output is handed on in pieces")
        #expect(pieces.dropLast().allSatisfy { $0.count >= JSONWriter.flushThreshold })
        #expect(Array(pieces.joined()) == whole)
        #expect(ContentDigest.sha256Hex(ofJSON: document) == ContentDigest.sha256Hex(whole))
        #expect(ContentDigest.sha256Hex(ofJSON: .array([])) == ContentDigest.sha256Hex(Array("[]".utf8)))
    }

    @Test("top-level member ranges cover exactly each value's bytes")
    func memberRanges() throws {
        let text = #"{ "a" : { "b" : [ 1 ] } , "c":"d" }"#
        let bytes = Array(text.utf8)
        let parsed = try JSONParser.parseObjectWithRanges(bytes)
        let a = try #require(parsed.ranges["a"])
        let c = try #require(parsed.ranges["c"])
        #expect(String(decoding: bytes[a], as: UTF8.self) == #"{ "b" : [ 1 ] }"#)
        #expect(String(decoding: bytes[c], as: UTF8.self) == #""d""#)
        #expect(parsed.ranges["b"] == nil)
        #expect(throws: JSONSyntaxError.self) { try JSONParser.parseObjectWithRanges(Array("[1]".utf8)) }
    }
}
