// A property test over mutated input (issue 9): real twarc2 lines from ../shared/samples, and
// interchange and CSV lines written here, are bit-flipped, truncated, given invalid UTF-8 or
// NUL bytes, blown up to 10 MB, nested 100,000 deep or given numbers out of range. Every
// mutation must parse or import, or throw a typed error that maps to exit 65; never crash,
// hang or overflow the stack; and a refused import leaves the ledger's head as it was.
// Plain seeded loops: `FACTLEDGER_MUTATION_SEED` replays a run, `FACTLEDGER_SOAK=1` runs 10x.
import Events
import Foundation
import Ingest
import Ledger
import Testing
import Workload

/// The seeded generator is Workload's SplitMix64, so a failing case replays from its seed.
private typealias MutationRandom = SeededGenerator

private enum MutationRun {
    static var seed: UInt64 {
        ProcessInfo.processInfo.environment["FACTLEDGER_MUTATION_SEED"].flatMap { UInt64($0) } ?? 0x5EED_F00D
    }

    /// Mutations per seed line and kind: a few in CI, ten times more in soak runs.
    static var rounds: Int { ProcessInfo.processInfo.environment["FACTLEDGER_SOAK"] == "1" ? 40 : 4 }
}

/// The seed inputs.
private enum MutationCorpus {
    /// `../shared/samples/twarc2`, beside the package.
    static var samplesFolder: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("shared/samples/twarc2")
    }

    /// Every non-blank line of every sample archive (one of them is broken JSON, as captured).
    static func twarc2Lines() throws -> [[UInt8]] {
        let names = try FileManager.default.contentsOfDirectory(atPath: samplesFolder.path).filter { $0.hasSuffix(".jsonl") }.sorted()
        return try names.flatMap { name in
            try Data(contentsOf: samplesFolder.appendingPathComponent(name)).split(separator: 0x0A).map { [UInt8]($0) }
                .filter { !$0.allSatisfy { $0 == 0x20 || $0 == 0x0D } }
        }
    }

    /// One valid interchange line of each main type; judgments are signed by the admin.
    static let interchangeLines: [String] = [
        #"{"type":"AccountRegistered","data":{"account":"twitter:zlj517","display_name":"Lijian Zhao 赵立坚","kind":"diplomat","country":"CN","person":"Zhao Lijian","title":"Spokesperson","profile_url":"https://twitter.com/zlj517","platform_user_id":"2882703476"}}"#,
        #"{"type":"OutletRegistered","data":{"domain":"globalresearch.ca","name":"Global Research","affiliation":"unknown","country":"CA","basis":"Cited by officials","evidence_url":"https://en.wikipedia.org/wiki/Centre_for_Research_on_Globalization"}}"#,
        #"{"type":"PostObserved","occurred_at":"2020-03-12T14:03:00Z","data":{"post":"twitter:1238291234","account":"twitter:zlj517","url":"https://twitter.com/zlj517/status/1238291234","posted_at":"2020-03-12T14:03:00Z","kind":"original","text":"It might be US army who brought the epidemic to Wuhan. 🦠 #COVID19","language":"en","linked_urls":["https://www.globalresearch.ca/covid-19-further-evidence/5706078"],"hashtags":["COVID19"],"engagement":{"likes":12000,"reposts":4200,"replies":3100,"quotes":800,"views":1500000},"archive_url":"https://web.archive.org/web/2020/https://twitter.com/zlj517/status/1238291234"}}"#,
        #"{"type":"PostObserved","data":{"post":"twitter:1238291299","account":"twitter:zlj517","url":"https://twitter.com/zlj517/status/1238291299","posted_at":"2020-03-13T01:00:00.250Z","kind":"quote","text":"Read this","amplifies":"https://www.globalresearch.ca/covid-19-further-evidence/5706078","language":"zh"}}"#,
        #"{"type":"EngagementObserved","data":{"post":"twitter:1238291234","observed_at":"2020-03-15T00:00:00Z","likes":20000,"reposts":5000,"replies":3300,"quotes":900,"views":2000000}}"#,
        #"{"type":"ClaimFlagged","id":"0190f2a4-1c2b-7d3e-8f40-123456789abc","data":{"claim":"c-usarmy","summary":"The US army brought the coronavirus to Wuhan","post":"twitter:1238291234","text":"It might be US army who brought the epidemic to Wuhan.","language":"en","topics":["covid-origin"]}}"#,
        #"{"type":"AppearanceRecorded","data":{"claim":"c-usarmy","post":"twitter:1238291299","relation":"amplifies"}}"#,
        #"{"type":"SourceAttributed","data":{"outlet":"globalresearch.ca","claim":"c-usarmy","post":"twitter:1238291299","via":"link","confidence":"confirmed","evidence_url":"https://www.globalresearch.ca/covid-19-further-evidence/5706078"}}"#,
        #"{"type":"VerdictRecorded","data":{"verdict":"v-usarmy-1","claim":"c-usarmy","label":"false","rationale":"No evidence; genome studies trace the virus elsewhere.","scale":"factledger/1","evidence":["https://www.who.int/report"]}}"#,
        #"{"type":"VerdictPublished","data":{"verdict":"v-usarmy-1","url":"https://factcheck.example.org/usarmy","published_at":"2020-03-20T09:00:00Z"}}"#,
    ]

    /// A CSV table of posts: the header, then rows.
    static let csvLines: [String] = [
        "post,account,url,posted_at,kind,text,amplifies,language,linked_urls,hashtags,likes,reposts,replies,quotes,views,archive_url",
        #"twitter:1300000001,twitter:mfa_spox,https://twitter.com/mfa_spox/status/1300000001,2020-08-30T10:00:00Z,original,"Press briefing, 30 August: ""vaccines"" 疫苗",,zh,https://www.globaltimes.cn/content/1199,COVID19;疫苗,120,45,6,3,9000,"#,
        #"twitter:1300000002,twitter:mfa_spox,https://twitter.com/mfa_spox/status/1300000002,2020-08-30T11:00:00.5Z,repost,,twitter:1300000001,,,,1,2,3,4,,https://web.archive.org/web/2020/x"#,
        "twitter:1300000003,twitter:embassy_x,https://twitter.com/embassy_x/status/1300000003,2020-08-31T09:15:00Z,quote,\"Multi\nline text\",https://rt.com/news/1,ru,https://rt.com/news/1,,0,0,0,0,0,",
    ]
}

