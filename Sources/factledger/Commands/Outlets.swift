// `factledger outlets`: how each registered outlet was amplified (DESIGN §5,
// OutletAmplification).
import ArgumentParser
import Events
import Foundation
import Projections

struct Outlets: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "outlets",
        abstract: "Show how often each registered outlet was amplified, by how many accounts, with which claims.",
        discussion: """
        A post amplifies an outlet when it links to the outlet's domain or a SourceAttributed names the \
        outlet on the post or on a claim it carries. False claims are the outlet's claims whose current \
        label has misinformation weight 1. First and last seen are posted_at times.

        Examples:
          factledger outlets
          factledger outlets --as-of 2020-04-01 --json
        """)

    @OptionGroup var options: LedgerOptions
    @OptionGroup var asOf: AsOfOption

    func run() throws {
        let context = CommandContext(options)
        try context.run {
            let (facts, point) = try context.foldFacts(asOf: asOf.asOf)
            let entries = OutletAmplification(facts: facts).entries
            context.printResult(point, json: {
                var object = JSONObjectBuilder()
                object.add("outlets", .array(entries.map(\.json)))
                return object
            }, table: {
                Table.render(header: ["DOMAIN", "AFFILIATION", "AMPLIFIED", "ACCOUNTS", "CLAIMS", "FALSE", "FIRST_SEEN", "LAST_SEEN"], rows: entries.map { entry in
                    [entry.domain, entry.affiliation.rawValue, String(entry.timesAmplified), String(entry.distinctAccounts),
                     String(entry.claimsCarried), String(entry.falseClaims), entry.firstSeen?.iso8601 ?? "-", entry.lastSeen?.iso8601 ?? "-"]
                })
            })
        }
    }
}
