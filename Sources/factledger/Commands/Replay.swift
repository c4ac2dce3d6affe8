// `factledger replay`: rebuild the projections from zero and print their digests.
import ArgumentParser
import Events
import Foundation
import Ledger
import Projections

struct Replay: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Rebuild every projection from zero and print counts and a state digest.",
        discussion: """
        The digest is SHA-256 of the projection's canonical state, so two auditors replaying the same
        ledger (to the same position) get the same digest on any machine.

        Example:
          factledger replay --until 5000 --json
        """)

    @OptionGroup var options: LedgerOptions

    @Option(help: "Stop after this position.")
    var until: Int64?

    func run() throws {
        let context = CommandContext(options)
        try context.run {
            let log = try context.openLog()
            let started = Date()
            var summary = LedgerSummary()
            try log.read(from: 1, through: until) { summary.apply($0.event) }
            let seconds = Date().timeIntervalSince(started)
            if context.json {
                var object = JSONObjectBuilder()
                object.add("position", summary.lastPosition)
                object.add("events", summary.eventCount)
                object.add("seconds", seconds)
                var digests = JSONObjectBuilder()
                digests.add(LedgerSummary.name, summary.stateDigest)
                object.add("digests", digests.value)
                object.add("state", summary.canonicalState())
                context.terminal.out(object.text)
            } else {
                context.terminal.out("replayed \(summary.eventCount) events to position \(summary.lastPosition) in \(String(format: "%.2f", seconds)) s (\(Int(Double(summary.eventCount) / max(seconds, 0.000_001))) events/s)")
                for (type, count) in summary.countsByType.sorted(by: { $0.key < $1.key }) {
                    context.terminal.out("  \(type.padding(toLength: 20, withPad: " ", startingAt: 0)) \(count)")
                }
                context.terminal.out("\(LedgerSummary.name) digest \(summary.stateDigest)")
            }
        }
    }
}
