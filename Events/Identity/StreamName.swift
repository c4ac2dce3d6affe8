// Stream names and the identifiers they are built from (DESIGN §4).

/// The name of an event stream, such as `claim:c-7f3a9` or `post:twitter:1238291234`.
///
/// Streams group the events about one thing; each stream has its own version counter,
/// which optimistic concurrency checks.
public struct StreamName: Sendable, Hashable, Comparable, CustomStringConvertible {
    public let rawValue: String

    public init(unchecked rawValue: String) { self.rawValue = rawValue }

    public var description: String { rawValue }

    public static func < (lhs: StreamName, rhs: StreamName) -> Bool { lhs.rawValue < rhs.rawValue }

    /// The stream of ledger-wide settings: scales, methodology, policy, exports.
    public static let ledger = StreamName(unchecked: "ledger")
    public static func account(_ account: PlatformReference) -> StreamName { StreamName(unchecked: "account:\(account)") }
    public static func post(_ post: PlatformReference) -> StreamName { StreamName(unchecked: "post:\(post)") }
    public static func claim(_ claim: String) -> StreamName { StreamName(unchecked: "claim:\(claim)") }
    public static func outlet(_ domain: String) -> StreamName { StreamName(unchecked: "outlet:\(domain)") }
    public static func reviewer(_ handle: String) -> StreamName { StreamName(unchecked: "reviewer:\(handle)") }
    /// Reviews and publication of one verdict.
    public static func verdict(_ verdict: String) -> StreamName { StreamName(unchecked: "verdict:\(verdict)") }
    /// Retractions of one event.
    public static func retraction(_ event: EventID) -> StreamName { StreamName(unchecked: "retraction:\(event)") }
}

/// A reference to an account or post on a platform: `twitter:zlj517`, `twitter:1238291234`.
public struct PlatformReference: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The platform, lowercase: `twitter`, `weibo`, `facebook`.
    public let platform: String
    /// The handle or post id on that platform.
    public let identifier: String

    /// Parses `platform:identifier`; the error says what shape was expected.
    public init(parsing text: String, field: String) throws {
        guard let parts = PlatformReference.split(text) else {
            throw ValidationError(field: field, problem: "expected platform:identifier such as twitter:zlj517 (lowercase platform; no spaces or slashes), got \(ValidationError.quote(text))")
        }
        platform = parts.platform
        identifier = parts.identifier
    }

    /// Splits `platform:identifier` and checks both parts, working on bytes for speed.
    private static func split(_ text: String) -> (platform: String, identifier: String)? {
        var text = text
        return text.withUTF8 { bytes -> (platform: String, identifier: String)? in
            guard let colon = bytes.firstIndex(of: UInt8(ascii: ":")), colon > 0, colon <= 32, colon + 1 < bytes.count, bytes.count - colon - 1 <= 200 else {
                return nil
            }
            let platformBytes = UnsafeBufferPointer(rebasing: bytes[..<colon])
            for byte in platformBytes {
                let allowed = (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z")) || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9"))
                    || byte == UInt8(ascii: "_") || byte == UInt8(ascii: "-")
                guard allowed else { return nil }
            }
            // A URL scheme is not a platform: `javascript:alert(1)` must never pass as a reference.
            guard !isURLScheme(platformBytes) else { return nil }
            var hasNonASCII = false
            let identifierBytes = UnsafeBufferPointer(rebasing: bytes[(colon + 1)...])
            for byte in identifierBytes {
                if byte >= 0x80 { hasNonASCII = true; continue }
                guard byte > 0x20, byte != 0x7F, byte != UInt8(ascii: "/"), byte != UInt8(ascii: "\\") else { return nil }
            }
            let identifier = String(decoding: identifierBytes, as: UTF8.self)
            if hasNonASCII {
                // Direction overrides and isolates would let an identifier render as another.
                guard identifier.unicodeScalars.allSatisfy({ !(0x202A...0x202E).contains($0.value) && !(0x2066...0x2069).contains($0.value) && $0.value != 0x85 && $0.value != 0xA0 && $0.value != 0x2028 && $0.value != 0x2029 }) else {
                    return nil
                }
            }
            return (String(decoding: platformBytes, as: UTF8.self), identifier)
        }
    }

    /// URL schemes, which are never platform names.
    private static let urlSchemes: [StaticString] = ["javascript", "vbscript", "data", "file", "about", "blob", "http", "https", "ftp", "mailto", "ws", "wss"]

    /// Whether `name` is one of ``urlSchemes``. Every reference is checked (twice a post on
    /// replay), so a name whose first letter starts no scheme, such as `twitter`, is answered at once.
    private static func isURLScheme(_ name: UnsafeBufferPointer<UInt8>) -> Bool {
        switch name.first {
        case UInt8(ascii: "a"), UInt8(ascii: "b"), UInt8(ascii: "d"), UInt8(ascii: "f"), UInt8(ascii: "h"),
             UInt8(ascii: "j"), UInt8(ascii: "m"), UInt8(ascii: "v"), UInt8(ascii: "w"):
            return urlSchemes.contains { name.spells($0) }
        default:
            return false
        }
    }

    /// The longest reference a field accepts, in characters.
    public static let maxLength = 240

    public init(platform: String, identifier: String) {
        self.platform = platform
        self.identifier = identifier
    }

    public var description: String { "\(platform):\(identifier)" }

    public static func < (lhs: PlatformReference, rhs: PlatformReference) -> Bool { lhs.description < rhs.description }
}

