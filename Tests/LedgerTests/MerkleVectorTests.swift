// The Merkle proof code against the public vectors (transparency-dev/merkle, RFC 6962) and
// against the RFC's own recursive definitions.
import Foundation
import Ledger
import Testing

@Suite("Merkle proofs against the public vectors")
struct MerkleVectorTests {
    static let inclusionFiles = SharedVectors.jsonFiles(under: "merkle/inclusion")
    static let consistencyFiles = SharedVectors.jsonFiles(under: "merkle/consistency")

    @Test("the shared vectors are found, so a wrong path fails loudly")
    func vectorsAreFound() {
        #expect(Self.inclusionFiles.count + Self.consistencyFiles.count > 150, "vectors looked for in \(SharedVectors.root.path)")
        #expect(Self.inclusionFiles.count > 50)
        #expect(Self.consistencyFiles.count > 50)
    }

    @Test("every inclusion vector verifies or fails as it says", arguments: inclusionFiles)
    func inclusionVector(file: String) throws {
        let vector = try JSONDecoder().decode(InclusionVector.self, from: SharedVectors.data(file))
        let proof = try (vector.proof ?? []).map(base64)
        let verify = {
            try MerkleVerifier.verifyInclusion(
                leafIndex: vector.leafIdx, treeSize: vector.treeSize,
                leafHash: try base64(vector.leafHash), proof: proof, root: try base64(vector.root))
        }
        if vector.wantErr {
            #expect(throws: MerkleProofError.self, "\(file): \(vector.desc) must be rejected") { try verify() }
        } else {
            #expect(throws: Never.self, "\(file): \(vector.desc) must verify") { try verify() }
        }
    }

    @Test("every consistency vector verifies or fails as it says", arguments: consistencyFiles)
    func consistencyVector(file: String) throws {
        let vector = try JSONDecoder().decode(ConsistencyVector.self, from: SharedVectors.data(file))
        let proof = try (vector.proof ?? []).map(base64)
        let verify = {
            try MerkleVerifier.verifyConsistency(
                size1: vector.size1, size2: vector.size2,
                root1: try base64(vector.root1), root2: try base64(vector.root2), proof: proof)
        }
        if vector.wantErr {
            #expect(throws: MerkleProofError.self, "\(file): \(vector.desc) must be rejected") { try verify() }
        } else {
            #expect(throws: Never.self, "\(file): \(vector.desc) must verify") { try verify() }
        }
    }

    static let rfc6962Roots = [
        "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
        "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
        "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
        "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
        "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
        "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
        "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
        "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
        "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328",
    ]

    @Test("the RFC 6962 roots for sizes 0 to 8 come out of the frontier and of stored subtrees", arguments: 0...8)
    func rfc6962Root(size: Int) throws {
        let expected = Self.rfc6962Roots[size]
        var frontier = MerkleFrontier()
        for leaf in SharedVectors.classicLeaves.prefix(size) {
            _ = frontier.append(leafHash: MerkleHash.leaf(leaf))
        }
        #expect(frontier.size == UInt64(size))
        #expect(hexString(frontier.root()) == expected)
        let stored = try MerkleProofs.root(size: UInt64(size), source: SharedVectors.classicTree)
        #expect(hexString(stored) == expected)
    }

    @Test("generated inclusion proofs equal the vectors' happy-path proofs")
    func inclusionHappyPathsMatch() throws {
        let tree = SharedVectors.classicTree
        let happyPaths = Self.inclusionFiles.filter { $0.hasSuffix("/happy-path.json") }
        #expect(happyPaths.count >= 5)
        for file in happyPaths {
            let vector = try JSONDecoder().decode(InclusionVector.self, from: SharedVectors.data(file))
            let expected = try (vector.proof ?? []).map(base64)
            let generated = try MerkleProofs.inclusion(leafIndex: vector.leafIdx, treeSize: vector.treeSize, source: tree)
            #expect(generated == expected, "\(file)")
            #expect(try tree.nodeHash(level: 0, index: vector.leafIdx) == base64(vector.leafHash), "\(file)")
            #expect(try MerkleProofs.root(size: vector.treeSize, source: tree) == base64(vector.root), "\(file)")
        }
    }

