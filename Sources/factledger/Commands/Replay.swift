// `factledger replay`: rebuild every projection from zero and print counts and digests.
import ArgumentParser
import Events
import Foundation
import Ledger
import Projections

struct Replay: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "replay",
        abstract: "Rebuild every projection from zero and print its counts and state digest.",
        discussion: """
        Folds the log once, from position 1 to the head (or --until), into the ledger summary and the \
        six views of DESIGN §5: board, history, activity, scores, outlets and trail. Each digest is \
        SHA-256 of the projection's canonical state, so two auditors replaying the same ledger to the \
        same position get the same digests on any machine. The output names the position and the \
        checkpoint root it was computed at.

        A log of 20,000 events or more is read in one range per processor, each on its own \
        thread, and the ranges are merged in log order; FACTLEDGER_READERS=N sets how many \
        ranges (1 reads the whole log on one thread). The digests do not depend on it.

        Example:
          factledger replay --until 5000 --json
        """)

    @OptionGroup var options: LedgerOptions

    @Option(help: "Stop after this position.")
    var until: Int64?

    func validate() throws {
        if let until, until < 0 { throw ValidationError("--until must be 0 or more") }
    }

    func run() throws {
        let context = CommandContext(options)
        try context.run {
            let runner = try context.runner()
            let point = try runner.point(until.map { .position($0) } ?? .head)
            let started = Date()
            let state = try runner.fold(ReplayState.self, through: point.position)
            let summary = state.summary
            let facts = state.facts
            let folded = Date()
            let reports = ProjectionCatalogue.reports(facts, run: concurrently)
            let seconds = Date().timeIntervalSince(started)
            if context.json {
                var object = JSONObjectBuilder()
                point.add(to: &object)
                object.add("events", summary.eventCount)
                object.add("seconds", seconds)
                object.add("fold_seconds", folded.timeIntervalSince(started))
                var counts = JSONObjectBuilder()
                var digests = JSONObjectBuilder()
                digests.add(LedgerSummary.name, summary.stateDigest)
                for report in reports {
                    counts.add(report.name, report.itemCount)
                    digests.add(report.name, report.digest)
                }
                object.add("counts", counts.value)
                object.add("digests", digests.value)
                object.add("state", summary.canonicalState())
                context.terminal.out(object.text)
            } else {
                let rate = Int(Double(summary.eventCount) / max(seconds, 0.000_001))
                context.terminal.out("replayed \(summary.eventCount) events to position \(point.position) in \(String(format: "%.2f", seconds)) s (\(rate) events/s)")
                context.terminal.out(context.terminal.dim("checkpoint root \(point.rootText)"))
                for (type, count) in summary.countsByType.sorted(by: { $0.key < $1.key }) {
                    context.terminal.out("  \(type.padding(toLength: 20, withPad: " ", startingAt: 0)) \(count)")
                }
                var rows = [[LedgerSummary.name, String(summary.eventCount), summary.stateDigest]]
                for report in reports { rows.append([report.name, String(report.itemCount), report.digest]) }
                context.terminal.out(Table.render(header: ["PROJECTION", "ITEMS", "DIGEST"], rows: rows))
            }
        }
    }
}

/// The ledger summary and the shared facts, folded in the same pass.
private struct ReplayState: MergeableProjection {
    var summary = LedgerSummary()
    var facts = LedgerFacts()

    mutating func apply(_ event: RecordedEvent) {
        summary.apply(event)
        facts.apply(event)
    }

    mutating func reserveCapacity(forEvents events: Int) {
        facts.reserveCapacity(forEvents: events)
    }

    mutating func merge(following later: ReplayState) {
        summary.merge(following: later.summary)
        facts.merge(following: later.facts)
    }
}
