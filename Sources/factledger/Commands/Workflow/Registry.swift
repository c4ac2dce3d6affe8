// `factledger account add` and `factledger outlet add`: what the ledger monitors.
import ArgumentParser
import Events
import Ledger

struct Account: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "account",
        abstract: "Register accounts to monitor.",
        subcommands: [Add.self])

    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "add",
            abstract: "Register an account on a platform, with who runs it.",
            discussion: """
            Registering the same account twice with the same details writes nothing the second time; \
            new details (an imported account, kind other, classified at last) are recorded as an update.

            Example:
              factledger account add twitter:zlj517 --name "Zhao Lijian" --kind diplomat \\
                --country CN --title "Spokesperson" --as alice
            """)

        @OptionGroup var options: LedgerOptions
        @OptionGroup var acting: ActingReviewer

        @Argument(help: "The account as platform:handle, such as twitter:zlj517.")
        var account: String

        @Option(help: "The display name.")
        var name: String

        @Option(help: "diplomat, embassy, ministry, state_media or other.")
        var kind: String

        @Option(help: "The sending country, ISO 3166-1 alpha-2 (CN, RU, …).")
        var country: String

        @Option(help: "The person behind the account.")
        var person: String?

        @Option(help: "Their title.")
        var title: String?

        @Option(help: "The profile URL.")
        var profileURL: String?

        @Option(help: "The platform's numeric user id.")
        var platformUserID: String?

        func run() throws {
            let context = CommandContext(options)
            try context.run {
                let workflow = try context.workflow(acting)
                var data = JSONObjectBuilder()
                data.add("account", account)
                data.add("display_name", name)
                data.add("kind", kind)
                data.add("country", country)
                data.add("person", person)
                data.add("title", title)
                data.add("profile_url", profileURL)
                data.add("platform_user_id", platformUserID)
                let payload = try AccountRegistered(fields: FieldReader(data.object))
                context.report(try workflow.register(payload), created: account, noun: "account")
            }
        }
    }
}

struct Outlet: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "outlet",
        abstract: "Register news outlets and their state affiliation.",
        subcommands: [Add.self])

    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "add",
            abstract: "Register an outlet by domain, with its affiliation and the basis for it.",
            discussion: """
            Example:
              factledger outlet add rt.com --name RT --affiliation state_controlled \\
                --country RU --basis "Funded by the Russian state budget" --as alice
            """)

        @OptionGroup var options: LedgerOptions
        @OptionGroup var acting: ActingReviewer

        @Argument(help: "The outlet's domain, such as rt.com.")
        var domain: String

        @Option(help: "The outlet's name.")
        var name: String

        @Option(help: "state_controlled, state_funded, independent or unknown.")
        var affiliation: String

        @Option(help: "Its country, ISO 3166-1 alpha-2.")
        var country: String?

        @Option(help: "Why it has that affiliation.")
        var basis: String?

        @Option(help: "A URL with the evidence.")
        var evidence: String?

        func run() throws {
            let context = CommandContext(options)
            try context.run {
                let workflow = try context.workflow(acting)
                var data = JSONObjectBuilder()
                data.add("domain", domain)
                data.add("name", name)
                data.add("affiliation", affiliation)
                data.add("country", country)
                data.add("basis", basis)
                data.add("evidence_url", evidence)
                let payload = try OutletRegistered(fields: FieldReader(data.object))
                context.report(try workflow.register(payload), created: domain, noun: "outlet")
            }
        }
    }
}
