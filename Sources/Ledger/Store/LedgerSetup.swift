// Creating a ledger (`factledger init`): the file, the ledger key, the default scale and
// methodology, the single-review policy and the first admin, in one atomic append.
import Crypto
import Events
import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// Creates new ledgers.
public enum LedgerSetup {
    /// What `create` made.
    public struct Created: Sendable {
        public let ledgerID: String
        public let origin: String
        public let ledgerKeyPath: String
        public let adminKeyPath: String
        public let verifierKey: String
        public let head: TreeHead
    }

    /// Creates the ledger at `path` for `org`, with `admin` as its first admin.
    ///
    /// Guarantees: afterwards the file holds `LedgerCreated`, `RatingScaleDefined`
    /// (`factledger/1`), `MethodologyAdopted` (`mas/1`), `ReviewPolicySet` (single) and
    /// `ReviewerRegistered` for the admin, all signed by the new ledger key; or, on failure,
    /// there is no file. The admin's existing key is reused; otherwise a new one is written.
    public static func create(
        path: String, org: String, admin: String, adminName: String, keys: KeyStore,
        clock: any LedgerClock = SystemClock(), synchronous: String = "FULL"
    ) throws -> (log: EventLog, created: Created) {
        guard Identifier.isHandle(admin) else {
            throw LedgerError.invalidEvent(index: 0, error: ValidationError(field: "--admin", problem: "expected a handle of 1 to 40 characters a-z, 0-9, '.', '_' or '-', got \(ValidationError.quote(admin))"))
        }
        guard !FileManager.default.fileExists(atPath: path) else { throw LedgerError.ledgerExists(path: path) }
        let ledgerID = randomHex(bytes: 6)
        let origin = "factledger.local/\(slug(org))/\(ledgerID)"
        // Build the ledger beside its final path and link it into place only when complete, so a
        // crash during init never leaves a half-made ledger where the real one belongs.
        let staging = "\(path).creating-\(ledgerID)"
        func removeStaging() {
            for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: staging + suffix) }
        }
        let created: Created
        do {
            created = try populate(staging: staging, ledgerID: ledgerID, origin: origin, org: org, admin: admin, adminName: adminName,
                                   keys: keys, clock: clock, synchronous: synchronous)
        } catch {
            removeStaging()
            if let keyError = error as? KeyStoreError { throw LedgerError.key(keyError) }
            // Name the ledger the user asked for, not the staging file beside it.
            if case LedgerError.cannotCreate(_, let detail) = error { throw LedgerError.cannotCreate(path: path, detail: detail) }
            throw error
        }
        guard link(staging, path) == 0 else {
            let reason = errno == EEXIST ? "a ledger appeared there while this one was being created" : String(cString: strerror(errno))
            removeStaging()
            try? FileManager.default.removeItem(atPath: keys.ledgerKeyPath(ledgerID))
            if errno == EEXIST { throw LedgerError.ledgerExists(path: path) }
            throw LedgerError.cannotCreate(path: path, detail: reason)
        }
        removeStaging()
        return (try EventLog.open(path: path, clock: clock, synchronous: synchronous), created)
    }

    /// Writes the genesis events into a new file at `staging`, checkpoints its WAL and closes it.
    private static func populate(
        staging: String, ledgerID: String, origin: String, org: String, admin: String, adminName: String, keys: KeyStore,
        clock: any LedgerClock, synchronous: String
    ) throws -> Created {
        let log = try EventLog.create(path: staging, clock: clock, synchronous: synchronous)
        let ledgerKeyPath = keys.ledgerKeyPath(ledgerID)
        let ledgerKey = Curve25519.Signing.PrivateKey()
        let adminKeyPath = keys.reviewerKeyPath(admin)
        let adminKey = try keys.loadOrCreate(path: adminKeyPath, whose: "reviewer \(admin)")
        try keys.write(ledgerKey, to: ledgerKeyPath)
        let now = clock.now()
        let payloads: [any EventPayload] = [
            try LedgerCreated(org: org, ledgerID: ledgerID, origin: origin, ledgerKey: Array(ledgerKey.publicKey.rawRepresentation)),
            RatingScale.factledgerDefault.definition,
            MethodologyAdopted.masDefault,
            ReviewPolicySet(policy: .single),
            try ReviewerRegistered(handle: admin, name: adminName, role: .admin, publicKey: Array(adminKey.publicKey.rawRepresentation)),
        ]
        let events = try payloads.map { payload in
            let envelope = EventEnvelope.make(payload: payload, id: .timeOrdered, author: "ledger", now: now)
            return try PendingEvent.signed(envelope: envelope, payload: payload, key: ledgerKey)
        }
        let report: AppendReport
        do {
            report = try log.append(events)
        } catch {
            try? FileManager.default.removeItem(atPath: ledgerKeyPath)
            throw error
        }
        try log.checkpointWAL()
        let verifier = try NoteVerifierKey(name: origin, publicKey: ledgerKey.publicKey)
        return Created(ledgerID: ledgerID, origin: origin, ledgerKeyPath: ledgerKeyPath, adminKeyPath: adminKeyPath, verifierKey: verifier.encoded, head: report.head)
    }

    static func randomHex(bytes count: Int) -> String {
        var generator = SystemRandomNumberGenerator()
        return (0..<count).map { _ in String(format: "%02x", UInt8.random(in: 0...255, using: &generator)) }.joined()
    }

    /// A lowercase `a-z0-9-` form of `text` for the checkpoint origin.
    static func slug(_ text: String) -> String {
        var output = ""
        for scalar in text.lowercased().unicodeScalars {
            if (scalar >= "a" && scalar <= "z") || (scalar >= "0" && scalar <= "9") {
                output.unicodeScalars.append(scalar)
            } else if !output.hasSuffix("-") && !output.isEmpty {
                output += "-"
            }
        }
        while output.hasSuffix("-") { output.removeLast() }
        return output.isEmpty ? "ledger" : String(output.prefix(40))
    }
}
