// The C2SP tlog-checkpoint body (c2sp.org/tlog-checkpoint): the tree head that the ledger
// signs as a signed note and that outsiders keep to detect a rewritten log (DESIGN §3).
import Foundation

/// A transparency-log checkpoint: the log's origin, its tree size and its RFC 6962 root.
///
/// ``text`` and ``init(parsingText:)`` round-trip exactly; parsing accepts only the canonical
/// form (decimal size without leading zeros, standard base64 of a 32-byte root), so one
/// checkpoint has one text and therefore one signature input.
/// Holds one hash; formatting and parsing are linear in the text.
public struct Checkpoint: Sendable, Equatable {
    /// The log's identity, conventionally a schema-less URL such as `example.com/factledger`.
    public let origin: String
    /// The number of leaves the checkpoint covers.
    public let size: UInt64
    /// The RFC 6962 root of those leaves (32 bytes).
    public let root: [UInt8]
    /// Optional extension lines after the root, kept verbatim and in order.
    public let extensionLines: [String]

    /// Makes a checkpoint; throws ``CheckpointError`` for an unusable origin or root.
    ///
    /// The origin must be non-empty without newlines or other control characters, the root
    /// 32 bytes, and each extension line non-empty without control characters.
    /// Costs a scan of the strings.
    public init(origin: String, size: UInt64, root: [UInt8], extensionLines: [String] = []) throws {
        guard Checkpoint.isValidLine(origin) else { throw CheckpointError.invalidOrigin(origin) }
        guard root.count == MerkleHash.size else { throw CheckpointError.badRootSize(root.count) }
        for line in extensionLines where !Checkpoint.isValidLine(line) {
            throw CheckpointError.invalidExtensionLine(line)
        }
        self.origin = origin
        self.size = size
        self.root = root
        self.extensionLines = extensionLines
    }

    /// The checkpoint body: "origin\nsize\nbase64root\n", then any extension lines.
    ///
    /// This is the exact text a ``NoteSigner`` signs.
    /// Costs one base64 encode.
    public var text: String {
        ([origin, String(size), Data(root).base64EncodedString()] + extensionLines)
            .map { $0 + "\n" }
            .joined()
    }

    /// Parses a checkpoint body, such as the text ``SignedNote/verify(note:key:)`` returns.
    ///
    /// Throws ``CheckpointError/malformed(line:reason:)`` naming the first bad line, or the
    /// error of ``init(origin:size:root:extensionLines:)`` for a bad origin, root or extension.
    /// Costs one pass over the text and one base64 decode.
    public init(parsingText text: String) throws {
        guard text.utf8.last == 0x0A else {
            throw CheckpointError.malformed(line: 0, reason: "a checkpoint must end with a newline")
        }
        let lines = text.utf8.dropLast().split(separator: 0x0A, omittingEmptySubsequences: false)
            .map { String(decoding: $0, as: UTF8.self) }
        guard lines.count >= 3 else {
            throw CheckpointError.malformed(line: lines.count + 1, reason: "a checkpoint needs an origin, a size and a root hash")
        }
        let sizeText = lines[1]
        guard let size = UInt64(sizeText), sizeText.utf8.allSatisfy({ (0x30...0x39).contains($0) }),
              sizeText == "0" || !sizeText.hasPrefix("0")
        else {
            throw CheckpointError.malformed(line: 2, reason: "the tree size \"\(sizeText)\" is not a decimal number without leading zeros")
        }
        guard let rootData = Data(base64Encoded: lines[2]), rootData.base64EncodedString() == lines[2] else {
            throw CheckpointError.malformed(line: 3, reason: "the root hash is not standard base64")
        }
        // The origin, root length and extension lines are checked by the memberwise init.
        try self.init(origin: lines[0], size: size, root: Array(rootData), extensionLines: Array(lines.dropFirst(3)))
    }

    /// Verifies a signed checkpoint note with `key` and parses its body.
    ///
    /// Guarantees that the returned checkpoint is exactly what the key's owner signed.
    /// Costs one Ed25519 check per signature line by the key, plus parsing.
    public init(verifyingNote note: String, key: NoteVerifierKey) throws {
        try self.init(parsingText: try SignedNote.verify(note: note, key: key))
    }

    /// Signs the checkpoint body with `signer` and returns the signed note.
    ///
    /// ``init(verifyingNote:key:)`` with the signer's verifier key reads it back unchanged.
    /// Costs one Ed25519 signature.
    public func signedNote(by signer: NoteSigner) throws -> String {
        try signer.sign(text: text)
    }

    /// A line is usable if it is non-empty and holds no control characters (so no newline).
    private static func isValidLine(_ line: String) -> Bool {
        !line.isEmpty && line.unicodeScalars.allSatisfy { $0.value >= 0x20 && $0.value != 0x7F }
    }
}

/// Why a checkpoint could not be made or parsed.
///
/// Each `description` is one sentence for the person at the terminal.
public enum CheckpointError: Error, Equatable, CustomStringConvertible {
    /// The origin is empty or holds a newline or control character.
    case invalidOrigin(String)
    /// The root hash is not 32 bytes.
    case badRootSize(Int)
    /// An extension line is empty or holds a control character.
    case invalidExtensionLine(String)
    /// Checkpoint text is not in the tlog-checkpoint format; `line` is 1-based (0: the whole text).
    case malformed(line: Int, reason: String)

    public var description: String {
        switch self {
        case let .invalidOrigin(origin):
            "The checkpoint origin \"\(origin)\" is not allowed: it must be one non-empty line without control characters."
        case let .badRootSize(count):
            "The checkpoint root hash is \(count) bytes long; it must be \(MerkleHash.size)."
        case let .invalidExtensionLine(line):
            "The checkpoint extension line \"\(line)\" is not allowed: it must be non-empty without control characters."
        case let .malformed(line, reason):
            line == 0 ? "The checkpoint is malformed: \(reason)." : "The checkpoint is malformed at line \(line): \(reason)."
        }
    }
}
