// `factledger verify`: replay the file and check every invariant; exit 1 on tampering.
import ArgumentParser
import Events
import Foundation
import Ledger

struct Verify: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Check the whole ledger: hashes, bytes, positions, signatures, Merkle tree and checkpoints.",
        discussion: """
        Replays every event: rebuilds each leaf from its row and hashes it, and checks gap-free \
        positions, non-decreasing recorded_at, stream versions, every signature against the reviewer \
        registered at that moment, the references between events, the stored Merkle nodes and tree \
        heads, and the signature of every checkpoint issued. Hashing and signatures use every core.

        With --since CHECKPOINT-FILE (a signed note you kept), it checks that the log extends that \
        checkpoint (a fork or rewrite fails) and then checks only the events after it, so its cost \
        grows with the new events, not with the log. Add --full to also re-hash every event the \
        checkpoint covers. \
        Exits 0 when everything is intact and 1 with the first bad position otherwise.

        Examples:
          factledger verify
          factledger checkpoint > published.note
          factledger verify --since published.note
          factledger verify --since published.note --full
        """)

    @OptionGroup var options: LedgerOptions

    @Option(help: ArgumentHelp("A signed checkpoint note kept from earlier; the log must extend it.", valueName: "checkpoint-file"))
    var since: String?

    @Flag(help: "With --since, also re-hash and re-check the events the checkpoint covers.")
    var full = false

    func run() throws {
        let context = CommandContext(options)
        try context.run {
            var trusted: String?
            if let since {
                guard let data = FileManager.default.contents(atPath: since), let text = String(data: data, encoding: .utf8) else {
                    throw InputError.missing("cannot read the checkpoint file \(since)")
                }
                trusted = text
            }
            let log: EventLog
            do {
                log = try context.openLog()
            } catch LedgerError.damaged(let path, let detail) {
                // A ledger too damaged to open has been tampered with or broken.
                context.terminal.out("\(context.terminal.red("✗ TAMPERED")): first bad position unknown")
                context.terminal.out("  the ledger file \(path) is damaged: \(detail)")
                context.terminal.err("error: verify: the ledger \(path) is damaged (\(detail))")
                throw ExitCode(1)
            }
            let bar = ProgressBar(label: "verifying")
            let total = try log.size()
            if full && since == nil {
                throw InputError.usage("--full needs --since CHECKPOINT-FILE; without --since, verify always checks every event")
            }
            let report = try LedgerVerifier.verify(log, trustedCheckpoint: trusted, onlyAfterCheckpoint: !full) { done in bar.update(done: done, total: total, unit: "events") }
            bar.finish()
            let terminal = context.terminal
            if context.json {
                var object = JSONObjectBuilder()
                object.add("intact", report.isIntact)
                object.add("events", report.eventsChecked)
                object.add("signatures", report.signaturesChecked)
                object.add("heads", report.headsChecked)
                object.add("checkpoints", report.checkpointsChecked)
                object.add("root", JSONOutput.base64(report.root))
                object.add("first_bad_position", report.firstBadPosition)
                object.add("problems", .array(report.problems.map { .string($0.description) }))
                terminal.out(object.text)
            } else if report.isIntact {
                terminal.out("\(terminal.green("✓ intact")): \(report.eventsChecked) events, \(report.signaturesChecked) signatures, \(report.headsChecked) tree heads, \(report.checkpointsChecked) checkpoints checked")
                terminal.out("root \(JSONOutput.base64(report.root)) at size \(report.eventsChecked)")
            } else {
                terminal.out("\(terminal.red("✗ TAMPERED")): first bad position \(report.firstBadPosition.map(String.init) ?? "unknown")")
                for problem in report.problems { terminal.out("  \(problem)") }
            }
            if !report.isIntact {
                context.terminal.err("error: verify found tampering; first bad position \(report.firstBadPosition.map(String.init) ?? "unknown"): \(report.problems.first.map(String.init(describing:)) ?? "")")
                throw ExitCode(1)
            }
        }
    }
}