/// The ways a line is damaged.
private enum Mutation: String, CaseIterable {
    case bitFlips, truncation, invalidUTF8, nulByte, numberOutOfRange, deepNesting, spliced

    /// The damaged copy of `line`.
    func apply(to line: [UInt8], using random: inout MutationRandom) -> [UInt8] {
        var bytes = line
        switch self {
        case .bitFlips:
            for _ in 0..<Int.random(in: 1...8, using: &random) where !bytes.isEmpty {
                bytes[Int.random(in: 0..<bytes.count, using: &random)] ^= UInt8(1) << UInt8.random(in: 0...7, using: &random)
            }
        case .truncation:
            bytes = Array(bytes.prefix(Int.random(in: 0..<max(1, bytes.count), using: &random)))
        case .invalidUTF8:
            let invalid: [[UInt8]] = [[0xFF], [0xC0, 0x80], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80], [0xE2, 0x82], [0x80], [0xF8, 0x88, 0x80, 0x80, 0x80], [0xEF, 0xBB, 0xBF]]
            let insert = invalid[Int.random(in: 0..<invalid.count, using: &random)]
            bytes.insert(contentsOf: insert, at: Self.insideAString(bytes, using: &random))
        case .nulByte:
            let forms: [[UInt8]] = [[0x00], Array(#"\u0000"#.utf8), [0x00, 0x00, 0x00]]
            bytes.insert(contentsOf: forms[Int.random(in: 0..<forms.count, using: &random)], at: Self.insideAString(bytes, using: &random))
        case .numberOutOfRange:
            let numbers = ["1e400", "-1e400", "99999999999999999999999999", "-9223372036854775809", "9223372036854775808", "1.5", "-0", "-1",
                           "1E+2", "0.0000001e-400", "1e99999999999999999999", "123456789012345678901234567890.5", "0", "4294967296"]
            let replacement = Array(numbers[Int.random(in: 0..<numbers.count, using: &random)].utf8)
            let runs = Self.numberRuns(bytes)
            if let run = runs.isEmpty ? nil : runs[Int.random(in: 0..<runs.count, using: &random)] {
                bytes.replaceSubrange(run, with: replacement)
            } else if let quote = bytes.lastIndex(of: UInt8(ascii: ":")) {
                bytes.insert(contentsOf: replacement + Array(",".utf8), at: quote + 1)
            }
        case .deepNesting:
            // A value nested 100,000 deep in place of the first value after a colon.
            let depth = 100_000
            let open = Bool.random(using: &random) ? Array(#"{"a":"#.utf8) : [UInt8(ascii: "[")]
            let close = open.count == 1 ? [UInt8(ascii: "]")] : [UInt8(ascii: "}")]
            var nested: [UInt8] = []
            nested.reserveCapacity(depth * (open.count + 1) + 1)
            for _ in 0..<depth { nested.append(contentsOf: open) }
            nested.append(UInt8(ascii: "1"))
            if Bool.random(using: &random) { for _ in 0..<depth { nested.append(contentsOf: close) } }  // else left unclosed
            let colon = bytes.firstIndex(of: UInt8(ascii: ":")).map { $0 + 1 } ?? 0
            bytes.insert(contentsOf: nested, at: colon)
        case .spliced:
            // A slice of the line copied over another place: plausible JSON, wrong structure.
            guard bytes.count > 4 else { break }
            let start = Int.random(in: 0..<bytes.count - 1, using: &random)
            let slice = Array(bytes[start..<min(bytes.count, start + Int.random(in: 1...64, using: &random))])
            bytes.insert(contentsOf: slice, at: Int.random(in: 0...bytes.count, using: &random))
        }
        return bytes
    }

    /// A position just inside a string value, or anywhere when there is none.
    static func insideAString(_ bytes: [UInt8], using random: inout MutationRandom) -> Int {
        let quotes = bytes.indices.filter { bytes[$0] == UInt8(ascii: "\"") }
        guard !quotes.isEmpty else { return Int.random(in: 0...bytes.count, using: &random) }
        return quotes[Int.random(in: 0..<quotes.count, using: &random)] + 1
    }

    /// The ranges of number literals outside strings.
    static func numberRuns(_ bytes: [UInt8]) -> [Range<Int>] {
        var runs: [Range<Int>] = []
        var inString = false
        var escaped = false
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            if inString {
                if escaped { escaped = false } else if byte == UInt8(ascii: "\\") { escaped = true } else if byte == UInt8(ascii: "\"") { inString = false }
                index += 1
                continue
            }
            if byte == UInt8(ascii: "\"") { inString = true; index += 1; continue }
            if byte == UInt8(ascii: "-") || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")) {
                let start = index
                while index < bytes.count, "-+.eE0123456789".utf8.contains(bytes[index]) { index += 1 }
                runs.append(start..<index)
                continue
            }
            index += 1
        }
        return runs
    }