    @Test("generated consistency proofs equal the vectors' happy-path proofs")
    func consistencyHappyPathsMatch() throws {
        let tree = SharedVectors.classicTree
        let happyPaths = Self.consistencyFiles.filter { $0.hasSuffix("/happy-path.json") }
        #expect(happyPaths.count >= 5)
        for file in happyPaths {
            let vector = try JSONDecoder().decode(ConsistencyVector.self, from: SharedVectors.data(file))
            let expected = try (vector.proof ?? []).map(base64)
            let generated = try MerkleProofs.consistency(size1: vector.size1, size2: vector.size2, source: tree)
            #expect(generated == expected, "\(file)")
            #expect(try MerkleProofs.root(size: vector.size1, source: tree) == base64(vector.root1), "\(file)")
            #expect(try MerkleProofs.root(size: vector.size2, source: tree) == base64(vector.root2), "\(file)")
        }
    }

    @Test("every inclusion proof up to 40 leaves is the RFC path and verifies", arguments: 1...40)
    func inclusionRoundTrip(treeSize: Int) throws {
        let leaves = syntheticLeafHashes(treeSize)
        let tree = InMemoryMerkleTree(leafHashes: leaves)
        let root = try MerkleProofs.root(size: UInt64(treeSize), source: tree)
        #expect(root == RFC6962Reference.root(leaves[...]))
        for leafIndex in 0..<treeSize {
            let proof = try MerkleProofs.inclusion(leafIndex: UInt64(leafIndex), treeSize: UInt64(treeSize), source: tree)
            #expect(proof == RFC6962Reference.path(leafIndex, leaves[...]), "leaf \(leafIndex) of \(treeSize)")
            #expect(throws: Never.self, "leaf \(leafIndex) of \(treeSize)") {
                try MerkleVerifier.verifyInclusion(
                    leafIndex: UInt64(leafIndex), treeSize: UInt64(treeSize), leafHash: leaves[leafIndex], proof: proof, root: root)
            }
            // The same proof must not prove another leaf in that place.
            let otherLeaf = leaves[(leafIndex + 1) % treeSize]
            if otherLeaf != leaves[leafIndex] {
                #expect(throws: MerkleProofError.self) {
                    try MerkleVerifier.verifyInclusion(
                        leafIndex: UInt64(leafIndex), treeSize: UInt64(treeSize), leafHash: otherLeaf, proof: proof, root: root)
                }
            }
        }
    }

    @Test("every consistency proof up to 40 leaves is the RFC proof and verifies", arguments: 1...40)
    func consistencyRoundTrip(size2: Int) throws {
        let leaves = syntheticLeafHashes(size2)
        let tree = InMemoryMerkleTree(leafHashes: leaves)
        let root2 = try MerkleProofs.root(size: UInt64(size2), source: tree)
        for size1 in 1...size2 {
            let root1 = try MerkleProofs.root(size: UInt64(size1), source: tree)
            let proof = try MerkleProofs.consistency(size1: UInt64(size1), size2: UInt64(size2), source: tree)
            #expect(proof == RFC6962Reference.proof(size1, leaves[...]), "\(size1) to \(size2)")
            #expect(throws: Never.self, "\(size1) to \(size2)") {
                try MerkleVerifier.verifyConsistency(size1: UInt64(size1), size2: UInt64(size2), root1: root1, root2: root2, proof: proof)
            }
            if size1 < size2 {
                // A root of a different old size must not pass for this one.
                let wrongRoot1 = try MerkleProofs.root(size: UInt64(size1 + 1), source: tree)
                #expect(throws: MerkleProofError.self, "\(size1) to \(size2) with the wrong old root") {
                    try MerkleVerifier.verifyConsistency(size1: UInt64(size1), size2: UInt64(size2), root1: wrongRoot1, root2: root2, proof: proof)
                }
            }
        }
    }

    static let hugeTreeSizes: [UInt64] = [1, 2, 3, 1000, 1 << 20, (1 << 40) - 1, (1 << 40) + 1, UInt64.max >> 1, UInt64.max - 1]

    @Test("proofs of a huge tree cost O(log n) lookups", arguments: hugeTreeSizes)
    func proofsTakeLogarithmicLookups(treeSize: UInt64) throws {
        let depth = 64 - (treeSize - 1).leadingZeroBitCount  // ceil(log2 n)
        let budget = 2 * depth + 2
        for leafIndex in Set([0, treeSize / 3, treeSize / 2, max(treeSize, 2) - 2, treeSize - 1]) {
            let source = CountingSource(SyntheticSource(size: treeSize))
            let proof = try MerkleProofs.inclusion(leafIndex: leafIndex, treeSize: treeSize, source: source)
            #expect(proof.count <= depth)
            #expect(source.lookups <= budget, "inclusion of \(leafIndex) in \(treeSize) took \(source.lookups) lookups")
        }
        for size1 in Set([1, treeSize / 3, treeSize / 2, treeSize - 1, treeSize]) where size1 >= 1 {
            let source = CountingSource(SyntheticSource(size: treeSize))
            _ = try MerkleProofs.consistency(size1: size1, size2: treeSize, source: source)
            #expect(source.lookups <= budget, "consistency \(size1) to \(treeSize) took \(source.lookups) lookups")
        }
        let source = CountingSource(SyntheticSource(size: treeSize))
        _ = try MerkleProofs.root(size: treeSize, source: source)
        #expect(source.lookups == treeSize.nonzeroBitCount)
    }

    @Test("proof generation rejects positions outside the tree")
    func generationRejectsBadPositions() {
        let tree = SharedVectors.classicTree
        #expect(throws: MerkleProofError.indexOutOfRange(leafIndex: 8, treeSize: 8)) {
            try MerkleProofs.inclusion(leafIndex: 8, treeSize: 8, source: tree)
        }
        #expect(throws: MerkleProofError.invalidSizes(size1: 0, size2: 8)) {
            try MerkleProofs.consistency(size1: 0, size2: 8, source: tree)
        }
        #expect(throws: MerkleProofError.invalidSizes(size1: 5, size2: 4)) {
            try MerkleProofs.consistency(size1: 5, size2: 4, source: tree)
        }
        #expect(throws: InMemoryMerkleTree.MissingNode.self) {
            try MerkleProofs.root(size: 9, source: tree)
        }
    }

    @Test("verification errors say what is wrong in a sentence")
    func errorDescriptions() throws {
        let tree = SharedVectors.classicTree
        let root = try MerkleProofs.root(size: 5, source: tree)
        let proof = try MerkleProofs.inclusion(leafIndex: 2, treeSize: 5, source: tree)
        let leaf = try tree.nodeHash(level: 0, index: 2)
        let error = #expect(throws: MerkleProofError.self) {
            try MerkleVerifier.verifyInclusion(leafIndex: 2, treeSize: 5, leafHash: leaf, proof: Array(proof.dropLast()), root: root)
        }
        #expect(error == .wrongProofLength(expected: proof.count, actual: proof.count - 1))
        let shortLeaf = #expect(throws: MerkleProofError.self) {
            try MerkleVerifier.verifyInclusion(leafIndex: 2, treeSize: 5, leafHash: Array(leaf.dropLast()), proof: proof, root: root)
        }
        #expect(shortLeaf == .badHashSize(what: "leaf hash", count: 31))
        for error in [error, shortLeaf, .invalidSizes(size1: 0, size2: 0), .invalidSizes(size1: 3, size2: 2),
                      .indexOutOfRange(leafIndex: 9, treeSize: 3), .rootMismatch(expected: root, computed: leaf)] {
            let text = try #require(error?.description)
            #expect(text.first?.isUppercase == true && text.hasSuffix("."), "\(text)")
        }
    }
}
