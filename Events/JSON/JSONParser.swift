// A strict RFC 8259 parser over UTF-8 bytes. It is hand-written because Foundation's
// JSONSerialization loses key order and number literals, and the ledger must keep both.

/// A JSON syntax error, with the byte offset where it was found.
public struct JSONSyntaxError: Error, Equatable, CustomStringConvertible {
    /// Zero-based byte offset into the input.
    public let offset: Int
    /// What was wrong, as a phrase.
    public let reason: String

    public var description: String { "invalid JSON at byte \(offset + 1): \(reason)" }
}

/// Parses JSON text strictly: one value, no trailing garbage, valid UTF-8, bounded nesting.
///
/// Guarantees: rejects what RFC 8259 rejects (trailing commas, control characters in
/// strings, lone surrogates, leading zeros). Cost: one pass, O(n) in the input.
public struct JSONParser {
    /// Deepest nesting accepted; deeper input is refused instead of exhausting the stack.
    public static let maximumDepth = 256

    private let bytes: UnsafeBufferPointer<UInt8>
    private var index = 0
    private var depth = 0
    /// Byte ranges of the top-level object's member values, recorded when asked.
    private var topLevelRanges: [String: Range<Int>] = [:]
    private let recordTopLevelRanges: Bool
    /// The top-level member whose value is checked but not built.
    private let checkedOnlyKey: String?
    /// False while a value is only being checked: it is parsed with every check and error of a
    /// built one, but no strings, arrays or objects are made of it (they come back empty).
    private var building = true

    private init(bytes: UnsafeBufferPointer<UInt8>, recordTopLevelRanges: Bool, checkedOnlyKey: String? = nil) {
        self.bytes = bytes
        self.recordTopLevelRanges = recordTopLevelRanges
        self.checkedOnlyKey = checkedOnlyKey
    }

    /// Parses one JSON value from `bytes`.
    public static func parse(_ bytes: some Collection<UInt8>) throws(JSONSyntaxError) -> JSONValue {
        try parseDocument(bytes, recordRanges: false).value
    }

    /// Parses a JSON object and also returns the byte range of each top-level member's value,
    /// so a caller can keep a member's exact bytes.
    ///
    /// - Parameter checkedOnlyKey: a top-level member whose value is checked as strictly as the
    ///   rest but not built: it is absent from the object, and only its range is returned. A
    ///   caller that reads that value by other means saves building a tree of it.
    public static func parseObjectWithRanges(
        _ bytes: some Collection<UInt8>, checkingOnly checkedOnlyKey: String? = nil
    ) throws(JSONSyntaxError) -> (object: JSONObject, ranges: [String: Range<Int>]) {
        let result = try parseDocument(bytes, recordRanges: true, checkedOnlyKey: checkedOnlyKey)
        guard case .object(let object) = result.value else {
            throw JSONSyntaxError(offset: 0, reason: "expected a JSON object, found \(result.value.kindName)")
        }
        return (object, result.ranges)
    }

    private static func parseDocument(
        _ input: some Collection<UInt8>, recordRanges: Bool, checkedOnlyKey: String? = nil
    ) throws(JSONSyntaxError) -> (value: JSONValue, ranges: [String: Range<Int>]) {
        if let contiguous = input.withContiguousStorageIfAvailable({ parseDocument(in: $0, recordRanges: recordRanges, checkedOnlyKey: checkedOnlyKey) }) {
            return try contiguous.get()
        }
        return try Array(input).withUnsafeBufferPointer { parseDocument(in: $0, recordRanges: recordRanges, checkedOnlyKey: checkedOnlyKey) }.get()
    }

    private static func parseDocument(
        in buffer: UnsafeBufferPointer<UInt8>, recordRanges: Bool, checkedOnlyKey: String?
    ) -> Result<(value: JSONValue, ranges: [String: Range<Int>]), JSONSyntaxError> {
        var parser = JSONParser(bytes: buffer, recordTopLevelRanges: recordRanges, checkedOnlyKey: checkedOnlyKey)
        do {
            parser.skipWhitespace()
            let value = try parser.parseValue()
            parser.skipWhitespace()
            if parser.index < buffer.count {
                throw parser.error("unexpected text after the JSON value")
            }
            return .success((value, parser.topLevelRanges))
        } catch let error as JSONSyntaxError {
            return .failure(error)
        } catch {
            return .failure(JSONSyntaxError(offset: parser.index, reason: "\(error)"))
        }
    }

    private func error(_ reason: String) -> JSONSyntaxError {
        JSONSyntaxError(offset: index, reason: reason)
    }

    private mutating func skipWhitespace() {
        while index < bytes.count {
            switch bytes[index] {
            case 0x20, 0x09, 0x0A, 0x0D: index += 1
            default: return
            }
        }
    }

