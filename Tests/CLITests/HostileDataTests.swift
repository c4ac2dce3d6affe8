// Hostile data (issue 9): text that attacks SQL, paths, terminals, HTML or bidi rendering is
// stored byte for byte and never crashes anything; references that could become paths
// (`twitter:../../x`) and URLs that could become script (`javascript:`) are refused at the
// door; human-readable output neutralises control characters; private keys never leave the
// key folder: not into the ledger, its -wal, `log --json`, any other output, or an export.
import Foundation
import Testing

/// Strings chosen to break something if they are ever interpreted instead of stored.
enum Hostile {
    static let sqlQuote = #"Robert'); DROP TABLE events;-- " OR '1'='1"#
    static let traversal = #"../../../../etc/passwd ..\..\windows\win.ini"#
    static let nul = "before\u{0}after\u{0}"
    static let rtl = "invoice\u{202E}fdp.exe \u{2067}isolate\u{2069} \u{200F}mark"
    static let script = #"<script>alert("x")</script><img src=x onerror=alert(1)>"#
    static let terminal = "\u{1B}[2J\u{1B}]0;pwned\u{07}\r"
    /// Everything at once, NUL included (only a file can carry NUL: argv cannot).
    static let all = [sqlQuote, traversal, nul, rtl, script, terminal].joined(separator: " | ")
    /// Everything but NUL, for command-line arguments.
    static let argv = [sqlQuote, traversal, rtl, script, terminal].joined(separator: " | ")

    /// Exactly `count` characters (and bytes) of hostile ASCII, NUL included when `nul`.
    static func long(_ count: Int, nul: Bool = true) -> String {
        let unit = nul ? "'\"<script>../\u{0};--\\" : "'\"<script>../;--\\"
        var text = String(repeating: unit, count: count / unit.count + 1)
        text.removeLast(text.count - count)
        return text
    }

    /// The scalars no human-readable output may pass through from data: C0 controls other than
    /// the newline between rows, DEL, C1 controls and bidirectional overrides and isolates.
    static func isUnsafeForTerminal(_ scalar: Unicode.Scalar) -> Bool {
        let value = scalar.value
        return (value < 0x20 && value != 0x0A) || value == 0x7F || (0x80...0x9F).contains(value)
            || (0x202A...0x202E).contains(value) || (0x2066...0x2069).contains(value)
    }
}

@Suite("Hostile data")
struct HostileDataTests {
    /// One interchange line and the exact bytes of its `data`.
    struct Line {
        let type: String
        let data: String
        var text: String { #"{"type":"\#(type)","data":\#(data)}"# }
    }

    static func object(_ members: [(String, FixtureJSON)]) -> String { FixtureJSON.object(members).text }

    static let account = #"twitter:o'brien";--"#
    static let claim = "c-hostile-1"

    /// Lines carrying hostile text in every kind of field, all of them valid.
    static let hostileLines: [Line] = [
        Line(type: "AccountRegistered", data: object([
            ("account", .string(account)), ("display_name", .string(Hostile.sqlQuote)), ("kind", .string("diplomat")),
            ("country", .string("CN")), ("person", .string(Hostile.rtl + Hostile.nul)), ("title", .string(Hostile.script)),
            ("profile_url", .string("https://twitter.com/o'brien/../../admin?x='1'")),
        ])),
        Line(type: "OutletRegistered", data: object([
            ("domain", .string("evil-example.org")), ("name", .string(Hostile.script)), ("affiliation", .string("state_controlled")),
            ("basis", .string(Hostile.all)), ("evidence_url", .string("https://evil-example.org/'../../%00?q=1'--")),
        ])),
        Line(type: "PostObserved", data: object([
            ("post", .string("twitter:1'--")), ("account", .string(account)),
            ("url", .string("https://twitter.com/o'brien/status/1?q='OR'1'='1")), ("posted_at", .string("2020-03-12T14:03:00Z")),
            ("kind", .string("original")), ("text", .string(Hostile.all)),
            ("linked_urls", .array([.string("https://evil-example.org/../../etc/passwd")])),
            ("hashtags", .array([.string(Hostile.script), .string("'; DROP TABLE names;--")])),
        ])),
        Line(type: "PostObserved", data: object([
            ("post", .string("twitter:2")), ("account", .string(account)), ("url", .string("https://twitter.com/o'brien/status/2")),
            ("posted_at", .string("2020-03-12T15:03:00Z")), ("kind", .string("original")), ("text", .string(Hostile.long(100_000))),
        ])),
        Line(type: "ClaimFlagged", data: object([
            ("claim", .string(claim)), ("summary", .string("Robert'); DROP TABLE claims;-- <script>\u{202E}gnp.exe\u{0}")),
            ("post", .string("twitter:1'--")), ("text", .string(Hostile.all)), ("topics", .array([.string(Hostile.script)])),
        ])),
        Line(type: "VerdictRecorded", data: object([
            ("verdict", .string("v-hostile-1")), ("claim", .string(claim)), ("label", .string("false")),
            ("rationale", .string(Hostile.all)), ("evidence", .array([.string("https://example.org/'--/../x")])),
        ])),
    ]

