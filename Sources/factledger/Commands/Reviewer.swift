// `factledger reviewer add|revoke|list`: who may sign judgments.
import ArgumentParser
import Crypto
import Events
import Foundation
import Ledger

struct Reviewer: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reviewer",
        abstract: "Register, revoke and list the reviewers who sign judgments.",
        subcommands: [Add.self, Revoke.self, List.self])

    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "add",
            abstract: "Register a reviewer and their public key (an admin signs).",
            discussion: """
            Without --public-key, a new Ed25519 key is created for the reviewer in this machine's key \
            folder (mode 0600), or their existing key there is reused. With --public-key, the reviewer's \
            own key, made elsewhere, is registered and no private key is touched.

            Example:
              factledger reviewer add bob --name "Bob Lee" --role checker --as alice
            """)

        @OptionGroup var options: LedgerOptions

        @Argument(help: "The reviewer's handle (a-z, 0-9, '.', '_', '-').")
        var handle: String

        @Option(help: "The reviewer's full name.")
        var name: String

        @Option(help: "checker, editor or admin.")
        var role: String = "checker"

        @Option(name: .customLong("public-key"), help: ArgumentHelp("The reviewer's Ed25519 public key: a PEM file or base64 of the 32 raw bytes.", valueName: "pem-file|base64"))
        var publicKey: String?

        @OptionGroup var acting: ActingReviewer

        func run() throws {
            let context = CommandContext(options)
            try context.run {
                let log = try context.openLog()
                let admin = try ReviewerSigner(handle: try context.reviewerHandle(acting.handle), keys: context.keys)
                guard let parsedRole = ReviewerRole(rawValue: role) else {
                    throw InputError.usage("--role must be one of \(ReviewerRole.allCases.map(\.rawValue).joined(separator: ", ")); got \"\(role)\"")
                }
                guard Identifier.isHandle(handle) else {
                    throw InputError.usage("the handle must be 1 to 40 characters a-z, 0-9, '.', '_' or '-', starting with a letter or digit; got \"\(handle)\"")
                }
                var keyFile: String?
                let rawKey: [UInt8]
                if let publicKey {
                    rawKey = try Reviewer.parsePublicKey(publicKey)
                } else {
                    keyFile = context.keys.reviewerKeyPath(handle)
                    do {
                        rawKey = Array(try context.keys.loadOrCreate(path: context.keys.reviewerKeyPath(handle), whose: "reviewer \(handle)").publicKey.rawRepresentation)
                    } catch let error as KeyStoreError { throw LedgerError.key(error) }
                }
                let payload = try ReviewerRegistered(handle: handle, name: name, role: parsedRole, publicKey: rawKey)
                let report = try log.append([try admin.pendingEvent(payload, now: context.clock.now())])
                let position = report.outcomes.first?.position ?? 0
                if context.json {
                    var object = JSONObjectBuilder()
                    object.add("handle", handle)
                    object.add("role", parsedRole)
                    object.add("position", Int(position))
                    object.add("public_key", Data(rawKey).base64EncodedString())
                    object.add("key_file", keyFile)
                    context.terminal.out(object.text)
                } else {
                    context.terminal.out("Registered \(handle) (\(parsedRole.rawValue)) at position \(position), signed by \(admin.handle)")
                    if let keyFile { context.terminal.out("  private key \(keyFile) (mode 0600)") }
                }
            }
        }
    }

    struct Revoke: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "revoke",
            abstract: "Revoke a reviewer's key: it signs nothing after this (an admin signs).",
            discussion: """
            Verdicts the reviewer signed before the revocation stay valid.

            Example:
              factledger reviewer revoke bob --reason "left the desk" --as alice
            """)

        @OptionGroup var options: LedgerOptions

        @Argument(help: "The reviewer to revoke.")
        var handle: String

        @Option(help: "Why the key is revoked.")
        var reason: String

        @OptionGroup var acting: ActingReviewer

        func run() throws {
            let context = CommandContext(options)
            try context.run {
                let log = try context.openLog()
                let admin = try ReviewerSigner(handle: try context.reviewerHandle(acting.handle), keys: context.keys)
                let payload = try ReviewerRevoked(handle: handle, reason: reason)
                let report = try log.append([try admin.pendingEvent(payload, now: context.clock.now())])
                let position = report.outcomes.first?.position ?? 0
                if context.json {
                    var object = JSONObjectBuilder()
                    object.add("handle", handle)
                    object.add("revoked_at_position", Int(position))
                    context.terminal.out(object.text)
                } else {
                    context.terminal.out("Revoked \(handle) at position \(position); their key signs nothing after it")
                }
            }
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "list",
            abstract: "List the registered reviewers.",
            discussion: "Example:\n  factledger reviewer list --json")

        @OptionGroup var options: LedgerOptions

        func run() throws {
            let context = CommandContext(options)
            try context.run {
                let registry = try context.openLog().reviewers()
                let reviewers = registry.reviewers.values.sorted { $0.handle < $1.handle }
                if context.json {
                    for reviewer in reviewers {
                        var object = JSONObjectBuilder()
                        object.add("handle", reviewer.handle)
                        object.add("name", reviewer.name)
                        object.add("role", reviewer.role)
                        object.add("public_key", Data(reviewer.publicKey.rawRepresentation).base64EncodedString())
                        object.add("registered_at_position", Int(reviewer.registeredAt))
                        object.add("revoked_at_position", reviewer.revokedAt.map { Int($0) })
                        context.terminal.out(object.text)
                    }
                } else {
                    let rows = reviewers.map { reviewer in
                        [reviewer.handle, reviewer.name, reviewer.role.rawValue, String(reviewer.registeredAt),
                         reviewer.revokedAt.map { "revoked at \($0)" } ?? "active"]
                    }
                    context.terminal.out(Table.render(header: ["HANDLE", "NAME", "ROLE", "REGISTERED", "STATUS"], rows: rows))
                }
            }
        }
    }

    /// Reads an Ed25519 public key from a PEM file or base64 of its 32 raw bytes.
    static func parsePublicKey(_ text: String) throws -> [UInt8] {
        if FileManager.default.fileExists(atPath: text) {
            guard let pem = try? String(contentsOfFile: text, encoding: .utf8), let key = try? Curve25519.Signing.PublicKey(pemRepresentation: pem) else {
                throw InputError.badData("--public-key \(text): expected an Ed25519 public key in PEM (BEGIN PUBLIC KEY)")
            }
            return Array(key.rawRepresentation)
        }
        guard let data = Data(base64Encoded: text), data.count == 32 else {
            throw InputError.usage("--public-key: expected a PEM file path or base64 of 32 bytes; got \"\(text.prefix(60))\"")
        }
        return Array(data)
    }
}

