// Signed notes and checkpoints (C2SP) against the published example and RFC 8032.
import Crypto
import Foundation
import Ledger
import Testing

@Suite("Signed notes and checkpoints")
struct SignedNoteTests {
    static let exampleKey = "example.com/foo+530d903a+AekyeRrm56hApGFkyQR4ZCbV54Id2LKaANYcrnKv3U2k"
    static let exampleText = "This is an example message.\n"
    static let exampleSignature = "Uw2QOkn8srV1yJGh2VYRlL1Tnagv1YEq6TfXppzi2ONncAlTgK7Ztg1ERYNZXsYjOBH3mFXmRKuwHjG1Yu72IneyaQM="
    static var exampleNote: String {
        exampleText + "\n" + "\u{2014} example.com/foo " + exampleSignature + "\n"
    }

    @Test("the C2SP example note verifies and returns its text")
    func c2spExampleVerifies() throws {
        let key = try NoteVerifierKey(parsing: Self.exampleKey)
        #expect(key.name == "example.com/foo")
        #expect(try SignedNote.verify(note: Self.exampleNote, key: key) == Self.exampleText)
    }

    @Test("the key id is the first 4 bytes of SHA-256(name, newline, algorithm, key)")
    func keyIDOfTheExample() throws {
        let key = try NoteVerifierKey(parsing: Self.exampleKey)
        #expect(hexString(key.keyID) == "530d903a")
        #expect(key.encoded == Self.exampleKey)
        #expect(try NoteVerifierKey(name: key.name, publicKey: key.publicKey) == key)
    }

    @Test("flipping any byte of the text breaks the signature")
    func alteredTextFails() throws {
        let key = try NoteVerifierKey(parsing: Self.exampleKey)
        let text = Array(Self.exampleText.utf8)
        for position in text.indices {
            var altered = text
            altered[position] ^= 0x01
            let note = String(decoding: altered, as: UTF8.self) + "\n\u{2014} example.com/foo \(Self.exampleSignature)\n"
            #expect(throws: SignedNoteError.self, "byte \(position)") { try SignedNote.verify(note: note, key: key) }
        }
    }

    @Test("flipping any byte of the signature fails, and a changed key id finds no signature")
    func alteredSignatureFails() throws {
        let key = try NoteVerifierKey(parsing: Self.exampleKey)
        let line = try base64(Self.exampleSignature)
        #expect(line.count == 4 + 64)
        for position in line.indices {
            var altered = line
            altered[position] ^= 0x80
            let note = Self.exampleText + "\n\u{2014} example.com/foo \(Data(altered).base64EncodedString())\n"
            let error = #expect(throws: SignedNoteError.self, "byte \(position)") { try SignedNote.verify(note: note, key: key) }
            if position < 4 {
                #expect(error == .noSignatureByKey(name: "example.com/foo", keyID: key.keyID))
            } else {
                #expect(error == .invalidSignature(name: "example.com/foo", keyID: key.keyID))
            }
        }
    }

