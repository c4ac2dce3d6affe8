// `factledger scores`: the misinformation-amplification score of each account (DESIGN §5,
// method mas/1), with what is reported beside it.
import ArgumentParser
import Events
import Foundation
import Projections

struct Scores: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "scores",
        abstract: "Rank accounts by misinformation-amplification score (MAS, method mas/1).",
        discussion: """
        MAS = 100 · (Σw·d·m + α·μ) / (Σw·d + α), as DESIGN §5 defines it, with the parameters of the \
        latest MethodologyAdopted. Beside it: MS (before shrinkage), reach R, the state-media share \
        SMS, the pending upper bound (pending claims counted as false), n_posts and n_reviewed. The \
        decay runs to T_end, the recorded_at of the last event folded; an explicit --window sets d = 1. \
        The output names the method version, the parameters, the position and the checkpoint root.

        Examples:
          factledger scores --top 10
          factledger scores --window 2020-01-01..2020-06-30 --json
          factledger scores --half-life 30 --as-of 2020-04-01
        """)

    @OptionGroup var options: LedgerOptions
    @OptionGroup var asOf: AsOfOption

    @Option(help: ArgumentHelp("Show only the N highest scores.", valueName: "n"))
    var top: Int?

    @Option(help: ArgumentHelp("Score only posts whose posted_at falls in FROM..TO (dates or RFC 3339 times, both ends included; either may be empty). Sets d = 1.", valueName: "from..to"))
    var window: String?

    @Option(help: ArgumentHelp("Override the methodology's decay half-life, in days.", valueName: "days"))
    var halfLife: Double?

    func validate() throws {
        if let top, top < 1 { throw ValidationError("--top must be at least 1") }
        if let halfLife, !(halfLife > 0) { throw ValidationError("--half-life must be greater than 0 days") }
        if let window, AmplificationScores.Window(argument: window) == nil {
            throw ValidationError("--window: expected FROM..TO with dates or RFC 3339 times, FROM not after TO (such as 2020-01-01..2020-06-30); got \"\(window)\"")
        }
    }

    func run() throws {
        let context = CommandContext(options)
        try context.run {
            let (facts, point) = try context.foldFacts(asOf: asOf.asOf)
            let options = AmplificationScores.Options(halfLifeDays: halfLife, window: window.flatMap(AmplificationScores.Window.init(argument:)))
            let result = AmplificationScores(facts: facts, options: options).result
            context.printResult(point, json: {
                var object = JSONObjectBuilder()
                guard case .object(let members) = result.json(top: top) else { return object }
                for member in members { object.add(member.key, member.value) }
                return object
            }, table: {
                let parameters = result.parameters
                var lines = [
                    "method \(parameters.method): half-life \(format(parameters.halfLifeDays)) days, α \(format(parameters.alpha)), "
                        + (parameters.window.map { "window \($0) (d = 1)" } ?? "decay to T_end \(parameters.endTime?.iso8601 ?? "-")")
                        + ", μ \(result.mean.map { String(format: "%.4f", $0) } ?? "-")",
                ]
                let shown = top.map { Array(result.scores.prefix($0)) } ?? result.scores
                let rows = shown.enumerated().map { rank, score in
                    [String(rank + 1), score.account.description, String(format: "%.2f", score.mas), String(format: "%.4f", score.ms),
                     String(format: "%.2f", score.reach), String(format: "%.3f", score.stateMediaShare),
                     String(format: "%.2f", score.pendingUpperBound), String(score.postCount), String(score.reviewedCount)]
                }
                lines.append(Table.render(header: ["#", "ACCOUNT", "MAS", "MS", "R", "SMS", "PENDING_UB", "N_POSTS", "N_REVIEWED"], rows: rows))
                if !result.unscored.isEmpty { lines.append("\(result.unscored.count) accounts not scored (Σw·d = 0)") }
                return lines.joined(separator: "\n")
            })
        }
    }

    private func format(_ value: Double) -> String {
        value == value.rounded() ? String(Int64(value)) : String(value)
    }
}