    @Test("SQL quotes, ../, NUL, RTL overrides, <script> and 100 KB strings are stored byte for byte and come back from log --json")
    func storedVerbatim() throws {
        let sandbox = try CLISandbox()
        try sandbox.initLedger()
        let before = try #require(try sandbox.verifyReport().events)
        try sandbox.write("hostile.jsonl", Self.hostileLines.map(\.text).joined(separator: "\n") + "\n")
        let imported = try sandbox.run(["import", "hostile.jsonl", "--as", "alice", "--json"])
        try #require(imported.exitCode == 0, "\(imported)")
        #expect(try imported.jsonObject()["appended"] as? Int == Self.hostileLines.count)

        let events = try sandbox.succeed(["log", "--json", "--from", String(before + 1)]).jsonLines()
        try #require(events.count == Self.hostileLines.count)
        for (line, event) in zip(Self.hostileLines, events) {
            #expect(event["type"] as? String == line.type)
            // The leaf ends with the exact data bytes of the line, then the body's closing brace.
            let leaf = try #require((event["leaf"] as? String).flatMap { Data(base64Encoded: $0) }, "\(line.type) has a base64 leaf")
            #expect([UInt8](leaf).suffix(line.data.utf8.count + 1).elementsEqual(Array(line.data.utf8) + [UInt8(ascii: "}")]),
                    "the \(line.type) leaf keeps the data bytes verbatim")
            // And `data` parses back to the same strings, NUL and all.
            let expected = try #require(try JSONSerialization.jsonObject(with: Data(line.data.utf8)) as? NSDictionary)
            let stored = try #require(event["data"] as? NSDictionary, "\(line.type) has data")
            #expect(stored == expected, "log --json gives back the data of \(line.type) unchanged")
        }
        let long = try #require(events.first { ($0["data"] as? [String: Any])?["post"] as? String == "twitter:2" })
        #expect(((long["data"] as? [String: Any])?["text"] as? String)?.utf8.count == 100_000, "the 100 KB text is whole")

        let report = try sandbox.verifyReport()
        #expect(report.result.exitCode == 0 && report.events == before + Self.hostileLines.count, "\(report.result)")
        // The SQL text did nothing: the tables are all there and still refuse edits.
        if let sqlite = SQLiteTool.url {
            let tables = try sandbox.runTool(sqlite, [sandbox.ledgerPath, "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name"])
            #expect(tables.stdout.contains("events") && tables.stdout.contains("names"), "\(tables)")
        }
    }

    @Test("one character over a limit is refused with the field and the limit, never a crash")
    func overLimit() throws {
        let sandbox = try CLISandbox()
        try sandbox.initLedger()
        let before = try #require(try sandbox.verifyReport().events)
        try sandbox.write("too-long.jsonl", Line(type: "PostObserved", data: Self.object([
            ("post", .string("twitter:3")), ("account", .string("twitter:someone")), ("url", .string("https://twitter.com/someone/status/3")),
            ("posted_at", .string("2020-03-12T15:03:00Z")), ("kind", .string("original")), ("text", .string(Hostile.long(100_001))),
        ])).text + "\n")
        let result = try sandbox.run(["import", "too-long.jsonl"])
        #expect(result.exitCode == 65 && !result.crashed, "\(result)")
        #expect(result.stderr.contains("data.text") && result.stderr.contains("100000"), "\(result)")
        #expect(try sandbox.verifyReport().events == before)
    }