/// Plain-text tables with aligned columns.
enum Table {
    static func render(header: [String], rows: [[String]]) -> String {
        var widths = header.map(\.count)
        for row in rows {
            for (index, cell) in row.enumerated() where index < widths.count { widths[index] = max(widths[index], cell.count) }
        }
        let rows = rows.map { $0.map(TerminalText.safe) }
        func line(_ cells: [String]) -> String {
            cells.enumerated().map { index, cell in
                index == cells.count - 1 ? cell : cell.padding(toLength: widths[index], withPad: " ", startingAt: 0)
            }.joined(separator: "  ")
        }
        return ([line(header)] + rows.map(line)).joined(separator: "\n")
    }
}

/// Text from the ledger made safe for a terminal: control characters, line breaks and bidi
/// controls are shown as escapes, so hostile data cannot forge rows or reorder what is shown.
enum TerminalText {
    static func safe(_ text: String) -> String {
        var output = ""
        for scalar in text.unicodeScalars {
            let value = scalar.value
            if value < 0x20 || (0x7F...0x9F).contains(value) || (0x202A...0x202E).contains(value)
                || (0x2066...0x2069).contains(value) || value == 0x2028 || value == 0x2029 || value == 0x200E || value == 0x200F {
                output += "\\u{\(String(value, radix: 16))}"
            } else {
                output.unicodeScalars.append(scalar)
            }
        }
        return output
    }
}
