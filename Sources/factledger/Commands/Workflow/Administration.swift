// `factledger retract` and `factledger policy set`: corrections of the record and settings.
import ArgumentParser
import Events
import Ledger

struct Retract: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "retract",
        abstract: "Retract an entry made in error; it stays in the log and projections skip it.",
        discussion: """
        EVENT_ID is the event's id as printed by the command that made it, or by `factledger log`.

        Example:
          factledger retract 0191a2b3-… --reason "flagged the wrong post" --as bob
        """)

    @OptionGroup var options: LedgerOptions
    @OptionGroup var acting: ActingReviewer

    @Argument(help: "The id of the event to retract.")
    var eventID: String

    @Option(help: "Why it was an error.")
    var reason: String

    func run() throws {
        let context = CommandContext(options)
        try context.run {
            let workflow = try context.workflow(acting)
            var data = JSONObjectBuilder()
            data.add("event", eventID)
            data.add("reason", reason)
            context.report(try workflow.record([try EntryRetracted(fields: FieldReader(data.object))]))
        }
    }
}

struct Policy: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "policy",
        abstract: "Set the ledger's review policy (an admin signs).",
        subcommands: [Set.self])

    struct Set: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "set",
            abstract: "Choose single review, or two-person review (a verdict is final once a second reviewer concurs).",
            discussion: """
            Example:
              factledger policy set two-person --as alice
            """)

        @OptionGroup var options: LedgerOptions
        @OptionGroup var acting: ActingReviewer

        @Argument(help: "single or two-person.")
        var policy: String

        func run() throws {
            let context = CommandContext(options)
            try context.run {
                let chosen: ReviewPolicy
                switch policy {
                case "single": chosen = .single
                case "two-person", "two_person": chosen = .twoPerson
                default: throw InputError.usage("the policy must be single or two-person; got \"\(policy)\"")
                }
                let workflow = try context.workflow(acting)
                context.report(try workflow.record([ReviewPolicySet(policy: chosen)]), created: chosen.rawValue, noun: "policy")
            }
        }
    }
}