    @Test("hostile text given as command-line arguments is stored verbatim")
    func argumentsVerbatim() throws {
        let sandbox = try CLISandbox()
        try sandbox.initLedger()
        let name = Hostile.sqlQuote + Hostile.rtl
        let text = Hostile.long(100_000, nul: false)
        try sandbox.succeed(["account", "add", Self.account, "--name", String(name.prefix(200)), "--kind", "embassy", "--country", "RU",
                             "--title", Hostile.script, "--as", "alice"])
        try sandbox.succeed(["observe", "twitter:7'--", "--account", Self.account, "--url", "https://twitter.com/o'brien/status/7?x='--",
                             "--posted-at", "2020-03-12T14:03:00Z", "--kind", "original", "--text", text, "--hashtag", "'; --", "--as", "alice"])
        let flagged = try sandbox.succeed(["flag", "twitter:7'--", "--summary", "Robert'); DROP TABLE claims;-- <script>\u{202E}x",
                                           "--text", Hostile.argv, "--as", "alice", "--json"])
        let claim = try #require(try flagged.jsonObject()["claim"] as? String)
        try sandbox.succeed(["verdict", claim, "--label", "misleading", "--rationale", Hostile.argv, "--evidence", "https://example.org/'../x", "--as", "alice"])

        let events = try sandbox.succeed(["log", "--json"]).jsonLines()
        func data(_ type: String) -> [String: Any]? { events.last { $0["type"] as? String == type }?["data"] as? [String: Any] }
        #expect(data("AccountRegistered")?["display_name"] as? String == String(name.prefix(200)))
        #expect(data("AccountRegistered")?["title"] as? String == Hostile.script)
        #expect(data("PostObserved")?["text"] as? String == text)
        #expect(data("PostObserved")?["hashtags"] as? [String] == ["'; --"])
        #expect(data("ClaimFlagged")?["text"] as? String == Hostile.argv)
        #expect(data("VerdictRecorded")?["rationale"] as? String == Hostile.argv)
        #expect(try sandbox.run(["verify"]).exitCode == 0)
    }

