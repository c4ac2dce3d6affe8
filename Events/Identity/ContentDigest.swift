// SHA-256 digests of canonical bytes, for ids and for projection-state digests.
import Crypto

/// SHA-256 of bytes, as lowercase hex.
public enum ContentDigest {
    /// The lowercase hex SHA-256 of `bytes`.
    public static func sha256Hex(_ bytes: [UInt8]) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var output: [UInt8] = []
        output.reserveCapacity(64)
        for byte in SHA256.hash(data: bytes) {
            output.append(digits[Int(byte >> 4)])
            output.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: output, as: UTF8.self)
    }

    /// The lowercase hex SHA-256 of `value`'s bytes as ``JSONWriter`` writes them, hashed
    /// 64 KiB at a time instead of held whole: the same digest as `sha256Hex(JSONWriter.bytes(value))`.
    public static func sha256Hex(ofJSON value: JSONValue) -> String {
        var stream = Stream()
        var buffer: [UInt8] = []
        buffer.reserveCapacity(JSONWriter.flushThreshold * 2)
        JSONWriter.write(value, into: &buffer, flushing: { stream.consume(&$0) })
        stream.consume(&buffer)
        return stream.hex()
    }

    /// A SHA-256 fed piece by piece, so a large canonical state is hashed without being held
    /// whole in memory.
    public struct Stream {
        private var hasher = SHA256()

        public init() {}

        /// Hashes `bytes` and empties them, keeping their capacity for the next piece.
        public mutating func consume(_ bytes: inout [UInt8]) {
            hasher.update(data: bytes)
            bytes.removeAll(keepingCapacity: true)
        }

        /// The lowercase hex digest of everything consumed.
        public func hex() -> String {
            let digits = Array("0123456789abcdef".utf8)
            var output: [UInt8] = []
            output.reserveCapacity(64)
            for byte in hasher.finalize() {
                output.append(digits[Int(byte >> 4)])
                output.append(digits[Int(byte & 0x0F)])
            }
            return String(decoding: output, as: UTF8.self)
        }
    }
}
