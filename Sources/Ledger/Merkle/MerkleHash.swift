// The RFC 6962/9162 hash functions of the ledger's Merkle tree (DESIGN §3). Domain separation
// (0x00 for leaves, 0x01 for interior nodes) keeps a leaf from ever posing as a node.
import Crypto

/// The leaf and node hashes of an RFC 6962 Merkle tree over SHA-256.
///
/// Every hash is a `[UInt8]` of exactly ``size`` bytes; the tree code checks that length at
/// its boundaries instead of wrapping hashes in a type.
/// Each function costs one SHA-256 over its input.
public enum MerkleHash {
    /// The length in bytes of every hash in the tree.
    public static let size = 32

    /// The hash of a leaf: SHA-256(0x00 ‖ bytes).
    ///
    /// Hashes `bytes` exactly as given; nothing is re-encoded.
    /// Costs one pass of SHA-256 over the bytes.
    public static func leaf(_ bytes: some Sequence<UInt8>) -> [UInt8] {
        var hasher = SHA256()
        hasher.update(data: [0x00])
        hasher.update(data: Array(bytes))
        return Array(hasher.finalize())
    }

    /// The hash of an interior node: SHA-256(0x01 ‖ left ‖ right).
    ///
    /// Callers pass 32-byte child hashes; the function itself hashes whatever it is given, so
    /// verifiers check lengths before they chain.
    /// Costs one SHA-256 over 65 bytes.
    public static func node(_ left: [UInt8], _ right: [UInt8]) -> [UInt8] {
        var hasher = SHA256()
        hasher.update(data: [0x01])
        hasher.update(data: left)
        hasher.update(data: right)
        return Array(hasher.finalize())
    }

    /// The root of the empty tree: SHA-256 of the empty string.
    ///
    /// e3b0c442…b855, as RFC 6962 §2.1 defines MTH({}).
    /// Computed once.
    public static let emptyRoot: [UInt8] = Array(SHA256.hash(data: [UInt8]()))
}

/// A source of hashes of complete (perfect) subtrees of one log.
///
/// Level 0 holds the leaf hashes (index = leaf index); level k holds the root of leaves
/// [index·2^k, (index+1)·2^k). Implementations must answer every node that lies wholly inside
/// the tree sizes they are asked about, and throw for any other. The ledger backs it by SQLite;
/// the proof code never asks for a node that is not perfect.
public protocol MerkleNodeSource {
    /// The hash of the perfect subtree at `level` and `index`.
    func nodeHash(level: Int, index: UInt64) throws -> [UInt8]
}

/// One perfect subtree root: its level (0 = leaf), its index on that level, and its hash.
public struct MerkleNode: Sendable, Equatable, Hashable {
    /// Height of the subtree: 0 for a leaf, k for a subtree of 2^k leaves.
    public let level: Int
    /// Position on its level: the subtree covers leaves [index·2^level, (index+1)·2^level).
    public let index: UInt64
    /// The subtree's root hash (32 bytes).
    public let hash: [UInt8]

    public init(level: Int, index: UInt64, hash: [UInt8]) {
        self.level = level
        self.index = index
        self.hash = hash
    }
}
