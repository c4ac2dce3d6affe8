// A forward-only reader of JSON objects straight from their UTF-8 bytes, for the direct
// decoders of the most common payloads (replay reads a million of them). It builds no tree and
// copies no keys. It reads only a plain subset of JSON and answers nil for anything else,
// so a decoder built on it falls back to JSONParser and FieldReader, which read all of JSON and
// say exactly what is wrong. What it does read, it reads exactly as JSONParser does.
import Foundation

/// Reads the members of a JSON object from UTF-8 bytes, one at a time.
///
/// The plain subset: strings without escapes, whole numbers without fraction or exponent,
/// `true`, `false`, `null`, arrays of such strings, and objects. Every method returns nil (or
/// false) when the input is outside that subset or is not JSON at all; the scanner is then
/// spent. Guarantees: accepts nothing JSONParser rejects, and a value it reads equals the one
/// JSONParser gives. Cost: one pass over the bytes, no allocation but the strings it returns.
struct PlainJSONScanner {
    private let bytes: UnsafeBufferPointer<UInt8>
    private var index = 0

    init(_ bytes: UnsafeBufferPointer<UInt8>) {
        self.bytes = bytes
    }

    /// Consumes `{`, after optional whitespace.
    mutating func enterObject() -> Bool {
        skipWhitespace()
        guard index < bytes.count, bytes[index] == UInt8(ascii: "{") else { return false }
        index += 1
        return true
    }

    /// What comes next in an object.
    enum Member {
        /// A member whose key is these bytes (without quotes); its `:` is consumed.
        case key(UnsafeBufferPointer<UInt8>)
        /// The object's `}` was consumed.
        case end
        /// Something outside the plain subset, or not JSON.
        case unreadable
    }

    /// The next member of the object entered last. `isFirst` is true before the first member.
    mutating func nextMember(isFirst: Bool) -> Member {
        skipWhitespace()
        guard index < bytes.count else { return .unreadable }
        if bytes[index] == UInt8(ascii: "}") { index += 1; return .end }
        if !isFirst {
            // A comma, then a key: a trailing comma finds no key and is unreadable.
            guard bytes[index] == UInt8(ascii: ",") else { return .unreadable }
            index += 1
            skipWhitespace()
        }
        // A key's bytes are not checked as UTF-8: only known names, all ASCII, are ever matched.
        guard let key = plainStringBytes() else { return .unreadable }
        skipWhitespace()
        guard index < bytes.count, bytes[index] == UInt8(ascii: ":") else { return .unreadable }
        index += 1
        skipWhitespace()
        return .key(key)
    }

    /// Consumes `null` when it comes next.
    mutating func skipNull() -> Bool {
        guard index + 4 <= bytes.count, bytes[index] == UInt8(ascii: "n"), bytes[index + 1] == UInt8(ascii: "u"),
              bytes[index + 2] == UInt8(ascii: "l"), bytes[index + 3] == UInt8(ascii: "l") else { return false }
        index += 4
        return true
    }

    /// A string without escapes.
    mutating func string() -> String? {
        guard let slice = plainStringBytes() else { return nil }
        // String(decoding:) already checks the bytes (it replaces any ill-formed sequence with
        // U+FFFD), so the bytes were valid UTF-8 exactly when the string holds them unchanged:
        // one compare instead of a second validation. (String(validating:) would do both in one
        // pass, but it is generic over the encoding and looks up its metadata on every call.)
        var text = String(decoding: slice, as: UTF8.self)
        let unchanged = text.withUTF8 { built in
            built.count == slice.count && (slice.isEmpty || memcmp(built.baseAddress!, slice.baseAddress!, slice.count) == 0)
        }
        return unchanged ? text : nil
    }

    /// `true` or `false`.
    mutating func bool() -> Bool? {
        if index + 4 <= bytes.count, bytes[index] == UInt8(ascii: "t"), bytes[index + 1] == UInt8(ascii: "r"),
           bytes[index + 2] == UInt8(ascii: "u"), bytes[index + 3] == UInt8(ascii: "e") {
            index += 4
            return true
        }
        if index + 5 <= bytes.count, bytes[index] == UInt8(ascii: "f"), bytes[index + 1] == UInt8(ascii: "a"),
           bytes[index + 2] == UInt8(ascii: "l"), bytes[index + 3] == UInt8(ascii: "s"), bytes[index + 4] == UInt8(ascii: "e") {
            index += 5
            return false
        }
        return nil
    }

