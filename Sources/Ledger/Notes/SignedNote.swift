// C2SP signed notes (c2sp.org/signed-note) with Ed25519 keys: the envelope of the ledger's
// checkpoints (DESIGN §3). Notes are split and checked as UTF-8 bytes, never as Characters,
// because String comparison would fold "\r\n" and canonically equivalent text together.
import Crypto
import Foundation

/// A signed-note verifier key: a name and an Ed25519 public key, written `name+keyid+base64key`.
///
/// The key id is derived from the name and key, so a parsed key whose stated id disagrees is
/// rejected; the name is never empty and holds no whitespace, '+' or control characters.
/// Holds 32 bytes of key; deriving the id costs one SHA-256.
public struct NoteVerifierKey: Sendable, Equatable {
    /// The key's name, which every signature line by this key repeats.
    public let name: String
    /// The Ed25519 public key.
    public let publicKey: Curve25519.Signing.PublicKey

    /// The signed-note algorithm byte for Ed25519.
    static let ed25519Algorithm: UInt8 = 0x01

    /// Makes a verifier key from a name and a public key.
    ///
    /// Throws ``SignedNoteError/invalidKeyName(_:)`` for a name that could not appear in a
    /// signature line.
    /// Costs nothing beyond the name check.
    public init(name: String, publicKey: Curve25519.Signing.PublicKey) throws {
        try SignedNote.requireValidName(name)
        self.init(checkedName: name, publicKey: publicKey)
    }

    /// For a name that has already passed `SignedNote.requireValidName`.
    init(checkedName name: String, publicKey: Curve25519.Signing.PublicKey) {
        self.name = name
        self.publicKey = publicKey
    }

    /// Parses the text form `name+hex8keyid+base64(0x01 ‖ 32-byte public key)`.
    ///
    /// Accepts only Ed25519 keys whose stated key id matches the name and key; throws a
    /// ``SignedNoteError`` saying which part is wrong otherwise.
    /// Costs one base64 decode and one SHA-256.
    public init(parsing text: String) throws {
        guard let firstPlus = text.firstIndex(of: "+") else {
            throw SignedNoteError.malformedVerifierKey(text, reason: "it has no '+' separators")
        }
        let name = String(text[..<firstPlus])
        let rest = text[text.index(after: firstPlus)...]
        guard let secondPlus = rest.firstIndex(of: "+") else {
            throw SignedNoteError.malformedVerifierKey(text, reason: "it needs a key id and a key after the name")
        }
        let idText = rest[..<secondPlus]
        let keyText = String(rest[rest.index(after: secondPlus)...])
        try SignedNote.requireValidName(name)
        guard idText.utf8.count == 8, let statedID = UInt32(idText, radix: 16) else {
            throw SignedNoteError.malformedVerifierKey(text, reason: "the key id \"\(idText)\" is not 8 hex digits")
        }
        guard let keyData = Data(base64Encoded: keyText) else {
            throw SignedNoteError.malformedVerifierKey(text, reason: "the key is not valid base64")
        }
        guard let algorithm = keyData.first, algorithm == NoteVerifierKey.ed25519Algorithm else {
            throw SignedNoteError.unsupportedKeyAlgorithm(keyData.first)
        }
        guard keyData.count == 33,
              let publicKey = try? Curve25519.Signing.PublicKey(rawRepresentation: keyData.dropFirst())
        else {
            throw SignedNoteError.malformedVerifierKey(text, reason: "an Ed25519 key is 32 bytes, not \(keyData.count - 1)")
        }
        try self.init(name: name, publicKey: publicKey)
        let stated = withUnsafeBytes(of: statedID.bigEndian) { Array($0) }
        guard stated == keyID else {
            throw SignedNoteError.keyIDMismatch(name: name, stated: stated, computed: keyID)
        }
    }

    /// The 4-byte key id: the first 4 bytes of SHA-256(name ‖ 0x0A ‖ 0x01 ‖ public key).
    ///
    /// Signature lines carry it so a verifier can pick the right key cheaply.
    /// Costs one SHA-256 per access.
    public var keyID: [UInt8] {
        var hasher = SHA256()
        hasher.update(data: Array(name.utf8))
        hasher.update(data: [0x0A, NoteVerifierKey.ed25519Algorithm])
        hasher.update(data: publicKey.rawRepresentation)
        return Array(hasher.finalize().prefix(4))
    }

    /// The text form `name+keyid+base64key`, which ``init(parsing:)`` reads back.
    ///
    /// The key id is written as 8 lowercase hex digits.
    /// Costs one SHA-256 and one base64 encode.
    public var encoded: String {
        let keyData = Data([NoteVerifierKey.ed25519Algorithm]) + publicKey.rawRepresentation
        return "\(name)+\(MerkleHash.hex(keyID))+\(keyData.base64EncodedString())"
    }