    /// A 10 MB line built around `line`: one huge string value, huge padding, or a huge array.
    static func tenMegabytes(_ line: [UInt8], variant: Int) -> [UInt8] {
        let size = 10 << 20
        let colon = line.firstIndex(of: UInt8(ascii: ":")).map { $0 + 1 } ?? 0
        switch variant % 4 {
        case 0:  // the first value becomes a 10 MB string (mixed scripts, so counting characters costs)
            var huge = Array("\"".utf8)
            let unit = Array("a'<é疫🦠".utf8)
            while huge.count < size { huge.append(contentsOf: unit) }
            huge.append(UInt8(ascii: "\""))
            var bytes = line
            bytes.insert(contentsOf: huge + Array(",\"x\":".utf8), at: colon)
            return bytes
        case 1:  // 10 MB of whitespace before the line
            return [UInt8](repeating: 0x20, count: size) + line
        case 2:  // a 10 MB array of small numbers as the first value
            var huge: [UInt8] = [UInt8(ascii: "[")]
            while huge.count < size { huge.append(contentsOf: Array("1,".utf8)) }
            huge.append(contentsOf: Array("1]".utf8))
            var bytes = line
            bytes.insert(contentsOf: huge + Array(",\"y\":".utf8), at: colon)
            return bytes
        default:  // a 10 MB string with no closing quote
            var bytes = Array(line.prefix(colon)) + Array("\"".utf8)
            bytes.append(contentsOf: [UInt8](repeating: UInt8(ascii: "z"), count: size))
            return bytes
        }
    }
}

