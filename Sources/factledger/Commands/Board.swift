// `factledger board`: every claim's status and current label, and the review queue
// (DESIGN §5, ClaimBoard).
import ArgumentParser
import Events
import Foundation
import Projections

struct Board: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "board",
        abstract: "Show every claim's status and current label, and the review queue.",
        discussion: """
        Status is flagged (no verdict yet), in_review (the latest verdict waits for a concurring \
        second reviewer under the two_person policy), final, revised or void. The label is that of the \
        latest final verdict; a claim without one, or labelled unproven, is pending. The queue lists \
        claims awaiting a verdict and verdicts awaiting concurrence, oldest first.

        Examples:
          factledger board
          factledger board --status in_review --json
        """)

    @OptionGroup var options: LedgerOptions
    @OptionGroup var asOf: AsOfOption

    @Option(help: ArgumentHelp("Only claims with this status: \(ClaimBoard.Status.allCases.map(\.rawValue).joined(separator: ", ")).", valueName: "status"))
    var status: String?

    func validate() throws {
        if let status, ClaimBoard.Status(rawValue: status) == nil {
            throw ValidationError("--status must be one of \(ClaimBoard.Status.allCases.map(\.rawValue).joined(separator: ", ")); got \"\(status)\"")
        }
    }

    func run() throws {
        let context = CommandContext(options)
        try context.run {
            let (facts, point) = try context.foldFacts(asOf: asOf.asOf)
            let state = ClaimBoard(facts: facts).state
            let wanted = status.flatMap(ClaimBoard.Status.init(rawValue:))
            let entries = state.entries.filter { wanted == nil || $0.status == wanted }
            context.printResult(point, json: {
                var object = JSONObjectBuilder()
                object.add("claim_count", entries.count)
                object.add("claims", .array(entries.map(\.json)))
                object.add("queue", .array(state.queue.map(\.json)))
                return object
            }, table: {
                let rows = entries.map { entry in
                    [entry.claim, entry.status.rawValue, entry.conclusion.description, entry.reviewers.joined(separator: ","),
                     String(entry.revisionCount), String(entry.appearances), entry.mergedInto.map { "→ \($0)" } ?? entry.publishedURL ?? ""]
                }
                var lines = [Table.render(header: ["CLAIM", "STATUS", "LABEL", "REVIEWERS", "REVISIONS", "APPEARANCES", "PUBLISHED / MERGED"], rows: rows)]
                lines.append("")
                lines.append("review queue: \(state.queue.count)")
                if !state.queue.isEmpty {
                    lines.append(Table.render(header: ["SINCE", "CLAIM", "AWAITING", "VERDICT", "AUTHOR"], rows: state.queue.map { item in
                        [String(item.since), item.claim, item.awaiting.rawValue, item.verdict ?? "", item.author ?? ""]
                    }))
                }
                return lines.joined(separator: "\n")
            })
        }
    }
}
