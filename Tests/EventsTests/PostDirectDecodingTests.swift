// PostObserved's direct decoder against the general one (JSONParser, then FieldReader): the
// direct path may decline any input, but whatever it returns must be what the general path
// returns, and the catalogue must give the general path's payload or error either way.
import Testing
@testable import Events
import Workload

/// A decoder's answer: the payload, or its error's text.
private enum Outcome: Equatable {
    case decoded(PostObserved)
    case refused(String)

    func get() throws -> PostObserved {
        guard case .decoded(let post) = self else { throw ValidationError(field: "data", problem: "refused") }
        return post
    }
}

/// What the general decoder makes of `data`.
private func generalDecoding(_ data: [UInt8]) -> Outcome {
    outcome { try EventCatalogue.decodeThroughTree(type: PostObserved.typeName, schemaVersion: 2, data: data) }
}

/// What the catalogue, which tries the direct decoder first, makes of `data`.
private func catalogueDecoding(_ data: [UInt8]) -> Outcome {
    outcome { try EventCatalogue.decode(type: PostObserved.typeName, schemaVersion: 2, data: data) }
}

private func outcome(of decode: () throws -> any EventPayload) -> Outcome {
    do {
        guard let post = try decode() as? PostObserved else { return .refused("not a PostObserved") }
        return .decoded(post)
    } catch {
        return .refused("\(error)")
    }
}

private func directDecoding(_ data: [UInt8]) -> PostObserved? {
    data.withUnsafeBufferPointer(PostObserved.decodeDirectly)
}

/// The `data` bytes of every PostObserved line of a generated workload.
private func generatedPostData(events: Int, seed: UInt64) throws -> [[UInt8]] {
    var posts: [[UInt8]] = []
    for line in WorkloadGenerator(eventCount: events, seed: seed) {
        let parsed = try JSONParser.parseObjectWithRanges(line)
        guard parsed.object["type"]?.stringValue == PostObserved.typeName, let range = parsed.ranges["data"] else { continue }
        posts.append(Array(line[range]))
    }
    return posts
}

