// Key files (DESIGN §3, Keys): PKCS#8 PEM with mode 0600, refused when others can read them,
// and never copied into the ledger.
import Crypto
import Foundation
import Ledger
import Testing

@Suite("KeyStore: private keys stay private")
struct KeyStoreTests {
    private func mode(_ path: String) throws -> Int {
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        return (attributes[.posixPermissions] as? NSNumber)?.intValue ?? -1
    }

    @Test("new key files are created with mode 0600 in a folder only the owner can enter")
    func newKeysAreOwnerOnly() throws {
        try withTemporaryDirectory { directory in
            let fixture = try LedgerFixture(in: directory)
            let paths = [fixture.created.adminKeyPath, fixture.created.ledgerKeyPath, fixture.keys.reviewerKeyPath(LedgerFixture.checkerHandle)]
            for path in paths {
                #expect(path.hasPrefix(fixture.keys.directory + "/"))
                #expect(try mode(path) == 0o600, "\(path)")
            }
            #expect(try mode(fixture.keys.directory) == 0o700)

            let store = KeyStore(directory: directory.appendingPathComponent("more/keys").path)
            let path = store.reviewerKeyPath("newcomer")
            _ = try store.loadOrCreate(path: path, whose: "reviewer newcomer")
            #expect(try mode(path) == 0o600)
            #expect(try mode(store.directory) == 0o700)
            let pem = try #require(FileManager.default.contents(atPath: path).flatMap { String(data: $0, encoding: .utf8) })
            #expect(pem.hasPrefix("-----BEGIN PRIVATE KEY-----"))
        }
    }

