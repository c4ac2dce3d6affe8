// End-to-end support: these tests run the real `factledger` binary as a subprocess, each in
// its own temporary folder, with a clean environment. Nothing here calls the libraries.
import Foundation
import Workload
import Testing

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// What one run of the binary printed and how it ended.
struct CLIResult: CustomStringConvertible {
    /// The program's name, such as `factledger` or `python3`.
    let program: String
    let arguments: [String]
    let stdout: String
    let stderr: String
    /// The exit status, or the signal number when `crashed`.
    let exitCode: Int32
    /// Whether the process was ended by a signal (a crash) rather than exiting.
    let crashed: Bool
    /// Whether the run was killed for exceeding its timeout.
    let timedOut: Bool

    /// The non-empty lines of stdout.
    var stdoutLines: [String] {
        stdout.split(separator: "\n", omittingEmptySubsequences: true).map(String.init)
    }

    /// stdout parsed as one JSON object.
    func jsonObject() throws -> [String: Any] {
        let object = try JSONSerialization.jsonObject(with: Data(stdout.utf8))
        return try #require(object as? [String: Any], "stdout of \(command) is not a JSON object: \(stdout.prefix(400))")
    }

    /// stdout parsed as JSON lines, one object per line.
    func jsonLines() throws -> [[String: Any]] {
        try stdoutLines.enumerated().map { index, line in
            let object = try JSONSerialization.jsonObject(with: Data(line.utf8))
            return try #require(object as? [String: Any], "line \(index + 1) of \(command) is not a JSON object: \(line.prefix(400))")
        }
    }

    var command: String { ([program] + arguments).joined(separator: " ") }

    var description: String {
        let ending = timedOut ? "timed out" : crashed ? "crashed with signal \(exitCode)" : "exit \(exitCode)"
        return "`\(command)` → \(ending)\n--- stdout ---\n\(stdout.prefix(2000))\n--- stderr ---\n\(stderr.prefix(2000))"
    }
}

/// A command that had to succeed did not.
struct CLIFailure: Error, CustomStringConvertible {
    let description: String
}

/// Finds and runs the binary.
enum CLIRunner {
    /// The `factledger` executable under test, found once.
    static let binary: Result<URL, CLIFailure> = locate()

    /// Where to find the binary: `FACTLEDGER_BIN`; else beside the running test bundle; else
    /// `<package root>/.build/debug/factledger`.
    private static func locate() -> Result<URL, CLIFailure> {
        let files = FileManager.default
        func isExecutable(_ url: URL) -> Bool {
            var isDirectory: ObjCBool = false
            return files.fileExists(atPath: url.path, isDirectory: &isDirectory) && !isDirectory.boolValue
                && files.isExecutableFile(atPath: url.path)
        }
        if let given = ProcessInfo.processInfo.environment["FACTLEDGER_BIN"], !given.isEmpty {
            let url = URL(fileURLWithPath: given)
            return isExecutable(url) ? .success(url) : .failure(CLIFailure(description: "FACTLEDGER_BIN=\(given) is not an executable file"))
        }
        var starts = [Bundle.main.bundleURL]
        if let first = CommandLine.arguments.first, !first.isEmpty {
            starts.append(URL(fileURLWithPath: first).deletingLastPathComponent())
        }
        for start in starts {
            var folder = start.standardizedFileURL
            for _ in 0..<5 {
                let candidate = folder.appendingPathComponent("factledger")
                if isExecutable(candidate) { return .success(candidate) }
                let parent = folder.deletingLastPathComponent()
                if parent.path == folder.path { break }
                folder = parent
            }
        }
        let fallback = packageRoot.appendingPathComponent(".build/debug/factledger")
        if isExecutable(fallback) { return .success(fallback) }
        return .failure(CLIFailure(description: "cannot find the factledger binary: set FACTLEDGER_BIN, or run `swift build` (looked beside \(starts.map(\.path)) and at \(fallback.path))"))
    }

    /// The package root: three folders up from this file (Tests/CLITests/Support).
    static var packageRoot: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
    }

    /// The folder of the outside verifier script.
    static var scriptsFolder: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Scripts")
    }

    /// The parent's environment without any FACTLEDGER_* variable, with colour and TTY effects off.
    static func cleanEnvironment() -> [String: String] {
        var environment = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("FACTLEDGER_") }
        environment["NO_COLOR"] = "1"
        environment["TERM"] = "dumb"
        return environment
    }
}

