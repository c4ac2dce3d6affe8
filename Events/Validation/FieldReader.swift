// Typed, validating access to the fields of a JSON object. Payload decoders use it so that
// every error names its field and says what was expected.
import Foundation

/// Reads typed fields from a JSON object, throwing a ``ValidationError`` that names the field.
///
/// It also records which keys were read, so callers can report unknown fields.
public struct FieldReader {
    /// The object being read.
    public let object: JSONObject
    /// The path prefix used in error messages, such as `data` or `data.engagement`.
    public let path: String

    /// The longest enumeration value, in characters.
    static let enumerationMaxLength = 100
    /// The most items an array field has unless its payload says otherwise.
    public static let arrayMaxCount = 1000

    public init(_ object: JSONObject, path: String = "data") {
        self.object = object
        self.path = path
    }

    private func fieldPath(_ key: String) -> String {
        if path.isEmpty { return key }
        return key.hasPrefix("[") ? "\(path)\(key)" : "\(path).\(key)"
    }

    /// A validation error for `key`.
    public func failure(_ key: String, _ problem: String) -> ValidationError {
        ValidationError(field: fieldPath(key), problem: problem)
    }

    /// Whether `key` is present and not null.
    public func has(_ key: String) -> Bool {
        if let value = object[key], value != .null { return true }
        return false
    }

    // MARK: strings

    /// A required, non-empty string of at most `maxLength` characters.
    public func string(_ key: String, maxLength: Int = 10_000) throws -> String {
        guard let value = object[key], value != .null else { throw failure(key, "is required") }
        return try checkedString(key, value, maxLength: maxLength)
    }

    /// An optional string; absent or null gives nil. An empty string is refused.
    public func optionalString(_ key: String, maxLength: Int = 10_000) throws -> String? {
        guard let value = object[key], value != .null else { return nil }
        return try checkedString(key, value, maxLength: maxLength)
    }

    private func checkedString(_ key: String, _ value: JSONValue, maxLength: Int) throws -> String {
        guard case .string(let text) = value else { throw failure(key, "expected a string, got \(value.kindName)") }
        guard !text.isEmpty else { throw failure(key, "must not be empty") }
        guard FieldReader.isAcceptable(text, maxLength: maxLength) else {
            throw failure(key, "is \(text.count) characters long; the limit is \(maxLength)")
        }
        return text
    }

    /// Whether `text` is a string field's acceptable value: not empty, and at most `maxLength`
    /// characters. The one rule behind every string reader here and ``PostObserved``'s direct decoder.
    static func isAcceptable(_ text: String, maxLength: Int) -> Bool {
        // A string has no more characters than UTF-8 bytes, so most need no character count.
        let byteCount = text.utf8.count
        return byteCount > 0 && (byteCount <= maxLength || text.count <= maxLength)
    }

    /// A required string matching one of the raw values of `Value`.
    public func enumeration<Value: RawRepresentable & CaseIterable>(_ key: String, _ type: Value.Type) throws -> Value where Value.RawValue == String {
        let text = try string(key, maxLength: FieldReader.enumerationMaxLength)
        guard let value = Value(rawValue: text) else {
            let allowed = Value.allCases.map(\.rawValue).joined(separator: ", ")
            throw failure(key, "expected one of \(allowed); got \(ValidationError.quote(text))")
        }
        return value
    }

    /// An optional enumeration value.
    public func optionalEnumeration<Value: RawRepresentable & CaseIterable>(_ key: String, _ type: Value.Type) throws -> Value? where Value.RawValue == String {
        has(key) ? try enumeration(key, type) : nil
    }

    // MARK: numbers

    /// A required integer within `range`.
    public func integer(_ key: String, in range: ClosedRange<Int64> = 0...Int64.max) throws -> Int64 {
        guard let value = object[key], value != .null else { throw failure(key, "is required") }
        guard case .number(let literal) = value, let number = Int64(literal) else {
            if case .number(let literal) = value { throw failure(key, "expected a whole number, got \(literal)") }
            throw failure(key, "expected a whole number, got \(value.kindName)")
        }
        guard range.contains(number) else { throw failure(key, "expected a number from \(range.lowerBound) to \(range.upperBound), got \(number)") }
        return number
    }

