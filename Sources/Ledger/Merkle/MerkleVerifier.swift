// Proof verification for outsiders who hold only signed tree heads (DESIGN §3). It follows
// transparency-dev/merkle's proof/verify.go so that the shared vectors, including the cases
// that must fail, give the same answers.

/// Checks RFC 9162 inclusion and consistency proofs against tree roots.
///
/// Needs no access to the log: only the sizes, the hashes and the proof. Every leaf hash and
/// proof entry must be 32 bytes, and so must every root that a proof is chained to; a proof
/// of the wrong length is rejected before any hashing.
/// Each check costs O(log n) hashes and no allocation beyond the proof itself.
public enum MerkleVerifier {
    /// Verifies that `leafHash` is leaf `leafIndex` of the tree of `treeSize` leaves with `root`.
    ///
    /// Throws ``MerkleProofError`` unless `leafIndex < treeSize`, all hashes are 32 bytes, the
    /// proof has exactly the RFC 9162 length and it chains to `root`.
    /// Costs one hash per proof entry.
    public static func verifyInclusion(leafIndex: UInt64, treeSize: UInt64, leafHash: [UInt8], proof: [[UInt8]], root: [UInt8]) throws {
        try requireHashSize(root, "expected root")
        let computed = try rootFromInclusionProof(leafIndex: leafIndex, treeSize: treeSize, leafHash: leafHash, proof: proof)
        guard computed == root else {
            throw MerkleProofError.rootMismatch(expected: root, computed: computed)
        }
    }

    /// The root that an inclusion proof for `leafHash` at `leafIndex` leads to.
    ///
    /// Performs every check of ``verifyInclusion(leafIndex:treeSize:leafHash:proof:root:)``
    /// except the comparison with a root, so a caller can compare with several.
    /// Costs one hash per proof entry.
    public static func rootFromInclusionProof(leafIndex: UInt64, treeSize: UInt64, leafHash: [UInt8], proof: [[UInt8]]) throws -> [UInt8] {
        guard leafIndex < treeSize else {
            throw MerkleProofError.indexOutOfRange(leafIndex: leafIndex, treeSize: treeSize)
        }
        try requireHashSize(leafHash, "leaf hash")
        let (inner, border) = decomposeInclusionProof(index: leafIndex, size: treeSize)
        guard proof.count == inner + border else {
            throw MerkleProofError.wrongProofLength(expected: inner + border, actual: proof.count)
        }
        try requireProofHashSizes(proof)
        let innerHash = chainInner(seed: leafHash, proof[..<inner], index: leafIndex)
        return chainBorderRight(seed: innerHash, proof[inner...])
    }

    /// Verifies that the tree of `size2` leaves with `root2` extends the tree of `size1` leaves with `root1`.
    ///
    /// As in transparency-dev/merkle: size1 = 0 is an error (even with size2 = 0), as is
    /// size1 > size2; equal sizes need an empty proof and equal roots, which are then compared
    /// as given. Otherwise both roots and every proof entry must be 32 bytes and the proof must
    /// have exactly the RFC 9162 length.
    /// Costs up to two hashes per proof entry.
    public static func verifyConsistency(size1: UInt64, size2: UInt64, root1: [UInt8], root2: [UInt8], proof: [[UInt8]]) throws {
        guard size1 >= 1, size1 <= size2 else {
            throw MerkleProofError.invalidSizes(size1: size1, size2: size2)
        }
        if size1 == size2 {
            guard proof.isEmpty else {
                throw MerkleProofError.wrongProofLength(expected: 0, actual: proof.count)
            }
            guard root1 == root2 else {
                throw MerkleProofError.rootMismatch(expected: root2, computed: root1)
            }
            return
        }
        try requireHashSize(root1, "old root")
        try requireHashSize(root2, "new root")

        // The proof is a suffix of the inclusion proof of leaf size1-1 in the new tree, starting
        // at the level of the old tree's last perfect subtree.
        var (inner, border) = decomposeInclusionProof(index: size1 - 1, size: size2)
        let shift = size1.trailingZeroBitCount
        inner -= shift
        // That subtree is the whole old tree when size1 is a power of two; otherwise it comes first.
        let oldTreeIsPerfect = size1 == 1 << UInt64(shift)
        let start = oldTreeIsPerfect ? 0 : 1
        guard proof.count == start + inner + border else {
            throw MerkleProofError.wrongProofLength(expected: start + inner + border, actual: proof.count)
        }
        try requireProofHashSizes(proof)
        let seed = oldTreeIsPerfect ? root1 : proof[0]
        let path = proof[start...]
        let innerPath = path.prefix(inner)
        let borderPath = path.dropFirst(inner)
        let mask = (size1 - 1) >> UInt64(shift)

        let computed1 = chainBorderRight(seed: chainInnerRight(seed: seed, innerPath, index: mask), borderPath)
        guard computed1 == root1 else {
            throw MerkleProofError.rootMismatch(expected: root1, computed: computed1)
        }
        let computed2 = chainBorderRight(seed: chainInner(seed: seed, innerPath, index: mask), borderPath)
        guard computed2 == root2 else {
            throw MerkleProofError.rootMismatch(expected: root2, computed: computed2)
        }
    }

    /// Splits the inclusion proof of `index` into the part below the point where the paths to
    /// `index` and `size - 1` diverge (inner) and the left siblings above it (border).
    private static func decomposeInclusionProof(index: UInt64, size: UInt64) -> (inner: Int, border: Int) {
        let inner = 64 - (index ^ (size - 1)).leadingZeroBitCount
        let border = (index >> UInt64(inner)).nonzeroBitCount
        return (inner, border)
    }

    /// Chains a hash up through siblings on either side, choosing the side by the bits of `index`.
    private static func chainInner(seed: [UInt8], _ proof: ArraySlice<[UInt8]>, index: UInt64) -> [UInt8] {
        var hash = seed
        for (level, sibling) in proof.enumerated() {
            hash = (index >> UInt64(level)) & 1 == 0 ? MerkleHash.node(hash, sibling) : MerkleHash.node(sibling, hash)
        }
        return hash
    }

    /// Like `chainInner` but uses only left siblings: the hash of the older, smaller subtree.
    private static func chainInnerRight(seed: [UInt8], _ proof: ArraySlice<[UInt8]>, index: UInt64) -> [UInt8] {
        var hash = seed
        for (level, sibling) in proof.enumerated() where (index >> UInt64(level)) & 1 == 1 {
            hash = MerkleHash.node(sibling, hash)
        }
        return hash
    }

    /// Chains a hash up the right border of the tree, where every sibling is on the left.
    private static func chainBorderRight(seed: [UInt8], _ proof: ArraySlice<[UInt8]>) -> [UInt8] {
        proof.reduce(seed) { hash, sibling in MerkleHash.node(sibling, hash) }
    }

    private static func requireHashSize(_ hash: [UInt8], _ what: String) throws {
        guard hash.count == MerkleHash.size else {
            throw MerkleProofError.badHashSize(what: what, count: hash.count)
        }
    }

    private static func requireProofHashSizes(_ proof: [[UInt8]]) throws {
        for (position, hash) in proof.enumerated() {
            try requireHashSize(hash, "proof hash at position \(position)")
        }
    }
}
