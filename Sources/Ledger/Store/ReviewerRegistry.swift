// Who may sign what, at each position of the log (DESIGN §3, invariant 7). Append and
// verify fold the same registry, so they apply the same rule.
import Crypto
import Events
import Foundation

/// The reviewers and the ledger key as they stand at one position of the log.
///
/// Guarantees: a key signs only between its registration and its revocation; settings and
/// people events need an admin (or the ledger key while no admin exists); observations may be
/// unsigned only when authored `import:<source>`. Cost: O(1) per check plus one Ed25519 verify.
public struct ReviewerRegistry: Sendable {
    /// A registered reviewer.
    public struct Reviewer: Sendable {
        public let handle: String
        public let name: String
        public let role: ReviewerRole
        public let publicKey: Curve25519.Signing.PublicKey
        public let registeredAt: Int64
        public internal(set) var revokedAt: Int64?
    }

    /// Current registration of each handle (the latest one).
    public private(set) var reviewers: [String: Reviewer] = [:]
    /// The ledger's own key, from `LedgerCreated`.
    public private(set) var ledgerKey: Curve25519.Signing.PublicKey?
    /// The ledger's facts, from `LedgerCreated`.
    public private(set) var ledgerCreated: LedgerCreated?

    public init() {}

    /// Whether any admin is registered and not revoked.
    public var hasActiveAdmin: Bool {
        reviewers.values.contains { $0.role == .admin && $0.revokedAt == nil }
    }

    /// The active reviewer `handle`, or nil.
    public func activeReviewer(_ handle: String) -> Reviewer? {
        guard let reviewer = reviewers[handle], reviewer.revokedAt == nil else { return nil }
        return reviewer
    }

    /// Folds one appended event into the registry.
    public mutating func apply(_ payload: any EventPayload, position: Int64) {
        switch payload {
        case let created as LedgerCreated:
            ledgerCreated = created
            ledgerKey = try? Curve25519.Signing.PublicKey(rawRepresentation: created.ledgerKey)
        case let registered as ReviewerRegistered:
            if let key = try? Curve25519.Signing.PublicKey(rawRepresentation: registered.publicKey) {
                reviewers[registered.handle] = Reviewer(handle: registered.handle, name: registered.name, role: registered.role, publicKey: key, registeredAt: position, revokedAt: nil)
            }
        case let revoked as ReviewerRevoked:
            reviewers[revoked.handle]?.revokedAt = position
        default:
            break
        }
    }

    /// Checks that `author` may append `payload` and that `signature` is theirs over `body`.
    /// Returns nil when allowed, else the reason.
    public func refusal(payload: any EventPayload, author: String, body: [UInt8], signature: [UInt8]?) -> String? {
        refusal(payload: payload, author: author, body: body, signature: signature, localSigner: nil)
    }

    /// Who must have signed an event, before its signature is looked at.
    enum Authorization {
        /// No signature is needed (an import of observations).
        case allowed
        /// A valid signature by `key` is needed; `signer` names the key in messages.
        case signature(key: Curve25519.Signing.PublicKey, signer: String)
        /// Refused, whatever the signature.
        case refused(String)
    }

    /// Whether `author` may append `payload` at this position, and with whose signature.
    func authorization(payload: any EventPayload, author: String) -> Authorization {
        let group = type(of: payload).group
        if author == "ledger" {
            if let created = payload as? LedgerCreated {
                guard ledgerCreated == nil else { return .refused("the ledger was already created") }
                guard let own = try? Curve25519.Signing.PublicKey(rawRepresentation: created.ledgerKey) else { return .refused("the ledger key is not an Ed25519 public key") }
                return .signature(key: own, signer: "the ledger key")
            }
            guard let ledgerKey else { return .refused("the ledger has no key yet; LedgerCreated must come first") }
            if group == .people && hasActiveAdmin { return .refused("the ledger key registers only the first admin; an admin signs the rest") }
            if group == .review { return .refused("judgments are signed by a registered reviewer, not by the ledger key") }
            return .signature(key: ledgerKey, signer: "the ledger key")
        }
        if author.hasPrefix("import:") {
            guard group == .registry || group == .observation else {
                return .refused("\(type(of: payload).typeName) is a judgment or setting and must be signed by a registered reviewer (import with --as HANDLE)")
            }
            return .allowed
        }
        guard ledgerCreated != nil else { return .refused("LedgerCreated must come first") }
        guard let reviewer = reviewers[author] else { return .refused("\(author) is not a registered reviewer") }
        guard reviewer.revokedAt == nil else { return .refused("\(author)'s key was revoked at position \(reviewer.revokedAt ?? 0) and signs nothing after it") }
        if (group == .people || group == .ledger) && reviewer.role != .admin {
            return .refused("only an admin may sign \(type(of: payload).typeName); \(author) is \(reviewer.role.rawValue)")
        }
        return .signature(key: reviewer.publicKey, signer: "\(author)'s registered key")
    }

    /// As ``refusal(payload:author:body:signature:)``; when `localSigner` (the public key that
    /// made `signature` in this process) is the expected key, the signature is not re-verified.
    func refusal(payload: any EventPayload, author: String, body: [UInt8], signature: [UInt8]?, localSigner: [UInt8]?) -> String? {
        switch authorization(payload: payload, author: author) {
        case .allowed:
            return nil
        case .refused(let reason):
            return reason
        case .signature(let key, let signer):
            guard let signature else { return "the event is not signed" }
            if let localSigner, localSigner.elementsEqual(key.rawRepresentation) { return nil }
            guard key.isValidSignature(signature, for: Leaf.signingInput(body: body)) else {
                return "the signature does not match \(signer)"
            }
            return nil
        }
    }
}

/// Signs event bodies with a private key.
public enum EventSigner {
    /// The Ed25519 signature of `envelope`'s body under `key`.
    public static func signature(for envelope: EventEnvelope, key: Curve25519.Signing.PrivateKey) throws -> [UInt8] {
        Array(try key.signature(for: Leaf.signingInput(body: envelope.bodyBytes)))
    }
}
