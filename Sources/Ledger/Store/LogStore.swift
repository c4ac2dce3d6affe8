// The small protocol the rest of the code talks to (DESIGN §3, "One machine and beyond"):
// a second backend, such as PostgreSQL, implements it without touching any other module.
import Crypto
import Events

/// The head of the log: its size and Merkle root.
public struct TreeHead: Sendable, Equatable {
    /// Number of events (leaves).
    public let size: Int64
    /// RFC 6962 root of the first `size` leaves.
    public let root: [UInt8]
}

/// An event to append, with its signature and an optional optimistic-concurrency check.
public struct PendingEvent: Sendable {
    public let envelope: EventEnvelope
    public let payload: any EventPayload
    /// The author's Ed25519 signature over `Leaf.signingInput(body:)`, or nil when unsigned.
    public let signature: [UInt8]?
    /// When set, the append fails unless the stream is at exactly this version (0 = new stream).
    public let expectedStreamVersion: Int64?
    /// `envelope.bodyBytes`, written once where the event is made (an import's parsing thread),
    /// not again under the write lock.
    let body: [UInt8]

    /// The public key that made `signature` in this process, when known; see ``signed(envelope:payload:key:expectedStreamVersion:)``.
    let localSigner: [UInt8]?

    public init(envelope: EventEnvelope, payload: any EventPayload, signature: [UInt8]?, expectedStreamVersion: Int64? = nil) {
        self.init(envelope: envelope, payload: payload, body: envelope.bodyBytes, signature: signature,
                  expectedStreamVersion: expectedStreamVersion, localSigner: nil)
    }

    /// Signs `envelope` with `key` here and now.
    ///
    /// The append then checks only that `key` is the author's registered key, and skips
    /// re-verifying a signature this process has just made; `verify` still checks every one.
    public static func signed(envelope: EventEnvelope, payload: any EventPayload, key: Curve25519.Signing.PrivateKey, expectedStreamVersion: Int64? = nil) throws -> PendingEvent {
        let body = envelope.bodyBytes
        return PendingEvent(envelope: envelope, payload: payload, body: body, signature: Array(try key.signature(for: Leaf.signingInput(body: body))),
                            expectedStreamVersion: expectedStreamVersion, localSigner: Array(key.publicKey.rawRepresentation))
    }

    private init(envelope: EventEnvelope, payload: any EventPayload, body: [UInt8], signature: [UInt8]?, expectedStreamVersion: Int64?, localSigner: [UInt8]?) {
        self.envelope = envelope
        self.payload = payload
        self.body = body
        self.signature = signature
        self.expectedStreamVersion = expectedStreamVersion
        self.localSigner = localSigner
    }
}

/// What happened to one event of a batch.
public enum AppendOutcome: Sendable, Equatable {
    /// Appended at `position`.
    case appended(position: Int64)
    /// The same event (same id, same content) was already at `position`; nothing was written.
    case alreadyPresent(position: Int64)

    /// The position of the event in the log.
    public var position: Int64 {
        switch self {
        case .appended(let position), .alreadyPresent(let position): return position
        }
    }
}

/// The result of one append.
public struct AppendReport: Sendable {
    public let outcomes: [AppendOutcome]
    public let head: TreeHead

    /// How many events were written.
    public var appendedCount: Int { outcomes.filter { if case .appended = $0 { return true } else { return false } }.count }
    /// How many were already present.
    public var alreadyPresentCount: Int { outcomes.count - appendedCount }
}

/// One stored event with its leaf.
public struct StoredEvent: Sendable {
    public let event: RecordedEvent

    public init(event: RecordedEvent) {
        self.event = event
    }

    /// The exact leaf bytes, rebuilt from the stored fields in the documented layout.
    public var leaf: [UInt8] {
        Leaf(position: event.position, recordedAt: event.recordedAt, streamVersion: event.streamVersion,
             signature: event.signature, body: event.envelope.bodyBytes).bytes
    }

    /// `SHA-256(0x00 ‖ leaf)`.
    public var leafHash: [UInt8] { MerkleHash.leaf(leaf) }
}

/// The store API: append, read a range, head, checkpoint.
public protocol LogStore: AnyObject {
    /// Appends `events` atomically: all of them or none.
    func append(_ events: [PendingEvent]) throws -> AppendReport
    /// Runs `body` in one write transaction: every batch it appends lands together or not at all.
    ///
    /// With `atomicBatches`, each batch also runs under a savepoint, so a caller that catches a
    /// failed batch and goes on keeps none of that batch. Importers that abandon the whole session
    /// on any error pass false and save the savepoints' cost (a third of an import's time).
    func withAppendSession<Result>(atomicBatches: Bool, _ body: (any AppendSession) throws -> Result) throws -> Result
    /// Calls `body` for each event at positions `from...through`, in order, streaming.
    func read(from: Int64, through: Int64?, _ body: (StoredEvent) throws -> Void) throws
    /// The current head.
    func head() throws -> TreeHead
    /// The current stream version of `stream` (0 when empty).
    func streamVersion(_ stream: StreamName) throws -> Int64
}

/// Appends batches inside one open write transaction.
public protocol AppendSession {
    /// Appends `events`; they become durable only when the session's transaction commits.
    func append(_ events: [PendingEvent]) throws -> AppendReport
    /// The events of `stream` so far, including those this session appended.
    func events(inStream stream: StreamName) throws -> [RecordedEvent]
    /// The current version of `stream`, including this session's appends.
    func streamVersion(_ stream: StreamName) throws -> Int64
}

extension LogStore {
    /// ``withAppendSession(atomicBatches:_:)`` with atomic batches.
    public func withAppendSession<Result>(_ body: (any AppendSession) throws -> Result) throws -> Result {
        try withAppendSession(atomicBatches: true, body)
    }
}
