// A compact, exact key for an event id. Projections remember which event each fact came
// from, so that an EntryRetracted can remove it later (DESIGN §4); a million facts would
// otherwise hold a million heap-allocated id strings.
import Events

/// An event id in a form that is cheap to store and hash.
///
/// Guarantees: two keys are equal exactly when their ids are equal. A canonical lowercase
/// UUID (what the ledger generates) is packed into 128 bits; any other id is kept as text.
struct EventKey: Hashable, Sendable {
    private enum Storage: Hashable, Sendable {
        case uuid(UInt64, UInt64)
        case text(String)
    }

    private let storage: Storage

    init(_ id: EventID) {
        storage = EventKey.packedUUID(id.rawValue).map { .uuid($0.0, $0.1) } ?? .text(id.rawValue)
    }

    /// The two 64-bit halves of a lowercase `8-4-4-4-12` UUID, or nil for any other text.
    private static func packedUUID(_ text: String) -> (UInt64, UInt64)? {
        var contiguous = text
        contiguous.makeContiguousUTF8()
        return contiguous.utf8.withContiguousStorageIfAvailable { bytes -> (UInt64, UInt64)? in
            guard bytes.count == 36, bytes[8] == UInt8(ascii: "-"), bytes[13] == UInt8(ascii: "-"),
                  bytes[18] == UInt8(ascii: "-"), bytes[23] == UInt8(ascii: "-") else { return nil }
            /// The 4-bit value of a lowercase hex digit, or 16 for any other byte.
            func nibble(_ byte: UInt8) -> UInt64 {
                let digit = byte &- UInt8(ascii: "0")
                if digit < 10 { return UInt64(digit) }
                let letter = byte &- UInt8(ascii: "a")
                return letter < 6 ? UInt64(letter) + 10 : 16
            }
            var high: UInt64 = 0
            var low: UInt64 = 0
            var invalid = false
            func accumulate(_ range: Range<Int>, into half: inout UInt64) {
                for index in range {
                    let value = nibble(bytes[index])
                    invalid = invalid || value > 15
                    half = half << 4 | value
                }
            }
            accumulate(0..<8, into: &high)
            accumulate(9..<13, into: &high)
            accumulate(14..<18, into: &high)
            accumulate(19..<23, into: &low)
            accumulate(24..<36, into: &low)
            return invalid ? nil : (high, low)
        } ?? nil
    }
}
