// `factledger import`: bulk events from a file, all-or-nothing and idempotent.
import ArgumentParser
import Events
import Foundation
import Ingest
import Ledger

struct Import: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Import events in bulk from a file: all or nothing, and a re-import appends nothing.",
        discussion: """
        The interchange format (--format jsonl) holds one JSON object per line:
          {"type":"PostObserved","occurred_at":"2020-03-12T14:03:00Z","id":"optional","data":{…}}
        Lines without an id get an id derived from their content or natural key, so importing the same
        file twice appends nothing the second time. Judgments (ClaimFlagged, VerdictRecorded, …) are
        signed by the reviewer given with --as; a file holding judgments without --as is refused
        before anything is written. A bad line stops the import with its line number and field, and
        the ledger is unchanged; --skip-invalid imports the rest and lists each skipped line.

        Example:
          factledger import events.jsonl --as alice
        """)

    @OptionGroup var options: LedgerOptions

    @Argument(help: "The file to import.")
    var file: String

    @Option(help: "The file format: jsonl (inferred from the extension when omitted).")
    var format: String?

    @Option(name: .customLong("as"), help: "The reviewer who signs the judgments in the file (env: FACTLEDGER_REVIEWER).")
    var actingAs: String?

    @Flag(help: "Skip invalid lines, listing each on stderr, instead of refusing the file.")
    var skipInvalid = false

    func run() throws {
        let context = CommandContext(options)
        try context.run {
            let chosen = format ?? Import.inferFormat(file)
            guard chosen == "jsonl" else {
                throw InputError.usage("--format \(chosen) is not supported by this version; supported: jsonl")
            }
            guard FileManager.default.fileExists(atPath: file) else { throw ImportError.fileNotFound(path: file) }
            let log = try context.openLog()
            let signer = try context.optionalSigner(actingAs)
            let bar = ProgressBar(label: "importing")
            var importer = JSONLImporter(signer: signer, skipInvalid: skipInvalid)
            importer.progress = { done, total in bar.update(done: done, total: total) }
            let summary = try importer.run(path: file, into: log, now: context.clock.now())
            bar.finish()
            for skipped in summary.skipped {
                context.terminal.err("skipped \(file):\(skipped.line): \(skipped.reason)")
            }
            for (field, count) in summary.unknownFields.sorted(by: { $0.key < $1.key }) {
                context.terminal.err("warning: \(field) is not a known field (\(count) lines); kept verbatim, ignored by projections")
            }
            if context.json {
                var object = JSONObjectBuilder()
                object.add("file", file)
                object.add("lines", summary.linesRead)
                object.add("appended", summary.appendedCount)
                object.add("already_present", summary.alreadyPresentCount)
                object.add("skipped", summary.skipped.count)
                var byType = JSONObjectBuilder()
                for (type, count) in summary.appendedByType.sorted(by: { $0.key < $1.key }) { byType.add(type, count) }
                object.add("appended_by_type", byType.value)
                if let head = summary.head {
                    object.add("size", Int(head.size))
                    object.add("root", JSONOutput.base64(head.root))
                }
                context.terminal.out(object.text)
            } else {
                if summary.appendedCount == 0 {
                    context.terminal.out("\(file): 0 new events; all \(summary.alreadyPresentCount) were already in the ledger")
                } else {
                    context.terminal.out("\(file): appended \(summary.appendedCount) events, \(summary.alreadyPresentCount) already present, \(summary.skipped.count) skipped")
                    for (type, count) in summary.appendedByType.sorted(by: { $0.key < $1.key }) {
                        context.terminal.out("  \(type.padding(toLength: 20, withPad: " ", startingAt: 0)) \(count)")
                    }
                }
                if let head = summary.head {
                    context.terminal.out("ledger size \(head.size), root \(JSONOutput.base64(head.root))")
                }
            }
        }
    }

    static func inferFormat(_ path: String) -> String {
        let lower = path.lowercased()
        if lower.hasSuffix(".csv") { return "csv" }
        return "jsonl"
    }
}