    @Test("a verifier key with a wrong key id or another name is rejected")
    func wrongKeyIDFails() throws {
        let wrongID = Self.exampleKey.replacingOccurrences(of: "530d903a", with: "530d903b")
        let error = #expect(throws: SignedNoteError.self) { try NoteVerifierKey(parsing: wrongID) }
        guard case .keyIDMismatch? = error else {
            Issue.record("expected a key id mismatch, got \(String(describing: error))")
            return
        }
        let example = try NoteVerifierKey(parsing: Self.exampleKey)
        let renamed = try NoteVerifierKey(name: "example.com/bar", publicKey: example.publicKey)
        #expect(throws: SignedNoteError.noSignatureByKey(name: "example.com/bar", keyID: renamed.keyID)) {
            try SignedNote.verify(note: Self.exampleNote, key: renamed)
        }
        let stranger = try NoteVerifierKey(name: "example.com/foo", publicKey: Curve25519.Signing.PrivateKey().publicKey)
        #expect(throws: SignedNoteError.noSignatureByKey(name: "example.com/foo", keyID: stranger.keyID)) {
            try SignedNote.verify(note: Self.exampleNote, key: stranger)
        }
    }

    @Test("malformed notes are rejected", arguments: [
        "This is an example message.\n\u{2014} example.com/foo SIG\n",  // no blank line
        "This is an example message.\n\n\u{2014} example.com/foo SIG",  // no final newline
        "This is an example message.\n\n- example.com/foo SIG\n",  // hyphen, not em dash
        "This is an example message.\n\n\u{2014} example.com/fooSIG\n",  // no space before the signature
        "This is an example message.\n\n\u{2014} example.com/foo AAAA\n",  // too short
        "This is an\texample message.\n\n\u{2014} example.com/foo SIG\n",  // control character
        "This is an example message.\r\n\n\u{2014} example.com/foo SIG\n",  // carriage return
    ])
    func malformedNotes(template: String) throws {
        let key = try NoteVerifierKey(parsing: Self.exampleKey)
        let note = template.replacingOccurrences(of: "SIG", with: Self.exampleSignature)
        #expect(throws: SignedNoteError.self) { try SignedNote.verify(note: note, key: key) }
    }

    @Test("names with a space, '+', newline or nothing are rejected", arguments: ["", "a b", "a+b", "a\nb", "a\tb"])
    func invalidNames(name: String) {
        let privateKey = Curve25519.Signing.PrivateKey()
        #expect(throws: SignedNoteError.invalidKeyName(name)) { try NoteSigner(name: name, privateKey: privateKey) }
        #expect(throws: SignedNoteError.invalidKeyName(name)) { try NoteVerifierKey(name: name, publicKey: privateKey.publicKey) }
    }

    @Test("text that does not end in a newline cannot be signed")
    func textMustEndInNewline() throws {
        let signer = try NoteSigner(name: "ledger.example", privateKey: Curve25519.Signing.PrivateKey())
        #expect(throws: SignedNoteError.self) { try signer.sign(text: "no newline") }
        #expect(throws: SignedNoteError.self) { try signer.sign(text: "") }
    }

    @Test("a freshly signed checkpoint round-trips through its verifier key")
    func signedCheckpointRoundTrips() throws {
        let signer = try NoteSigner(name: "factledger.example/newsroom", privateKey: Curve25519.Signing.PrivateKey())
        let key = try NoteVerifierKey(parsing: signer.verifierKey.encoded)
        #expect(key == signer.verifierKey)
        let root = try MerkleProofs.root(size: 7, source: SharedVectors.classicTree)
        let checkpoint = try Checkpoint(origin: "factledger.example/newsroom", size: 7, root: root)
        #expect(checkpoint.text == "factledger.example/newsroom\n7\n3bib5AOAnjJXUNPSY814kpwpQreUKjS3fhIslZSnTIw=\n")
        let note = try checkpoint.signedNote(by: signer)
        #expect(note.hasPrefix(checkpoint.text + "\n\u{2014} factledger.example/newsroom "))
        #expect(try Checkpoint(verifyingNote: note, key: key) == checkpoint)
        #expect(try Checkpoint(parsingText: SignedNote.verify(note: note, key: key)) == checkpoint)

        let forged = note.replacingOccurrences(of: "\n7\n", with: "\n8\n")
        #expect(throws: SignedNoteError.self) { try Checkpoint(verifyingNote: forged, key: key) }
    }

    @Test("checkpoint text is parsed only in its canonical form")
    func checkpointParsing() throws {
        let root = MerkleHash.emptyRoot
        let rootText = Data(root).base64EncodedString()
        let withExtension = try Checkpoint(parsingText: "example.com/log\n0\n\(rootText)\nextra line\n")
        #expect(withExtension.size == 0)
        #expect(withExtension.root == root)
        #expect(withExtension.extensionLines == ["extra line"])
        #expect(withExtension.text == "example.com/log\n0\n\(rootText)\nextra line\n")
        let large = try Checkpoint(parsingText: "example.com/log\n18446744073709551615\n\(rootText)\n")
        #expect(large.size == UInt64.max)

        for bad in [
            "example.com/log\n1\n\(rootText)",  // no final newline
            "example.com/log\n1\n",  // no root
            "example.com/log\n01\n\(rootText)\n",  // leading zero
            "example.com/log\n+1\n\(rootText)\n",  // sign
            "example.com/log\n-1\n\(rootText)\n",
            "example.com/log\n18446744073709551616\n\(rootText)\n",  // overflow
            "example.com/log\n1\nV3JvbmdSb290\n",  // 9-byte root
            "example.com/log\n1\n\(rootText.dropLast())\n",  // bad padding
            "\n1\n\(rootText)\n",  // empty origin
            "example.com/log\n1\n\(rootText)\n\n",  // empty extension line
        ] {
            #expect(throws: (any Error).self, "\(bad.debugDescription)") { try Checkpoint(parsingText: bad) }
        }
        #expect(throws: CheckpointError.badRootSize(31)) { try Checkpoint(origin: "o", size: 1, root: Array(root.dropLast())) }
        #expect(throws: CheckpointError.invalidOrigin("a\nb")) { try Checkpoint(origin: "a\nb", size: 1, root: root) }
    }

    @Test("Ed25519 reproduces RFC 8032 section 7.1 TEST 1 exactly")
    func rfc8032Test1() throws {
        let privateKey = try Curve25519.Signing.PrivateKey(
            rawRepresentation: bytes(hex: "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60"))
        #expect(hexString(Array(privateKey.publicKey.rawRepresentation)) == "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a")
        let expected = bytes(hex: """
            e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b
            """)
        let signature = try privateKey.signature(for: [UInt8]())
        // BoringSSL signs deterministically as RFC 8032 specifies; Apple's CryptoKit adds randomness.
        #if !canImport(Darwin)
        #expect(hexString(Array(signature)) == hexString(expected))
        #endif
        #expect(privateKey.publicKey.isValidSignature(expected, for: [UInt8]()))
        #expect(privateKey.publicKey.isValidSignature(signature, for: [UInt8]()))
        var altered = expected
        altered[0] ^= 0x01
        #expect(!privateKey.publicKey.isValidSignature(altered, for: [UInt8]()))
    }
}