    /// A reference that could escape a folder if it ever became a file name.
    static let escapingReferences = ["twitter:../../x", #"twitter:..\..\x"#, "twitter:a/b", "twitter:x\u{202E}gpj", "twitter:a b", "Twitter:x", ":x", "twitter:"]

    @Test("twitter:../../x and other path-like or spoofing references are refused as platform references, naming the field", arguments: escapingReferences)
    func escapingReference(_ reference: String) throws {
        let sandbox = try CLISandbox()
        try sandbox.initLedger()
        try sandbox.succeed(["account", "add", "twitter:fine", "--name", "Fine", "--kind", "embassy", "--country", "CN", "--as", "alice"])
        let before = try #require(try sandbox.verifyReport().events)
        let observe = ["--url", "https://twitter.com/fine/status/1", "--posted-at", "2020-03-12T14:03:00Z", "--kind", "original", "--as", "alice"]
        let commands: [[String]] = [
            ["account", "add", reference, "--name", "X", "--kind", "embassy", "--country", "CN", "--as", "alice"],
            ["observe", reference, "--account", "twitter:fine"] + observe,
            ["observe", "twitter:1", "--account", reference] + observe,
            ["flag", reference, "--summary", "A claim about something", "--as", "alice"],
        ]
        for command in commands {
            let result = try sandbox.run(command)
            #expect(CleanFailure.problems(result, allowing: [64, 65]).isEmpty, "\(CleanFailure.problems(result, allowing: [64, 65])): \(result)")
            #expect(result.stderr.contains("platform:identifier") || result.stderr.contains("twitter:"), "the message says what a reference looks like: \(result)")
        }
        for (field, line) in [
            ("data.account", Line(type: "AccountRegistered", data: Self.object([("account", .string(reference)), ("display_name", .string("X")), ("kind", .string("embassy")), ("country", .string("CN"))]))),
            ("data.post", Line(type: "PostObserved", data: Self.object([("post", .string(reference)), ("account", .string("twitter:fine")), ("url", .string("https://twitter.com/fine/status/1")), ("posted_at", .string("2020-03-12T14:03:00Z")), ("kind", .string("original"))]))),
        ] {
            try sandbox.write("escape.jsonl", line.text + "\n")
            let result = try sandbox.run(["import", "escape.jsonl"])
            #expect(result.exitCode == 65 && !result.crashed, "\(result)")
            #expect(result.stderr.contains("escape.jsonl:1") && result.stderr.contains(field), "names file:line and \(field): \(result)")
            #expect(result.stderr.contains("platform:identifier"), "\(result)")
        }
        #expect(try sandbox.verifyReport().events == before, "nothing was appended")
    }

    static let scriptURLs = [
        "javascript:alert(1)", "JavaScript:alert(document.cookie)", "javascript://example.org/%0Aalert(1)",
        " javascript:alert(1)", "data:text/html,<script>alert(1)</script>", "vbscript:msgbox(1)", "file:///etc/passwd",
    ]

    @Test("a javascript: (or data:, vbscript:, file:) URL is refused in every URL field, naming the field", arguments: scriptURLs)
    func scriptURL(_ url: String) throws {
        let sandbox = try CLISandbox()
        try sandbox.initLedger()
        try sandbox.succeed(["account", "add", "twitter:fine", "--name", "Fine", "--kind", "embassy", "--country", "CN", "--as", "alice"])
        try sandbox.succeed(["observe", "twitter:1", "--account", "twitter:fine", "--url", "https://twitter.com/fine/status/1",
                             "--posted-at", "2020-03-12T14:03:00Z", "--kind", "original", "--as", "alice"])
        let claim = try #require(try sandbox.succeed(["flag", "twitter:1", "--summary", "A claim about vaccines", "--as", "alice", "--json"]).jsonObject()["claim"] as? String)
        let before = try #require(try sandbox.verifyReport().events)
        let observe = ["observe", "twitter:2", "--account", "twitter:fine", "--posted-at", "2020-03-12T14:03:00Z", "--kind", "original", "--as", "alice"]
        let commands: [[String]] = [
            observe + ["--url", url],
            observe + ["--url", "https://twitter.com/fine/status/2", "--link", url],
            observe + ["--url", "https://twitter.com/fine/status/2", "--archive-url", url],
            ["account", "add", "twitter:other", "--name", "Other", "--kind", "embassy", "--country", "CN", "--profile-url", url, "--as", "alice"],
            ["outlet", "add", "evil-example.org", "--name", "Evil", "--affiliation", "unknown", "--evidence", url, "--as", "alice"],
            ["verdict", claim, "--label", "false", "--rationale", "Wrong", "--evidence", url, "--as", "alice"],
        ]
        for command in commands {
            let result = try sandbox.run(command)
            #expect(CleanFailure.problems(result, allowing: [64, 65]).isEmpty, "\(CleanFailure.problems(result, allowing: [64, 65])): \(result)")
            #expect(result.stderr.contains("http"), "the message says an http(s) URL is expected: \(result)")
        }
        let line = Line(type: "PostObserved", data: Self.object([
            ("post", .string("twitter:3")), ("account", .string("twitter:fine")), ("url", .string(url)),
            ("posted_at", .string("2020-03-12T14:03:00Z")), ("kind", .string("original")),
        ]))
        try sandbox.write("script.jsonl", line.text + "\n")
        let imported = try sandbox.run(["import", "script.jsonl"])
        #expect(imported.exitCode == 65 && imported.stderr.contains("data.url"), "\(imported)")
        #expect(try sandbox.verifyReport().events == before, "nothing was appended")
    }

    @Test("a javascript: value is not accepted as a post reference in amplifies, where a URL is also allowed")
    func scriptAmplifies() throws {
        let sandbox = try CLISandbox()
        try sandbox.initLedger()
        try sandbox.succeed(["account", "add", "twitter:fine", "--name", "Fine", "--kind", "embassy", "--country", "CN", "--as", "alice"])
        let before = try #require(try sandbox.verifyReport().events)
        for value in ["javascript:alert(1)", "JAVASCRIPT:alert(document.cookie)", "data:text/html;base64,PHNjcmlwdD4=", "vbscript:msgbox(1)"] {
            let result = try sandbox.run(["observe", "twitter:5", "--account", "twitter:fine", "--url", "https://twitter.com/fine/status/5",
                                          "--posted-at", "2020-03-12T14:03:00Z", "--kind", "repost", "--amplifies", value, "--as", "alice"])
            #expect(result.exitCode == 65, "\(value) must not be stored as amplified source (a renderer may link it): \(result)")
        }
        #expect(try sandbox.verifyReport().events == before)
    }

    @Test("human-readable output neutralises control characters and bidi overrides from data, so a row cannot be forged")
    func renderedSafely() throws {
        let sandbox = try CLISandbox()
        try sandbox.initLedger()
        // A summary that tries to forge an audit row, move the cursor, retitle the terminal and flip text.
        let forged = "fake\n9  2030-01-01T00:00:00.000Z  bob  VerdictRecorded\r\u{1B}[2J\u{202E}"
        try sandbox.write("render.jsonl", [
            Line(type: "AccountRegistered", data: Self.object([("account", .string("twitter:render")), ("display_name", .string("A\nB\u{1B}]0;x\u{07}")), ("kind", .string("embassy")), ("country", .string("CN"))])),
            Line(type: "PostObserved", data: Self.object([("post", .string("twitter:11")), ("account", .string("twitter:render")), ("url", .string("https://twitter.com/render/status/11")), ("posted_at", .string("2020-03-12T14:03:00Z")), ("kind", .string("original")), ("text", .string(Hostile.all))])),
            Line(type: "ClaimFlagged", data: Self.object([("claim", .string("c-render")), ("summary", .string(forged)), ("post", .string("twitter:11"))])),
        ].map(\.text).joined(separator: "\n") + "\n")
        try sandbox.succeed(["import", "render.jsonl", "--as", "alice"])
        try sandbox.succeed(["reviewer", "add", "mallory", "--name", "Mal\u{1B}[31mlory\u{202E}", "--as", "alice"])

        for command in [["audit", "claim", "c-render"], ["audit", "account", "twitter:render"], ["reviewer", "list"], ["log"]] {
            let human = try sandbox.succeed(command)
            let json = try sandbox.succeed(command + ["--json"]).jsonLines()
            let unsafe = human.stdout.unicodeScalars.filter(Hostile.isUnsafeForTerminal).map { String(format: "U+%04X", $0.value) }
            #expect(unsafe.isEmpty, "`\(command.joined(separator: " "))` prints \(Set(unsafe).sorted()) from data verbatim:\n\(human.stdout)")
            // Tables: one header line, then exactly one line per record.
            if command != ["log"] {
                #expect(human.stdoutLines.count == json.count + 1, "`\(command.joined(separator: " "))` prints \(human.stdoutLines.count - 1) rows for \(json.count) records:\n\(human.stdout)")
            }
        }
    }

    @Test("private keys never appear in the ledger, its -wal, log --json, any other output or an export")
    func keysNeverLeak() throws {
        let sandbox = try CLISandbox()
        try sandbox.initLedger()
        var outputs: [CLIResult] = []
        func record(_ arguments: [String]) throws {
            outputs.append(try sandbox.run(arguments, timeout: 120))
        }
        try record(["reviewer", "add", "bob", "--name", "Bob Lee", "--as", "alice"])
        try InterchangeGenerator.write(to: sandbox.path("judged.jsonl"), count: 300, seed: 5, prefix: "keys", judgments: true)
        try record(["import", "judged.jsonl", "--as", "alice", "--json"])
        try record(["checkpoint"])
        // A reader holds a snapshot, so the -wal keeps what the next writers append.
        let reader = try SQLiteTool.url.map { _ in try SQLiteTool.hold("BEGIN; SELECT count(*) FROM events;", ledger: "factledger.db", in: sandbox) }
        defer { reader?.killNow() }
        try record(["account", "add", "twitter:keys", "--name", "Keys", "--kind", "embassy", "--country", "CN", "--as", "bob", "--json"])
        try record(["observe", "twitter:77", "--account", "twitter:keys", "--url", "https://twitter.com/keys/status/77", "--posted-at", "2020-03-12T14:03:00Z", "--kind", "original", "--as", "bob"])
        let flag = try sandbox.run(["flag", "twitter:77", "--summary", "A claim about keys", "--as", "bob", "--json"])
        outputs.append(flag)
        let claim = (try? flag.jsonObject()["claim"] as? String) ?? "c-missing"
        try record(["verdict", claim, "--label", "false", "--rationale", "Signed by bob", "--as", "bob", "--json"])
        try record(["checkpoint"])
        if reader != nil {
            #expect(FileManager.default.fileExists(atPath: sandbox.ledgerPath + "-wal"), "the reader kept the -wal in place")
        }
        try sandbox.write("published.note", try sandbox.succeed(["checkpoint"]).stdout)
        for arguments in [
            ["log", "--json"], ["log"], ["verify", "--json"], ["verify", "--since", "published.note"], ["ledger-key"], ["reviewer", "list", "--json"],
            ["audit", "claim", claim], ["audit", "claim", claim, "--json"], ["audit", "account", "twitter:keys", "--json"], ["replay"],
            ["prove", "inclusion", "3", "--json"], ["prove", "consistency", "2", "6", "--json"],
        ] {
            try record(arguments)
        }
        // Every export format this build has (skipped when `export` does not exist yet).
        for format in ["jsonl", "csv", "claimreview", "site", "bundle"] {
            try record(["export", format, "--out", "export-\(format)"])
        }
        // And the messages of key failures, which name the file but must not print it.
        let bobKey = sandbox.keysFolder.appendingPathComponent("reviewer-bob.pem").path
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: bobKey)
        try record(["observe", "twitter:78", "--account", "twitter:keys", "--url", "https://twitter.com/keys/status/78", "--posted-at", "2020-03-12T14:03:00Z", "--kind", "original", "--as", "bob"])
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: bobKey)

