// `factledger export jsonl`: the events in the interchange format, with their Merkle leaves.
import ArgumentParser
import Publishing

struct ExportJSONL: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "jsonl",
        abstract: "Write the events as JSON lines in the interchange format, with their Merkle leaves.",
        discussion: """
        One event per line: type, id, schema_version, occurred_at and data (the \
        exact bytes its author signed), which `factledger import` reads; then \
        position, stream, stream_version, recorded_at, author, signature, leaf_hash \
        (hex SHA-256 of 0x00 ‖ leaf) and leaf (the exact leaf, base64). The file \
        holds the registry, the observations, the judgments and the settings \
        reviewers made; it leaves out what belongs to this ledger alone: the genesis \
        events init signs with the ledger key, reviewer keys and export records. \
        Import it into a new ledger with --as an admin.

        Examples:
          factledger export jsonl --out events.jsonl
          factledger export jsonl --out events.jsonl --interchange-only --as-of 1200
        """)

    @OptionGroup var export: ExportOptions

    @Flag(help: "Write only the interchange members (type, id, schema_version, occurred_at, data), without position and leaf.")
    var interchangeOnly = false

    func run() throws {
        try export.run { publisher, out in try publisher.jsonl(to: out, content: interchangeOnly ? .interchangeOnly : .withLeaf) }
    }
}
