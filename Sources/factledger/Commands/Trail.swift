// `factledger trail CLAIM`: every verdict event of a claim, with the label before and after
// (DESIGN §5, VerdictTrail).
import ArgumentParser
import Events
import Foundation
import Projections

struct Trail: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "trail",
        abstract: "Show every verdict event of a claim: who, when, old label to new, correction class and reason.",
        discussion: """
        Lists the claim's verdicts, reviews, revisions and publications in log order, each with its \
        author, recorded_at and occurred_at, and the claim's label just before and just after it. \
        Retracted events are left out; `factledger audit claim` shows the raw events with signatures.

        Examples:
          factledger trail c-7f3a9
          factledger trail c-7f3a9 --as-of 2020-04-01 --json
        """)

    @OptionGroup var options: LedgerOptions
    @OptionGroup var asOf: AsOfOption

    @Argument(help: "The claim id, such as c-7f3a9.")
    var claim: String

    func run() throws {
        let context = CommandContext(options)
        try context.run {
            let (facts, point) = try context.foldFacts(asOf: asOf.asOf)
            guard let trail = VerdictTrail(facts: facts).trail(of: claim) else {
                throw InputError.missing("no claim \"\(claim)\" in the ledger as of position \(point.position)")
            }
            context.printResult(point, json: {
                var object = JSONObjectBuilder()
                guard case .object(let members) = trail.json else { return object }
                for member in members { object.add(member.key, member.value) }
                return object
            }, table: {
                var lines = ["claim \(trail.claim): \(trail.conclusion)" + (trail.mergedInto.map { ", merged into \($0)" } ?? "")]
                lines.append(Table.render(header: ["POS", "RECORDED_AT", "ACTION", "AUTHOR", "VERDICT", "LABEL", "CLASS", "REASON"], rows: trail.steps.map { step in
                    [String(step.position), step.recordedAt.iso8601, step.action.rawValue + (step.decision.map { " (\($0.rawValue))" } ?? ""),
                     step.author, step.verdict, "\(step.before) → \(step.after)", step.correctionClass?.rawValue ?? "",
                     step.url ?? step.reason.map { String($0.prefix(60)) } ?? ""]
                }))
                return lines.joined(separator: "\n")
            })
        }
    }
}
