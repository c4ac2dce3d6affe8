// `factledger audit claim|account`: who decided what, when, with every signature checked.
import ArgumentParser
import Events
import Ledger

struct Audit: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit",
        abstract: "Show the full signed trail behind a claim or an account.",
        subcommands: [ClaimTrail.self, AccountTrail.self])

    struct ClaimTrail: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "claim",
            abstract: "The trail of a claim: flag, appearances, attributions, verdicts, reviews, revisions, publication.",
            discussion: """
            Each line shows the position, recorded_at, author, event, the signature checked against the key \
            registered at that moment (✓ valid, ✗ invalid, – unsigned observation) and any label change.

            Example:
              factledger audit claim c-7f3a9
            """)

        @OptionGroup var options: LedgerOptions

        @Argument(help: "The claim id.")
        var claim: String

        func run() throws {
            let context = CommandContext(options)
            try context.run { Audit.print(try AuditTrail.claim(claim, in: try context.openLog()), context: context) }
        }
    }

    struct AccountTrail: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "account",
            abstract: "The trail of an account: its registration, its posts and the claims they carry.",
            discussion: """
            Example:
              factledger audit account twitter:zlj517 --json
            """)

        @OptionGroup var options: LedgerOptions

        @Argument(help: "The account as platform:handle.")
        var account: String

        func run() throws {
            let context = CommandContext(options)
            try context.run {
                let reference = try PlatformReference(parsing: account, field: "ACCOUNT")
                Audit.print(try AuditTrail.account(reference, in: try context.openLog()), context: context)
            }
        }
    }

    static func print(_ entries: [AuditEntry], context: CommandContext) {
        let terminal = context.terminal
        if context.json {
            for entry in entries {
                var object = JSONObjectBuilder()
                object.add("position", entry.position)
                object.add("recorded_at", entry.recordedAt)
                object.add("occurred_at", entry.occurredAt)
                object.add("id", entry.id.rawValue)
                object.add("type", entry.type)
                object.add("author", entry.author)
                object.add("signature", { () -> String in
                    switch entry.signature {
                    case .valid: return "valid"
                    case .unsigned: return "unsigned"
                    case .invalid: return "invalid"
                    }
                }())
                if case .invalid(let reason) = entry.signature { object.add("signature_problem", reason) }
                if let change = entry.labelChange {
                    object.add("label_from", change.from.map { JSONValue.string($0) } ?? .null)
                    object.add("label_to", change.to.map { JSONValue.string($0) } ?? .null)
                }
                object.add("retracted", entry.isRetracted)
                object.add("summary", entry.summary)
                terminal.out(object.text)
            }
            return
        }
        let rows = entries.map { entry -> [String] in
            let mark: String
            switch entry.signature {
            case .valid: mark = terminal.green("✓")
            case .unsigned: mark = "–"
            case .invalid: mark = terminal.red("✗")
            }
            let change = entry.labelChange.map { "\($0.from ?? "—") → \($0.to ?? "void")" } ?? ""
            return [String(entry.position), entry.recordedAt.iso8601, entry.author, entry.type + (entry.isRetracted ? " (retracted)" : ""), mark, change, entry.summary]
        }
        terminal.out(Table.render(header: ["POS", "RECORDED_AT", "AUTHOR", "EVENT", "SIG", "LABEL", "WHAT"], rows: rows))
        let invalid = entries.filter { if case .invalid = $0.signature { return true } else { return false } }
        for entry in invalid {
            if case .invalid(let reason) = entry.signature { terminal.out(terminal.red("✗ position \(entry.position): \(reason)")) }
        }
    }
}
