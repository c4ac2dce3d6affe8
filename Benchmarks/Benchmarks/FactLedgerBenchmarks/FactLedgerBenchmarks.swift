// The benchmarks of issue 8: append, one durable append, import, replay, verify, proofs and
// the parse of each input format, each beside the raw SQLite baseline measured in the same run.
// Every ledger lives in its own temporary folder with its own key folder, and every workload
// comes from WorkloadGenerator, so two runs measure the same bytes.
import Benchmark
import Events
import Foundation
import Ingest
import Ledger
import Projections
import SQLite
import Workload

// MARK: sizes

/// Events in the workload (override with FACTLEDGER_BENCH_EVENTS; a multiple of 1,000).
let workloadSize = ProcessInfo.processInfo.environment["FACTLEDGER_BENCH_EVENTS"].flatMap(Int.init) ?? 20_000
/// Events per transaction in the bulk benchmarks, as in the peer's measurement.
let batchSize = 1_000
/// Lines generated past the workload, appended one by one by the single-append benchmark.
let spareCount = 1_000
/// The reviewer who signs the workload's judgments.
let reviewerHandle = "bench"

let eventsPerSecond = BenchmarkMetric.custom("events/s", polarity: .prefersLarger, useScalingFactor: false)

// MARK: fixtures

/// A temporary folder holding ledgers and a key folder; removed when the process exits.
final class Scratch: @unchecked Sendable {
    let directory: String
    let keys: KeyStore
    private var counter = 0

    init(_ name: String) throws {
        let template = FileManager.default.temporaryDirectory.path + "/factledger-bench-\(name)-XXXXXX"
        var bytes = Array(template.utf8CString)
        guard let made = mkdtemp(&bytes) else { throw BenchError("cannot create a temporary folder from \(template)") }
        directory = String(cString: made)
        keys = KeyStore(directory: directory + "/keys")
        Scratch.removeAtExit(directory)
    }

    // Fixtures live in statics, whose deinit never runs, so the folders go at exit.
    nonisolated(unsafe) private static var folders: [String] = []
    private static let cleanup: Void = {
        atexit { for folder in Scratch.folders { try? FileManager.default.removeItem(atPath: folder) } }
    }()

    private static func removeAtExit(_ folder: String) {
        _ = cleanup
        folders.append(folder)
    }

    /// A path for a new file in this folder.
    func newPath(_ stem: String) -> String {
        counter += 1
        return "\(directory)/\(stem)-\(counter).db"
    }

    /// A new, empty ledger (five setup events) whose admin is `reviewerHandle`.
    func newLedger() throws -> EventLog {
        try LedgerSetup.create(path: newPath("ledger"), org: "Bench Desk", admin: reviewerHandle, adminName: "Bench Reviewer", keys: keys).log
    }

    /// The reviewer who signs judgments: the admin every `newLedger` registers, whose key is
    /// made on first use and shared by the folder's ledgers.
    func signer() throws -> ReviewerSigner {
        ReviewerSigner(handle: reviewerHandle, key: try keys.loadOrCreate(path: keys.reviewerKeyPath(reviewerHandle), whose: "reviewer \(reviewerHandle)"))
    }

    /// Removes a ledger file and its WAL, so a long run does not fill the disk.
    func remove(_ path: String) {
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
    }
}

struct BenchError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// The workload: `workloadSize + spareCount` interchange lines in generation order, and the
/// first `workloadSize` of them as a file.
final class Workload: @unchecked Sendable {
    let scratch: Scratch
    let lines: [[UInt8]]
    let jsonlPath: String

    init() throws {
        scratch = try Scratch("workload")
        lines = Array(WorkloadGenerator(eventCount: workloadSize + spareCount, seed: 8))
        jsonlPath = scratch.directory + "/workload.jsonl"
        try write(lines.prefix(workloadSize), to: jsonlPath)
    }

    static let shared = Lazy { try Workload() }
}

/// A value made on first use, once per benchmark process.
final class Lazy<Value>: @unchecked Sendable {
    private var value: Value?
    private let make: () throws -> Value

    init(_ make: @escaping () throws -> Value) { self.make = make }

    func get() throws -> Value {
        if let value { return value }
        let made = try make()
        value = made
        return made
    }
}