    /// An optional integer within `range`.
    public func optionalInteger(_ key: String, in range: ClosedRange<Int64> = 0...Int64.max) throws -> Int64? {
        has(key) ? try integer(key, in: range) : nil
    }

    /// A required finite number within `range`.
    public func number(_ key: String, in range: ClosedRange<Double>) throws -> Double {
        guard let value = object[key], value != .null else { throw failure(key, "is required") }
        guard case .number(let literal) = value, let number = Double(literal), number.isFinite else {
            throw failure(key, "expected a number, got \(value.kindName)")
        }
        guard range.contains(number) else { throw failure(key, "expected a number from \(range.lowerBound) to \(range.upperBound), got \(literal)") }
        return number
    }

    /// An optional finite number within `range`.
    public func optionalNumber(_ key: String, in range: ClosedRange<Double>) throws -> Double? {
        has(key) ? try number(key, in: range) : nil
    }

    /// An optional boolean.
    public func optionalBool(_ key: String) throws -> Bool? {
        guard let value = object[key], value != .null else { return nil }
        guard case .bool(let flag) = value else { throw failure(key, "expected true or false, got \(value.kindName)") }
        return flag
    }

    // MARK: times and URLs

    /// A required RFC 3339 time.
    public func timestamp(_ key: String) throws -> Timestamp {
        let text = try string(key, maxLength: Timestamp.maxTextLength)
        guard let time = Timestamp(rfc3339: text) else {
            throw failure(key, "expected an RFC 3339 time such as 2020-03-12T14:03:00Z, got \(ValidationError.quote(text))")
        }
        return time
    }

    /// An optional RFC 3339 time.
    public func optionalTimestamp(_ key: String) throws -> Timestamp? {
        has(key) ? try timestamp(key) : nil
    }

    /// A required absolute http or https URL.
    public func url(_ key: String) throws -> String {
        let text = try string(key, maxLength: WebURL.maxLength)
        guard WebURL.isValid(text) else {
            throw failure(key, "expected an absolute http(s) URL such as https://example.org/page, got \(ValidationError.quote(text))")
        }
        return text
    }

    /// An optional absolute http or https URL.
    public func optionalURL(_ key: String) throws -> String? {
        has(key) ? try url(key) : nil
    }

    // MARK: collections

    /// An optional array of non-empty strings; absent gives an empty array.
    public func stringArray(_ key: String, maxCount: Int = FieldReader.arrayMaxCount, maxLength: Int = WebURL.maxLength) throws -> [String] {
        guard let value = object[key], value != .null else { return [] }
        guard case .array(let items) = value else { throw failure(key, "expected an array of strings, got \(value.kindName)") }
        guard items.count <= maxCount else { throw failure(key, "has \(items.count) items; the limit is \(maxCount)") }
        return try items.enumerated().map { index, item in
            if case .string(let text) = item, FieldReader.isAcceptable(text, maxLength: maxLength) { return text }
            // Only an item that is refused pays for building its path.
            let itemReader = FieldReader(JSONObject(), path: fieldPath(key))
            guard item != .null else { throw itemReader.failure("[\(index)]", "is required") }
            return try itemReader.checkedString("[\(index)]", item, maxLength: maxLength)
        }
    }

    /// An optional array of http(s) URLs.
    public func urlArray(_ key: String, maxCount: Int = FieldReader.arrayMaxCount) throws -> [String] {
        let items = try stringArray(key, maxCount: maxCount)
        for (index, item) in items.enumerated() where !WebURL.isValid(item) {
            throw ValidationError(field: "\(fieldPath(key))[\(index)]", problem: "expected an absolute http(s) URL, got \(ValidationError.quote(item))")
        }
        return items
    }

    /// A nested object, read with its own path.
    public func optionalObject(_ key: String) throws -> FieldReader? {
        guard let value = object[key], value != .null else { return nil }
        guard case .object(let nested) = value else { throw failure(key, "expected an object, got \(value.kindName)") }
        return FieldReader(nested, path: fieldPath(key))
    }

