// A MerkleNodeSource held in memory: the reference the SQLite-backed store is tested against,
// and a way to rebuild every node from the leaves when `verify` recomputes the tree.

/// Every perfect subtree hash of a log, kept in memory and built level by level.
///
/// Level 0 holds the leaf hashes; level k holds one hash per complete pair on level k-1, so it
/// answers exactly the lookups a ``MerkleNodeSource`` of this size must answer. It is built
/// without ``MerkleFrontier``, so the two can check each other.
/// Holds about 2n hashes; each append costs amortised O(1) hashes and a lookup costs O(1).
public struct InMemoryMerkleTree: MerkleNodeSource, Sendable {
    /// `levels[k][i]` is the hash of the perfect subtree at level k, index i.
    public private(set) var levels: [[[UInt8]]] = [[]]

    /// A tree of the given leaf hashes, in order.
    public init(leafHashes: some Sequence<[UInt8]>) {
        for leafHash in leafHashes {
            append(leafHash: leafHash)
        }
    }

    /// The number of leaves.
    public var size: UInt64 { UInt64(levels[0].count) }

    /// Appends a leaf hash and every perfect subtree it completes.
    ///
    /// Afterwards the tree holds all perfect nodes of the larger log.
    /// Costs one hash per completed subtree.
    public mutating func append(leafHash: [UInt8]) {
        levels[0].append(leafHash)
        var level = 0
        while levels[level].count % 2 == 0 {
            let row = levels[level]
            let parent = MerkleHash.node(row[row.count - 2], row[row.count - 1])
            if levels.count == level + 1 { levels.append([]) }
            levels[level + 1].append(parent)
            level += 1
        }
    }

    /// All perfect subtree nodes, leaves included.
    public var allNodes: [MerkleNode] {
        levels.enumerated().flatMap { level, row in
            row.enumerated().map { index, hash in MerkleNode(level: level, index: UInt64(index), hash: hash) }
        }
    }

    /// The hash of the perfect subtree at `level` and `index`; throws ``MissingNode`` if the tree has none.
    public func nodeHash(level: Int, index: UInt64) throws -> [UInt8] {
        guard level >= 0, level < levels.count, index < UInt64(levels[level].count) else {
            throw MissingNode(level: level, index: index, size: size)
        }
        return levels[level][Int(index)]
    }

    /// A lookup for a node that this tree does not (yet) contain.
    public struct MissingNode: Error, Equatable, CustomStringConvertible {
        public let level: Int
        public let index: UInt64
        public let size: UInt64

        public var description: String {
            "A tree of \(size) leaves has no complete subtree at level \(level), index \(index)."
        }
    }
}