extension Scratch {
    /// `lines` as the importer would append them: judgments signed by this folder's reviewer.
    func pendingEvents(_ lines: some Sequence<[UInt8]>) throws -> [PendingEvent] {
        let signer = try signer()
        let now = SystemClock().now()
        return try lines.map { bytes in
            let line = try InterchangeLine(bytes: bytes)
            if line.requiresSignature {
                return try PendingEvent.signed(envelope: line.envelope(author: signer.handle, now: now), payload: line.payload, key: signer.key)
            }
            return PendingEvent(envelope: line.envelope(author: "import:jsonl", now: now), payload: line.payload, signature: nil)
        }
    }

    /// A new ledger holding the workload file, imported as `factledger import --as` does.
    func importedLedger(_ workload: Workload) throws -> EventLog {
        let log = try newLedger()
        _ = try JSONLImporter(signer: try signer()).run(path: workload.jsonlPath, into: log, now: SystemClock().now())
        return log
    }
}

/// A ledger holding the workload, for the read-only benchmarks, and the leaf bytes of its rows.
final class LoadedLedger: @unchecked Sendable {
    let scratch: Scratch
    let log: EventLog
    let size: Int64
    let leaves: [[UInt8]]

    init(_ workload: Workload) throws {
        scratch = try Scratch("loaded")
        log = try scratch.importedLedger(workload)
        size = try log.head().size
        var leaves: [[UInt8]] = []
        try log.read(from: 1, through: nil) { leaves.append($0.leaf) }
        self.leaves = leaves
    }

    static let shared = Lazy { try LoadedLedger(try Workload.shared.get()) }
}

func write(_ lines: some Sequence<[UInt8]>, to path: String) throws {
    var bytes: [UInt8] = []
    for line in lines {
        bytes.append(contentsOf: line)
        bytes.append(0x0A)
    }
    guard FileManager.default.createFile(atPath: path, contents: Data(bytes)) else { throw BenchError("cannot write \(path)") }
}

/// Runs `body`, records `count / seconds` as events/s, and returns its result.
func measureRate<Result>(_ benchmark: Benchmark, count: Int, _ body: () throws -> Result) rethrows -> Result {
    let clock = ContinuousClock()
    benchmark.startMeasurement()
    let started = clock.now
    let result = try body()
    let elapsed = clock.now - started
    benchmark.stopMeasurement()
    let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
    benchmark.measurement(eventsPerSecond, Int((Double(count) / max(seconds, 1e-9)).rounded()))
    return result
}

// MARK: raw SQLite baseline

/// A plain table in WAL mode with synchronous FULL: the floor under every append.
func rawTable(at path: String) throws -> Connection {
    let connection = try Connection(path: path, mode: .create)
    try connection.execute("PRAGMA journal_mode=WAL")
    try connection.execute("PRAGMA synchronous=FULL")
    try connection.execute("CREATE TABLE rows (position INTEGER PRIMARY KEY, leaf BLOB NOT NULL)")
    return connection
}

/// Inserts `leaves` with one prepared statement, `batchSize` rows per transaction.
func rawInsert(_ leaves: [[UInt8]], into connection: Connection, firstPosition: Int64 = 1) throws {
    let insert = try connection.prepare("INSERT INTO rows (position, leaf) VALUES (?, ?)")
    var position = firstPosition
    var start = 0
    while start < leaves.count {
        let end = min(start + batchSize, leaves.count)
        try connection.writeTransaction {
            for leaf in leaves[start..<end] {
                try insert.run([.integer(position), .blob(leaf)])
                position += 1
            }
        }
        start = end
    }
}

// MARK: other formats, made from the workload's posts

/// The workload's posts as twarc2 streamed lines and as CSV rows with the documented header.
struct ArchiveFiles {
    var twarc2Lines: [[UInt8]] = []
    var csvRows: [String] = [CSVPostHeader.line]

    init(_ lines: [[UInt8]]) throws {
        for bytes in lines {
            guard case .object(let line) = try JSONParser.parse(bytes), line["type"]?.stringValue == "PostObserved",
                  let data = line["data"]?.objectValue else { continue }
            twarc2Lines.append(ArchiveFiles.twarc2(data))
            csvRows.append(ArchiveFiles.csv(data))
        }
    }

    static func identifier(_ value: JSONValue?) -> String {
        let text = value?.stringValue ?? ""
        return String(text[text.index(after: text.firstIndex(of: ":") ?? text.startIndex)...])
    }

    static func strings(_ value: JSONValue?) -> [String] { (value?.arrayValue ?? []).compactMap(\.stringValue) }

    static func count(_ engagement: JSONObject?, _ key: String) -> JSONValue { engagement?[key] ?? .number("0") }

