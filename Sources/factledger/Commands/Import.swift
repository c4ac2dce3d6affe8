// `factledger import`: bulk events from a file, all-or-nothing and idempotent. The interchange
// format goes through JSONLImporter; twarc2 and CSV archives of posts through ArchiveImporter.
import ArgumentParser
import Events
import Foundation
import Ingest
import Ledger

#if canImport(Glibc)
import Glibc
#endif

struct Import: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Import events in bulk from a file: all or nothing, and a re-import appends nothing.",
        discussion: """
        Formats (--format; inferred when omitted from a .csv name or the first line):
          jsonl   the interchange format, one JSON object per line:
                  {"type":"PostObserved","id":"optional","data":{…}}
          twarc2  tweet archives written by twarc2, detected line by line:
                  API pages {"data":[…],"includes":…}, streamed tweets
                  {"data":{…},"includes":…} and `twarc2 flatten` output
          csv     posts in RFC 4180 CSV; the header, on one line, in any order
                  (post, account, url, posted_at and kind are required):
                  post,account,url,posted_at,kind,text,amplifies,language,
                  linked_urls,hashtags,likes,reposts,replies,quotes,views,archive_url
                  linked_urls and hashtags hold several values separated by ';'

        jsonl: lines without an id get an id derived from their natural key or \
        content, so importing the same file twice appends nothing. Judgments \
        (ClaimFlagged, VerdictRecorded, …) are signed by the reviewer given with \
        --as; a file holding judgments without --as is refused.

        twarc2 and csv: each post becomes a PostObserved (in twarc2, with the \
        referenced tweets the archive includes), each new author an \
        AccountRegistered of kind other and country ZZ (unknown). A post already \
        in the ledger is not observed again; only counts it never had become an \
        EngagementObserved. Linked domains of registered outlets are reported \
        as candidate attributions; nothing is attributed automatically.

        A bad line or record stops the import with exit 65, naming the file, \
        line and field, and the ledger is unchanged; --skip-invalid imports the \
        rest and lists each skipped line on stderr, with a total. A progress bar \
        shows on stderr when the output is a terminal, except with --json.

        Examples:
          factledger import events.jsonl --as alice
          factledger import search.jsonl             # twarc2, from the first line
          factledger import stream.jsonl --format twarc2 --skip-invalid --json
          factledger import posts.csv
        """)

    @OptionGroup var options: LedgerOptions

    @Argument(help: "The file to import.")
    var file: String

    @Option(help: ArgumentHelp("The file format: jsonl, twarc2 or csv (inferred from the extension or the first line when omitted).", valueName: "format"))
    var format: String?

    @Option(name: .customLong("as"), help: "The reviewer who signs the judgments in a jsonl file (env: FACTLEDGER_REVIEWER).")
    var actingAs: String?

    @Flag(help: "Skip invalid lines or records, listing each on stderr, instead of refusing the file.")
    var skipInvalid = false

    func run() throws {
        var context = CommandContext(options)
        // An import holds the write lock for its whole file; others queue behind it.
        context.defaultBusyTimeout = 600_000
        try context.run {
            let named = try format.map { text -> ImportFormat in
                guard let known = ImportFormat(rawValue: text.lowercased()) else {
                    throw InputError.usage("--format \(text) is not a known format; expected one of \(ImportFormat.allCases.map(\.rawValue).joined(separator: ", "))")
                }
                return known
            }
            guard FileManager.default.fileExists(atPath: file) else { throw ImportError.fileNotFound(path: file) }
            let chosen = try named ?? ImportFormat.infer(path: file)
            // Progress only for a person watching: stderr and stdout on a terminal, and no --json.
            let watched = Terminal.stderrIsInteractive && isatty(STDOUT_FILENO) == 1 && !context.json
            let bar = ProgressBar(label: "importing", enabled: watched)
            if let archive = chosen.archiveFormat {
                try importArchive(archive, context: context, bar: bar)
            } else {
                try importInterchange(context: context, bar: bar)
            }
        }
    }

    private func importInterchange(context: CommandContext, bar: ProgressBar) throws {
        let log = try context.openLog()
        let signer = try context.optionalSigner(actingAs)
        var importer = JSONLImporter(signer: signer, skipInvalid: skipInvalid)
        importer.authorKeys = context.keys
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

    private func importArchive(_ format: ArchiveFormat, context: CommandContext, bar: ProgressBar) throws {
        let log = try context.openLog()
        var importer = ArchiveImporter(format: format, skipInvalid: skipInvalid)
        importer.progress = { done, total in bar.update(done: done, total: total) }
        let summary = try importer.run(path: file, into: log, now: context.clock.now())
        bar.finish()
        for skipped in summary.skipped {
            context.terminal.err("skipped \(file):\(skipped.line): \(skipped.reason)")
        }
        if !summary.skipped.isEmpty {
            context.terminal.err("skipped \(summary.skipped.count) of \(summary.recordsRead) \(format == .csv ? "records" : "lines")")
        }
        let outlets = summary.candidateOutletLinks.sorted { ($1.value, $0.key) < ($0.value, $1.key) }
        if context.json {
            var object = JSONObjectBuilder()
            object.add("file", file)
            object.add("format", format.rawValue)
            object.add("records", summary.recordsRead)
            object.add("posts_new", summary.postsNew)
            object.add("posts_already_known", summary.postsAlreadyKnown)
            object.add("accounts_new", summary.accountsNew)
            object.add("engagement_updates", summary.engagementUpdates)
            var links = JSONObjectBuilder()
            for (domain, count) in outlets { links.add(domain, count) }
            object.add("candidate_outlet_links", links.value)
            object.add("skipped", summary.skipped.count)
            object.add("skipped_records", .array(summary.skipped.map { skipped in
                var entry = JSONObjectBuilder()
                entry.add("line", skipped.line)
                entry.add("reason", skipped.reason)
                return entry.value
            }))
            object.add("appended", summary.appendedCount)
            if let head = summary.head {
                object.add("size", Int(head.size))
                object.add("root", JSONOutput.base64(head.root))
            }
            context.terminal.out(object.text)
            return
        }
        let unit = format == .csv ? "records" : "lines"
        context.terminal.out("\(file) (\(format.rawValue)): \(summary.recordsRead) \(unit) read, \(summary.appendedCount) events appended")
        func row(_ label: String, _ value: Int) {
            context.terminal.out("  \(label.padding(toLength: 24, withPad: " ", startingAt: 0)) \(value)")
        }
        row("posts new", summary.postsNew)
        row("posts already known", summary.postsAlreadyKnown)
        row("accounts new", summary.accountsNew)
        row("engagement updates", summary.engagementUpdates)
        row("candidate outlet links", outlets.reduce(0) { $0 + $1.value })
        for (domain, count) in outlets {
            context.terminal.out("    \(domain) → \(count) post\(count == 1 ? "" : "s")")
        }
        row("skipped", summary.skipped.count)
        if let head = summary.head {
            context.terminal.out("ledger size \(head.size), root \(JSONOutput.base64(head.root))")
        }
    }
}