    public static func == (lhs: NoteVerifierKey, rhs: NoteVerifierKey) -> Bool {
        lhs.name == rhs.name && lhs.publicKey.rawRepresentation == rhs.publicKey.rawRepresentation
    }
}

/// Signs note texts with one named Ed25519 key, producing C2SP signed notes.
///
/// Every note it returns verifies with ``verifierKey`` through ``SignedNote/verify(note:key:)``.
/// Signing costs one Ed25519 signature and one SHA-256.
public struct NoteSigner: Sendable {
    /// The name that appears in signature lines.
    public let name: String
    private let privateKey: Curve25519.Signing.PrivateKey

    /// Makes a signer; throws ``SignedNoteError/invalidKeyName(_:)`` for an unusable name.
    ///
    /// Keeps the private key in memory only; it never appears in any output.
    /// Costs nothing beyond the name check.
    public init(name: String, privateKey: Curve25519.Signing.PrivateKey) throws {
        try SignedNote.requireValidName(name)
        self.name = name
        self.privateKey = privateKey
    }

    /// The verifier key that checks this signer's notes.
    ///
    /// Safe to publish.
    /// Costs nothing beyond deriving the public key.
    public var verifierKey: NoteVerifierKey {
        NoteVerifierKey(checkedName: name, publicKey: privateKey.publicKey)
    }

    /// Signs `text` and returns the full note: the text, a blank line, then `— name base64(keyid ‖ signature)`.
    ///
    /// Throws ``SignedNoteError/malformedText(_:)`` unless the text ends in a newline and holds
    /// no control characters other than newlines, since verifiers would reject such a note.
    /// Costs one Ed25519 signature over the text's UTF-8 bytes.
    public func sign(text: String) throws -> String {
        try SignedNote.requireValidText(Array(text.utf8))
        let signature = try privateKey.signature(for: Data(text.utf8))
        let verifier = verifierKey
        let line = Data(verifier.keyID) + signature
        return text + "\n" + "\u{2014} \(name) \(line.base64EncodedString())\n"
    }
}

/// Verification of C2SP signed notes.
///
/// A note is text ending in a newline, a blank line, then one or more signature lines that each
/// start with "— " (U+2014, space). Signatures by other keys are ignored; a signature by the
/// given key that does not verify is an error.
/// Verification costs one Ed25519 check per signature line by the key.
public enum SignedNote {
    /// The most signature lines a note may carry, as in Go's golang.org/x/mod/sumdb/note.
    static let maximumSignatures = 100
    private static let signaturePrefix: [UInt8] = Array("\u{2014} ".utf8)

    /// Verifies that `note` carries a valid signature by `key` over its text; returns the text.
    ///
    /// Rejects malformed notes, text not ending in newline, control characters other than
    /// newline, unknown or mismatched key ids and bad signatures, each with a ``SignedNoteError``.
    /// The returned text is exactly the signed bytes.
    /// Costs one pass over the note and one Ed25519 check per signature line by `key`.
    public static func verify(note: String, key: NoteVerifierKey) throws -> String {
        let bytes = Array(note.utf8)
        try requireNoControlCharacters(bytes)
        guard let split = lastBlankLine(in: bytes) else {
            throw SignedNoteError.malformedNote(reason: "it has no blank line before the signatures")
        }
        let text = Array(bytes[...split])
        var signatures = bytes[(split + 2)...]
        guard signatures.last == 0x0A else {
            throw SignedNoteError.malformedNote(reason: "its signature block is empty or does not end in a newline")
        }
        let wantedID = key.keyID
        var verified = false
        var count = 0
        while let newline = signatures.firstIndex(of: 0x0A) {
            let line = signatures[..<newline]
            signatures = signatures[(newline + 1)...]
            count += 1
            guard count <= maximumSignatures else {
                throw SignedNoteError.malformedNote(reason: "it has more than \(maximumSignatures) signatures")
            }
            let (name, keyID, signature) = try parseSignatureLine(line)
            guard name == key.name, keyID == wantedID else { continue }
            guard key.publicKey.isValidSignature(signature, for: text) else {
                throw SignedNoteError.invalidSignature(name: name, keyID: keyID)
            }
            verified = true
        }
        guard verified else {
            throw SignedNoteError.noSignatureByKey(name: key.name, keyID: wantedID)
        }
        return String(decoding: text, as: UTF8.self)
    }

