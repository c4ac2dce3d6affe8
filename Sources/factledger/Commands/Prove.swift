// `factledger prove inclusion|consistency`: RFC 6962 proofs anyone can check.
import ArgumentParser
import Events
import Foundation
import Ledger

struct Prove: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "prove",
        abstract: "Print Merkle inclusion and consistency proofs (RFC 6962 / 9162).",
        subcommands: [Inclusion.self, Consistency.self])

    struct Inclusion: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "inclusion",
            abstract: "Prove that the event at POSITION is in the tree.",
            discussion: """
            Hashes are base64. leaf_index is 0-based (POSITION - 1); leaf_hash is SHA-256(0x00 ‖ leaf).

            Example:
              factledger prove inclusion 42 --size 100 --json
            """)

        @OptionGroup var options: LedgerOptions

        @Argument(help: "The event's position (1-based).")
        var position: Int64

        @Option(help: "The tree size to prove against (default: the current size).")
        var size: Int64?

        func run() throws {
            let context = CommandContext(options)
            try context.run {
                let proof = try context.openLog().inclusionProof(position: position, treeSize: size)
                if context.json {
                    var object = JSONObjectBuilder()
                    object.add("leaf_index", position - 1)
                    object.add("tree_size", proof.treeSize)
                    object.add("leaf_hash", JSONOutput.base64(proof.leafHash))
                    object.add("proof", .array(proof.proof.map { .string(JSONOutput.base64($0)) }))
                    object.add("root", JSONOutput.base64(proof.root))
                    context.terminal.out(object.text)
                } else {
                    context.terminal.out("leaf \(position - 1) (position \(position)) in tree of size \(proof.treeSize)")
                    context.terminal.out("leaf hash  \(JSONOutput.base64(proof.leafHash))")
                    context.terminal.out("root       \(JSONOutput.base64(proof.root))")
                    for (index, hash) in proof.proof.enumerated() { context.terminal.out("proof[\(index)]   \(JSONOutput.base64(hash))") }
                }
            }
        }
    }

    struct Consistency: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "consistency",
            abstract: "Prove that the tree of size OLD is a prefix of the tree of size NEW.",
            discussion: """
            Hashes are base64. OLD must be at least 1.

            Example:
              factledger prove consistency 100 250 --json
            """)

        @OptionGroup var options: LedgerOptions

        @Argument(help: "The older tree size.")
        var old: Int64

        @Argument(help: "The newer tree size.")
        var new: Int64

        func run() throws {
            let context = CommandContext(options)
            try context.run {
                let proof = try context.openLog().consistencyProof(size1: old, size2: new)
                if context.json {
                    var object = JSONObjectBuilder()
                    object.add("size1", old)
                    object.add("size2", new)
                    object.add("root1", JSONOutput.base64(proof.root1))
                    object.add("root2", JSONOutput.base64(proof.root2))
                    object.add("proof", .array(proof.proof.map { .string(JSONOutput.base64($0)) }))
                    context.terminal.out(object.text)
                } else {
                    context.terminal.out("size \(old) root \(JSONOutput.base64(proof.root1))")
                    context.terminal.out("size \(new) root \(JSONOutput.base64(proof.root2))")
                    for (index, hash) in proof.proof.enumerated() { context.terminal.out("proof[\(index)] \(JSONOutput.base64(hash))") }
                }
            }
        }
    }
}
