// `factledger activity`: posts per month, per account and in total, by kind, and the share
// linking state-controlled outlets (DESIGN §5, MonthlyActivity).
import ArgumentParser
import Events
import Foundation
import Projections

struct Activity: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "activity",
        abstract: "Count posts per month, by kind, with the share linking state-controlled outlets.",
        discussion: """
        Months are calendar months of posted_at, in UTC. A post links a state-controlled outlet when a \
        linked URL, or the URL it amplifies, is on the domain of an outlet registered as state_controlled. \
        With --json each month also lists every account's counts.

        Examples:
          factledger activity
          factledger activity --account twitter:zlj517 --by month --json
        """)

    @OptionGroup var options: LedgerOptions
    @OptionGroup var asOf: AsOfOption

    @Option(help: ArgumentHelp("Only this account: platform:handle, or a handle that names one account.", valueName: "account"))
    var account: String?

    @Option(help: ArgumentHelp("The period to group by: month.", valueName: "period"))
    var by: String = "month"

    func validate() throws {
        guard by == "month" else { throw ValidationError("--by supports month; got \"\(by)\"") }
    }

    func run() throws {
        let context = CommandContext(options)
        try context.run {
            let (facts, point) = try context.foldFacts(asOf: asOf.asOf)
            var reference: PlatformReference?
            if let account {
                guard let found = AccountClaimHistory(facts: facts).account(matching: account) else {
                    throw InputError.missing("no account \"\(account)\" in the ledger as of position \(point.position); name it as platform:handle")
                }
                reference = found
            }
            let months = MonthlyActivity(facts: facts).months(account: reference)
            context.printResult(point, json: {
                var object = JSONObjectBuilder()
                object.add("account", reference.map { JSONValue.string($0.description) } ?? .null)
                object.add("by", by)
                object.add("months", .array(months.map { $0.json() }))
                return object
            }, table: {
                let rows = months.map { month in
                    [month.month, String(month.total.posts), String(month.total.original), String(month.total.repost),
                     String(month.total.quote), String(month.total.reply), String(month.total.stateLinked),
                     String(format: "%.1f%%", month.total.stateLinkedShare * 100)]
                }
                let title = reference.map { "posts by \($0)" } ?? "posts by all accounts"
                return title + "\n" + Table.render(header: ["MONTH", "POSTS", "ORIGINAL", "REPOST", "QUOTE", "REPLY", "STATE_LINKED", "SHARE"], rows: rows)
            })
        }
    }
}