/// A launched process whose output goes to files, so a large output never blocks a pipe.
final class RunningCommand {
    let program: String
    let arguments: [String]
    private let process: Process
    private let outputURL: URL
    private let errorURL: URL
    private let finished = DispatchSemaphore(value: 0)

    /// Starts `executable` with `arguments` in `directory`.
    init(executable: URL, arguments: [String], directory: URL, environment: [String: String], stdin: Data?, scratch: URL) throws {
        self.arguments = arguments
        program = executable.lastPathComponent
        let token = UUID().uuidString
        outputURL = scratch.appendingPathComponent("stdout-\(token)")
        errorURL = scratch.appendingPathComponent("stderr-\(token)")
        let files = FileManager.default
        guard files.createFile(atPath: outputURL.path, contents: nil), files.createFile(atPath: errorURL.path, contents: nil) else {
            throw CLIFailure(description: "cannot create output files in \(scratch.path)")
        }
        process = Process()
        process.executableURL = executable
        process.arguments = arguments
        process.currentDirectoryURL = directory
        process.environment = environment
        process.standardOutput = try FileHandle(forWritingTo: outputURL)
        process.standardError = try FileHandle(forWritingTo: errorURL)
        if let stdin {
            let inputURL = scratch.appendingPathComponent("stdin-\(token)")
            guard files.createFile(atPath: inputURL.path, contents: stdin) else {
                throw CLIFailure(description: "cannot create the stdin file in \(scratch.path)")
            }
            process.standardInput = try FileHandle(forReadingFrom: inputURL)
        } else {
            process.standardInput = FileHandle.nullDevice
        }
        let finished = self.finished
        process.terminationHandler = { _ in finished.signal() }
        try process.run()
    }

    /// Waits for the process, killing it after `timeout` seconds.
    func wait(timeout: TimeInterval) -> CLIResult {
        var timedOut = false
        if finished.wait(timeout: .now() + timeout) == .timedOut {
            timedOut = true
            process.terminate()
            if finished.wait(timeout: .now() + 3) == .timedOut {
                kill(process.processIdentifier, SIGKILL)
                finished.wait()
            }
        }
        let output = (try? Data(contentsOf: outputURL)) ?? Data()
        let error = (try? Data(contentsOf: errorURL)) ?? Data()
        return CLIResult(
            program: program,
            arguments: arguments,
            stdout: String(decoding: output, as: UTF8.self),
            stderr: String(decoding: error, as: UTF8.self),
            exitCode: process.terminationStatus,
            crashed: process.terminationReason == .uncaughtSignal,
            timedOut: timedOut)
    }
}

/// A temporary folder for one test: its own key folder (`XDG_CONFIG_HOME`), its own ledger
/// (`./factledger.db` by default), removed when the test ends.
final class CLISandbox {
    let directory: URL
    let configHome: URL
    private let scratch: URL

    init() throws {
        let base = FileManager.default.temporaryDirectory.appendingPathComponent("factledger-cli-\(UUID().uuidString)")
        directory = base.appendingPathComponent("work")
        configHome = base.appendingPathComponent("config")
        scratch = base.appendingPathComponent("scratch")
        for folder in [directory, configHome, scratch] {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        }
    }

    deinit {
        try? FileManager.default.removeItem(at: directory.deletingLastPathComponent())
    }

    /// A path inside the sandbox.
    func path(_ name: String) -> String { directory.appendingPathComponent(name).path }

    /// The default ledger file.
    var ledgerPath: String { path("factledger.db") }

    /// The key folder the binary uses.
    var keysFolder: URL { configHome.appendingPathComponent("factledger/keys") }

    /// The environment for the subprocess: the parent's without FACTLEDGER_*, plus overrides.
    func environment(_ overrides: [String: String]) -> [String: String] {
        var environment = CLIRunner.cleanEnvironment()
        environment["XDG_CONFIG_HOME"] = configHome.path
        for (key, value) in overrides { environment[key] = value }
        return environment
    }

