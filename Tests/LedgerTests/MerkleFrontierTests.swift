// The frontier is how appends stay O(log n) (DESIGN §3); these tests hold it to the nodes and
// roots of a tree built level by level without it.
import Ledger
import Testing

@Suite("Merkle frontier")
struct MerkleFrontierTests {
    @Test("the empty frontier has size 0 and the empty root")
    func emptyFrontier() throws {
        let frontier = MerkleFrontier()
        #expect(frontier.size == 0)
        #expect(frontier.root() == MerkleHash.emptyRoot)
        #expect(frontier.subtrees.isEmpty)
        #expect(try MerkleFrontier(size: 0, source: InMemoryMerkleTree(leafHashes: [])) == frontier)
    }

    @Test("appending leaves one by one yields exactly the perfect nodes of the tree")
    func appendsYieldEveryPerfectNode() {
        let leaves = syntheticLeafHashes(130)
        var frontier = MerkleFrontier()
        var reported: [MerkleNode] = []
        for (index, leaf) in leaves.enumerated() {
            let oldSize = frontier.size
            let completed = frontier.append(leafHash: leaf)
            // One merge per trailing one bit of the old size: the append never rehashes more.
            #expect(completed.count == (~oldSize).trailingZeroBitCount, "append \(index)")
            #expect(completed.allSatisfy { $0.level >= 1 })
            reported.append(MerkleNode(level: 0, index: UInt64(index), hash: leaf))
            reported += completed
        }
        let tree = InMemoryMerkleTree(leafHashes: leaves)
        #expect(reported.count == Set(reported).count, "no node is reported twice")
        #expect(Set(reported) == Set(tree.allNodes))
    }

    @Test("the root after every append is the RFC 6962 root of the prefix")
    func rootAfterEveryAppend() {
        let leaves = syntheticLeafHashes(70)
        var frontier = MerkleFrontier()
        for (index, leaf) in leaves.enumerated() {
            _ = frontier.append(leafHash: leaf)
            #expect(frontier.size == UInt64(index + 1))
            #expect(frontier.root() == RFC6962Reference.root(leaves[...index]), "size \(index + 1)")
        }
    }

    @Test("a frontier loaded from stored nodes at any size continues with the same roots", arguments: 0...40)
    func loadedFrontierContinues(loadedSize: Int) throws {
        let leaves = syntheticLeafHashes(48)
        var appended = MerkleFrontier()
        for leaf in leaves.prefix(loadedSize) {
            _ = appended.append(leafHash: leaf)
        }
        let stored = InMemoryMerkleTree(leafHashes: leaves.prefix(loadedSize))
        let source = CountingSource(stored)
        var loaded = try MerkleFrontier(size: UInt64(loadedSize), source: source)
        #expect(source.lookups == UInt64(loadedSize).nonzeroBitCount)
        #expect(loaded == appended)
        #expect(loaded.root() == RFC6962Reference.root(leaves.prefix(loadedSize)))
        for (offset, leaf) in leaves.dropFirst(loadedSize).enumerated() {
            let completed = loaded.append(leafHash: leaf)
            #expect(completed == appended.append(leafHash: leaf))
            #expect(loaded.root() == RFC6962Reference.root(leaves.prefix(loadedSize + offset + 1)))
        }
        #expect(loaded == appended)
    }

    @Test("the frontier's subtrees are the stored nodes for the set bits of its size")
    func subtreesMatchStoredNodes() throws {
        let leaves = syntheticLeafHashes(45)  // 32 + 8 + 4 + 1
        var frontier = MerkleFrontier()
        for leaf in leaves { _ = frontier.append(leafHash: leaf) }
        let tree = InMemoryMerkleTree(leafHashes: leaves)
        #expect(frontier.subtrees.map(\.level) == [5, 3, 2, 0])
        #expect(frontier.subtrees.map(\.index) == [0, 4, 10, 44])
        for node in frontier.subtrees {
            #expect(try tree.nodeHash(level: node.level, index: node.index) == node.hash)
        }
    }

    @Test("loading a frontier fails when the source lacks a node")
    func loadingFromAShortSourceFails() {
        let tree = InMemoryMerkleTree(leafHashes: syntheticLeafHashes(5))
        #expect(throws: InMemoryMerkleTree.MissingNode.self) {
            try MerkleFrontier(size: 6, source: tree)
        }
    }
}