    private mutating func parseValue() throws(JSONSyntaxError) -> JSONValue {
        guard index < bytes.count else { throw error("unexpected end of input, expected a value") }
        switch bytes[index] {
        case UInt8(ascii: "{"): return .object(try parseObject())
        case UInt8(ascii: "["): return .array(try parseArray())
        case UInt8(ascii: "\""): return .string(try parseString(building: building))
        case UInt8(ascii: "t"): try expectLiteral("true"); return .bool(true)
        case UInt8(ascii: "f"): try expectLiteral("false"); return .bool(false)
        case UInt8(ascii: "n"): try expectLiteral("null"); return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return .number(try parseNumber())
        default:
            throw error("unexpected character \(describe(bytes[index])), expected a value")
        }
    }

    private func describe(_ byte: UInt8) -> String {
        if byte >= 0x21 && byte < 0x7F { return "'\(Character(UnicodeScalar(byte)))'" }
        return "byte 0x\(String(byte, radix: 16, uppercase: true))"
    }

    private mutating func expectLiteral(_ literal: String) throws(JSONSyntaxError) {
        let expected = Array(literal.utf8)
        let count = expected.count
        guard index + count <= bytes.count else { throw error("unexpected end of input in a literal") }
        for offset in 0..<count where bytes[index + offset] != expected[offset] {
            throw error("invalid literal, expected \(literal)")
        }
        index += count
    }

    private mutating func enterContainer() throws(JSONSyntaxError) {
        depth += 1
        if depth > JSONParser.maximumDepth { throw error("nesting deeper than \(JSONParser.maximumDepth) levels") }
    }

    private mutating func parseObject() throws(JSONSyntaxError) -> JSONObject {
        try enterContainer()
        defer { depth -= 1 }
        let isTopLevel = depth == 1
        index += 1
        var object = JSONObject()
        // Keys of an object only being checked, to refuse a repeated one all the same.
        var checkedKeys: [String] = []
        skipWhitespace()
        if index < bytes.count && bytes[index] == UInt8(ascii: "}") {
            index += 1
            return object
        }
        while true {
            skipWhitespace()
            guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else {
                throw error("expected a member name in double quotes")
            }
            let key = try parseString(building: true)
            skipWhitespace()
            guard index < bytes.count, bytes[index] == UInt8(ascii: ":") else { throw error("expected ':' after member name") }
            index += 1
            skipWhitespace()
            if (building && object[key] != nil) || checkedKeys.contains(key) { throw error("duplicate member name \"\(key)\"") }
            let valueStart = index
            let checkOnly = building && isTopLevel && key == checkedOnlyKey
            if checkOnly { building = false }
            let value = try parseValue()
            if isTopLevel && recordTopLevelRanges { topLevelRanges[key] = valueStart..<index }
            if checkOnly {
                building = true
                checkedKeys.append(key)
            } else if building {
                object.append(key, value)
            } else {
                checkedKeys.append(key)
            }
            skipWhitespace()
            guard index < bytes.count else { throw error("unexpected end of input inside an object") }
            if bytes[index] == UInt8(ascii: ",") { index += 1; continue }
            if bytes[index] == UInt8(ascii: "}") { index += 1; return object }
            throw error("expected ',' or '}' in an object")
        }
    }

    private mutating func parseArray() throws(JSONSyntaxError) -> [JSONValue] {
        try enterContainer()
        defer { depth -= 1 }
        index += 1
        var array: [JSONValue] = []
        skipWhitespace()
        if index < bytes.count && bytes[index] == UInt8(ascii: "]") {
            index += 1
            return array
        }
        while true {
            skipWhitespace()
            let value = try parseValue()
            if building { array.append(value) }
            skipWhitespace()
            guard index < bytes.count else { throw error("unexpected end of input inside an array") }
            if bytes[index] == UInt8(ascii: ",") { index += 1; continue }
            if bytes[index] == UInt8(ascii: "]") { index += 1; return array }
            throw error("expected ',' or ']' in an array")
        }
    }

    private mutating func parseNumber() throws(JSONSyntaxError) -> String {
        let start = index
        if bytes[index] == UInt8(ascii: "-") { index += 1 }
        guard index < bytes.count, isDigit(bytes[index]) else { throw error("expected a digit in a number") }
        if bytes[index] == UInt8(ascii: "0") {
            index += 1
            if index < bytes.count && isDigit(bytes[index]) { throw error("a number must not have a leading zero") }
        } else {
            while index < bytes.count && isDigit(bytes[index]) { index += 1 }
        }
        if index < bytes.count && bytes[index] == UInt8(ascii: ".") {
            index += 1
            guard index < bytes.count, isDigit(bytes[index]) else { throw error("expected a digit after the decimal point") }
            while index < bytes.count && isDigit(bytes[index]) { index += 1 }
        }
        if index < bytes.count && (bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E")) {
            index += 1
            if index < bytes.count && (bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-")) { index += 1 }
            guard index < bytes.count, isDigit(bytes[index]) else { throw error("expected a digit in the exponent") }
            while index < bytes.count && isDigit(bytes[index]) { index += 1 }
        }
        return building ? String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self) : ""
    }