    /// The keys of the object that are not in `known`, in document order.
    public func unknownKeys(known: Set<String>) -> [String] {
        object.keys.filter { !known.contains($0) }
    }
}

/// Checks web URLs: absolute, http or https, with a host, and no whitespace, control or
/// HTML-special characters. Hand-written on bytes because URLComponents dominated profiles.
public enum WebURL {
    /// The longest URL accepted, in characters.
    public static let maxLength = 2048

    /// Whether `text` is an absolute http(s) URL with a host.
    public static func isValid(_ text: String) -> Bool {
        withUTF8(of: text) { hostRange(in: $0) != nil }
    }

    /// The lowercased host of a URL without a leading `www.`, or nil.
    public static func domain(of text: String) -> String? {
        guard let host = host(of: text) else { return nil }
        return host.hasPrefix("www.") ? String(host.dropFirst(4)) : host
    }

    /// The lowercased host of an http(s) URL, or nil when `text` is not one.
    static func host(of text: String) -> String? {
        withUTF8(of: text) { bytes in
            hostRange(in: bytes).map { String(decoding: UnsafeBufferPointer(rebasing: bytes[$0]), as: UTF8.self).lowercased() }
        }
    }

    /// Whether `text` contains `://`, the mark of a URL of any scheme.
    static func containsSchemeSeparator(_ text: String) -> Bool {
        withUTF8(of: text) { bytes in
            guard bytes.count >= 3 else { return false }
            for index in 0...(bytes.count - 3)
            where bytes[index] == UInt8(ascii: ":") && bytes[index + 1] == UInt8(ascii: "/") && bytes[index + 2] == UInt8(ascii: "/") {
                return true
            }
            return false
        }
    }

    /// Runs `body` on the UTF-8 of `text` in place (a string not stored contiguously is made so).
    private static func withUTF8<Result>(of text: String, _ body: (UnsafeBufferPointer<UInt8>) -> Result) -> Result {
        var text = text
        return text.withUTF8(body)
    }

    /// Where the host of an http(s) URL lies in `bytes`, or nil when they are not one.
    private static func hostRange(in bytes: UnsafeBufferPointer<UInt8>) -> Range<Int>? {
        guard bytes.count <= maxLength else { return nil }
        for byte in bytes {
            switch byte {
            case 0x00...0x20, 0x7F, UInt8(ascii: "\""), UInt8(ascii: "<"), UInt8(ascii: ">"), UInt8(ascii: "\\"),
                 UInt8(ascii: "^"), UInt8(ascii: "`"), UInt8(ascii: "{"), UInt8(ascii: "|"), UInt8(ascii: "}"):
                return nil
            default:
                continue
            }
        }
        func hasPrefix(_ prefix: StaticString) -> Bool {
            let count = prefix.utf8CodeUnitCount
            guard bytes.count >= count else { return false }
            let expected = prefix.utf8Start
            for offset in 0..<count where (bytes[offset] | 0x20) != expected[offset] { return false }
            return true
        }
        let start: Int
        if hasPrefix("https://") { start = 8 } else if hasPrefix("http://") { start = 7 } else { return nil }
        var end = start
        while end < bytes.count, bytes[end] != UInt8(ascii: "/"), bytes[end] != UInt8(ascii: "?"), bytes[end] != UInt8(ascii: "#") { end += 1 }
        var hostStart = start
        if let at = bytes[start..<end].lastIndex(of: UInt8(ascii: "@")) { hostStart = at + 1 }
        var hostEnd = end
        if hostStart < end, bytes[hostStart] == UInt8(ascii: "[") {
            guard let close = bytes[hostStart..<end].firstIndex(of: UInt8(ascii: "]")) else { return nil }
            hostEnd = close + 1
        } else if let colon = bytes[hostStart..<end].lastIndex(of: UInt8(ascii: ":")) {
            guard bytes[(colon + 1)..<end].allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }) else { return nil }
            hostEnd = colon
        }
        guard hostEnd > hostStart else { return nil }
        guard bytes[hostStart] != UInt8(ascii: "."), bytes[hostStart] != UInt8(ascii: "-") else { return nil }
        return hostStart..<hostEnd
    }
}