        let needles = try KeyNeedles(folder: sandbox.keysFolder)
        try #require(needles.keys.count >= 3, "alice, bob and the ledger key are in the key folder")
        // Positive control: the needles are found where the keys are.
        for key in needles.keys { #expect(!needles.matches(in: key.file).isEmpty, "the needles find \(key.name) in its own file") }

        var haystacks: [(String, [UInt8])] = try sandbox.workFiles().map { ("file \($0.name)", $0.bytes) }
        for output in outputs {
            haystacks.append(("stdout of `\(output.command)`", Array(output.stdout.utf8)))
            haystacks.append(("stderr of `\(output.command)`", Array(output.stderr.utf8)))
        }
        // Leaves in log --json are base64: search them decoded too.
        for output in outputs where output.arguments.first == "log" && output.arguments.contains("--json") {
            for line in (try? output.jsonLines()) ?? [] {
                if let leaf = (line["leaf"] as? String).flatMap({ Data(base64Encoded: $0) }) { haystacks.append(("a decoded leaf", [UInt8](leaf))) }
            }
        }
        #expect(haystacks.contains { $0.0 == "file factledger.db" })
        for (name, bytes) in haystacks {
            let found = needles.matches(in: bytes)
            #expect(found.isEmpty, "\(name) holds private key material: \(found)")
        }
    }
}

