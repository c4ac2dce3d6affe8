// The factledger command: parses arguments and hands each subcommand to the libraries.
import ArgumentParser
import Foundation

@main
struct FactLedger: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "factledger",
        abstract: "An event-sourced fact-check ledger: every observation and judgment, signed, in a verifiable Merkle log.",
        discussion: """
        The ledger is one SQLite file (default ./factledger.db; --ledger PATH or env FACTLEDGER_LEDGER).
        Judgments are signed with the reviewer's Ed25519 key, kept in $XDG_CONFIG_HOME/factledger/keys.

        Start with:
          factledger init --org "Example Desk" --admin alice
          factledger reviewer add bob --name "Bob Lee" --as alice
          factledger import events.jsonl --as alice
          factledger verify
        """,
        version: "0.1.0",
        groupedSubcommands: [
            CommandGroup(name: "Set up", subcommands: [Init.self, Reviewer.self]),
            CommandGroup(name: "Record", subcommands: [Import.self]),
            CommandGroup(name: "Workflow", subcommands: [
                Account.self, Outlet.self, Observe.self, FlagClaim.self, Appearance.self, Attribute.self, VerdictCommand.self,
                Review.self, Revise.self, Publish.self, Merge.self, Retract.self, Policy.self, Audit.self,
            ]),
            CommandGroup(name: "Projections", subcommands: [History.self, Scores.self, Board.self, Activity.self, Outlets.self, Trail.self, Diff.self]),
            CommandGroup(name: "Publish", subcommands: [Export.self]),
            CommandGroup(name: "Tools", subcommands: [DemoCommand.self, Generate.self]),
            CommandGroup(name: "Browse", subcommands: [Log.self, Replay.self]),
            CommandGroup(name: "Verify and prove", subcommands: [Verify.self, CheckpointCommand.self, LedgerKey.self, Prove.self]),
        ]
    )

    /// Ignores SIGXFSZ, so hitting a file-size limit (`ulimit -f`) is a clear error and a rolled-back
    /// transaction instead of a silent death by signal.
    static func main() {
        signal(SIGXFSZ, SIG_IGN)
        main(nil)
    }
}
