// `factledger export`: files for publication (DESIGN §6, issue 6). Each subcommand folds the
// log as of one point, asks Publishing for the file, and prints what was written and recorded.
import ArgumentParser
import Events
import Foundation
import Ledger
import Projections
import Publishing

struct Export: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Write files for publication, each tied to a signed checkpoint and recorded in the ledger.",
        discussion: """
        Every export is computed as of one position (--as-of, default the head), \
        signs the checkpoint at that position with the ledger key (from the key \
        folder), writes the file whole, and then appends ExportGenerated (format, \
        view, as-of position, checkpoint root, SHA-256 of the file) signed by the \
        acting reviewer (--as) or else by the ledger key. An output that cannot be \
        written exits 73.

        Every format takes, after its name: --out PATH (required), --as-of \
        DATE|POSITION, --as HANDLE (env: FACTLEDGER_REVIEWER), --json and --ledger.

        Examples:
          factledger export csv --view scores --out scores.csv
          factledger export csv --view history --out out/ --as-of 2020-06-30
          factledger export jsonl --out events.jsonl
          factledger export claimreview --out claimreview.jsonld --as alice
          factledger export bundle --out bundle-2020-06/ --json
          cd bundle-2020-06 && python3 verify.py
        """,
        subcommands: [
            ExportCSV.self, ExportJSONL.self, ExportClaimReview.self, ExportBundle.self,
            ExportSite.self,
        ])
}

/// The options every `export` subcommand shares.
struct ExportOptions: ParsableArguments {
    @OptionGroup var options: LedgerOptions

    @Option(name: .long, help: ArgumentHelp("Where to write: a file, or a folder (a folder for bundle and site).", valueName: "path"))
    var out: String

    @OptionGroup var asOf: AsOfOption

    @OptionGroup var acting: ActingReviewer

    /// Runs one export: checks `--out`, folds the log as of `--as-of`, lets `make` write the
    /// file through a Publisher, and prints the outcome.
    func run(_ make: (Publisher, String) throws -> Publisher.Outcome) throws {
        let context = CommandContext(options)
        try context.run {
            do {
                try ExportFile.checkWritable(out)
                let runner = try context.runner()
                let position = try runner.position(for: asOf.asOf ?? .head)
                let state = try runner.fold(PublicationState.self, through: position)
                let snapshot = try PublicationSnapshot(log: runner.log, state: state, position: position)
                let recorder = try ExportRecorder(log: runner.log, keys: context.keys, signer: try context.optionalSigner(acting.handle))
                let outcome = try make(Publisher(snapshot: snapshot, recorder: recorder, now: context.clock.now()), out)
                report(outcome, context: context, signer: recorder.signer?.handle ?? "ledger")
            } catch let error as PublishingError {
                throw InputError(description: error.description, code: error.kind.rawValue)
            }
        }
    }

    private func report(_ outcome: Publisher.Outcome, context: CommandContext, signer: String) {
        let counts = outcome.counts.sorted { $0.key < $1.key }
        let status = outcome.record.alreadyPresent ? "already_present" : "appended"
        if context.json {
            var object = JSONObjectBuilder()
            object.add("format", outcome.format.rawValue)
            object.add("view", outcome.view)
            object.add("path", outcome.path)
            object.add("sha256", outcome.sha256)
            object.add("as_of_position", outcome.checkpoint.size)
            object.add("checkpoint_root", JSONOutput.base64(outcome.checkpoint.root))
            object.add("checkpoint", outcome.checkpoint.note)
            for (name, count) in counts { object.add(name, count) }
            var event = JSONObjectBuilder()
            event.add("type", ExportGenerated.typeName)
            event.add("id", outcome.record.id.rawValue)
            event.add("position", outcome.record.position)
            event.add("author", signer)
            event.add("status", status)
            object.add("export_event", event.value)
            context.terminal.out(object.text)
            return
        }
        let what = counts.filter { $0.key != "consistent_from" }.map { "\($0.value) \($0.key)" }.joined(separator: ", ")
        context.terminal.out("wrote \(context.terminal.bold(outcome.path)) (\(outcome.format.rawValue)\(outcome.view.map { " \($0)" } ?? "")): \(what)")
        context.terminal.out("sha256 \(outcome.sha256)")
        context.terminal.out(context.terminal.dim("as of position \(outcome.checkpoint.size), checkpoint root \(JSONOutput.base64(outcome.checkpoint.root))"))
        if let from = outcome.counts["consistent_from"] {
            context.terminal.out("consistency.json proves this log extends the previous export's checkpoint at size \(from)")
        }
        context.terminal.out(outcome.record.alreadyPresent
            ? "this export was already recorded at position \(outcome.record.position)"
            : "recorded ExportGenerated at position \(outcome.record.position), signed by \(signer)")
    }
}
