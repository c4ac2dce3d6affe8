// The leaf layout (DESIGN §3, invariant 6): the author's exact body bytes plus what the
// ledger adds, stored verbatim and hashed as an RFC 6962 leaf.
import Crypto
import Events
import Foundation

/// One Merkle leaf: the exact bytes the ledger stores and hashes.
///
/// Layout, version 1 (six parts separated by `\n`; the body is last and may hold anything):
/// ```
/// factledger-leaf/1\n
/// <position, decimal from 1>\n
/// <recorded_at, RFC 3339 UTC with milliseconds>\n
/// <stream version, decimal>\n
/// <Ed25519 signature over the signing input, base64; empty when unsigned>\n
/// <body: the author's exact event bytes (a JSON object)>
/// ```
/// The leaf hash is `SHA-256(0x00 ‖ leaf)`. A verifier splits on the first five newlines.
/// The position makes every leaf self-locating: a row moved to another place no longer matches.
public struct Leaf: Sendable, Equatable {
    /// The first line of every version-1 leaf.
    public static let magic = "factledger-leaf/1"

    /// The event's global position, from 1 (the Merkle leaf index plus one).
    public let position: Int64
    public let recordedAt: Timestamp
    public let streamVersion: Int64
    public let signature: [UInt8]?
    public let body: [UInt8]

    public init(position: Int64, recordedAt: Timestamp, streamVersion: Int64, signature: [UInt8]?, body: [UInt8]) {
        self.position = position
        self.recordedAt = recordedAt
        self.streamVersion = streamVersion
        self.signature = signature
        self.body = body
    }

    /// The leaf bytes.
    public var bytes: [UInt8] {
        var output = Leaf.header(position: position, recordedAt: recordedAt, streamVersion: streamVersion, signature: signature)
        output.append(contentsOf: body)
        return output
    }

    /// The five lines before the body.
    static func header(position: Int64, recordedAt: Timestamp, streamVersion: Int64, signature: [UInt8]?) -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(140)
        output.append(contentsOf: Leaf.magic.utf8)
        output.append(0x0A)
        output.append(contentsOf: String(position).utf8)
        output.append(0x0A)
        output.append(contentsOf: recordedAt.iso8601.utf8)
        output.append(0x0A)
        output.append(contentsOf: String(streamVersion).utf8)
        output.append(0x0A)
        if let signature { output.append(contentsOf: Data(signature).base64EncodedString().utf8) }
        output.append(0x0A)
        return output
    }

    /// `SHA-256(0x00 ‖ leaf)` for the leaf of these parts, whose body is `bodyParts` joined,
    /// computed without building the leaf: the same hash as `MerkleHash.leaf(bytes)`.
    static func hash(position: Int64, recordedAt: Timestamp, streamVersion: Int64, signature: [UInt8]?, bodyParts: [UInt8]...) -> [UInt8] {
        var hasher = SHA256()
        hasher.update(data: [0x00])
        hasher.update(data: header(position: position, recordedAt: recordedAt, streamVersion: streamVersion, signature: signature))
        for part in bodyParts { hasher.update(data: part) }
        return Array(hasher.finalize())
    }

    /// Parses leaf bytes; the error says which part is malformed.
    public init(bytes: [UInt8]) throws(LeafFormatError) {
        var parts: [ArraySlice<UInt8>] = []
        var start = 0
        for index in bytes.indices where bytes[index] == 0x0A && parts.count < 5 {
            parts.append(bytes[start..<index])
            start = index + 1
        }
        guard parts.count == 5 else { throw LeafFormatError(reason: "expected 6 newline-separated parts, found \(parts.count + 1)") }
        guard String(decoding: parts[0], as: UTF8.self) == Leaf.magic else { throw LeafFormatError(reason: "unknown leaf version") }
        guard let leafPosition = Int64(String(decoding: parts[1], as: UTF8.self)), leafPosition >= 1,
              String(leafPosition).utf8.elementsEqual(parts[1]) else {
            throw LeafFormatError(reason: "position is not a positive decimal")
        }
        guard let recorded = Timestamp(rfc3339: String(decoding: parts[2], as: UTF8.self)),
              recorded.iso8601.utf8.elementsEqual(parts[2]) else {
            throw LeafFormatError(reason: "recorded_at is not canonical RFC 3339")
        }
        guard let version = Int64(String(decoding: parts[3], as: UTF8.self)), version >= 1,
              String(version).utf8.elementsEqual(parts[3]) else {
            throw LeafFormatError(reason: "stream version is not a positive decimal")
        }
        if parts[4].isEmpty {
            signature = nil
        } else {
            // Only the canonical base64 is accepted, so one event has exactly one leaf encoding.
            guard let decoded = Data(base64Encoded: Data(parts[4])), decoded.count == 64,
                  decoded.base64EncodedString().utf8.elementsEqual(parts[4]) else {
                throw LeafFormatError(reason: "signature is not 64 bytes of canonical base64")
            }
            signature = Array(decoded)
        }
        position = leafPosition
        recordedAt = recorded
        streamVersion = version
        body = Array(bytes[start...])
    }

    /// What an author signs: a domain-separation line, then the exact body bytes, so that an
    /// event signature can never be mistaken for a checkpoint or another protocol's signature.
    public static func signingInput(body: [UInt8]) -> [UInt8] {
        Array("factledger/event-signature/1\n".utf8) + body
    }
}

/// A leaf whose bytes do not follow the documented layout.
public struct LeafFormatError: Error, Equatable, CustomStringConvertible {
    public let reason: String
    public var description: String { "malformed leaf: \(reason)" }
}