/// The exit code the CLI gives an error (CommandContext.describe), and whether its type is one
/// of the typed errors an import may throw.
private func exitCode(of error: any Error) -> (code: Int32, typed: Bool) {
    switch error {
    case let error as ImportError: return (error.kind.rawValue, true)
    case let error as LedgerError: return (error.kind.rawValue, true)
    case is ValidationError, is JSONSyntaxError: return (65, true)
    default: return (65, false)
    }
}

/// A ledger in a temporary folder, removed with it.
private final class MutationLedger {
    static let now = Timestamp(millisecondsSinceEpoch: 1_714_554_000_000)
    let directory: URL
    let log: EventLog
    let signer: ReviewerSigner

    init() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("factledger-mutation-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let keys = KeyStore(directory: directory.appendingPathComponent("keys").path)
        (log, _) = try LedgerSetup.create(path: directory.appendingPathComponent("ledger.db").path, org: "Mutation Desk", admin: "admin", adminName: "Ada Admin", keys: keys)
        signer = try ReviewerSigner(handle: "admin", keys: keys)
    }

    deinit { try? FileManager.default.removeItem(at: directory) }

    /// Writes `lines` to a file and imports it as `format`; returns the error, if any.
    func importLines(_ lines: [[UInt8]], format: ImportFormat, name: String) throws -> (any Error)? {
        let path = directory.appendingPathComponent(name).path
        var bytes: [UInt8] = []
        for line in lines { bytes.append(contentsOf: line); bytes.append(0x0A) }
        guard FileManager.default.createFile(atPath: path, contents: Data(bytes)) else { throw CocoaError(.fileWriteUnknown) }
        defer { try? FileManager.default.removeItem(atPath: path) }
        do {
            switch format {
            case .jsonl: _ = try JSONLImporter(signer: signer).run(path: path, into: log, now: Self.now)
            case .twarc2: _ = try ArchiveImporter(format: .twarc2).run(path: path, into: log, now: Self.now)
            case .csv: _ = try ArchiveImporter(format: .csv).run(path: path, into: log, now: Self.now)
            }
            return nil
        } catch {
            return error
        }
    }
}

@Suite("Mutated input never crashes an importer")
struct MutationPropertyTests {
    /// Parses one line the way each importer does. Returns a problem, or nil when the line was
    /// accepted or refused with a typed error. Accepted lines must also decode back from the
    /// bytes the ledger would store: an accepted line that `log` or `verify` cannot read is a bug.
    private static func parseProblem(_ bytes: [UInt8]) -> String? {
        _ = try? JSONParser.parse(bytes)
        _ = ImportFormat.format(ofLine: bytes)
        do {
            let line = try InterchangeLine(bytes: bytes)
            let envelope = line.envelope(author: "import:mutation", now: MutationLedger.now)
            do {
                let (decoded, _) = try EventEnvelope.decode(bodyBytes: envelope.bodyBytes)
                if decoded != envelope { return "an accepted interchange line decodes back to a different envelope" }
            } catch {
                return "an accepted interchange line cannot be decoded back from its body: \(error)"
            }
        } catch {
            if !(error is ValidationError) { return "InterchangeLine threw \(type(of: error)), not ValidationError: \(error)" }
        }
        do {
            for post in try Twarc2Line.posts(in: bytes) {
                for payload in [post.observation as any EventPayload, post.authorRegistration] {
                    let data = JSONWriter.bytes(.object(payload.encoded()))
                    do {
                        _ = try EventCatalogue.decode(type: type(of: payload).typeName, schemaVersion: type(of: payload).currentSchemaVersion, data: data)
                    } catch {
                        return "a twarc2 \(type(of: payload).typeName) cannot be decoded back from its encoding: \(error)\n\(String(decoding: data.prefix(600), as: UTF8.self))"
                    }
                }
            }
        } catch {
            // RecordProblem: typed by the signature.
        }
        return nil
    }

