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
}
