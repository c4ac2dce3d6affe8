// Several writers at once (DESIGN §3): imports take the write lock with BEGIN IMMEDIATE and
// wait for it up to the busy timeout, so parallel imports all succeed, positions stay
// gap-free, and nothing is lost or written twice.
import Foundation
import Testing

@Suite("CLI concurrency")
struct ConcurrencyTests {
    @Test("four imports into one ledger at the same time all succeed and every event lands once")
    func parallelImports() throws {
        let sandbox = try CLISandbox()
        try sandbox.initLedger()
        let initialSize = try sandbox.eventCount()
        let files = try (1...4).map { index in
            try InterchangeGenerator.write(to: sandbox.path("feed-\(index).jsonl"), count: 2_000, seed: UInt64(100 + index), prefix: "desk\(index)")
        }
        #expect(files.allSatisfy { $0.judgmentCount == 0 }, "observations only, so no --as is needed")

        let running = try files.map { file in try sandbox.launch(["import", file.path, "--json"]) }
        let results = running.map { $0.wait(timeout: 120) }

        var appended = 0
        var alreadyPresent = 0
        for result in results {
            #expect(!result.timedOut && !result.crashed, "\(result)")
            #expect(result.exitCode == 0, "a concurrent import failed (a busy ledger must wait, or exit 75 with a clear message): \(result)")
            #expect(!result.stderr.localizedCaseInsensitiveContains("SQLITE_BUSY") && !result.stderr.contains("database is locked"), "\(result)")
            guard result.exitCode == 0 else { continue }
            let summary = try result.jsonObject()
            appended += try #require(summary["appended"] as? Int, "\(result)")
            alreadyPresent += try #require(summary["already_present"] as? Int, "\(result)")
        }
        // The files share the same outlets; exactly one copy of each is appended.
        let lines = files.reduce(0) { $0 + $1.lineCount }
        let shared = (files.count - 1) * InterchangeGenerator.outlets.count
        #expect(appended + alreadyPresent == lines)
        #expect(appended == lines - shared)

        let finalSize = try sandbox.eventCount()
        #expect(finalSize == initialSize + appended, "log --json | wc -l equals the initial size plus every import's appended count")
        let positions = try sandbox.succeed(["log", "--json", "--from", String(initialSize + 1)]).jsonLines().compactMap { $0["position"] as? Int }
        #expect(positions == Array(stride(from: initialSize + 1, through: initialSize + appended, by: 1)), "positions are gap-free")
        let verified = try sandbox.run(["verify"], timeout: 120)
        #expect(verified.exitCode == 0, "\(verified)")
    }
}
