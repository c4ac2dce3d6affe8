// Signing events as a reviewer: the handle that authors them and the private key that signs.
import Crypto
import Events

/// A reviewer ready to sign: their handle and private key.
public struct ReviewerSigner: Sendable {
    public let handle: String
    public let key: Curve25519.Signing.PrivateKey

    public init(handle: String, key: Curve25519.Signing.PrivateKey) {
        self.handle = handle
        self.key = key
    }

    /// Loads `handle`'s key from `keys`.
    public init(handle: String, keys: KeyStore) throws {
        do {
            self.init(handle: handle, key: try keys.load(path: keys.reviewerKeyPath(handle), whose: "reviewer \(handle)"))
        } catch {
            throw LedgerError.key(error)
        }
    }

    /// A signed event of `payload` authored by this reviewer.
    public func pendingEvent(
        _ payload: any EventPayload, data: [UInt8]? = nil, id: EventEnvelope.IDPolicy = .timeOrdered, occurredAt: Timestamp? = nil,
        now: Timestamp, schemaVersion: Int? = nil, expectedStreamVersion: Int64? = nil
    ) throws -> PendingEvent {
        let envelope = EventEnvelope.make(payload: payload, data: data, id: id, occurredAt: occurredAt, author: handle, now: now, schemaVersion: schemaVersion)
        return try PendingEvent.signed(envelope: envelope, payload: payload, key: key, expectedStreamVersion: expectedStreamVersion)
    }
}