    static func twarc2(_ data: JSONObject) -> [UInt8] {
        let id = identifier(data["post"])
        let handle = identifier(data["account"])
        let userID = String(abs(handle.hashValue % 1_000_000_000) + 1)
        var tweet = JSONObjectBuilder()
        tweet.add("id", id)
        tweet.add("text", data["text"]?.stringValue)
        tweet.add("author_id", userID)
        tweet.add("created_at", data["posted_at"]?.stringValue)
        tweet.add("lang", data["language"]?.stringValue)
        let engagement = data["engagement"]?.objectValue
        var metrics = JSONObjectBuilder()
        metrics.add("like_count", count(engagement, "likes"))
        metrics.add("retweet_count", count(engagement, "reposts"))
        metrics.add("reply_count", count(engagement, "replies"))
        metrics.add("quote_count", count(engagement, "quotes"))
        tweet.add("public_metrics", metrics.value)
        var entities = JSONObjectBuilder()
        entities.add("hashtags", .array(strings(data["hashtags"]).map { tag in
            var entry = JSONObjectBuilder()
            entry.add("tag", tag)
            return entry.value
        }))
        entities.add("urls", .array(strings(data["linked_urls"]).enumerated().map { index, url in
            var entry = JSONObjectBuilder()
            entry.add("url", "https://t.co/bench\(index)")
            entry.add("expanded_url", url)
            return entry.value
        }))
        tweet.add("entities", entities.value)
        let kind = data["kind"]?.stringValue ?? "original"
        if kind != "original", let amplified = data["amplifies"] {
            var reference = JSONObjectBuilder()
            reference.add("type", kind == "repost" ? "retweeted" : kind == "quote" ? "quoted" : "replied_to")
            reference.add("id", identifier(amplified))
            tweet.add("referenced_tweets", .array([reference.value]))
        }
        var user = JSONObjectBuilder()
        user.add("id", userID)
        user.add("username", handle)
        user.add("name", "Bench \(handle)")
        var includes = JSONObjectBuilder()
        includes.add("users", .array([user.value]))
        var line = JSONObjectBuilder()
        line.add("data", tweet.value)
        line.add("includes", includes.value)
        return JSONWriter.bytes(line.value)
    }

    static func quoted(_ text: String?) -> String {
        guard let text else { return "" }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    static func csv(_ data: JSONObject) -> String {
        let engagement = data["engagement"]?.objectValue
        let fields: [String] = [
            quoted(data["post"]?.stringValue), quoted(data["account"]?.stringValue), quoted(data["url"]?.stringValue),
            quoted(data["posted_at"]?.stringValue), quoted(data["kind"]?.stringValue), quoted(data["text"]?.stringValue),
            quoted(data["amplifies"]?.stringValue), quoted(data["language"]?.stringValue),
            quoted(strings(data["linked_urls"]).joined(separator: ";")), quoted(strings(data["hashtags"]).joined(separator: ";")),
        ] + ["likes", "reposts", "replies", "quotes"].map { count(engagement, $0).numberText } + ["", ""]
        return fields.joined(separator: ",")
    }
}

extension JSONValue {
    var numberText: String {
        if case .number(let text) = self { return text }
        return ""
    }
}

final class ArchiveWorkload: @unchecked Sendable {
    let scratch: Scratch
    let files: ArchiveFiles
    let twarc2Path: String
    let csvPath: String

    init(_ workload: Workload) throws {
        scratch = try Scratch("archives")
        files = try ArchiveFiles(Array(workload.lines.prefix(workloadSize)))
        twarc2Path = scratch.directory + "/posts.jsonl"
        csvPath = scratch.directory + "/posts.csv"
        try write(files.twarc2Lines, to: twarc2Path)
        let csv = files.csvRows.joined(separator: "\r\n") + "\r\n"
        guard FileManager.default.createFile(atPath: csvPath, contents: Data(csv.utf8)) else { throw BenchError("cannot write \(csvPath)") }
    }