    /// Starts the binary without waiting for it.
    func launch(_ arguments: [String], stdin: Data? = nil, environment overrides: [String: String] = [:]) throws -> RunningCommand {
        let executable = try CLIRunner.binary.get()
        return try RunningCommand(
            executable: executable, arguments: arguments, directory: directory,
            environment: environment(overrides), stdin: stdin, scratch: scratch)
    }

    /// Runs the binary and waits for it.
    @discardableResult
    func run(_ arguments: [String], stdin: Data? = nil, environment overrides: [String: String] = [:], timeout: TimeInterval = 60) throws -> CLIResult {
        try launch(arguments, stdin: stdin, environment: overrides).wait(timeout: timeout)
    }

    /// Runs the binary and throws unless it exits 0.
    @discardableResult
    func succeed(_ arguments: [String], stdin: Data? = nil, environment overrides: [String: String] = [:], timeout: TimeInterval = 60) throws -> CLIResult {
        let result = try run(arguments, stdin: stdin, environment: overrides, timeout: timeout)
        guard result.exitCode == 0, !result.crashed, !result.timedOut else {
            throw CLIFailure(description: "expected success:\n\(result)")
        }
        return result
    }

    /// Runs any program (python3, sqlite3) in the sandbox with the same clean environment.
    func runTool(_ executable: URL, _ arguments: [String], timeout: TimeInterval = 60) throws -> CLIResult {
        try RunningCommand(executable: executable, arguments: arguments, directory: directory, environment: environment([:]), stdin: nil, scratch: scratch)
            .wait(timeout: timeout)
    }

    /// `factledger init` with an admin `alice`.
    func initLedger(org: String = "Example Fact Desk", admin: String = "alice", ledger: String? = nil) throws {
        try succeed(["init", "--org", org, "--admin", admin, "--name", "Alice Chen"] + (ledger.map { ["--ledger", $0] } ?? []))
    }

    /// The lines of `log --json`, as `wc -l` would count them.
    func eventCount(ledger: String? = nil) throws -> Int {
        try succeed(["log", "--json"] + (ledger.map { ["--ledger", $0] } ?? [])).stdoutLines.count
    }

    /// Writes `text` to a file in the sandbox and returns its path.
    @discardableResult
    func write(_ name: String, _ text: String) throws -> String {
        let target = path(name)
        try Data(text.utf8).write(to: URL(fileURLWithPath: target))
        return target
    }

    /// Reads a file in the sandbox.
    func read(_ name: String) throws -> Data {
        try Data(contentsOf: URL(fileURLWithPath: path(name)))
    }
}

/// Finds a program on PATH (or at a fixed place), for python3 and sqlite3.
enum ExternalTool {
    static func find(_ name: String, preferring fixed: String? = nil) -> URL? {
        let files = FileManager.default
        if let fixed, files.isExecutableFile(atPath: fixed) { return URL(fileURLWithPath: fixed) }
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
        for folder in path.split(separator: ":") {
            let candidate = URL(fileURLWithPath: String(folder)).appendingPathComponent(name)
            if files.isExecutableFile(atPath: candidate.path) { return candidate }
        }
        return nil
    }
}

// MARK: - Interchange fixtures

/// The seeded SplitMix64 generator of the Workload module, so a seed always gives the same file.
typealias SeededGenerator = Workload.SeededGenerator

/// A JSON value written exactly as the generator wants it (member order kept, Unicode raw).
indirect enum FixtureJSON {
    case string(String)
    case number(Int)
    case bool(Bool)
    case array([FixtureJSON])
    case object([(String, FixtureJSON)])

    var text: String {
        switch self {
        case .string(let value): return FixtureJSON.quote(value)
        case .number(let value): return String(value)
        case .bool(let value): return value ? "true" : "false"
        case .array(let items): return "[" + items.map(\.text).joined(separator: ",") + "]"
        case .object(let members): return "{" + members.map { FixtureJSON.quote($0.0) + ":" + $0.1.text }.joined(separator: ",") + "}"
        }
    }

    static func quote(_ text: String) -> String {
        var output = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": output += "\\\""
            case "\\": output += "\\\\"
            case "\n": output += "\\n"
            case "\r": output += "\\r"
            case "\t": output += "\\t"
            case let control where control.value < 0x20:
                output += String(format: "\\u%04x", control.value)
            default: output.unicodeScalars.append(scalar)
            }
        }
        return output + "\""
    }
}

