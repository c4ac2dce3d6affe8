// Event identifiers: UUIDv7 for events made at the terminal, and name-based ids for imports,
// so that importing the same observation twice yields the same id.
import Crypto

/// The identifier of one event in the ledger.
///
/// Guarantees: printable, at most 128 characters, no whitespace. Generated ids are
/// lowercase RFC 9562 UUIDs: version 7 (time-ordered) or version 8 (derived from a name).
///
/// An id in the shape of a generated one is kept as its 128 bits, not as 36 characters: the
/// ledger reads and compares a million of them in a replay. Every other id is kept as text.
public struct EventID: Sendable, Hashable, Comparable, CustomStringConvertible {
    private enum Storage: Sendable, Hashable {
        /// A lowercase, hyphenated RFC 9562 UUID, as two big-endian halves.
        case uuid(UInt64, UInt64)
        /// Any other id.
        case text(String)
    }

    private let storage: Storage

    /// The id's text.
    public var rawValue: String {
        switch storage {
        case .uuid(let high, let low): return EventID.format(high, low)
        case .text(let text): return text
        }
    }

    /// Wraps a given id after checking its shape.
    public init(_ rawValue: String) throws(ValidationError) {
        guard !rawValue.isEmpty, rawValue.utf8.count <= 128,
              rawValue.unicodeScalars.allSatisfy({ $0.value > 0x20 && $0.value != 0x7F && $0.value < 0x80 })
        else {
            throw ValidationError(field: "id", problem: "expected 1 to 128 printable ASCII characters without spaces, got \(ValidationError.quote(rawValue))")
        }
        // One id, one storage: a text that is a UUID's lowercase form is kept as the UUID, so
        // equality and hashing need no normalising.
        storage = EventID.uuidHalves(of: rawValue).map { .uuid($0.high, $0.low) } ?? .text(rawValue)
    }

    private init(uuidBytes bytes: [UInt8]) {
        var high: UInt64 = 0
        var low: UInt64 = 0
        for index in 0..<8 { high = high << 8 | UInt64(bytes[index]) }
        for index in 8..<16 { low = low << 8 | UInt64(bytes[index]) }
        storage = .uuid(high, low)
    }

    public var description: String { rawValue }

    /// The order of the ids' texts. Two UUIDs compare by their bits, which is the same order.
    public static func < (lhs: EventID, rhs: EventID) -> Bool {
        if case .uuid(let leftHigh, let leftLow) = lhs.storage, case .uuid(let rightHigh, let rightLow) = rhs.storage {
            return (leftHigh, leftLow) < (rightHigh, rightLow)
        }
        return lhs.rawValue < rhs.rawValue
    }

    /// The id's 128 bits as two halves, when it is a UUID in the shape of a generated id.
    public var uuidHalves: (high: UInt64, low: UInt64)? {
        if case .uuid(let high, let low) = storage { return (high, low) }
        return nil
    }

    /// A new time-ordered UUIDv7 for `time`.
    public static func uuidV7(at time: Timestamp) -> EventID {
        var generator = SystemRandomNumberGenerator()
        var bytes = [UInt8](repeating: 0, count: 16)
        let milliseconds = UInt64(max(0, time.millisecondsSinceEpoch))
        for index in 0..<6 { bytes[index] = UInt8(truncatingIfNeeded: milliseconds >> (40 - 8 * UInt64(index))) }
        for index in 6..<16 { bytes[index] = generator.next() }
        bytes[6] = (bytes[6] & 0x0F) | 0x70
        bytes[8] = (bytes[8] & 0x3F) | 0x80
        return EventID(uuidBytes: bytes)
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
        return EventID(uuidBytes: bytes)
    }

    /// The 16 bytes of a lowercase, hyphenated RFC 9562 UUID (the shape of every generated id),
    /// or nil for any other id. The store keeps such ids as 16-byte keys instead of 36 characters.
    public var uuidBytes: [UInt8]? {
        guard case .uuid(let high, let low) = storage else { return nil }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(16)
        for shift in stride(from: 56, through: 0, by: -8) { bytes.append(UInt8(truncatingIfNeeded: high >> UInt64(shift))) }
        for shift in stride(from: 56, through: 0, by: -8) { bytes.append(UInt8(truncatingIfNeeded: low >> UInt64(shift))) }
        return bytes
    }

    /// The id whose ``uuidBytes`` are `bytes` (16 of them).
    public init?(uuidBytes bytes: some Collection<UInt8>) {
        guard bytes.count == 16 else { return nil }
        self.init(uuidBytes: Array(bytes))
    }

    /// The halves of `text` when it is a lowercase `8-4-4-4-12` hex UUID, or nil.
    private static func uuidHalves(of text: String) -> (high: UInt64, low: UInt64)? {
        guard text.utf8.count == 36 else { return nil }
        var text = text
        // Read in place (a native string's UTF-8 is contiguous).
        return text.withUTF8 { bytes -> (high: UInt64, low: UInt64)? in
            guard bytes[8] == UInt8(ascii: "-"), bytes[13] == UInt8(ascii: "-"), bytes[18] == UInt8(ascii: "-"), bytes[23] == UInt8(ascii: "-") else {
                return nil
            }
            var high: UInt64 = 0
            var low: UInt64 = 0
            var digits = 0
            for index in 0..<36 where index != 8 && index != 13 && index != 18 && index != 23 {
                guard let value = lowercaseHexValue(bytes[index]) else { return nil }
                if digits < 16 { high = high << 4 | UInt64(value) } else { low = low << 4 | UInt64(value) }
                digits += 1
            }
            return (high, low)
        }
    }

    private static func lowercaseHexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return byte - UInt8(ascii: "a") + 10
        default: return nil
        }
    }

    /// The lowercase, hyphenated text of a UUID's halves.
    private static func format(_ high: UInt64, _ low: UInt64) -> String {
        String(unsafeUninitializedCapacity: 36) { output in
            var count = 0
            for digit in 0..<32 {
                if digit == 8 || digit == 12 || digit == 16 || digit == 20 {
                    output[count] = UInt8(ascii: "-")
                    count += 1
                }
                let half = digit < 16 ? high : low
                let nibble = UInt8(truncatingIfNeeded: half >> UInt64(60 - 4 * (digit % 16))) & 0x0F
                output[count] = nibble < 10 ? UInt8(ascii: "0") + nibble : UInt8(ascii: "a") + nibble - 10
                count += 1
            }
            return count
        }
    }
}