    /// Checks that a key name could appear in a signature line and a verifier key.
    static func requireValidName(_ name: String) throws {
        let usable = !name.isEmpty && name.unicodeScalars.allSatisfy { scalar in
            !scalar.properties.isWhitespace && scalar != "+" && scalar.value >= 0x20 && scalar.value != 0x7F
        }
        guard usable else { throw SignedNoteError.invalidKeyName(name) }
    }

    /// Checks that note text ends in a newline and holds no other control characters.
    static func requireValidText(_ text: [UInt8]) throws {
        guard text.last == 0x0A else {
            throw SignedNoteError.malformedText(reason: "note text must end with a newline")
        }
        try requireNoControlCharacters(text)
    }

    private static func requireNoControlCharacters(_ bytes: [UInt8]) throws {
        // UTF-8 continuation and lead bytes are all >= 0x80, so a byte scan finds exactly the C0 controls.
        if let bad = bytes.first(where: { $0 < 0x20 && $0 != 0x0A }) {
            throw SignedNoteError.malformedText(reason: "notes may not contain control character 0x\(MerkleHash.hex([bad]))")
        }
    }

    /// Index of the first newline of the last "\n\n" in `bytes`: the end of the signed text.
    private static func lastBlankLine(in bytes: [UInt8]) -> Int? {
        guard bytes.count >= 2 else { return nil }
        for index in stride(from: bytes.count - 2, through: 0, by: -1) where bytes[index] == 0x0A && bytes[index + 1] == 0x0A {
            return index
        }
        return nil
    }

    private static func parseSignatureLine(_ line: ArraySlice<UInt8>) throws -> (name: String, keyID: [UInt8], signature: [UInt8]) {
        guard line.starts(with: signaturePrefix) else {
            throw SignedNoteError.malformedNote(reason: "a signature line does not start with \"\u{2014} \"")
        }
        let body = line.dropFirst(signaturePrefix.count)
        guard let space = body.firstIndex(of: 0x20) else {
            throw SignedNoteError.malformedNote(reason: "a signature line has no space between the name and the signature")
        }
        let name = String(decoding: body[..<space], as: UTF8.self)
        try requireValidName(name)
        let encoded = String(decoding: body[(space + 1)...], as: UTF8.self)
        guard let decoded = Data(base64Encoded: encoded), decoded.count >= 5 else {
            throw SignedNoteError.malformedNote(reason: "the signature by \(name) is not base64 of a key id and a signature")
        }
        return (name, Array(decoded.prefix(4)), Array(decoded.dropFirst(4)))
    }
}

/// Why a signed note, key or name was rejected.
///
/// Each `description` is one sentence for the person at the terminal.
public enum SignedNoteError: Error, Equatable, CustomStringConvertible {
    /// The key name is empty or holds whitespace, '+' or a control character.
    case invalidKeyName(String)
    /// A verifier key's text form could not be read.
    case malformedVerifierKey(String, reason: String)
    /// A verifier key names an algorithm other than Ed25519 (0x01); nil if the key was empty.
    case unsupportedKeyAlgorithm(UInt8?)
    /// A verifier key states a key id that its name and key do not hash to.
    case keyIDMismatch(name: String, stated: [UInt8], computed: [UInt8])
    /// Text to sign, or a note, is not valid note text.
    case malformedText(reason: String)
    /// A note does not have the shape text, blank line, signature lines.
    case malformedNote(reason: String)
    /// The note carries no signature by the given key.
    case noSignatureByKey(name: String, keyID: [UInt8])
    /// The note carries a signature line for the key, but the signature is wrong.
    case invalidSignature(name: String, keyID: [UInt8])

    public var description: String {
        switch self {
        case let .invalidKeyName(name):
            "The key name \"\(name)\" is not allowed: a name must be non-empty and contain no spaces, '+' or control characters."
        case let .malformedVerifierKey(text, reason):
            "The verifier key \"\(text)\" is malformed: \(reason)."
        case let .unsupportedKeyAlgorithm(algorithm):
            if let algorithm {
                "The verifier key uses algorithm 0x\(MerkleHash.hex([algorithm])), but only Ed25519 (0x01) is supported."
            } else {
                "The verifier key is empty; expected an Ed25519 key."
            }
        case let .keyIDMismatch(name, stated, computed):
            "The verifier key for \(name) states key id \(MerkleHash.hex(stated)), but its name and key give \(MerkleHash.hex(computed))."
        case let .malformedText(reason):
            "The note text is malformed: \(reason)."
        case let .malformedNote(reason):
            "The signed note is malformed: \(reason)."
        case let .noSignatureByKey(name, keyID):
            "The note has no signature by \(name)+\(MerkleHash.hex(keyID))."
        case let .invalidSignature(name, keyID):
            "The signature by \(name)+\(MerkleHash.hex(keyID)) does not verify: the note was altered or signed with another key."
        }
    }
}