    static let shared = Lazy { try ArchiveWorkload(try Workload.shared.get()) }
}

// MARK: benchmarks

let benchmarks: @Sendable () -> Void = {
    let bulk = Benchmark.Configuration(
        metrics: [.wallClock, .cpuTotal, .peakMemoryResident, .mallocCountTotal, eventsPerSecond],
        timeUnits: .milliseconds, warmupIterations: 1, maxDuration: .seconds(20), maxIterations: 7)
    let single = Benchmark.Configuration(
        metrics: [.wallClock, .cpuTotal], timeUnits: .microseconds, warmupIterations: 3,
        maxDuration: .seconds(5), maxIterations: 300)
    let proof = Benchmark.Configuration(
        metrics: [.wallClock, .mallocCountTotal], timeUnits: .microseconds, warmupIterations: 10,
        maxDuration: .seconds(3), maxIterations: 5_000)
    let n = workloadSize

    // Append: the store alone, with events already built, in 1,000-event transactions.
    let appendFixture = Lazy { () throws -> (scratch: Scratch, events: [PendingEvent]) in
        let scratch = try Scratch("append")
        return (scratch, try scratch.pendingEvents(try Workload.shared.get().lines.prefix(n)))
    }
    Benchmark("Append \(n) events, 1,000 per transaction", configuration: bulk) { benchmark in
        let (scratch, events) = try appendFixture.get()
        let log = try scratch.newLedger()
        try measureRate(benchmark, count: events.count) {
            var start = 0
            while start < events.count {
                let end = min(start + batchSize, events.count)
                blackHole(try log.append(Array(events[start..<end])))
                start = end
            }
        }
        scratch.remove(log.path)
    }

    // The floor: the same leaf bytes through the same wrapper, no Merkle, no encoding.
    Benchmark("Raw baseline: prepared INSERT of \(n) leaves, 1,000 per transaction", configuration: bulk) { benchmark in
        let loaded = try LoadedLedger.shared.get()
        let path = loaded.scratch.newPath("raw")
        let connection = try rawTable(at: path)
        try measureRate(benchmark, count: loaded.leaves.count) { try rawInsert(loaded.leaves, into: connection) }
        loaded.scratch.remove(path)
    }

    // Import: JSONLImporter end to end (read, parse, validate, sign judgments, append).
    let importScratch = Lazy { try Scratch("import") }
    Benchmark("Import \(n) interchange lines (JSONLImporter)", configuration: bulk) { benchmark in
        let workload = try Workload.shared.get()
        let scratch = try importScratch.get()
        let log = try scratch.newLedger()
        let importer = JSONLImporter(signer: try scratch.signer())
        let summary = try measureRate(benchmark, count: n) { try importer.run(path: workload.jsonlPath, into: log, now: SystemClock().now()) }
        guard summary.appendedCount == n else { throw BenchError("imported \(summary.appendedCount) of \(n)") }
        scratch.remove(log.path)
    }

    // One append, one transaction, synchronous FULL, on a ledger that already holds the workload;
    // each iteration appends the next of the lines generated past it.
    nonisolated(unsafe) var durable: (scratch: Scratch, log: EventLog, spare: [PendingEvent], next: Int)?
    Benchmark("Append one event, synchronous FULL (ledger of \(n))", configuration: single, closure: { benchmark in
        guard var state = durable, state.next < state.spare.count else { throw BenchError("no spare events left") }
        let event = state.spare[state.next]
        state.next += 1
        durable = state
        benchmark.startMeasurement()
        blackHole(try state.log.append([event]))
        benchmark.stopMeasurement()
    }, setup: {
        let workload = try Workload.shared.get()
        let scratch = try Scratch("durable")
        let log = try scratch.importedLedger(workload)
        durable = (scratch, log, try scratch.pendingEvents(workload.lines.dropFirst(n)), 0)
    }, teardown: { durable = nil })

    nonisolated(unsafe) var rawDurable: (scratch: Scratch, connection: Connection, insert: Statement, leaves: [[UInt8]], next: Int)?
    Benchmark("Raw baseline: one-row INSERT transaction, synchronous FULL (table of \(n))", configuration: single, closure: { benchmark in
        guard var state = rawDurable else { throw BenchError("no setup") }
        let leaf = state.leaves[state.next % state.leaves.count]
        state.next += 1
        rawDurable = state
        benchmark.startMeasurement()
        try state.connection.writeTransaction { try state.insert.run([.integer(Int64(state.next)), .blob(leaf)]) }
        benchmark.stopMeasurement()
    }, setup: {
        let loaded = try LoadedLedger.shared.get()
        let scratch = try Scratch("rawdurable")
        let connection = try rawTable(at: scratch.newPath("raw"))
        try rawInsert(loaded.leaves, into: connection)
        let insert = try connection.prepare("INSERT INTO rows (position, leaf) VALUES (?, ?)")
        rawDurable = (scratch, connection, insert, loaded.leaves, loaded.leaves.count)
    }, teardown: { rawDurable = nil })

    // Replay: read and decode every leaf, then fold every projection.
    Benchmark("Replay \(n) events: read and decode only", configuration: bulk) { benchmark in
        let loaded = try LoadedLedger.shared.get()
        var count = 0
        try measureRate(benchmark, count: Int(loaded.size)) {
            try loaded.log.read(from: 1, through: nil) { event in
                count += 1
                blackHole(event.event.position)
            }
        }
        guard count == loaded.size else { throw BenchError("read \(count) of \(loaded.size)") }
    }

    // LedgerSummary has its own fold; the six views of DESIGN §5 share one LedgerFacts fold
    // (ProjectionCatalogue), so folding both folds every projection.
    Benchmark("Replay \(n) events: fold every projection", configuration: bulk) { benchmark in
        let loaded = try LoadedLedger.shared.get()
        var summary = LedgerSummary()
        var facts = LedgerFacts()
        try measureRate(benchmark, count: Int(loaded.size)) {
            try loaded.log.read(from: 1, through: nil) { stored in
                summary.apply(stored.event)
                facts.apply(stored.event)
            }
        }
        guard summary.eventCount == loaded.size, facts.eventCount == loaded.size else { throw BenchError("folded \(summary.eventCount) of \(loaded.size)") }
    }

    Benchmark("Replay \(n) events: fold, then build and digest every view", configuration: bulk) { benchmark in
        let loaded = try LoadedLedger.shared.get()
        try measureRate(benchmark, count: Int(loaded.size)) {
            var summary = LedgerSummary()
            var facts = LedgerFacts()
            try loaded.log.read(from: 1, through: nil) { stored in
                summary.apply(stored.event)
                facts.apply(stored.event)
            }
            blackHole(summary.stateDigest)
            blackHole(ProjectionCatalogue.reports(facts))
        }
    }

    // Verify: the whole file, signatures included.
    Benchmark("Verify \(n) events (LedgerVerifier.verify)", configuration: bulk) { benchmark in
        let loaded = try LoadedLedger.shared.get()
        let report = try measureRate(benchmark, count: Int(loaded.size)) { try LedgerVerifier.verify(loaded.log) }
        guard report.isIntact else { throw BenchError("verify found \(report.problems.first.map(String.init(describing:)) ?? "problems")") }
    }

    // Proofs against the current head, at positions spread over the log.
    nonisolated(unsafe) var random = SeededGenerator(seed: 42)
    Benchmark("Inclusion proof (log of \(n))", configuration: proof) { benchmark in
        let loaded = try LoadedLedger.shared.get()
        let position = Int64.random(in: 1...loaded.size, using: &random)
        benchmark.startMeasurement()
        blackHole(try loaded.log.inclusionProof(position: position))
        benchmark.stopMeasurement()
    }

    Benchmark("Consistency proof (log of \(n))", configuration: proof) { benchmark in
        let loaded = try LoadedLedger.shared.get()
        let older = Int64.random(in: 1...loaded.size, using: &random)
        benchmark.startMeasurement()
        blackHole(try loaded.log.consistencyProof(size1: older, size2: loaded.size))
        benchmark.stopMeasurement()
    }

    // The parse of each input format, without the store.
    Benchmark("Parse \(n) interchange lines (InterchangeLine)", configuration: bulk) { benchmark in
        let lines = Array(try Workload.shared.get().lines.prefix(n))
        try measureRate(benchmark, count: lines.count) {
            for line in lines { blackHole(try InterchangeLine(bytes: line)) }
        }
    }

    Benchmark("Parse twarc2 lines (Twarc2Line.posts), the workload's posts", configuration: bulk) { benchmark in
        let lines = try ArchiveWorkload.shared.get().files.twarc2Lines
        try measureRate(benchmark, count: lines.count) {
            for line in lines { blackHole(try Twarc2Line.posts(in: line)) }
        }
    }

    // CSV has no public reader: its parse is measured inside the whole import.
    for format in ArchiveFormat.allCases {
        Benchmark("Import the workload's posts as \(format.rawValue) (ArchiveImporter)", configuration: bulk) { benchmark in
            let archives = try ArchiveWorkload.shared.get()
            let log = try archives.scratch.newLedger()
            let path = format == .csv ? archives.csvPath : archives.twarc2Path
            let summary = try measureRate(benchmark, count: archives.files.twarc2Lines.count) {
                try ArchiveImporter(format: format).run(path: path, into: log, now: SystemClock().now())
            }
            guard summary.postsNew == archives.files.twarc2Lines.count else {
                throw BenchError("\(format.rawValue): \(summary.postsNew) new posts of \(archives.files.twarc2Lines.count)")
            }
            archives.scratch.remove(log.path)
        }
    }
}