private let fullPost = #"""
{"post":"twitter:1238291234","account":"twitter:zlj517","url":"https://twitter.com/zlj517/status/1238291234","posted_at":"2020-03-12T14:03:00Z","kind":"quote","text":"It might be US army who brought the epidemic to Wuhan. 美军可能把疫情带到了武汉","amplifies":"twitter:99","language":"zh-Hans","linked_urls":["https://www.globalresearch.ca/covid-19-further-evidence/5706078","http://example.org:8080/a?b#c"],"hashtags":["COVID19","武汉"],"engagement":{"likes":1,"reposts":4200,"replies":0,"quotes":7,"views":123456},"archive_url":"https://web.archive.org/web/2020/https://twitter.com/zlj517","withheld":true,"content_hash":"9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"}
"""#

@Suite("PostObserved direct decoding")
struct PostDirectDecodingTests {
    @Test("every post of a generated workload is read directly, equal to the general decoder's payload")
    func generatedPostsDecodeDirectly() throws {
        let posts = try generatedPostData(events: 3_000, seed: 7)
        #expect(posts.count > 2_000)
        for data in posts {
            let direct = try #require(directDecoding(data), "declined: \(String(decoding: data, as: UTF8.self))")
            #expect(generalDecoding(data) == .decoded(direct))
        }
    }

    @Test("a post with every field, in other layouts of valid JSON, decodes the same either way")
    func layoutsDecodeTheSame() throws {
        let reference = try generalDecoding(Array(fullPost.utf8)).get()
        #expect(directDecoding(Array(fullPost.utf8)) == reference)
        let layouts = [
            fullPost.replacing(",\"", with: " ,\n\t\"").replacing("\":", with: "\" :\r\n "),
            " \n" + fullPost + " \n\t",
            fullPost.replacing(#""views":123456"#, with: #""views":null"#),
            fullPost.replacing(#""text":"It"#, with: #""text":"\u0049t"#),
            fullPost.replacing(#""post":"twitter:1238291234","#, with: "") + "",
            fullPost.replacing(#""kind":"quote","#, with: #""kind":"quote","ignored_future_field":[1,{"a":null}],"#),
            fullPost.replacing(#""withheld":true"#, with: #""withheld":null"#),
        ]
        for layout in layouts {
            let data = Array(layout.utf8)
            let general = generalDecoding(data)
            #expect(catalogueDecoding(data) == general, "\(layout)")
            if let direct = directDecoding(data) { #expect(general == .decoded(direct), "\(layout)") }
        }
        // Whitespace and a null optional field stay on the direct path.
        #expect(directDecoding(Array(layouts[0].utf8)) == reference)
        #expect(directDecoding(Array(layouts[1].utf8)) == reference)
        #expect(directDecoding(Array(layouts[2].utf8))?.engagement?.views == nil)
        // Escapes and unknown fields are left to the general decoder.
        #expect(directDecoding(Array(layouts[3].utf8)) == nil)
        #expect(directDecoding(Array(layouts[5].utf8)) == nil)
    }

    @Test("what the direct decoder declines, the catalogue refuses with the general decoder's error")
    func invalidPostsGetTheGeneralError() throws {
        let invalid = [
            fullPost.replacing(#""kind":"quote""#, with: #""kind":"quoted""#),
            fullPost.replacing(#""kind":"quote""#, with: #""kind":null"#),
            fullPost.replacing(#""posted_at":"2020-03-12T14:03:00Z""#, with: #""posted_at":"yesterday""#),
            fullPost.replacing(#""url":"https://"#, with: #""url":"javascript://"#),
            fullPost.replacing(#""amplifies":"twitter:99""#, with: #""amplifies":"ftp://x/y""#),
            fullPost.replacing(#""language":"zh-Hans""#, with: #""language":"zh-Hans-toolongsubtag""#),
            fullPost.replacing(#""likes":1"#, with: #""likes":-1"#),
            fullPost.replacing(#""likes":1"#, with: #""likes":1.0"#),
            fullPost.replacing(#""likes":1"#, with: #""likes":99999999999999999999"#),
            fullPost.replacing(#""likes":1,"#, with: ""),
            fullPost.replacing(#""hashtags":["COVID19","#, with: #""hashtags":["","#),
            fullPost.replacing(#""hashtags":["COVID19","#, with: #""hashtags":[null,"#),
            fullPost.replacing(#""content_hash":"9f"#, with: #""content_hash":"9F"#),
            fullPost.replacing(#""text":"It"#, with: #""text":"It","text":"Again"#),
            fullPost.replacing(#""withheld":true"#, with: #""withheld":"yes""#),
            fullPost.replacing(#""linked_urls":["#, with: #""linked_urls":["not a url","#),
            fullPost + ",",
            String(fullPost.dropLast()),
            "[" + fullPost + "]",
            fullPost.replacing(#""post":"twitter:1238291234""#, with: #""post":"https://twitter.com/x""#),
            fullPost.replacing(#""text":"It"#, with: "\"text\":\"\u{01}It"),
            fullPost.replacing(#""engagement":{"#, with: #""engagement":{"shares":3,"#),
            fullPost.replacing(#""engagement":{"likes":1"#, with: #""engagement":{"likes":1,"likes":2"#),
        ]
        for text in invalid {
            let data = Array(text.utf8)
            let general = generalDecoding(data)
            #expect(catalogueDecoding(data) == general, "\(text)")
            if let direct = directDecoding(data) { #expect(general == .decoded(direct), "\(text)") }
            
        }
        // These are refused by the general decoder, so the direct one must have declined them.
        for text in invalid.prefix(17) {
            if case .refused = generalDecoding(Array(text.utf8)) { #expect(directDecoding(Array(text.utf8)) == nil, "\(text)") }
        }
        // Overlong UTF-8, a lone surrogate's bytes, a stray byte, and cut-off sequences whose
        // repair (one U+FFFD, three bytes) is as long as the bytes it replaces.
        for bad: [UInt8] in [[0xC0, 0xAF], [0xED, 0xA0, 0x80], [0xFF], [0xF0, 0x9F, 0x98], [0xF0, 0x9F, 0x98, 0x41], [0xE4, 0xB8, 0x41]] {
            var data = Array(#"{"post":"twitter:1","account":"twitter:a","url":"https://x.org/","posted_at":"2020-03-12T14:03:00Z","kind":"original","text":"a"#.utf8)
            data += bad + Array("\"}".utf8)
            #expect(directDecoding(data) == nil)
            #expect(catalogueDecoding(data) == generalDecoding(data))
        }
    }

    @Test("under random byte mutations, whenever the direct decoder answers, the general decoder agrees")
    func mutationsNeverDisagree() throws {
        var random = SeededGenerator(seed: 20_261_129)
        let seeds = try generatedPostData(events: 400, seed: 3).prefix(100) + [Array(fullPost.utf8)]
        let alphabet = Array(#"{}[]",:\ 0123456789-.eEtrufalsn"#.utf8) + [0x00, 0x1F, 0x7F, 0xC3, 0xA9, 0xED, 0xFF]
        var answered = 0
        for trial in 0..<20_000 {
            var data = seeds[trial % seeds.count]
            for _ in 0..<Int.random(in: 1...3, using: &random) {
                let position = Int.random(in: 0..<data.count, using: &random)
                switch Int.random(in: 0..<3, using: &random) {
                case 0: data[position] = alphabet.randomElement(using: &random) ?? 0
                case 1: data.remove(at: position)
                default: data.insert(alphabet.randomElement(using: &random) ?? 0, at: position)
                }
            }
            guard let direct = directDecoding(data) else { continue }
            answered += 1
            #expect(generalDecoding(data) == .decoded(direct), "\(String(decoding: data, as: UTF8.self))")
        }
        // Most single mutations land in text, which stays readable, so the direct path is exercised.
        #expect(answered > 1_000)
    }
}

@Test("UTF-8 validation agrees with the standard library on ASCII runs with invalid bytes at every offset")
func utf8ValidationMatchesTheStandardLibrary() {
    var random = SeededGenerator(seed: 42)
    let pieces: [[UInt8]] = [
        Array("plain ascii text ".utf8), Array("é".utf8), Array("中".utf8), Array("😀".utf8),
        [0x80], [0xC0, 0xAF], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80], [0xE4, 0xB8], [0xFF], [0x22], [0x5C], [0x1F],
    ]
    for _ in 0..<5_000 {
        var bytes: [UInt8] = []
        for _ in 0..<Int.random(in: 0...6, using: &random) {
            bytes += pieces[Int.random(in: 0..<(Int.random(in: 0...3, using: &random) == 0 ? pieces.count : 4), using: &random)]
        }
        let expected = String(validating: bytes, as: UTF8.self) != nil
        #expect(bytes.withUnsafeBufferPointer(UTF8Validation.isValid) == expected, "\(bytes)")
    }
}

@Test("a member only checked gives the same errors, ranges and other members as one built, under mutations")
func checkedOnlyMemberMatchesBuiltParse() throws {
    var random = SeededGenerator(seed: 9)
    let seed = Array((#"{"type":"PostObserved","data":"# + fullPost + #","id":"a","n":[1,2.5e3,{"k":"\u00e9\ud83d\ude00"}]}"#).utf8)
    let alphabet = Array(#"{}[]",:\ 0123456789-.eEtrufalsnu"#.utf8) + [0x00, 0x1F, 0xC3, 0xA9, 0xED, 0xFF]
    var failures = 0
    for trial in 0..<6_000 {
        var document = seed
        for _ in 0..<(trial == 0 ? 0 : Int.random(in: 1...2, using: &random)) {
            let position = Int.random(in: 0..<document.count, using: &random)
            switch Int.random(in: 0..<3, using: &random) {
            case 0: document[position] = alphabet.randomElement(using: &random) ?? 0
            case 1: document.remove(at: position)
            default: document.insert(alphabet.randomElement(using: &random) ?? 0, at: position)
            }
        }
        let built = Result { try JSONParser.parseObjectWithRanges(document) }
        let checked = Result { try JSONParser.parseObjectWithRanges(document, checkingOnly: "data") }
        switch (built, checked) {
        case (.success(let full), .success(let partial)):
            #expect(full.ranges == partial.ranges)
            #expect(partial.object["data"] == nil)
            #expect(partial.object.keys == full.object.keys.filter { $0 != "data" })
            for key in partial.object.keys { #expect(partial.object[key] == full.object[key]) }
        case (.failure(let fullError), .failure(let partialError)):
            failures += 1
            #expect("\(fullError)" == "\(partialError)")
        default:
            Issue.record("one parse failed and the other did not: \(String(decoding: document, as: UTF8.self))")
        }
    }
    #expect(failures > 1_000)
    for repeated in [#"{"data":{},"data":{}}"#, #"{"data":{"a":1,"a":2}}"#, #"{"data":[{"a":1,"a":2}]}"#] {
        #expect(throws: JSONSyntaxError.self, "\(repeated)") { try JSONParser.parseObjectWithRanges(Array(repeated.utf8), checkingOnly: "data") }
    }
}