    private func isDigit(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") }

    /// A string; when not `building`, one that is checked but returned empty.
    private mutating func parseString(building: Bool) throws(JSONSyntaxError) -> String {
        index += 1
        let start = index
        // Fast path: no escapes.
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") {
                let slice = UnsafeBufferPointer(rebasing: bytes[start..<index])
                index += 1
                guard building else {
                    guard UTF8Validation.isValid(slice) else { throw JSONSyntaxError(offset: start, reason: "string is not valid UTF-8") }
                    return ""
                }
                return try validatedString(slice, at: start)
            }
            if byte == UInt8(ascii: "\\") { break }
            if byte < 0x20 { throw error("control character \(describe(byte)) inside a string; escape it") }
            index += 1
        }
        var buffer = Array(UnsafeBufferPointer(rebasing: bytes[start..<index]))
        while index < bytes.count {
            let byte = bytes[index]
            switch byte {
            case UInt8(ascii: "\""):
                index += 1
                return try buffer.withUnsafeBufferPointer { pointer throws(JSONSyntaxError) in
                    try validatedString(pointer, at: start)
                }
            case UInt8(ascii: "\\"):
                index += 1
                guard index < bytes.count else { throw error("unexpected end of input in an escape") }
                let escape = bytes[index]
                index += 1
                switch escape {
                case UInt8(ascii: "\""): buffer.append(0x22)
                case UInt8(ascii: "\\"): buffer.append(0x5C)
                case UInt8(ascii: "/"): buffer.append(0x2F)
                case UInt8(ascii: "b"): buffer.append(0x08)
                case UInt8(ascii: "f"): buffer.append(0x0C)
                case UInt8(ascii: "n"): buffer.append(0x0A)
                case UInt8(ascii: "r"): buffer.append(0x0D)
                case UInt8(ascii: "t"): buffer.append(0x09)
                case UInt8(ascii: "u"):
                    let scalar = try parseUnicodeEscape()
                    buffer.append(contentsOf: Array(String(Character(scalar)).utf8))
                default:
                    index -= 1
                    throw error("invalid escape \\\(Character(UnicodeScalar(escape)))")
                }
            default:
                if byte < 0x20 { throw error("control character \(describe(byte)) inside a string; escape it") }
                buffer.append(byte)
                index += 1
            }
        }
        throw error("unterminated string")
    }

    private mutating func parseHex4() throws(JSONSyntaxError) -> UInt32 {
        guard index + 4 <= bytes.count else { throw error("unexpected end of input in a \\u escape") }
        var value: UInt32 = 0
        for _ in 0..<4 {
            let byte = bytes[index]
            let digit: UInt32
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = UInt32(byte - UInt8(ascii: "0"))
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = UInt32(byte - UInt8(ascii: "a") + 10)
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = UInt32(byte - UInt8(ascii: "A") + 10)
            default: throw error("invalid hex digit in a \\u escape")
            }
            value = value * 16 + digit
            index += 1
        }
        return value
    }

    private mutating func parseUnicodeEscape() throws(JSONSyntaxError) -> Unicode.Scalar {
        let first = try parseHex4()
        if (0xD800...0xDBFF).contains(first) {
            guard index + 2 <= bytes.count, bytes[index] == UInt8(ascii: "\\"), bytes[index + 1] == UInt8(ascii: "u") else {
                throw error("a high surrogate must be followed by a low surrogate")
            }
            index += 2
            let second = try parseHex4()
            guard (0xDC00...0xDFFF).contains(second) else { throw error("invalid low surrogate in a \\u escape") }
            let combined = 0x10000 + ((first - 0xD800) << 10) + (second - 0xDC00)
            guard let scalar = Unicode.Scalar(combined) else { throw error("invalid surrogate pair") }
            return scalar
        }
        if (0xDC00...0xDFFF).contains(first) { throw error("lone low surrogate in a \\u escape") }
        guard let scalar = Unicode.Scalar(first) else { throw error("invalid \\u escape") }
        return scalar
    }

    private func validatedString(_ slice: UnsafeBufferPointer<UInt8>, at start: Int) throws(JSONSyntaxError) -> String {
        guard UTF8Validation.isValid(slice) else {
            throw JSONSyntaxError(offset: start, reason: "string is not valid UTF-8")
        }
        return String(decoding: slice, as: UTF8.self)
    }
}