    /// A whole number that fits in `Int64`, written without fraction or exponent.
    mutating func integer() -> Int64? {
        var cursor = index
        let negative = cursor < bytes.count && bytes[cursor] == UInt8(ascii: "-")
        if negative { cursor += 1 }
        let digitsStart = cursor
        var magnitude: UInt64 = 0
        while cursor < bytes.count, bytes[cursor] >= UInt8(ascii: "0"), bytes[cursor] <= UInt8(ascii: "9") {
            let (times10, overflow1) = magnitude.multipliedReportingOverflow(by: 10)
            let (sum, overflow2) = times10.addingReportingOverflow(UInt64(bytes[cursor] - UInt8(ascii: "0")))
            guard !overflow1, !overflow2 else { return nil }
            magnitude = sum
            cursor += 1
        }
        let digitCount = cursor - digitsStart
        guard digitCount > 0, digitCount == 1 || bytes[digitsStart] != UInt8(ascii: "0") else { return nil }
        if cursor < bytes.count {
            switch bytes[cursor] {
            case UInt8(ascii: "."), UInt8(ascii: "e"), UInt8(ascii: "E"): return nil
            default: break
            }
        }
        let value: Int64
        if negative {
            guard magnitude <= UInt64(Int64.max) + 1 else { return nil }
            value = magnitude == UInt64(Int64.max) + 1 ? Int64.min : -Int64(magnitude)
        } else {
            guard magnitude <= UInt64(Int64.max) else { return nil }
            value = Int64(magnitude)
        }
        index = cursor
        return value
    }

    /// An array of strings without escapes, of at most `maxCount` items.
    mutating func stringArray(maxCount: Int) -> [String]? {
        guard index < bytes.count, bytes[index] == UInt8(ascii: "[") else { return nil }
        index += 1
        var items: [String] = []
        skipWhitespace()
        if index < bytes.count, bytes[index] == UInt8(ascii: "]") {
            index += 1
            return items
        }
        while true {
            skipWhitespace()
            guard items.count < maxCount, let item = string() else { return nil }
            items.append(item)
            skipWhitespace()
            guard index < bytes.count else { return nil }
            if bytes[index] == UInt8(ascii: ",") { index += 1; continue }
            if bytes[index] == UInt8(ascii: "]") { index += 1; return items }
            return nil
        }
    }

    /// Whether only whitespace is left.
    mutating func isAtEnd() -> Bool {
        skipWhitespace()
        return index == bytes.count
    }

    /// The bytes of a string without escapes or control characters, not yet checked as UTF-8; consumes it.
    private mutating func plainStringBytes() -> UnsafeBufferPointer<UInt8>? {
        guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else { return nil }
        let start = index + 1
        var cursor = start
        if let base = bytes.baseAddress {
            // Skip eight bytes at a time while none is a quote, a backslash or a control character.
            let raw = UnsafeRawPointer(base)
            while cursor + 8 <= bytes.count, !PlainJSONScanner.mayEndPlainRun(raw.loadUnaligned(fromByteOffset: cursor, as: UInt64.self)) {
                cursor += 8
            }
        }
        while cursor < bytes.count {
            let byte = bytes[cursor]
            if byte == UInt8(ascii: "\"") {
                index = cursor + 1
                return UnsafeBufferPointer(rebasing: bytes[start..<cursor])
            }
            if byte == UInt8(ascii: "\\") || byte < 0x20 { return nil }
            cursor += 1
        }
        return nil
    }

    /// Whether any of the eight bytes of `word` is `"`, `\\` or below 0x20: the bit tricks for
    /// "has a byte less than n" and "has a zero byte", exact about whether there is one. Bytes of
    /// UTF-8 sequences (0x80 and above) never match, so non-ASCII text is skipped as fast.
    private static func mayEndPlainRun(_ word: UInt64) -> Bool {
        let ones: UInt64 = 0x0101_0101_0101_0101
        let highs: UInt64 = 0x8080_8080_8080_8080
        func hasByteBelow(_ limit: UInt64, _ value: UInt64) -> Bool { (value &- ones &* limit) & ~value & highs != 0 }
        return hasByteBelow(0x20, word) || hasByteBelow(1, word ^ (ones &* 0x22)) || hasByteBelow(1, word ^ (ones &* 0x5C))
    }

    private mutating func skipWhitespace() {
        while index < bytes.count {
            switch bytes[index] {
            case 0x20, 0x09, 0x0A, 0x0D: index += 1
            default: return
            }
        }
    }
}

extension UnsafeBufferPointer<UInt8> {
    /// Whether these bytes spell `name`.
    func spells(_ name: StaticString) -> Bool {
        guard count == name.utf8CodeUnitCount else { return false }
        let expected = name.utf8Start
        for offset in 0..<count where self[offset] != expected[offset] { return false }
        return true
    }
}