/// What the generator wrote, so tests can check the ledger against it.
struct GeneratedFile {
    let path: String
    /// Lines (events) written.
    let lineCount: Int
    /// Lines per event type.
    let typeCounts: [String: Int]
    /// The one post whose text holds ``InterchangeGenerator/marker``.
    let markerPost: String?
    /// Claim ids flagged, in order.
    let claims: [String]

    var judgmentCount: Int {
        ["ClaimFlagged", "AppearanceRecorded", "SourceAttributed", "VerdictRecorded"].reduce(0) { $0 + typeCounts[$1, default: 0] }
    }
}

/// Writes interchange JSONL (DESIGN §4) of realistic shapes: accounts `twitter:…`, outlets,
/// posts with Unicode text, hashtags, linked URLs and engagement, later engagement readings,
/// and optionally judgments. Deterministic from the seed; `prefix` keeps files distinct.
enum InterchangeGenerator {
    /// A word that appears in exactly one post (for tamper tests that edit a leaf).
    static let marker = "Example"

    /// Outlets are the same in every file, so two files overlap on them (idempotent imports).
    static let outlets: [(domain: String, name: String, affiliation: String, country: String)] = [
        ("globaltimes.cn", "Global Times 环球时报", "state_controlled", "CN"),
        ("rt.com", "RT (Russia Today)", "state_controlled", "RU"),
        ("cgtn.com", "CGTN", "state_controlled", "CN"),
        ("dw.com", "Deutsche Welle", "state_funded", "DE"),
        ("reuters.com", "Reuters", "independent", "GB"),
    ]

    static let texts = [
        "外交部发言人：病毒可能最早出现在别处 #COVID19 #病毒",
        "Посольство сообщает: «новые данные» о лаборатории #SputnikV",
        "مؤتمر صحفي اليوم حول اللقاحات #لقاح",
        "Η δήλωση του υπουργείου για τα εμβόλια 💉 #vaccines",
        "Read the \"full report\" here → https://t.co/abc \\ thread 🧵 #Xinjiang",
        "Press briefing 3/12:\nQ&A on supply chains #trade #WTO",
        "Olá! Cooperação em saúde pública 🇧🇷🤝🇨🇳 #saúde",
        "Zhao: \"US Army may have brought the epidemic\" #COVID19 #Wuhan",
        "日本語のテキスト：記者会見のお知らせ #会見",
        "Emoji and combining marks: e\u{301}te\u{301} 👩🏽‍🔬 #science",
    ]

    static let summaries = [
        "Virus origin attributed to a foreign army lab",
        "Vaccine trial results were hidden from the public",
        "Protest numbers were inflated by foreign media",
        "Sanctions alone caused the medicine shortage",
        "Election observers were barred from polling stations",
        "疫苗 shipments were diverted to another country",
    ]

    static let labels = ["true", "mostly-true", "mixture", "misleading", "mostly-false", "false", "unproven", "satire"]

