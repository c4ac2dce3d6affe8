// Reads the public test vectors in <package root>/../shared/vectors and provides the RFC 6962
// reference definitions (MTH, PATH, PROOF) straight from the leaves, so generated proofs are
// checked against the specification and not only against our own verifier.
import Foundation
import Ledger

enum SharedVectors {
    /// <package root>/../shared/vectors, found by walking up from this file to Package.swift.
    static let root: URL = {
        var directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        while directory.path != "/",
              !FileManager.default.fileExists(atPath: directory.appendingPathComponent("Package.swift").path) {
            directory.deleteLastPathComponent()
        }
        return directory.deletingLastPathComponent().appendingPathComponent("shared/vectors")
    }()

    /// Paths (relative to ``root``) of every JSON file under `directory`, recursively, sorted.
    static func jsonFiles(under directory: String) -> [String] {
        let base = root.appendingPathComponent(directory)
        guard let enumerator = FileManager.default.enumerator(atPath: base.path) else { return [] }
        return enumerator.compactMap { $0 as? String }
            .filter { $0.hasSuffix(".json") }
            .map { directory + "/" + $0 }
            .sorted()
    }

    static func data(_ relativePath: String) throws -> Data {
        try Data(contentsOf: root.appendingPathComponent(relativePath))
    }

    /// The eight leaf inputs of the RFC 6962 test vectors.
    static let classicLeaves: [[UInt8]] = [
        "", "00", "10", "2021", "3031", "40414243", "5051525354555657", "606162636465666768696a6b6c6d6e6f",
    ].map(bytes(hex:))

    static var classicTree: InMemoryMerkleTree {
        InMemoryMerkleTree(leafHashes: classicLeaves.map { MerkleHash.leaf($0) })
    }
}

/// An inclusion vector from transparency-dev/merkle.
struct InclusionVector: Decodable {
    let leafIdx: UInt64
    let treeSize: UInt64
    let root: String
    let leafHash: String
    let proof: [String]?
    let desc: String
    let wantErr: Bool
}

/// A consistency vector from transparency-dev/merkle.
struct ConsistencyVector: Decodable {
    let size1: UInt64
    let size2: UInt64
    let root1: String
    let root2: String
    let proof: [String]?
    let desc: String
    let wantErr: Bool
}

struct UndecodableBase64: Error, CustomStringConvertible {
    let text: String
    var description: String { "\"\(text)\" is not base64." }
}

func base64(_ text: String) throws -> [UInt8] {
    guard let data = Data(base64Encoded: text) else { throw UndecodableBase64(text: text) }
    return Array(data)
}

func bytes(hex: String) -> [UInt8] {
    var result: [UInt8] = []
    var high: UInt8?
    for character in hex {
        guard let nibble = character.hexDigitValue.map(UInt8.init) else { continue }
        if let first = high {
            result.append(first << 4 | nibble)
            high = nil
        } else {
            high = nibble
        }
    }
    return result
}

func hexString(_ bytes: [UInt8]) -> String {
    bytes.map { String(format: "%02x", $0) }.joined()
}

/// RFC 6962 §2.1 definitions over leaf hashes, written as recursively as the RFC states them.
enum RFC6962Reference {
    static func largestPowerOfTwo(below count: Int) -> Int {
        var power = 1
        while power * 2 < count { power *= 2 }
        return power
    }

    /// MTH(D[n]), given the leaf hashes.
    static func root(_ leaves: ArraySlice<[UInt8]>) -> [UInt8] {
        switch leaves.count {
        case 0: return MerkleHash.emptyRoot
        case 1: return leaves[leaves.startIndex]
        default:
            let split = leaves.startIndex + largestPowerOfTwo(below: leaves.count)
            return MerkleHash.node(root(leaves[..<split]), root(leaves[split...]))
        }
    }

    /// PATH(m, D[n]).
    static func path(_ m: Int, _ leaves: ArraySlice<[UInt8]>) -> [[UInt8]] {
        guard leaves.count > 1 else { return [] }
        let k = largestPowerOfTwo(below: leaves.count)
        let split = leaves.startIndex + k
        if m < k {
            return path(m, leaves[..<split]) + [root(leaves[split...])]
        }
        return path(m - k, leaves[split...]) + [root(leaves[..<split])]
    }

    /// PROOF(m, D[n]) = SUBPROOF(m, D[n], true).
    static func proof(_ m: Int, _ leaves: ArraySlice<[UInt8]>) -> [[UInt8]] {
        subproof(m, leaves, true)
    }

    private static func subproof(_ m: Int, _ leaves: ArraySlice<[UInt8]>, _ startsFromOldRoot: Bool) -> [[UInt8]] {
        if m == leaves.count {
            return startsFromOldRoot ? [] : [root(leaves)]
        }
        let k = largestPowerOfTwo(below: leaves.count)
        let split = leaves.startIndex + k
        if m <= k {
            return subproof(m, leaves[..<split], startsFromOldRoot) + [root(leaves[split...])]
        }
        return subproof(m - k, leaves[split...], false) + [root(leaves[..<split])]
    }
}

/// Distinct leaf hashes 0..<count, for trees bigger than the classic eight.
func syntheticLeafHashes(_ count: Int) -> [[UInt8]] {
    (0..<count).map { MerkleHash.leaf(Array("leaf \($0)".utf8)) }
}

/// Wraps a source and counts lookups, to hold proofs to their O(log n) cost.
final class CountingSource<Base: MerkleNodeSource>: MerkleNodeSource {
    let base: Base
    private(set) var lookups = 0

    init(_ base: Base) { self.base = base }

    func nodeHash(level: Int, index: UInt64) throws -> [UInt8] {
        lookups += 1
        return try base.nodeHash(level: level, index: index)
    }
}

/// A source for huge trees: every perfect node gets a made-up but distinct hash. Only the
/// number and shape of lookups mean anything with it.
struct SyntheticSource: MerkleNodeSource {
    let size: UInt64

    struct OutsideTree: Error {}

    func nodeHash(level: Int, index: UInt64) throws -> [UInt8] {
        // The node must lie wholly inside the tree.
        guard level >= 0, level < 64, index < UInt64.max else { throw OutsideTree() }
        let (end, overflow) = (index + 1).multipliedReportingOverflow(by: UInt64(1) << UInt64(level))
        guard !overflow, end <= size else { throw OutsideTree() }
        return MerkleHash.leaf(Array("node \(level) \(index)".utf8))
    }
}