/// The forms in which a private key could leak: the PEM text and base64 body, the PKCS#8 DER,
/// and the raw 32-byte Ed25519 seed, itself raw, in base64 and in hex.
struct KeyNeedles {
    struct Key {
        let name: String
        let file: [UInt8]
        let forms: [(String, [UInt8])]
    }

    let keys: [Key]

    init(folder: URL) throws {
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".pem") }.sorted()
        keys = try names.map { name in
            let file = try [UInt8](Data(contentsOf: folder.appendingPathComponent(name)))
            let text = String(decoding: file, as: UTF8.self)
            let body = text.split(separator: "\n").filter { !$0.hasPrefix("-----") }.joined()
            let der = try #require(Data(base64Encoded: body), "\(name) holds base64")
            let seed = [UInt8](der.suffix(32))
            return Key(name: name, file: file, forms: [
                ("PEM base64 body", Array(body.utf8)),
                ("PKCS#8 DER", [UInt8](der)),
                ("raw 32-byte key", seed),
                ("base64 of the raw key", Array(Data(seed).base64EncodedString().utf8)),
                ("base64url of the raw key", Array(Data(seed).base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_").utf8)),
                ("hex of the raw key", Array(seed.map { String(format: "%02x", $0) }.joined().utf8)),
                ("HEX of the raw key", Array(seed.map { String(format: "%02X", $0) }.joined().utf8)),
            ])
        }
    }

    /// Which key forms occur in `haystack`.
    func matches(in haystack: [UInt8]) -> [String] {
        var found: [String] = []
        for key in keys {
            for (form, needle) in key.forms where Self.contains(haystack, needle) { found.append("\(form) of \(key.name)") }
        }
        return found
    }

    static func contains(_ haystack: [UInt8], _ needle: [UInt8]) -> Bool {
        guard !needle.isEmpty, haystack.count >= needle.count else { return false }
        let first = needle[0]
        var index = 0
        let last = haystack.count - needle.count
        while index <= last {
            if haystack[index] == first, haystack[index..<(index + needle.count)].elementsEqual(needle) { return true }
            index += 1
        }
        return false
    }
}
