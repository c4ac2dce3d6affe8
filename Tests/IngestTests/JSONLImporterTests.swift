// The JSONL interchange importer (DESIGN §4) against a real ledger: all or nothing, the
// signing rule for judgments, line numbers in errors, and idempotent re-imports.
import Events
import Foundation
import Ingest
import Ledger
import Testing

/// Runs `body` with a new, empty directory under the system temporary directory and removes it afterwards.
private func withTemporaryDirectory<Result>(_ body: (URL) throws -> Result) throws -> Result {
    let directory = FileManager.default.temporaryDirectory
        .appendingPathComponent("factledger-ingest-tests-\(UUID().uuidString)", isDirectory: true)
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: directory) }
    return try body(directory)
}

/// A fresh ledger in a temporary directory, with its admin ready to sign judgments.
private struct ImportBench {
    static let now = Timestamp(millisecondsSinceEpoch: 1_714_554_000_000)

    let directory: URL
    let log: EventLog
    let admin: ReviewerSigner

    init(in directory: URL) throws {
        self.directory = directory
        let keys = KeyStore(directory: directory.appendingPathComponent("keys").path)
        (log, _) = try LedgerSetup.create(
            path: directory.appendingPathComponent("ledger.db").path, org: "Import Desk", admin: "admin", adminName: "Ada Admin", keys: keys)
        admin = try ReviewerSigner(handle: "admin", keys: keys)
    }

    /// Writes `lines` to `name`, joined by `newline`, with a UTF-8 byte-order mark when asked.
    func file(_ name: String, _ lines: [String], newline: String = "\n", byteOrderMark: Bool = false) throws -> String {
        let path = directory.appendingPathComponent(name).path
        var bytes = byteOrderMark ? [UInt8]([0xEF, 0xBB, 0xBF]) : []
        bytes += Array(lines.map { $0 + newline }.joined().utf8)
        guard FileManager.default.createFile(atPath: path, contents: Data(bytes)) else {
            throw CocoaError(.fileWriteUnknown)
        }
        return path
    }

    func size() throws -> Int64 { try log.head().size }

    func importer(signed: Bool, skipInvalid: Bool = false, batchSize: Int? = nil) -> JSONLImporter {
        var importer = JSONLImporter(signer: signed ? admin : nil, skipInvalid: skipInvalid)
        if let batchSize { importer.batchSize = batchSize }
        return importer
    }

    func run(_ path: String, signed: Bool = false, skipInvalid: Bool = false, batchSize: Int? = nil) throws -> ImportSummary {
        try importer(signed: signed, skipInvalid: skipInvalid, batchSize: batchSize).run(path: path, into: log, now: Self.now)
    }
}

/// Interchange lines of each main type.
private enum Line {
    static let outlet = #"{"type":"OutletRegistered","data":{"domain":"globaltimes.cn","name":"Global Times","affiliation":"state_controlled","country":"CN"}}"#
    static let account = #"{"type":"AccountRegistered","data":{"account":"twitter:zlj517","display_name":"Lijian Zhao","kind":"diplomat","country":"CN"}}"#
    static func post(_ number: Int) -> String {
        #"{"type":"PostObserved","occurred_at":"2020-03-12T14:03:00Z","data":{"post":"twitter:\#(number)","account":"twitter:zlj517","url":"https://twitter.com/zlj517/status/\#(number)","posted_at":"2020-03-12T14:03:00Z","kind":"original","text":"post \#(number) 新冠"}}"#
    }
    static let engagement = #"{"type":"EngagementObserved","data":{"post":"twitter:1","observed_at":"2020-03-13T00:00:00Z","likes":1,"reposts":2,"replies":3,"quotes":4}}"#
    static let claim = #"{"type":"ClaimFlagged","data":{"claim":"c-1","summary":"The virus came from abroad","post":"twitter:1"}}"#
    static let verdict = #"{"type":"VerdictRecorded","data":{"verdict":"v-1","claim":"c-1","label":"false","rationale":"No evidence supports it."}}"#
    static let verdictOnUnknownClaim = #"{"type":"VerdictRecorded","data":{"verdict":"v-9","claim":"c-nowhere","label":"false","rationale":"No."}}"#

    static let multiType = [outlet, account, post(1), post(2), engagement, claim, verdict]
}