    /// Writes `count` lines to `path`.
    @discardableResult
    static func write(to path: String, count: Int, seed: UInt64, prefix: String, judgments: Bool = false) throws -> GeneratedFile {
        var random = SeededGenerator(seed: seed ^ UInt64(truncatingIfNeeded: prefix.hashValueStable))
        let slug = String(prefix.lowercased().unicodeScalars.filter { ($0 >= "a" && $0 <= "z") || ($0 >= "0" && $0 <= "9") || $0 == "-" })
        let numeric = prefix.hashValueStable % 9_000_000 + 1_000_000
        var lines: [String] = []
        var typeCounts: [String: Int] = [:]
        var claims: [String] = []
        var markerPost: String?
        func emit(_ type: String, _ data: [(String, FixtureJSON)], occurredAt: String? = nil) {
            var members: [(String, FixtureJSON)] = [("type", .string(type))]
            if let occurredAt { members.append(("occurred_at", .string(occurredAt))) }
            members.append(("data", .object(data)))
            lines.append(FixtureJSON.object(members).text)
            typeCounts[type, default: 0] += 1
        }
        let epoch = 1_577_836_800  // 2020-01-01T00:00:00Z
        let formatter = ISO8601DateFormatter()
        formatter.timeZone = TimeZone(identifier: "UTC")
        func time(_ seconds: Int) -> String {
            formatter.string(from: Date(timeIntervalSince1970: TimeInterval(seconds)))
        }

        // Registry: accounts for this prefix, and the shared outlets.
        let accountCount = max(1, min(12, count / 40))
        let kinds = ["diplomat", "embassy", "ministry", "state_media", "other"]
        let countries = ["CN", "RU", "IR", "VE", "BY"]
        var accounts: [String] = []
        for index in 0..<accountCount where lines.count < count {
            let handle = "\(slug.replacingOccurrences(of: "-", with: "_"))_acct\(index)"
            accounts.append("twitter:\(handle)")
            emit("AccountRegistered", [
                ("account", .string("twitter:\(handle)")),
                ("display_name", .string(["发言人 \(index)", "Посольство \(index)", "Embassy \(index) 🇺🇳"][index % 3])),
                ("kind", .string(kinds[index % kinds.count])),
                ("country", .string(countries[index % countries.count])),
                ("title", .string("Spokesperson")),
                ("profile_url", .string("https://twitter.com/\(handle)")),
                ("platform_user_id", .string("\(numeric)\(index)")),
            ])
        }
        for outlet in outlets where lines.count < count {
            emit("OutletRegistered", [
                ("domain", .string(outlet.domain)), ("name", .string(outlet.name)),
                ("affiliation", .string(outlet.affiliation)), ("country", .string(outlet.country)),
                ("basis", .string("Ownership and editorial control as documented")),
                ("evidence_url", .string("https://en.wikipedia.org/wiki/\(outlet.domain)")),
            ])
        }
        if accounts.isEmpty { accounts = ["twitter:\(slug)_acct0"] }

        // Observations, with judgment groups every few posts when asked.
        var posts: [(reference: String, postedAt: Int)] = []
        var engaged: Set<String> = []
        let markerIndex = lines.count + (count - lines.count) / 2
        var postNumber = 0
        while lines.count < count {
            let remaining = count - lines.count
            if judgments, posts.count >= 2, postNumber % 6 == 5, remaining >= 4 {
                let claim = "c-\(slug)-\(claims.count + 1)"
                claims.append(claim)
                let post = posts[posts.count - 1]
                let other = posts[Int.random(in: 0..<(posts.count - 1), using: &random)]
                emit("ClaimFlagged", [
                    ("claim", .string(claim)),
                    ("summary", .string(summaries[claims.count % summaries.count])),
                    ("post", .string(post.reference)),
                    ("text", .string(texts[Int.random(in: 0..<texts.count, using: &random)])),
                    ("language", .string(["en", "zh-Hans", "ru"][claims.count % 3])),
                    ("topics", .array([.string("covid-origin"), .string("диппредставительства")])),
                ])
                emit("AppearanceRecorded", [
                    ("claim", .string(claim)), ("post", .string(other.reference)),
                    ("relation", .string(["asserts", "repeats", "amplifies", "quotes_critically"][Int.random(in: 0..<4, using: &random)])),
                ])
                let outlet = outlets[Int.random(in: 0..<outlets.count, using: &random)].domain
                emit("SourceAttributed", [
                    ("outlet", .string(outlet)), ("claim", .string(claim)), ("post", .string(post.reference)),
                    ("via", .string(["link", "repost", "quote", "citation"][Int.random(in: 0..<4, using: &random)])),
                    ("confidence", .string(["confirmed", "probable", "possible"][Int.random(in: 0..<3, using: &random)])),
                    ("evidence_url", .string("https://\(outlet)/article/\(claims.count)")),
                ])
                emit("VerdictRecorded", [
                    ("verdict", .string("v-\(slug)-\(claims.count)")), ("claim", .string(claim)),
                    ("label", .string(labels[Int.random(in: 0..<labels.count, using: &random)])),
                    ("rationale", .string("Checked against primary sources; see the evidence. 已核实。")),
                    ("evidence", .array([.string("https://www.who.int/report/\(claims.count)"), .string("https://archive.org/details/\(slug)-\(claims.count)")])),
                ])
                postNumber += 1
                continue
            }
            if posts.count >= 3, Int.random(in: 0..<10, using: &random) == 0 {
                let candidate = posts[Int.random(in: 0..<posts.count, using: &random)]
                if !engaged.contains(candidate.reference) {
                    engaged.insert(candidate.reference)
                    emit("EngagementObserved", [
                        ("post", .string(candidate.reference)),
                        ("observed_at", .string(time(candidate.postedAt + 86_400 * 3))),
                        ("likes", .number(Int.random(in: 0...90_000, using: &random))),
                        ("reposts", .number(Int.random(in: 0...20_000, using: &random))),
                        ("replies", .number(Int.random(in: 0...5_000, using: &random))),
                        ("quotes", .number(Int.random(in: 0...3_000, using: &random))),
                        ("views", .number(Int.random(in: 0...9_000_000, using: &random))),
                    ])
                    continue
                }
            }
            let account = accounts[Int.random(in: 0..<accounts.count, using: &random)]
            let handle = String(account.dropFirst("twitter:".count))
            let identifier = "\(numeric)\(String(format: "%07d", postNumber))"
            let reference = "twitter:\(identifier)"
            let postedAt = epoch + postNumber * 3_600 + Int.random(in: 0..<3_600, using: &random)
            var text = texts[Int.random(in: 0..<texts.count, using: &random)]
            if markerPost == nil, lines.count >= markerIndex {
                text = "\(marker) of a marked post: \(text)"
                markerPost = reference
            }
            let kindRoll = Int.random(in: 0..<20, using: &random)
            let kind = posts.isEmpty ? "original" : kindRoll < 10 ? "original" : kindRoll < 15 ? "repost" : kindRoll < 18 ? "quote" : "reply"
            let outlet = outlets[Int.random(in: 0..<outlets.count, using: &random)].domain
            var data: [(String, FixtureJSON)] = [
                ("post", .string(reference)),
                ("account", .string(account)),
                ("url", .string("https://twitter.com/\(handle)/status/\(identifier)")),
                ("posted_at", .string(time(postedAt))),
                ("kind", .string(kind)),
                ("text", .string(text)),
            ]
            if kind != "original", let earlier = posts.last {
                data.append(("amplifies", .string(kind == "quote" ? "https://\(outlet)/news/\(postNumber)" : earlier.reference)))
            }
            data.append(("language", .string(["zh", "ru", "ar", "el", "en", "en", "pt", "en", "ja", "en"][postNumber % 10])))
            data.append(("linked_urls", .array([.string("https://\(outlet)/news/\(postNumber)?utm=twitter&lang=zh")])))
            data.append(("hashtags", .array([.string("COVID19"), .string(["病毒", "vaccines", "Xinjiang", "saúde"][postNumber % 4])])))
            var engagement: [(String, FixtureJSON)] = [
                ("likes", .number(Int.random(in: 0...50_000, using: &random))),
                ("reposts", .number(Int.random(in: 0...10_000, using: &random))),
                ("replies", .number(Int.random(in: 0...2_000, using: &random))),
                ("quotes", .number(Int.random(in: 0...1_000, using: &random))),
            ]
            if postNumber % 2 == 0 { engagement.append(("views", .number(Int.random(in: 0...5_000_000, using: &random)))) }
            data.append(("engagement", .object(engagement)))
            if postNumber % 5 == 0 { data.append(("archive_url", .string("https://web.archive.org/web/2020/https://twitter.com/\(handle)/status/\(identifier)"))) }
            emit("PostObserved", data, occurredAt: postNumber % 4 == 0 ? time(postedAt) : nil)
            posts.append((reference, postedAt))
            postNumber += 1
        }
        let text = lines.joined(separator: "\n") + "\n"
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        return GeneratedFile(path: path, lineCount: lines.count, typeCounts: typeCounts, markerPost: markerPost, claims: claims)
    }
}

extension String {
    /// A hash that is the same in every run (Swift's `hashValue` is seeded per process).
    var hashValueStable: Int {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01B3
        }
        return Int(hash % UInt64(Int32.max))
    }
}
