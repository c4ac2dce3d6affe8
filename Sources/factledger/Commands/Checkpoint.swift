// `factledger checkpoint` and `factledger ledger-key`: signed tree heads and the key to check them.
import ArgumentParser
import Events
import Foundation
import Ledger

struct CheckpointCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "checkpoint",
        abstract: "Sign and print the current tree head as a C2SP tlog-checkpoint note.",
        discussion: """
        The note holds the origin, the tree size and the base64 Merkle root, signed with the ledger key \
        (needs the ledger's private key in the key folder). Publish it: anyone holding it can later \
        prove the ledger was not rewritten (`factledger verify --since FILE`). The ledger keeps every \
        checkpoint it issues.

        Example:
          factledger checkpoint > checkpoint-$(date +%F).note
        """)

    @OptionGroup var options: LedgerOptions

    @Option(help: "Sign the head at this earlier size instead of the current one.")
    var size: Int64?

    func run() throws {
        let context = CommandContext(options)
        try context.run {
            let log = try context.openLog()
            let issued = try log.checkpoint(key: try log.ledgerPrivateKey(keys: context.keys), size: size)
            if context.json {
                var object = JSONObjectBuilder()
                object.add("size", issued.size)
                object.add("root", JSONOutput.base64(issued.root))
                object.add("note", issued.note)
                context.terminal.out(object.text)
            } else {
                FileHandle.standardOutput.write(Data(issued.note.utf8))
            }
        }
    }
}

struct LedgerKey: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ledger-key",
        abstract: "Print the ledger's checkpoint verifier key (name+keyid+base64).",
        discussion: """
        The key is in the C2SP signed-note verifier format; the key id is the first 4 bytes of \
        SHA-256(name ‖ 0x0A ‖ 0x01 ‖ public key), and the base64 part is 0x01 ‖ the 32-byte Ed25519 key.

        Example:
          factledger ledger-key
        """)

    @OptionGroup var options: LedgerOptions

    func run() throws {
        let context = CommandContext(options)
        try context.run {
            let key = try context.openLog().verifierKey()
            if context.json {
                var object = JSONObjectBuilder()
                object.add("verifier_key", key.encoded)
                object.add("name", key.name)
                object.add("public_key", JSONOutput.base64(Array(key.publicKey.rawRepresentation)))
                context.terminal.out(object.text)
            } else {
                context.terminal.out(key.encoded)
            }
        }
    }
}
