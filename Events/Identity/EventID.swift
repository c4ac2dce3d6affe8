// Event identifiers: UUIDv7 for events made at the terminal, and name-based ids for imports,
// so that importing the same observation twice yields the same id.
import Crypto

/// The identifier of one event in the ledger.
///
/// Guarantees: printable, at most 128 characters, no whitespace. Generated ids are
/// lowercase RFC 9562 UUIDs: version 7 (time-ordered) or version 8 (derived from a name).
public struct EventID: Sendable, Hashable, Comparable, CustomStringConvertible {
    public let rawValue: String

    /// Wraps a given id after checking its shape.
    public init(_ rawValue: String) throws(ValidationError) {
        guard !rawValue.isEmpty, rawValue.utf8.count <= 128,
              rawValue.unicodeScalars.allSatisfy({ $0.value > 0x20 && $0.value != 0x7F && $0.value < 0x80 })
        else {
            throw ValidationError(field: "id", problem: "expected 1 to 128 printable ASCII characters without spaces, got \(ValidationError.quote(rawValue))")
        }
        self.rawValue = rawValue
    }

    private init(unchecked: String) { rawValue = unchecked }

    public var description: String { rawValue }

    public static func < (lhs: EventID, rhs: EventID) -> Bool { lhs.rawValue < rhs.rawValue }

    /// A new time-ordered UUIDv7 for `time`.
    public static func uuidV7(at time: Timestamp) -> EventID {
        var generator = SystemRandomNumberGenerator()
        var bytes = [UInt8](repeating: 0, count: 16)
        let milliseconds = UInt64(max(0, time.millisecondsSinceEpoch))
        for index in 0..<6 { bytes[index] = UInt8(truncatingIfNeeded: milliseconds >> (40 - 8 * UInt64(index))) }
        for index in 6..<16 { bytes[index] = generator.next() }
        bytes[6] = (bytes[6] & 0x0F) | 0x70
        bytes[8] = (bytes[8] & 0x3F) | 0x80
        return EventID(unchecked: format(bytes))
    }

    /// A UUIDv8 derived from SHA-256 of `type` and `name`: the same inputs always give the same id.
    public static func derived(type: String, name: String) -> EventID {
        var input = Array("factledger/id/1\u{0}".utf8)
        input.append(contentsOf: type.utf8)
        input.append(0)
        input.append(contentsOf: name.utf8)
        var bytes = Array(SHA256.hash(data: input).prefix(16))
        bytes[6] = (bytes[6] & 0x0F) | 0x80
        bytes[8] = (bytes[8] & 0x3F) | 0x80
        return EventID(unchecked: format(bytes))
    }

    /// The 16 bytes of a lowercase, hyphenated RFC 9562 UUID (the shape of every generated id),
    /// or nil for any other id. The store keeps such ids as 16-byte keys instead of 36 characters.
    public var uuidBytes: [UInt8]? {
        guard rawValue.utf8.count == 36 else { return nil }
        var text = rawValue
        // Read in place (a native string's UTF-8 is contiguous): this runs for every event stored.
        return text.withUTF8 { text -> [UInt8]? in
            var bytes: [UInt8] = []
            bytes.reserveCapacity(16)
            var index = 0
            while index < 36 {
                if index == 8 || index == 13 || index == 18 || index == 23 {
                    guard text[index] == UInt8(ascii: "-") else { return nil }
                    index += 1
                    continue
                }
                guard let high = EventID.lowercaseHexValue(text[index]), let low = EventID.lowercaseHexValue(text[index + 1]) else { return nil }
                bytes.append(high << 4 | low)
                index += 2
            }
            return bytes
        }
    }

    /// The id whose ``uuidBytes`` are `bytes` (16 of them).
    public init?(uuidBytes bytes: some Collection<UInt8>) {
        guard bytes.count == 16 else { return nil }
        self.init(unchecked: EventID.format(Array(bytes)))
    }

    private static func lowercaseHexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return byte - UInt8(ascii: "a") + 10
        default: return nil
        }
    }

    private static func format(_ bytes: [UInt8]) -> String {
        let hex = Array("0123456789abcdef".utf8)
        var output: [UInt8] = []
        output.reserveCapacity(36)
        for (index, byte) in bytes.enumerated() {
            if index == 4 || index == 6 || index == 8 || index == 10 { output.append(UInt8(ascii: "-")) }
            output.append(hex[Int(byte >> 4)])
            output.append(hex[Int(byte & 0x0F)])
        }
        return String(decoding: output, as: UTF8.self)
    }
}
