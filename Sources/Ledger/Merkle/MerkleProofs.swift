// Proof generation over stored perfect subtrees (RFC 9162 §2.1.3.1 and §2.1.4.1). A subtree
// on the right edge of a non-power-of-two tree is never stored, so it is rebuilt from the
// perfect subtrees it splits into; each proof needs at most one such rebuild.

/// Inclusion proofs, consistency proofs and tree heads computed from a ``MerkleNodeSource``.
///
/// The results are byte-for-byte those of RFC 9162 (and of transparency-dev/merkle), so any
/// RFC verifier, including ``MerkleVerifier``, accepts them.
/// Each call costs O(log n) source lookups and O(log n) hashes; nothing scales with the log.
public enum MerkleProofs {
    /// RFC 9162 §2.1.3.1 inclusion path for leaf `leafIndex` (0-based) in the tree of `treeSize` leaves.
    ///
    /// The hashes run from the leaf's sibling up to the child of the root. Throws
    /// ``MerkleProofError/indexOutOfRange(leafIndex:treeSize:)`` unless `leafIndex < treeSize`.
    /// Costs one lookup per proof entry, except at most one entry that spans the right edge of
    /// the tree and needs up to log₂ n lookups and hashes.
    public static func inclusion(leafIndex: UInt64, treeSize: UInt64, source: some MerkleNodeSource) throws -> [[UInt8]] {
        guard leafIndex < treeSize else {
            throw MerkleProofError.indexOutOfRange(leafIndex: leafIndex, treeSize: treeSize)
        }
        // Walk down from the root; siblings are collected top-down and returned bottom-up.
        var path: [[UInt8]] = []
        var begin: UInt64 = 0
        var end = treeSize
        while end - begin > 1 {
            let split = begin + largestPowerOfTwo(below: end - begin)
            if leafIndex < split {
                path.append(try subtreeHash(begin: split, end: end, source: source))
                end = split
            } else {
                path.append(try subtreeHash(begin: begin, end: split, source: source))
                begin = split
            }
        }
        return path.reversed()
    }

    /// RFC 9162 §2.1.4.1 consistency proof between sizes; size1 must be 1...size2.
    ///
    /// Empty when the sizes are equal. Throws ``MerkleProofError/invalidSizes(size1:size2:)``
    /// for size1 = 0 or size1 > size2, matching what ``MerkleVerifier`` accepts.
    /// Costs O(log n) lookups, with at most one entry rebuilt from the right edge.
    public static func consistency(size1: UInt64, size2: UInt64, source: some MerkleNodeSource) throws -> [[UInt8]] {
        guard size1 >= 1, size1 <= size2 else {
            throw MerkleProofError.invalidSizes(size1: size1, size2: size2)
        }
        // SUBPROOF(m, D[begin:end], startFromOldRoot), unrolled; collected top-down.
        var proof: [[UInt8]] = []
        var begin: UInt64 = 0
        var end = size2
        var startsFromOldRoot = true
        while end - begin != size1 - begin {
            let split = begin + largestPowerOfTwo(below: end - begin)
            if size1 <= split {
                proof.append(try subtreeHash(begin: split, end: end, source: source))
                end = split
            } else {
                proof.append(try subtreeHash(begin: begin, end: split, source: source))
                begin = split
                startsFromOldRoot = false
            }
        }
        // Here D[begin:end] is the old tree's last perfect subtree, whole in both trees.
        if !startsFromOldRoot {
            proof.append(try subtreeHash(begin: begin, end: end, source: source))
        }
        return proof.reversed()
    }

    /// Root of the first `size` leaves (MTH), using only complete-subtree lookups: O(log n) lookups.
    ///
    /// Returns ``MerkleHash/emptyRoot`` for size 0; equals ``MerkleFrontier/root()`` of a
    /// frontier of that size.
    /// Costs one lookup per set bit of `size` and one hash fewer.
    public static func root(size: UInt64, source: some MerkleNodeSource) throws -> [UInt8] {
        size == 0 ? MerkleHash.emptyRoot : try subtreeHash(begin: 0, end: size, source: source)
    }

    /// MTH(D[begin:end]) for a subtree of an RFC 6962 tree, from its perfect pieces.
    ///
    /// A perfect range is one lookup; a right-edge range folds its pieces from the right.
    static func subtreeHash(begin: UInt64, end: UInt64, source: some MerkleNodeSource) throws -> [UInt8] {
        let pieces = try MerkleFrontier.perfectSubtrees(begin: begin, end: end).map { piece in
            let hash = try source.nodeHash(level: piece.level, index: piece.index)
            guard hash.count == MerkleHash.size else {
                throw MerkleProofError.badHashSize(what: "stored node at level \(piece.level), index \(piece.index)", count: hash.count)
            }
            return hash
        }
        guard var result = pieces.last else { return MerkleHash.emptyRoot }
        for left in pieces.dropLast().reversed() {
            result = MerkleHash.node(left, result)
        }
        return result
    }

    /// The largest power of two strictly below `count`, for `count` >= 2: RFC 6962's split point.
    static func largestPowerOfTwo(below count: UInt64) -> UInt64 {
        1 << UInt64(63 - (count - 1).leadingZeroBitCount)
    }
}

/// Why a Merkle proof could not be made or did not verify.
///
/// Each case carries the numbers or hashes a person needs to see what went wrong; its
/// `description` is one sentence for the terminal.
public enum MerkleProofError: Error, Equatable, CustomStringConvertible {
    /// The leaf index is not inside the tree.
    case indexOutOfRange(leafIndex: UInt64, treeSize: UInt64)
    /// The two tree sizes do not allow a consistency proof (size1 must be 1...size2).
    case invalidSizes(size1: UInt64, size2: UInt64)
    /// A hash (named by `what`) is not 32 bytes long.
    case badHashSize(what: String, count: Int)
    /// The proof has the wrong number of hashes for these sizes.
    case wrongProofLength(expected: Int, actual: Int)
    /// The root the proof leads to differs from the root it was checked against.
    case rootMismatch(expected: [UInt8], computed: [UInt8])

    public var description: String {
        switch self {
        case let .indexOutOfRange(leafIndex, treeSize):
            "Leaf index \(leafIndex) is outside a tree of \(treeSize) leaves."
        case let .invalidSizes(size1, size2):
            if size1 == 0 {
                "A consistency proof from size 0 proves nothing; the old size must be at least 1 (got \(size1) to \(size2))."
            } else {
                "A consistency proof needs the old size to be at most the new size, but \(size1) is greater than \(size2)."
            }
        case let .badHashSize(what, count):
            "The \(what) is \(count) bytes long; a Merkle hash is \(MerkleHash.size) bytes."
        case let .wrongProofLength(expected, actual):
            "The proof holds \(actual) hashes, but these tree sizes need exactly \(expected)."
        case let .rootMismatch(expected, computed):
            "The proof leads to root \(MerkleHash.hex(computed)), not the expected root \(MerkleHash.hex(expected))."
        }
    }
}

extension MerkleHash {
    /// Lowercase hex, for error messages and key ids.
    static func hex(_ bytes: some Sequence<UInt8>) -> String {
        let digits = Array("0123456789abcdef")
        var text = ""
        for byte in bytes {
            text.append(digits[Int(byte >> 4)])
            text.append(digits[Int(byte & 0x0f)])
        }
        return text
    }
}
