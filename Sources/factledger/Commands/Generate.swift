// `factledger generate`: a deterministic interchange workload, for benchmarks and trials.
import ArgumentParser
import Foundation
import Workload

struct Generate: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "generate",
        abstract: "Write a deterministic sample workload in the interchange JSONL format.",
        discussion: """
        About 88% posts with Unicode text; the rest accounts (fictional demo handles), state-outlet \
        registrations, claims, appearances, attributions and verdicts whose references resolve. The same \
        --seed gives the same bytes. Files with judgments are imported with --as HANDLE.

        Example:
          factledger generate --events 100000 --seed 7 > workload.jsonl
          factledger import workload.jsonl --as alice
          # 200 tweets in twarc2 pages:
          factledger generate --format twarc2 --events 200 --out archive.jsonl
        """)

    @Option(help: "How many events to write.")
    var events: Int = 1000

    @Option(help: "The random seed.")
    var seed: UInt64 = 1

    @Flag(help: "Write observations only (no judgments).")
    var observationsOnly = false

    @Option(help: "A prefix for ids, so several workloads can share one ledger.")
    var prefix: String = ""

    @Option(help: ArgumentHelp("Write to this file instead of stdout.", valueName: "path"))
    var out: String?

    @Option(help: "jsonl (the interchange format) or twarc2 (a synthetic twarc2 archive of paged responses).")
    var format: String = "jsonl"

    func validate() throws {
        guard events > 0 else { throw ValidationError("--events must be at least 1") }
        guard format == "jsonl" || format == "twarc2" else { throw ValidationError("--format must be jsonl or twarc2; got \"\(format)\"") }
    }

    func run() throws {
        let generator: AnySequence<[UInt8]> = format == "twarc2"
            ? AnySequence(Twarc2SampleWriter(tweetCount: events, seed: seed))
            : AnySequence(WorkloadGenerator(eventCount: events, seed: seed, includeJudgments: !observationsOnly, prefix: prefix))
        let handle: FileHandle
        if let out {
            guard FileManager.default.createFile(atPath: out, contents: nil), let opened = FileHandle(forWritingAtPath: out) else {
                FileHandle.standardError.write(Data("error: cannot write \(out)\n".utf8))
                throw ExitCode(73)
            }
            handle = opened
        } else {
            handle = FileHandle.standardOutput
        }
        var buffer: [UInt8] = []
        buffer.reserveCapacity(1 << 20)
        for line in generator {
            buffer.append(contentsOf: line)
            buffer.append(0x0A)
            if buffer.count >= 1 << 20 {
                handle.write(Data(buffer))
                buffer.removeAll(keepingCapacity: true)
            }
        }
        handle.write(Data(buffer))
    }
}