    private static func describe(_ bytes: [UInt8]) -> String {
        bytes.count > 300 ? "\(bytes.count) bytes starting \(String(decoding: bytes.prefix(200), as: UTF8.self).debugDescription)" : String(decoding: bytes, as: UTF8.self).debugDescription
    }

    @Test("every mutation of a sample line parses or throws a typed error, and what parses decodes back", .timeLimit(.minutes(5)))
    func parsersNeverCrash() throws {
        let seeds = try MutationCorpus.twarc2Lines() + MutationCorpus.interchangeLines.map { Array($0.utf8) } + MutationCorpus.csvLines.map { Array($0.utf8) }
        try #require(seeds.count >= 20, "the samples are in \(MutationCorpus.samplesFolder.path)")
        var random = MutationRandom(seed: MutationRun.seed)
        var checked = 0
        for (index, seed) in seeds.enumerated() {
            if let problem = Self.parseProblem(seed) { Issue.record("seed line \(index): \(problem)") }
            for mutation in Mutation.allCases {
                for round in 0..<MutationRun.rounds where mutation != .deepNesting || round == 0 {
                    let mutated = mutation.apply(to: seed, using: &random)
                    if let problem = Self.parseProblem(mutated) {
                        Issue.record("\(mutation) of seed line \(index) (seed \(MutationRun.seed)): \(problem)\ninput: \(Self.describe(mutated))")
                    }
                    checked += 1
                }
            }
        }
        #expect(checked > 500)
    }

