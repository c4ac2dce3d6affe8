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
            guard bytes.count == 36 else { return nil }
            var high: UInt64 = 0
            var low: UInt64 = 0
            var digits = 0
            for (index, byte) in bytes.enumerated() {
                if index == 8 || index == 13 || index == 18 || index == 23 {
                    guard byte == UInt8(ascii: "-") else { return nil }
                    continue
                }
                let value: UInt8
                switch byte {
                case UInt8(ascii: "0")...UInt8(ascii: "9"): value = byte - UInt8(ascii: "0")
                case UInt8(ascii: "a")...UInt8(ascii: "f"): value = byte - UInt8(ascii: "a") + 10
                default: return nil
                }
                if digits < 16 { high = high << 4 | UInt64(value) } else { low = low << 4 | UInt64(value) }
                digits += 1
            }
            return (high, low)
        } ?? nil
    }
}
