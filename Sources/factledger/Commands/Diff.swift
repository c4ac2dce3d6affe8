// `factledger diff --from X --to Y`: what conclusions changed between two as-of points
// (DESIGN §5, ProjectionDiff).
import ArgumentParser
import Events
import Foundation
import Ledger
import Projections

struct Diff: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "diff",
        abstract: "List what changed between two points of the ledger: labels, new claims and verdicts, MAS moves.",
        discussion: """
        Each point is a position or a date or time (by recorded_at; a bare date means the end of that \
        day, UTC). Lists the claims whose label changed (old → new), the claims and verdicts new at --to, \
        and the accounts whose MAS moved by more than --threshold points (or that are scored on one side \
        only). Both points are folded in one pass and named with their checkpoint roots.

        Examples:
          factledger diff --from 2020-03-01 --to 2020-04-01
          factledger diff --from 120 --to 480 --threshold 5 --json
        """)

    @OptionGroup var options: LedgerOptions

    @Option(help: ArgumentHelp("The earlier point: a position, or a date or time.", valueName: "date|position"), transform: AsOfOption.parse)
    var from: AsOf

    @Option(help: ArgumentHelp("The later point: a position, or a date or time (default: the head).", valueName: "date|position"), transform: AsOfOption.parse)
    var to: AsOf = .head

    @Option(help: ArgumentHelp("List accounts whose MAS moved by more than this many points.", valueName: "points"))
    var threshold: Double = ProjectionDiff.defaultThreshold

    func validate() throws {
        guard threshold >= 0 else { throw ValidationError("--threshold must be 0 or more") }
    }

    func run() throws {
        let context = CommandContext(options)
        try context.run {
            let runner = try context.runner()
            let start = try runner.point(from)
            let end = try runner.point(to)
            let states = try runner.fold(LedgerFacts.self, snapshotsAt: [start.position, end.position])
            let diff = ProjectionDiff(from: states[0], to: states[1], threshold: threshold)
            if context.json {
                var object = JSONObjectBuilder()
                start.add(to: &object, prefix: "from_")
                end.add(to: &object, prefix: "to_")
                guard case .object(let members) = diff.json() else { return }
                for member in members where member.key != "from_position" && member.key != "to_position" { object.add(member.key, member.value) }
                context.terminal.out(object.text)
                return
            }
            let terminal = context.terminal
            terminal.out(terminal.dim("from \(start.headline)"))
            terminal.out(terminal.dim("to   \(end.headline)"))
            terminal.out("label changes: \(diff.labelChanges.count)")
            for change in diff.labelChanges { terminal.out("  \(change.claim): \(change.from) → \(change.to)") }
            terminal.out("new claims: \(diff.newClaims.count)")
            for claim in diff.newClaims { terminal.out("  \(claim.claim) (\(claim.status.rawValue), \(claim.conclusion))") }
            if !diff.removedClaims.isEmpty {
                terminal.out("claims no longer present: \(diff.removedClaims.count)")
                for claim in diff.removedClaims { terminal.out("  \(claim.claim)") }
            }
            terminal.out("new verdicts: \(diff.newVerdicts.count)")
            for verdict in diff.newVerdicts {
                terminal.out("  \(verdict.verdict) on \(verdict.claim): \(verdict.label ?? "void")\(verdict.correctionClass.map { " (\($0.rawValue))" } ?? "") by \(verdict.author) at \(verdict.position)")
            }
            terminal.out("MAS moves over \(threshold) points: \(diff.scoreMoves.count)")
            for move in diff.scoreMoves {
                terminal.out("  \(move.account): \(move.from.map { String(format: "%.2f", $0) } ?? "-") → \(move.to.map { String(format: "%.2f", $0) } ?? "-")")
            }
        }
    }
}
