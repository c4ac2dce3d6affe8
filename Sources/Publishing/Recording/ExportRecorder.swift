// Every export is tied to a signed checkpoint and leaves a record in the ledger
// (`ExportGenerated`: format, view, as-of position, checkpoint root, file SHA-256), so the
// ledger knows what it published and the next audit bundle can prove it still extends it.
import Crypto
import Events
import Ledger

/// Signs checkpoints for exports and records the exports in the log.
///
/// Guarantees: the checkpoint is signed by the ledger key at exactly the exported position;
/// `ExportGenerated` is signed by the acting reviewer when there is one, else by the ledger
/// key (the signing rules of ``ReviewerRegistry``); its id is derived from its content, so
/// recording the same export twice writes it once. Cost: one signature and one append.
public struct ExportRecorder {
    public let log: EventLog
    /// The ledger's private key, which signs checkpoints.
    public let ledgerKey: Curve25519.Signing.PrivateKey
    /// The acting reviewer, who signs the record; nil to sign it with the ledger key.
    public let signer: ReviewerSigner?

    public init(log: EventLog, ledgerKey: Curve25519.Signing.PrivateKey, signer: ReviewerSigner?) {
        self.log = log
        self.ledgerKey = ledgerKey
        self.signer = signer
    }

    /// Loads the ledger key from `keys`.
    public init(log: EventLog, keys: KeyStore, signer: ReviewerSigner?) throws {
        self.init(log: log, ledgerKey: try log.ledgerPrivateKey(keys: keys), signer: signer)
    }

    /// Signs (and keeps) the checkpoint of the first `size` events.
    public func checkpoint(size: Int64) throws -> IssuedCheckpoint {
        try log.checkpoint(key: ledgerKey, size: size)
    }

    /// What recording an export appended.
    public struct Recorded: Sendable, Equatable {
        /// The event's id.
        public let id: EventID
        /// Its position in the log.
        public let position: Int64
        /// Whether the same export was already recorded, so nothing was written.
        public let alreadyPresent: Bool
    }

    /// Appends `ExportGenerated` for a file of `format` (and `view`) made at `checkpoint`.
    public func record(
        format: ExportFormat, view: String? = nil, checkpoint: IssuedCheckpoint, fileSHA256: String, now: Timestamp
    ) throws -> Recorded {
        let payload = try ExportGenerated(
            format: format, view: view, asOfPosition: checkpoint.size, checkpointRoot: checkpoint.root, fileSHA256: fileSHA256)
        let event: PendingEvent
        if let signer {
            event = try signer.pendingEvent(payload, id: .derived, now: now)
        } else {
            let envelope = EventEnvelope.make(payload: payload, id: .derived, author: "ledger", now: now)
            event = try PendingEvent.signed(envelope: envelope, payload: payload, key: ledgerKey)
        }
        let report = try log.append([event])
        let outcome = report.outcomes[0]
        if case .alreadyPresent = outcome {
            return Recorded(id: event.envelope.id, position: outcome.position, alreadyPresent: true)
        }
        return Recorded(id: event.envelope.id, position: outcome.position, alreadyPresent: false)
    }

    /// The latest export recorded in the log whose as-of position is from 1 to `size`: the one
    /// the next bundle proves consistency from. Reads only the `ledger` stream, where export
    /// records live, through its index.
    public static func previousExport(in log: EventLog, upTo size: Int64) throws -> ExportGenerated? {
        var latest: ExportGenerated?
        try log.read(stream: .ledger) { stored in
            guard let export = stored.event.payload as? ExportGenerated, export.asOfPosition >= 1, export.asOfPosition <= size else { return }
            latest = export
        }
        return latest
    }
}