/// Checks the simple identifiers people type: reviewer handles, claim and verdict ids.
public enum Identifier {
    /// Whether `text` is a reviewer handle: 1 to 40 of `a-z 0-9 . _ -`, starting with a letter or digit.
    public static func isHandle(_ text: String) -> Bool {
        guard let first = text.unicodeScalars.first, text.unicodeScalars.count <= 40,
              isLowerAlphanumeric(first) else { return false }
        return text.unicodeScalars.allSatisfy { isLowerAlphanumeric($0) || $0 == "." || $0 == "_" || $0 == "-" }
    }

    /// Whether `text` is a claim, verdict or scale id: 1 to 64 of `A-Z a-z 0-9 . _ - / :`.
    public static func isToken(_ text: String) -> Bool {
        guard !text.isEmpty, text.unicodeScalars.count <= 64, text != ".", text != ".." else { return false }
        return text.unicodeScalars.allSatisfy {
            isLowerAlphanumeric($0) || ($0 >= "A" && $0 <= "Z") || $0 == "." || $0 == "_" || $0 == "-" || $0 == "/" || $0 == ":"
        }
    }

    /// Whether `text` is a DNS domain such as `rt.com`: lowercase labels separated by dots.
    public static func isDomain(_ text: String) -> Bool {
        let labels = text.split(separator: ".", omittingEmptySubsequences: false)
        guard labels.count >= 2, text.utf8.count <= 253 else { return false }
        return labels.allSatisfy { label in
            !label.isEmpty && label.count <= 63 && label.first != "-" && label.last != "-"
                && label.unicodeScalars.allSatisfy { isLowerAlphanumeric($0) || $0 == "-" }
        }
    }

    private static func isLowerAlphanumeric(_ scalar: Unicode.Scalar) -> Bool {
        (scalar >= "a" && scalar <= "z") || (scalar >= "0" && scalar <= "9")
    }
}

extension FieldReader {
    /// A required `platform:identifier` reference.
    public func platformReference(_ key: String) throws -> PlatformReference {
        let text = try string(key, maxLength: PlatformReference.maxLength)
        return try PlatformReference(parsing: text, field: path.isEmpty ? key : "\(path).\(key)")
    }

    /// An optional `platform:identifier` reference.
    public func optionalPlatformReference(_ key: String) throws -> PlatformReference? {
        has(key) ? try platformReference(key) : nil
    }

    /// A required reviewer handle.
    public func handle(_ key: String) throws -> String {
        let text = try string(key, maxLength: 40)
        guard Identifier.isHandle(text) else {
            throw failure(key, "expected a handle of 1 to 40 characters a-z, 0-9, '.', '_' or '-', starting with a letter or digit; got \(ValidationError.quote(text))")
        }
        return text
    }

    /// A required claim, verdict or scale id.
    public func token(_ key: String) throws -> String {
        let text = try string(key, maxLength: 64)
        guard Identifier.isToken(text) else {
            throw failure(key, "expected an id of 1 to 64 characters A-Z, a-z, 0-9, '.', '_', '-', '/' or ':'; got \(ValidationError.quote(text))")
        }
        return text
    }

    /// An optional claim, verdict or scale id.
    public func optionalToken(_ key: String) throws -> String? {
        has(key) ? try token(key) : nil
    }

    /// A required domain such as `rt.com`.
    public func domain(_ key: String) throws -> String {
        let text = try string(key, maxLength: 253)
        guard Identifier.isDomain(text) else {
            throw failure(key, "expected a lowercase domain such as rt.com, got \(ValidationError.quote(text))")
        }
        return text
    }

    /// A required event id.
    public func eventID(_ key: String) throws -> EventID {
        let text = try string(key, maxLength: 128)
        do { return try EventID(text) } catch { throw failure(key, error.problem) }
    }
}
