// The compact range the ledger keeps in memory so that appending stays O(log n) and never
// rehashes the log (DESIGN §3): one perfect subtree root per set bit of the tree size.

/// The compact range (frontier) of an RFC 6962 tree: the roots of its perfect subtrees, left to right.
///
/// A tree of `size` leaves decomposes into one perfect subtree per set bit of `size`, largest
/// first; those roots are enough to append further leaves and to compute the tree head.
/// Holds at most 64 hashes.
public struct MerkleFrontier: Sendable, Equatable {
    /// The number of leaves in the tree.
    public private(set) var size: UInt64
    /// Roots of the perfect subtrees, left to right; `hashes[i]` sits at level `levels[i]`.
    private var hashes: [[UInt8]]

    /// The frontier of the empty tree.
    ///
    /// Its ``root()`` is ``MerkleHash/emptyRoot``.
    /// Costs nothing.
    public init() {
        size = 0
        hashes = []
    }

    /// Loads the frontier of the first `size` leaves from stored perfect subtree hashes.
    ///
    /// Reads exactly one node per set bit of `size`, so the result continues that tree; it
    /// trusts the source and checks only that each hash is 32 bytes.
    /// Costs O(log n) lookups and no hashing.
    public init(size: UInt64, source: some MerkleNodeSource) throws {
        self.size = size
        hashes = []
        for subtree in MerkleFrontier.perfectSubtrees(begin: 0, end: size) {
            let hash = try source.nodeHash(level: subtree.level, index: subtree.index)
            guard hash.count == MerkleHash.size else {
                throw MerkleProofError.badHashSize(what: "stored node at level \(subtree.level), index \(subtree.index)", count: hash.count)
            }
            hashes.append(hash)
        }
    }

    /// The perfect subtrees of the frontier, left to right, with their positions.
    ///
    /// Their sizes are the set bits of ``size``, largest first.
    /// Costs O(log n).
    public var subtrees: [MerkleNode] {
        zip(MerkleFrontier.perfectSubtrees(begin: 0, end: size), hashes).map { position, hash in
            MerkleNode(level: position.level, index: position.index, hash: hash)
        }
    }

    /// Appends one leaf hash; returns the interior nodes (level >= 1) that this append completed.
    ///
    /// The caller stores the returned nodes (and the leaf) so that a ``MerkleNodeSource`` can
    /// answer for them later; they come lowest level first. Never rehashes the log.
    /// Amortised O(1), worst O(log n) hashes: one per trailing one bit of the old size.
    public mutating func append(leafHash: [UInt8]) -> [MerkleNode] {
        precondition(leafHash.count == MerkleHash.size, "a Merkle leaf hash must be 32 bytes, not \(leafHash.count)")
        let oldSize = size
        var carry = leafHash
        var completed: [MerkleNode] = []
        var level = 0
        // Each trailing one bit of the old size is a same-level subtree to merge with.
        while (oldSize >> UInt64(level)) & 1 == 1 {
            let left = hashes.removeLast()
            carry = MerkleHash.node(left, carry)
            level += 1
            completed.append(MerkleNode(level: level, index: oldSize >> UInt64(level), hash: carry))
        }
        hashes.append(carry)
        size = oldSize + 1
        return completed
    }

    /// The tree head: the RFC 6962 root of all ``size`` leaves.
    ///
    /// Returns ``MerkleHash/emptyRoot`` for size 0; otherwise folds the subtree roots from the
    /// right, which is the MTH of the whole tree.
    /// Costs one hash per subtree beyond the first: at most 63.
    public func root() -> [UInt8] {
        guard var result = hashes.last else { return MerkleHash.emptyRoot }
        for left in hashes.dropLast().reversed() {
            result = MerkleHash.node(left, result)
        }
        return result
    }

    /// Positions of the perfect subtrees that make up leaves [begin, end), left to right.
    ///
    /// `begin` must be a multiple of the largest power of two not above `end - begin`, which
    /// holds for every subtree of an RFC 6962 tree; then each piece is aligned and perfect.
    static func perfectSubtrees(begin: UInt64, end: UInt64) -> [(level: Int, index: UInt64)] {
        var pieces: [(level: Int, index: UInt64)] = []
        var start = begin
        var remaining = end - begin
        while remaining > 0 {
            let level = 63 - remaining.leadingZeroBitCount
            pieces.append((level, start >> UInt64(level)))
            start += 1 << UInt64(level)
            remaining -= 1 << UInt64(level)
        }
        return pieces
    }
}
