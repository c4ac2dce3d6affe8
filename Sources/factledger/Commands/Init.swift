// `factledger init`: create a ledger, its key, the defaults and the first admin.
import ArgumentParser
import Foundation
import Events
import Ledger

struct Init: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init",
        abstract: "Create a new ledger with its signing key and first admin.",
        discussion: """
        Creates the ledger file, a new Ed25519 ledger key (which signs checkpoints), the default \
        rating scale factledger/1, the mas/1 methodology, the single-review policy, and registers \
        the first admin, whose key is created unless it already exists. Keys are written with \
        mode 0600 to $XDG_CONFIG_HOME/factledger/keys (or ~/.config/factledger/keys).

        Example:
          factledger init --org "Example Fact Desk" --admin alice --name "Alice Chen"
        """)

    @OptionGroup var options: LedgerOptions

    @Option(help: "The organisation that keeps this ledger.")
    var org: String

    @Option(help: "The first admin's handle (a-z, 0-9, '.', '_', '-').")
    var admin: String = "admin"

    @Option(help: "The first admin's full name (default: the handle).")
    var name: String?

    func run() throws {
        let context = CommandContext(options)
        try context.run {
            let (_, created) = try LedgerSetup.create(
                path: context.ledgerPath, org: org, admin: admin, adminName: name ?? admin, keys: context.keys, clock: context.clock)
            if context.json {
                var object = JSONObjectBuilder()
                object.add("ledger", context.ledgerPath)
                object.add("ledger_id", created.ledgerID)
                object.add("origin", created.origin)
                object.add("verifier_key", created.verifierKey)
                object.add("ledger_key_file", created.ledgerKeyPath)
                object.add("admin", admin)
                object.add("admin_key_file", created.adminKeyPath)
                object.add("size", Int(created.head.size))
                context.terminal.out(object.text)
            } else {
                let terminal = context.terminal
                terminal.out("Created ledger \(terminal.bold(context.ledgerPath)) for \(org)")
                terminal.out("  ledger id     \(created.ledgerID)")
                terminal.out("  origin        \(created.origin)")
                terminal.out("  verifier key  \(created.verifierKey)")
                terminal.out("  ledger key    \(created.ledgerKeyPath) (private, mode 0600)")
                terminal.out("  admin         \(admin), key \(created.adminKeyPath)")
                terminal.out("  events        \(created.head.size) (ledger, scale factledger/1, methodology mas/1, policy single, admin)")
                terminal.out("Next: factledger reviewer add HANDLE --name NAME --as \(admin)")
            }
        }
    }
}