@Suite("JSONL import")
struct JSONLImporterTests {
    @Test("a valid file of several types imports whole, counted by type, with judgments signed by the reviewer")
    func validFileImports() throws {
        try withTemporaryDirectory { directory in
            let bench = try ImportBench(in: directory)
            let before = try bench.size()
            let path = try bench.file("events.jsonl", Line.multiType)
            let summary = try bench.run(path, signed: true)
            #expect(summary.linesRead == 7)
            #expect(summary.appendedCount == 7)
            #expect(summary.alreadyPresentCount == 0)
            #expect(summary.appendedByType == [
                "OutletRegistered": 1, "AccountRegistered": 1, "PostObserved": 2, "EngagementObserved": 1,
                "ClaimFlagged": 1, "VerdictRecorded": 1,
            ])
            #expect(summary.skipped.isEmpty)
            #expect(summary.head?.size == before + 7)
            #expect(try bench.size() == before + 7)

            var authors: [String: String] = [:]
            var signed: [String: Bool] = [:]
            try bench.log.read(from: before + 1, through: nil) { stored in
                authors[stored.event.envelope.type] = stored.event.envelope.author
                signed[stored.event.envelope.type] = stored.event.signature != nil
            }
            #expect(authors["PostObserved"] == "import:jsonl")
            #expect(signed["PostObserved"] == false)
            #expect(authors["VerdictRecorded"] == "admin")
            #expect(signed["VerdictRecorded"] == true)
            #expect(signed["ClaimFlagged"] == true)
            #expect(try LedgerVerifier.verify(bench.log).isIntact)
        }
    }

    @Test("invariant 4: exact idempotency — importing the same file twice appends nothing the second time")
    func reimportAppendsNothing() throws {
        try withTemporaryDirectory { directory in
            let bench = try ImportBench(in: directory)
            let path = try bench.file("events.jsonl", Line.multiType)
            let first = try bench.run(path, signed: true)
            #expect(first.appendedCount == 7)
            let head = try bench.log.head()
            let second = try JSONLImporter(signer: bench.admin).run(path: path, into: bench.log, now: ImportBench.now.adding(milliseconds: 86_400_000))
            #expect(second.appendedCount == 0)
            #expect(second.alreadyPresentCount == 7)
            #expect(try bench.log.head() == head)
        }
    }

    @Test("a line that is not JSON fails with its line number and nothing is written")
    func malformedLineNamesItsNumber() throws {
        try withTemporaryDirectory { directory in
            let bench = try ImportBench(in: directory)
            let before = try bench.size()
            let path = try bench.file("broken.jsonl", [Line.outlet, Line.post(1), #"{"type":"PostObserved","data":{"post":"#, Line.post(2)])
            let error = try #require(throws: ImportError.self) { try bench.run(path) }
            guard case .invalidLine(let file, let line, _) = error else {
                Issue.record("expected invalidLine, got \(error)")
                return
            }
            #expect(file == path)
            #expect(line == 3)
            #expect(error.description.hasPrefix("\(path):3: "))
            #expect(try bench.size() == before)
        }
    }

    @Test("a bad field is named in the message")
    func badFieldIsNamed() throws {
        try withTemporaryDirectory { directory in
            let bench = try ImportBench(in: directory)
            let before = try bench.size()
            let cases: [(text: String, field: String)] = [
                (#"{"type":"AccountRegistered","data":{"account":"twitter:zlj517","display_name":"Lijian Zhao","kind":"diplomat","country":"China"}}"#, "country"),
                (#"{"type":"PostObserved","data":{"post":"twitter:1","account":"twitter:zlj517","url":"https://twitter.com/zlj517/status/1","posted_at":"yesterday","kind":"original","text":"x"}}"#, "posted_at"),
                (#"{"type":"OutletRegistered","data":{"domain":"globaltimes.cn","name":"Global Times","affiliation":"friendly"}}"#, "affiliation"),
                (#"{"type":"PostObserved","data":{"post":"twitter:1","account":"twitter:zlj517","url":"https://twitter.com/zlj517/status/1","posted_at":"2020-03-12T14:03:00Z","kind":"retweet","text":"x"}}"#, "kind"),
            ]
            for (index, bad) in cases.enumerated() {
                let path = try bench.file("bad-\(index).jsonl", [Line.outlet, bad.text])
                let error = try #require(throws: ImportError.self) { try bench.run(path) }
                guard case .invalidLine(_, let line, let detail) = error else {
                    Issue.record("expected invalidLine, got \(error)")
                    continue
                }
                #expect(line == 2)
                #expect(detail.contains(bad.field), "\(detail)")
            }
            #expect(try bench.size() == before)
        }
    }

    @Test("a file with judgments imported without a reviewer is refused before anything is written")
    func judgmentsNeedAReviewer() throws {
        try withTemporaryDirectory { directory in
            let bench = try ImportBench(in: directory)
            let before = try bench.size()
            let path = try bench.file("judgments.jsonl", [Line.outlet, Line.account, Line.post(1), Line.claim, Line.verdict])
            let error = try #require(throws: ImportError.self) { try bench.run(path, signed: false) }
            guard case .judgmentsNeedReviewer(let file, let line, let type) = error else {
                Issue.record("expected judgmentsNeedReviewer, got \(error)")
                return
            }
            #expect(file == path)
            #expect(line == 4)
            #expect(type == "ClaimFlagged")
            #expect(error.description.contains("--as"))
            #expect(try bench.size() == before)
        }
    }

    @Test("skipInvalid imports the valid lines and lists the skipped line numbers")
    func skipInvalidListsSkippedLines() throws {
        try withTemporaryDirectory { directory in
            let bench = try ImportBench(in: directory)
            let before = try bench.size()
            let path = try bench.file("mixed.jsonl", [
                Line.post(1),
                "not json at all",
                Line.post(2),
                #"{"type":"NoSuchEvent","data":{}}"#,
                "",
                Line.post(3),
            ])
            let summary = try bench.run(path, skipInvalid: true)
            #expect(summary.skipped.map(\.line) == [2, 4])
            #expect(summary.skipped.allSatisfy { !$0.reason.isEmpty })
            #expect(summary.appendedCount == 3)
            #expect(summary.appendedByType == ["PostObserved": 3])
            #expect(try bench.size() == before + 3)
        }
    }

    @Test("an event the ledger refuses in a later batch rolls back the earlier batches too")
    func refusalInLaterBatchRollsBackEverything() throws {
        try withTemporaryDirectory { directory in
            let bench = try ImportBench(in: directory)
            let before = try bench.size()
            let head = try bench.log.head()
            let path = try bench.file("late.jsonl", [Line.post(1), Line.post(2), Line.post(3), Line.post(4), Line.verdictOnUnknownClaim])
            let error = try #require(throws: ImportError.self) { try bench.run(path, signed: true, batchSize: 2) }
            guard case .refused(let file, let line, let ledgerError) = error else {
                Issue.record("expected refused, got \(error)")
                return
            }
            #expect(file == path)
            #expect(line == 5)
            guard case .missingReference = ledgerError else {
                Issue.record("expected missingReference, got \(ledgerError)")
                return
            }
            #expect(try bench.size() == before)
            #expect(try bench.log.head() == head)

            // The ledger is still usable, and the good lines import afterwards at the next positions.
            let good = try bench.file("good.jsonl", [Line.post(1), Line.post(2), Line.post(3)])
            let summary = try bench.run(good, batchSize: 2)
            #expect(summary.appendedCount == 3)
            #expect(try bench.size() == before + 3)
            #expect(try LedgerVerifier.verify(bench.log).isIntact)
        }
    }

    @Test("CRLF line endings and a UTF-8 byte-order mark are accepted")
    func crlfAndByteOrderMark() throws {
        try withTemporaryDirectory { directory in
            let bench = try ImportBench(in: directory)
            let before = try bench.size()
            let path = try bench.file("windows.jsonl", [Line.outlet, Line.post(1), "", Line.post(2)], newline: "\r\n", byteOrderMark: true)
            let summary = try bench.run(path)
            #expect(summary.linesRead == 3)
            #expect(summary.appendedCount == 3)
            #expect(try bench.size() == before + 3)

            // Nothing of the line ending or the mark reached the stored bytes.
            try bench.log.read(from: before + 1, through: nil) { stored in
                #expect(stored.event.envelope.data.last == UInt8(ascii: "}"))
                #expect(!stored.leaf.contains(0x0D))
                #expect(stored.event.envelope.data.first == UInt8(ascii: "{"))
            }
            // The same lines with plain newlines are the same events.
            let unix = try bench.file("unix.jsonl", [Line.outlet, Line.post(1), Line.post(2)])
            #expect(try bench.run(unix).alreadyPresentCount == 3)
        }
    }

    @Test("a missing file throws fileNotFound; an empty one throws empty")
    func missingAndEmptyFiles() throws {
        try withTemporaryDirectory { directory in
            let bench = try ImportBench(in: directory)
            let missing = directory.appendingPathComponent("absent.jsonl").path
            let error = try #require(throws: ImportError.self) { try bench.run(missing) }
            guard case .fileNotFound(let named) = error else {
                Issue.record("expected fileNotFound, got \(error)")
                return
            }
            #expect(named == missing)
            #expect(error.kind == .missingInput)

            // A directory is not a file either.
            #expect(throws: ImportError.self) { try bench.run(directory.path) }

            let empty = try bench.file("empty.jsonl", ["", "  "])
            let emptyError = try #require(throws: ImportError.self) { try bench.run(empty) }
            guard case .empty = emptyError else {
                Issue.record("expected empty, got \(emptyError)")
                return
            }
        }
    }
}
