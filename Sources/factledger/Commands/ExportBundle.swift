// `factledger export bundle`: the audit bundle an outsider checks with verify.py.
import ArgumentParser
import Publishing

struct ExportBundle: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bundle",
        abstract: "Write an audit bundle that anyone can check with Python, without FactLedger.",
        discussion: """
        The folder holds checkpoint.txt (the signed tree head at the exported \
        position), ledger-key.txt (its verifier key), events.jsonl (every event with \
        its exact leaf), proofs/ (an inclusion proof per published verdict), \
        consistency.json (proof that this log extends the checkpoint of the previous \
        export, when there was one), verify.py, README.txt and SHA256SUMS. An \
        existing folder is replaced only when it is empty or holds an earlier \
        bundle.

        To check it: python3 verify.py (needs `pip install cryptography`); it prints \
        OK or the first failure.

        Examples:
          factledger export bundle --out bundle/
          factledger export bundle --out bundle-q2/ --as-of 2020-06-30 --json
        """)

    @OptionGroup var export: ExportOptions

    func run() throws {
        try export.run { publisher, out in try publisher.bundle(to: out) }
    }
}
