// Signed tree heads: the ledger signs its head as a C2SP tlog-checkpoint and keeps every
// checkpoint it issued, so `verify` can prove the log still extends each of them.
import Crypto
import Events
import Foundation
import SQLite

/// A checkpoint the ledger issued.
public struct IssuedCheckpoint: Sendable {
    public let size: Int64
    public let root: [UInt8]
    /// The signed note text.
    public let note: String
    public let createdAt: Timestamp
}

extension EventLog {
    /// The facts of `LedgerCreated`: id, org, origin and the ledger's public key.
    public func ledgerInfo() throws -> LedgerCreated {
        guard let first = try event(at: 1), let created = first.event.payload as? LedgerCreated else {
            throw LedgerError.notALedger(path: path, detail: "position 1 is not LedgerCreated")
        }
        return created
    }

    /// The verifier key of this ledger's checkpoints, as `name+keyid+base64`.
    public func verifierKey() throws -> NoteVerifierKey {
        let info = try ledgerInfo()
        return try NoteVerifierKey(name: info.origin, publicKey: Curve25519.Signing.PublicKey(rawRepresentation: info.ledgerKey))
    }

    /// Loads this ledger's private key from `keys`.
    public func ledgerPrivateKey(keys: KeyStore) throws -> Curve25519.Signing.PrivateKey {
        let info = try ledgerInfo()
        do {
            let key = try keys.load(path: keys.ledgerKeyPath(info.ledgerID), whose: "ledger \(info.ledgerID)")
            guard key.publicKey.rawRepresentation == Data(info.ledgerKey) else {
                throw LedgerError.key(.unreadable(path: keys.ledgerKeyPath(info.ledgerID), detail: "it is not the key this ledger was created with"))
            }
            return key
        } catch let error as KeyStoreError { throw LedgerError.key(error) }
    }

    /// Signs the current head (or the head at `size`) and records the checkpoint.
    ///
    /// Guarantees: the note is a C2SP tlog-checkpoint signed by the ledger key; signing the same
    /// size twice gives the same note (Ed25519 is deterministic).
    public func checkpoint(key: Curve25519.Signing.PrivateKey, size: Int64? = nil) throws -> IssuedCheckpoint {
        let info = try ledgerInfo()
        guard key.publicKey.rawRepresentation == Data(info.ledgerKey) else {
            throw LedgerError.key(.unreadable(path: "the signing key", detail: "it is not this ledger's key, so its checkpoints could not be verified"))
        }
        let head = try size.map { try self.head(atSize: $0) } ?? self.head()
        let signer = try NoteSigner(name: info.origin, privateKey: key)
        let note = try Checkpoint(origin: info.origin, size: UInt64(head.size), root: head.root).signedNote(by: signer)
        let now = clock.now()
        do {
            try connection.writeTransaction {
                try connection.prepare("INSERT OR IGNORE INTO checkpoints (size, root, note, created_at) VALUES (?, ?, ?, ?)")
                    .run([.integer(head.size), .blob(head.root), .text(note), .integer(now.millisecondsSinceEpoch)])
            }
        } catch { throw EventLog.log(error, path: path, busyTimeout: busyTimeoutMilliseconds) }
        return IssuedCheckpoint(size: head.size, root: head.root, note: note, createdAt: now)
    }

    /// Every checkpoint the ledger issued, by size.
    public func issuedCheckpoints() throws -> [IssuedCheckpoint] {
        let statement = try connection.prepare("SELECT size, root, note, created_at FROM checkpoints ORDER BY size")
        var found: [IssuedCheckpoint] = []
        while try statement.step() {
            found.append(IssuedCheckpoint(size: statement.int64(0), root: statement.blob(1) ?? [], note: statement.text(2) ?? "", createdAt: Timestamp(millisecondsSinceEpoch: statement.int64(3))))
        }
        return found
    }

    /// The inclusion proof of the event at `position` in the tree of `treeSize` leaves.
    public func inclusionProof(position: Int64, treeSize: Int64? = nil) throws -> (leafHash: [UInt8], proof: [[UInt8]], root: [UInt8], treeSize: Int64) {
        let size = try treeSize ?? currentSize()
        guard size >= 1, size <= (try currentSize()) else {
            throw LedgerError.ruleViolation(index: 0, eventType: "prove", reason: "tree size \(size) must be from 1 to the log's \(try currentSize()) events")
        }
        guard position >= 1, position <= size else {
            throw LedgerError.ruleViolation(index: 0, eventType: "prove", reason: "position \(position) must be from 1 to \(size)")
        }
        let source = SQLiteMerkleNodes(connection: connection)
        let proof = try MerkleProofs.inclusion(leafIndex: UInt64(position - 1), treeSize: UInt64(size), source: source)
        let leafHash = try source.nodeHash(level: 0, index: UInt64(position - 1))
        return (leafHash, proof, try MerkleProofs.root(size: UInt64(size), source: source), size)
    }

    /// The consistency proof between the trees of `size1` and `size2` leaves.
    public func consistencyProof(size1: Int64, size2: Int64) throws -> (root1: [UInt8], root2: [UInt8], proof: [[UInt8]]) {
        let current = try currentSize()
        guard size1 >= 1, size1 <= size2, size2 <= current else {
            throw LedgerError.ruleViolation(index: 0, eventType: "prove", reason: "sizes must satisfy 1 <= OLD <= NEW <= \(current) (the log's size); got \(size1) and \(size2)")
        }
        let source = SQLiteMerkleNodes(connection: connection)
        return (
            try MerkleProofs.root(size: UInt64(size1), source: source),
            try MerkleProofs.root(size: UInt64(size2), source: source),
            try MerkleProofs.consistency(size1: UInt64(size1), size2: UInt64(size2), source: source))
    }
}
