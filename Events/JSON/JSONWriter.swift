// Deterministic JSON output: the ledger's own encoder. Key order is the order the caller
// appends, strings are escaped minimally, and nothing else is added.

/// Writes JSON text deterministically.
///
/// Guarantees: the same value always gives the same bytes; non-ASCII text is written as
/// raw UTF-8; only `"`, `\` and control characters are escaped. Cost: O(size of output).
public enum JSONWriter {
    /// The bytes of `value`.
    public static func bytes(_ value: JSONValue) -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(256)
        write(value, into: &output)
        return output
    }

    /// The text of `value`.
    public static func string(_ value: JSONValue) -> String {
        String(decoding: bytes(value), as: UTF8.self)
    }

    /// Appends the encoding of `value` to `output`.
    public static func write(_ value: JSONValue, into output: inout [UInt8]) {
        write(value, into: &output, flushing: nil)
    }

    /// How many bytes a streaming write lets `output` hold before it hands them on.
    public static let flushThreshold = 1 << 16

    /// Appends the encoding of `value` to `output`, handing `output` to `flush` whenever it holds
    /// ``flushThreshold`` bytes or more after an item or a member, so that a large document is
    /// never held whole as bytes. `flush` must consume `output` (leave it empty).
    public static func write(_ value: JSONValue, into output: inout [UInt8], flushing flush: ((inout [UInt8]) -> Void)?) {
        switch value {
        case .null: output.append(contentsOf: "null".utf8)
        case .bool(let flag): output.append(contentsOf: (flag ? "true" : "false").utf8)
        case .number(let literal): output.append(contentsOf: literal.utf8)
        case .string(let text): writeString(text, into: &output)
        case .array(let items):
            output.append(UInt8(ascii: "["))
            for (position, item) in items.enumerated() {
                if position > 0 { output.append(UInt8(ascii: ",")) }
                write(item, into: &output, flushing: flush)
                if let flush, output.count >= flushThreshold { flush(&output) }
            }
            output.append(UInt8(ascii: "]"))
        case .object(let object):
            output.append(UInt8(ascii: "{"))
            for (position, member) in object.members.enumerated() {
                if position > 0 { output.append(UInt8(ascii: ",")) }
                writeString(member.key, into: &output)
                output.append(UInt8(ascii: ":"))
                write(member.value, into: &output, flushing: flush)
                if let flush, output.count >= flushThreshold { flush(&output) }
            }
            output.append(UInt8(ascii: "}"))
        }
    }

    private static let hexDigits = Array("0123456789abcdef".utf8)

    /// Appends `text` as a JSON string literal.
    public static func writeString(_ text: String, into output: inout [UInt8]) {
        output.append(UInt8(ascii: "\""))
        writeStringContents(text, into: &output)
        output.append(UInt8(ascii: "\""))
    }

    /// Appends `text` escaped as inside a JSON string, without the quotes, so a writer can
    /// build one string from several parts.
    public static func writeStringContents(_ text: String, into output: inout [UInt8]) {
        var text = text
        text.withUTF8 { bytes in
            // Runs without escapes, most of any text, are copied whole.
            var runStart = 0
            for index in bytes.indices {
                let byte = bytes[index]
                guard byte < 0x20 || byte == 0x7F || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") else { continue }
                output.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<index]))
                writeEscape(byte, into: &output)
                runStart = index + 1
            }
            output.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart...]))
        }
    }

    /// The escape of a quote, a backslash, or a control character.
    private static func writeEscape(_ byte: UInt8, into output: inout [UInt8]) {
        switch byte {
        case UInt8(ascii: "\""): output.append(contentsOf: [0x5C, 0x22])
        case UInt8(ascii: "\\"): output.append(contentsOf: [0x5C, 0x5C])
        case 0x0A: output.append(contentsOf: [0x5C, UInt8(ascii: "n")])
        case 0x0D: output.append(contentsOf: [0x5C, UInt8(ascii: "r")])
        case 0x09: output.append(contentsOf: [0x5C, UInt8(ascii: "t")])
        default:
            output.append(contentsOf: [0x5C, UInt8(ascii: "u"), UInt8(ascii: "0"), UInt8(ascii: "0")])
            output.append(hexDigits[Int(byte >> 4)])
            output.append(hexDigits[Int(byte & 0x0F)])
        }
    }
}

/// Builds a JSON object member by member, skipping absent optionals.
///
/// Payload encoders use it so that every type writes its fields in one documented order.
public struct JSONObjectBuilder {
    public private(set) var object = JSONObject()

    public init() {}

    public mutating func add(_ key: String, _ value: String) { object.append(key, .string(value)) }
    public mutating func add(_ key: String, _ value: String?) { if let value { add(key, value) } }
    public mutating func add(_ key: String, _ value: Int) { object.append(key, .number(String(value))) }
    public mutating func add(_ key: String, _ value: Int?) { if let value { add(key, value) } }
    public mutating func add(_ key: String, _ value: Int64) { object.append(key, .number(String(value))) }
    public mutating func add(_ key: String, _ value: Int64?) { if let value { add(key, value) } }
    public mutating func add(_ key: String, _ value: Double) { object.append(key, .number(JSONNumberFormat.format(value))) }
    public mutating func add(_ key: String, _ value: Double?) { if let value { add(key, value) } }
    public mutating func add(_ key: String, _ value: Bool) { object.append(key, .bool(value)) }
    public mutating func add(_ key: String, _ value: Timestamp) { object.append(key, .string(value.iso8601)) }
    public mutating func add(_ key: String, _ value: Timestamp?) { if let value { add(key, value) } }
    public mutating func add<Value: RawRepresentable>(_ key: String, _ value: Value) where Value.RawValue == String {
        object.append(key, .string(value.rawValue))
    }
    public mutating func add<Value: RawRepresentable>(_ key: String, _ value: Value?) where Value.RawValue == String {
        if let value { add(key, value) }
    }
    /// Adds an array of strings; an empty array is omitted when `omitEmpty` is true.
    public mutating func add(_ key: String, _ values: [String], omitEmpty: Bool = true) {
        if omitEmpty && values.isEmpty { return }
        object.append(key, .array(values.map { .string($0) }))
    }
    public mutating func add(_ key: String, _ value: JSONValue) { object.append(key, value) }
    public mutating func add(_ key: String, _ value: JSONObject?) { if let value { object.append(key, .object(value)) } }

    /// The finished object as a value.
    public var value: JSONValue { .object(object) }
}

/// Formats doubles the same way on every platform.
public enum JSONNumberFormat {
    /// Shortest round-tripping text for `value`; integral values have no fraction.
    public static func format(_ value: Double) -> String {
        if value.isFinite, value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
        return "\(value)"
    }
}