    @Test("10 MB lines and 100,000-deep nesting are refused or read without exhausting the stack", .timeLimit(.minutes(5)))
    func hugeAndDeep() throws {
        let seeds = [Array(MutationCorpus.interchangeLines[2].utf8), try #require(try MutationCorpus.twarc2Lines().first)]
        for seed in seeds {
            for variant in 0..<4 {
                let huge = Mutation.tenMegabytes(seed, variant: variant)
                #expect(huge.count >= 10 << 20)
                if let problem = Self.parseProblem(huge) { Issue.record("10 MB variant \(variant): \(problem)") }
            }
        }
        // Pure nesting, on its own and as a line's data, opened and closed or not.
        let depth = 100_000
        let documents: [[UInt8]] = [
            [UInt8](repeating: UInt8(ascii: "["), count: depth) + [UInt8](repeating: UInt8(ascii: "]"), count: depth),
            Array(String(repeating: #"{"a":"#, count: depth).utf8) + [UInt8(ascii: "1")] + [UInt8](repeating: UInt8(ascii: "}"), count: depth),
            Array(#"{"type":"PostObserved","data":"#.utf8) + [UInt8](repeating: UInt8(ascii: "["), count: depth),
            Array(#"{"data":["#.utf8) + Array(String(repeating: #"{"data":["#, count: depth).utf8),
        ]
        for document in documents {
            if let problem = Self.parseProblem(document) { Issue.record("deep nesting: \(problem)") }
            #expect(throws: JSONSyntaxError.self) { try JSONParser.parse(document) }
        }
    }

    /// A format's seed lines, and whether its first line is a header every file must keep.
    private static func seeds(for format: ImportFormat) throws -> (lines: [[UInt8]], header: Bool) {
        switch format {
        case .jsonl: return (MutationCorpus.interchangeLines.map { Array($0.utf8) }, false)
        case .twarc2: return (try MutationCorpus.twarc2Lines().filter { (try? JSONParser.parse($0)) != nil }, false)
        case .csv: return (MutationCorpus.csvLines.map { Array($0.utf8) }, true)
        }
    }

    @Test("an import with one mutated line succeeds, or throws a typed error mapping to exit 65 and leaves the ledger's head unchanged",
          .timeLimit(.minutes(5)), arguments: ImportFormat.allCases)
    func importsLeaveLedgerUnchanged(_ format: ImportFormat) throws {
        let ledger = try MutationLedger()
        let (lines, hasHeader) = try Self.seeds(for: format)
        // The unmutated file imports: the seeds are valid.
        #expect(try ledger.importLines(lines, format: format, name: "seed") == nil, "the \(format) seed lines import cleanly")
        var random = MutationRandom(seed: MutationRun.seed &+ UInt64(format.rawValue.count))
        var outcomes = (accepted: 0, refused: 0)
        for round in 0..<(MutationRun.rounds * 6) {
            for mutation in Mutation.allCases where mutation != .deepNesting || round % 6 == 0 {
                var mutated = lines
                let target = hasHeader ? Int.random(in: 1..<lines.count, using: &random) : Int.random(in: 0..<lines.count, using: &random)
                mutated[target] = mutation.apply(to: lines[target], using: &random)
                let before = try ledger.log.head()
                let error = try ledger.importLines(mutated, format: format, name: "mutated-\(round)")
                guard let error else { outcomes.accepted += 1; continue }
                outcomes.refused += 1
                let (code, typed) = exitCode(of: error)
                let context = "\(mutation) of \(format) line \(target + 1), round \(round) (seed \(MutationRun.seed)): \(error)\ninput: \(Self.describe(mutated[target]))"
                #expect(typed, "an untyped \(type(of: error)): \(context)")
                #expect(code == 65, "exit \(code), not 65: \(context)")
                #expect(try ledger.log.head() == before, "a refused import changed the ledger: \(context)")
            }
        }
        // A 10 MB line and deep nesting, once each, through the whole import.
        for variant in 0..<2 {
            var mutated = lines
            mutated[lines.count - 1] = Mutation.tenMegabytes(lines[lines.count - 1], variant: variant)
            let before = try ledger.log.head()
            if let error = try ledger.importLines(mutated, format: format, name: "huge-\(variant)") {
                #expect(exitCode(of: error) == (65, true), "10 MB variant \(variant): \(error)")
                #expect(try ledger.log.head() == before)
            }
        }
        #expect(outcomes.refused > 0, "mutations were refused: \(outcomes)")
        let report = try LedgerVerifier.verify(ledger.log)
        #expect(report.isIntact, "the ledger verifies after every accepted mutation: \(report.problems.prefix(3))")
    }
}

/// Inputs the fuzzers (Tests/Fuzz) found, kept as tests so they stay fixed.
@Suite("Regressions from fuzzing")
struct FuzzFindingTests {
    @Test("a leaf whose signature is base64 with non-zero padding bits is refused: one event has one leaf encoding")
    func nonCanonicalSignatureBase64() throws {
        // fuzz-event-decoder, first run: `…NY9AJ==` where the canonical encoding ends `…NY9AA==`.
        let body = Array(#"{"id":"0190f2a4-1c2b-7d3e-8f40-123456789abc","type":"ReviewPolicySet","schema_version":1,"stream":"ledger","occurred_at":"2024-05-01T09:00:00.000Z","author":"ledger","data":{"policy":"single"}}"#.utf8)
        let leaf = Leaf(position: 1, recordedAt: MutationLedger.now, streamVersion: 1, signature: [UInt8](repeating: 7, count: 64), body: body)
        let canonical = String(decoding: leaf.bytes, as: UTF8.self)
        try #require(canonical.contains("Bw==\n"), "the signature's base64 ends in Bw==")
        let altered = Array(canonical.replacingOccurrences(of: "Bw==\n", with: "Bx==\n").utf8)
        #expect(try Leaf(bytes: leaf.bytes) == leaf)
        #expect(throws: LeafFormatError.self, "Bx== decodes to the same byte as Bw==, so these leaf bytes are a second encoding of one leaf") {
            try Leaf(bytes: altered)
        }
    }
}
