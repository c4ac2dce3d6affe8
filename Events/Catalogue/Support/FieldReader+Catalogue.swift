// Field readers that several catalogue payloads share: keys and digests, rating labels,
// language tags and arrays of objects. They sit beside the core readers so that every
// payload validates the same shape of value the same way.
import Foundation

extension FieldReader {
    /// Required standard base64 (with padding) of exactly `byteCount` bytes, in canonical form.
    ///
    /// Canonical means re-encoding the bytes gives the same text, so a key has one spelling.
    public func base64Bytes(_ key: String, byteCount: Int) throws -> [UInt8] {
        // The length limit is loose so a key of the wrong size gets the clearer byte-count error.
        let text = try string(key, maxLength: byteCount * 2 + 16)
        guard let data = Data(base64Encoded: text), data.base64EncodedString() == text else {
            throw failure(key, "expected standard base64 with padding, got \(ValidationError.quote(text))")
        }
        guard data.count == byteCount else {
            throw failure(key, "expected base64 of exactly \(byteCount) bytes, got \(data.count) bytes")
        }
        return Array(data)
    }

    /// A required SHA-256 digest: 64 lowercase hexadecimal digits.
    public func sha256Hex(_ key: String) throws -> String {
        let text = try string(key, maxLength: SHA256Hex.length)
        guard SHA256Hex.isValid(text) else {
            throw failure(key, "expected 64 lowercase hexadecimal digits (a SHA-256 digest), got \(ValidationError.quote(text))")
        }
        return text
    }

    /// An optional SHA-256 digest in lowercase hex.
    public func optionalSHA256Hex(_ key: String) throws -> String? {
        has(key) ? try sha256Hex(key) : nil
    }

    /// A required rating label: a lowercase id such as `mostly-false`.
    public func ratingLabel(_ key: String) throws -> String {
        let text = try token(key)
        guard !text.unicodeScalars.contains(where: { $0 >= "A" && $0 <= "Z" }) else {
            throw failure(key, "expected a lowercase label such as mostly-false, got \(ValidationError.quote(text))")
        }
        return text
    }

    /// An optional rating label.
    public func optionalRatingLabel(_ key: String) throws -> String? {
        has(key) ? try ratingLabel(key) : nil
    }

    /// Refuses `label` when `scale` is the default scale and does not define it.
    ///
    /// Other scales live in the log, so their labels are checked when the event is appended.
    public func checkLabel(_ label: String, key: String, onScale scale: String) throws {
        let defaultScale = RatingScale.factledgerDefault
        guard scale == defaultScale.id, defaultScale.label(named: label) == nil else { return }
        let allowed = defaultScale.labels.map(\.label).joined(separator: ", ")
        throw failure(key, "is not a label of the scale \(scale); expected one of \(allowed); got \(ValidationError.quote(label))")
    }

    /// An optional language tag such as `en`, `zh-Hans` or `und` (BCP 47 shape, not checked against the registry).
    public func optionalLanguage(_ key: String) throws -> String? {
        guard let text = try optionalString(key, maxLength: LanguageTag.maxLength) else { return nil }
        guard LanguageTag.isValid(text) else {
            throw failure(key, "expected a language tag such as en or zh-Hans, got \(ValidationError.quote(text))")
        }
        return text
    }

    /// A required string with no whitespace or control characters, such as a log origin.
    public func compactString(_ key: String, maxLength: Int) throws -> String {
        let text = try string(key, maxLength: maxLength)
        guard !text.unicodeScalars.contains(where: { $0.properties.isWhitespace || $0.value < 0x20 || $0.value == 0x7F }) else {
            throw failure(key, "must not contain spaces or control characters, got \(ValidationError.quote(text))")
        }
        return text
    }

    /// An optional array of objects, each read with its own path such as `data.labels[0]`.
    public func objectArray(_ key: String, maxCount: Int = 1000) throws -> [FieldReader] {
        guard let value = object[key], value != .null else { return [] }
        guard case .array(let items) = value else { throw failure(key, "expected an array of objects, got \(value.kindName)") }
        guard items.count <= maxCount else { throw failure(key, "has \(items.count) items; the limit is \(maxCount)") }
        let base = path.isEmpty ? key : "\(path).\(key)"
        return try items.enumerated().map { index, item in
            guard case .object(let nested) = item else {
                throw ValidationError(field: "\(base)[\(index)]", problem: "expected an object, got \(item.kindName)")
            }
            return FieldReader(nested, path: "\(base)[\(index)]")
        }
    }
}

/// Checks language tags: the BCP 47 shape, not the registry.
public enum LanguageTag {
    /// The longest tag accepted, in characters.
    public static let maxLength = 35

    /// Whether `text` has the shape of a tag: subtags of 1 to 8 ASCII letters or digits
    /// separated by `-`, the first of letters only.
    public static func isValid(_ text: String) -> Bool {
        // One pass over the bytes, counting the current subtag's length (replay checks the tag
        // of every post: splitting into subtags first cost an array per post).
        var length = 0
        var isFirstSubtag = true
        for byte in text.utf8 {
            if byte == UInt8(ascii: "-") {
                guard length >= 1 else { return false }
                length = 0
                isFirstSubtag = false
                continue
            }
            let isLetter = (byte | 0x20) >= UInt8(ascii: "a") && (byte | 0x20) <= UInt8(ascii: "z")
            let isDigit = byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")
            guard isLetter || (isDigit && !isFirstSubtag) else { return false }
            length += 1
            guard length <= 8 else { return false }
        }
        return length >= 1
    }
}

/// Checks SHA-256 digests written as hex.
public enum SHA256Hex {
    /// The number of digits.
    public static let length = 64

    /// Whether `text` is 64 lowercase hexadecimal digits.
    public static func isValid(_ text: String) -> Bool {
        text.utf8.count == length && text.utf8.allSatisfy { ($0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9")) || ($0 >= UInt8(ascii: "a") && $0 <= UInt8(ascii: "f")) }
    }
}

extension JSONObjectBuilder {
    /// Adds bytes as standard base64 with padding.
    public mutating func addBase64(_ key: String, _ bytes: [UInt8]) {
        add(key, Data(bytes).base64EncodedString())
    }

    /// Adds `value` only when it is true, so a false default is not written.
    public mutating func addFlag(_ key: String, _ value: Bool) {
        if value { add(key, true) }
    }
}