    @Test("a key that group or others can read is refused, naming the path")
    func groupReadableKeyIsRefused() throws {
        try withTemporaryDirectory { directory in
            let store = KeyStore(directory: directory.appendingPathComponent("keys").path)
            let path = store.reviewerKeyPath("alice")
            _ = try store.loadOrCreate(path: path, whose: "reviewer alice")
            for loose in [0o644, 0o640, 0o604, 0o660] {
                try FileManager.default.setAttributes([.posixPermissions: loose], ofItemAtPath: path)
                let error = try #require(throws: KeyStoreError.self) { try store.load(path: path, whose: "reviewer alice") }
                #expect(error == .insecurePermissions(path: path, mode: UInt16(loose)))
                #expect(error.description.contains(path))
                #expect(error.description.contains("chmod 600"))
                #expect(throws: KeyStoreError.self) { try store.loadOrCreate(path: path, whose: "reviewer alice") }
            }
            // Through the ledger API the same refusal arrives as a LedgerError.
            let wrapped = try #require(throws: LedgerError.self) { try ReviewerSigner(handle: "alice", keys: store) }
            guard case .key(.insecurePermissions(let named, _)) = wrapped else {
                Issue.record("expected an insecure-permissions key error, got \(wrapped)")
                return
            }
            #expect(named == path)

            try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: path)
            _ = try store.load(path: path, whose: "reviewer alice")
        }
    }

    @Test("a key file that is not an Ed25519 PKCS#8 PEM is unreadable; a missing one is missing")
    func garbageKeyIsUnreadable() throws {
        try withTemporaryDirectory { directory in
            let store = KeyStore(directory: directory.appendingPathComponent("keys").path)
            try FileManager.default.createDirectory(atPath: store.directory, withIntermediateDirectories: true)
            let contents: [String: [UInt8]] = [
                "garbage": Array("-----BEGIN PRIVATE KEY-----\nbm90IGEga2V5IGF0IGFsbA==\n-----END PRIVATE KEY-----\n".utf8),
                "text": Array("hello, world\n".utf8),
                "binary": [0xFF, 0xFE, 0x00, 0x80, 0xC3],
                "p256": Array(P256.Signing.PrivateKey().pemRepresentation.utf8),
            ]
            for (name, bytes) in contents {
                let path = store.reviewerKeyPath(name)
                #expect(FileManager.default.createFile(atPath: path, contents: Data(bytes), attributes: [.posixPermissions: 0o600]))
                let error = try #require(throws: KeyStoreError.self) { try store.load(path: path, whose: "reviewer \(name)") }
                guard case .unreadable(let named, _) = error else {
                    Issue.record("\(name): expected unreadable, got \(error)")
                    continue
                }
                #expect(named == path)
            }
            let missing = store.reviewerKeyPath("nobody")
            #expect(throws: KeyStoreError.missing(path: missing, whose: "reviewer nobody")) { try store.load(path: missing, whose: "reviewer nobody") }
        }
    }

    @Test("loadOrCreate returns the same key every time and never rewrites the file")
    func loadOrCreateIsIdempotent() throws {
        try withTemporaryDirectory { directory in
            let store = KeyStore(directory: directory.appendingPathComponent("keys").path)
            let path = store.reviewerKeyPath("bob")
            let first = try store.loadOrCreate(path: path, whose: "reviewer bob")
            let bytes = FileManager.default.contents(atPath: path)
            let second = try store.loadOrCreate(path: path, whose: "reviewer bob")
            #expect(first.rawRepresentation == second.rawRepresentation)
            #expect(try store.load(path: path, whose: "reviewer bob").rawRepresentation == first.rawRepresentation)
            #expect(FileManager.default.contents(atPath: path) == bytes)
            // Writing over an existing key is refused.
            #expect(throws: KeyStoreError.alreadyExists(path: path)) { try store.write(Curve25519.Signing.PrivateKey(), to: path) }
            #expect(try store.load(path: path, whose: "reviewer bob").rawRepresentation == first.rawRepresentation)
        }
    }

    @Test("private key bytes never appear in the ledger file or its WAL")
    func privateKeysNeverEnterTheLedger() throws {
        try withTemporaryDirectory { directory in
            let fixture = try LedgerFixture(in: directory)
            try fixture.append(try fixture.post("1"), try fixture.claim("c-1", post: "1", by: fixture.checker))
            try fixture.append(try fixture.verdict("v-1", claim: "c-1", by: fixture.checker), try fixture.review("v-1", by: fixture.admin))
            _ = try fixture.log.checkpoint(key: try fixture.ledgerKey())

            let keys = [("admin", fixture.admin.key), ("checker", fixture.checker.key), ("ledger", try fixture.ledgerKey())]
            var needles: [(String, Data)] = []
            for (name, key) in keys {
                let raw = key.rawRepresentation
                needles.append(("\(name) raw", raw))
                needles.append(("\(name) raw base64", Data(raw.base64EncodedString().utf8)))
                needles.append(("\(name) raw hex", Data(hexString(Array(raw)).utf8)))
                let body = key.pemRepresentation.split(separator: "\n").filter { !$0.hasPrefix("-----") }.joined()
                #expect(!body.isEmpty)
                needles.append(("\(name) PEM body", Data(body.utf8)))
            }

            func search(_ files: [String]) throws {
                var searched = 0
                for file in files where FileManager.default.fileExists(atPath: file) {
                    let data = try Data(contentsOf: URL(fileURLWithPath: file))
                    searched += data.count
                    for (name, needle) in needles {
                        #expect(data.range(of: needle) == nil, "\(name) found in \(file)")
                    }
                }
                #expect(searched > 0)
            }
            // While open, most of the content sits in the WAL. As a control, the admin's public
            // key, which the log does hold, is found by the same search.
            try search([fixture.path, fixture.path + "-wal"])
            let walData = try Data(contentsOf: URL(fileURLWithPath: fixture.path + "-wal"))
            #expect(walData.range(of: Data(fixture.admin.key.publicKey.rawRepresentation.base64EncodedString().utf8)) != nil)
            // After moving the WAL into the main file.
            try LedgerFixture.checkpointWAL(fixture.path)
            try search([fixture.path, fixture.path + "-wal"])
            let mainData = try Data(contentsOf: URL(fileURLWithPath: fixture.path))
            #expect(mainData.range(of: Data(fixture.admin.key.publicKey.rawRepresentation.base64EncodedString().utf8)) != nil)
        }
    }
}
