// Options every command shares, resolved once into a CommandContext.
import ArgumentParser

/// How to colour output.
enum ColorChoice: String, ExpressibleByArgument, CaseIterable {
    case auto, always, never
}

/// `--ledger`, `--json`, `--color` and `--busy-timeout`.
struct LedgerOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("The ledger file (env: FACTLEDGER_LEDGER; default ./factledger.db).", valueName: "path"))
    var ledger: String?

    @Flag(name: .long, help: "Print machine-readable JSON instead of a table.")
    var json = false

    @Option(name: .long, help: "Colour the output: auto, always or never (NO_COLOR turns auto off).")
    var color: ColorChoice = .auto

    @Option(name: .long, help: ArgumentHelp("How long to wait for another writer's lock, in milliseconds (default 10000; 600000 for import, which queues behind other imports).", valueName: "ms"))
    var busyTimeout: Int32?
}
