// Hostile text meets the static site here (DESIGN §2, Publishing). Posts, claims and account
// names are written by people we report on, so every string from the ledger passes through
// these functions before a template sees it; the templates then escape it for HTML.
import Crypto
import Events
import Foundation
import Mustache

/// Makes ledger text safe to show, link and name files after.
public enum SiteText {
    /// `text` with every character that could disguise or break a page made visible as
    /// `[U+XXXX]`: bidirectional overrides, embeddings, isolates and marks (which could make
    /// `gpj.exe` read as `exe.jpg`), C0 and C1 controls other than tab, line feed and carriage
    /// return, and the noncharacters U+FFFE and U+FFFF (not allowed in XML).
    ///
    /// Cost: O(length); returns `text` itself when nothing needs replacing.
    public static func visible(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: isDisguising) else { return text }
        var result = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            if isDisguising(scalar) {
                result.append(contentsOf: String(format: "[U+%04X]", scalar.value).unicodeScalars)
            } else {
                result.append(scalar)
            }
        }
        return String(result)
    }

    private static func isDisguising(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x09, 0x0A, 0x0D: return false
        case 0x00...0x1F, 0x7F...0x9F: return true
        case 0x061C, 0x200E, 0x200F, 0x202A...0x202E, 0x2066...0x2069: return true
        case 0xFFFE, 0xFFFF: return true
        default: return false
        }
    }

    /// `context` with `visible` applied to every string in it, through nested dictionaries
    /// and arrays; other values (numbers, flags, ``ScriptJSON``) are left as they are.
    static func sanitize(_ context: [String: Any]) -> [String: Any] {
        context.mapValues(sanitizeValue)
    }

    private static func sanitizeValue(_ value: Any) -> Any {
        switch value {
        case let text as String: return visible(text)
        case let object as [String: Any]: return sanitize(object)
        case let list as [Any]: return list.map(sanitizeValue)
        default: return value
        }
    }

    /// A link for a template: `href` only for an absolute http(s) URL with a host; anything else
    /// (a `javascript:` or `data:` URL, a relative path) is shown as plain text.
    ///
    /// The template writes `{{#isLink}}<a href="{{href}}">{{text}}</a>{{/isLink}}{{^isLink}}{{text}}{{/isLink}}`.
    static func link(_ url: String, text: String? = nil) -> [String: Any] {
        let shown = text ?? url
        guard isWebURL(url) else { return ["isLink": false, "text": shown] }
        return ["isLink": true, "href": url, "text": shown]
    }

    /// Whether `url` may go in an `href`: `http://` or `https://` (any case) with a host, and no
    /// whitespace, control or HTML-special character.
    public static func isWebURL(_ url: String) -> Bool {
        WebURL.isValid(url)
    }

    /// A file-name-safe, collision-resistant slug for a ledger name such as `twitter:../../x`.
    ///
    /// Guarantees: only `a-z`, `0-9` and `-`; never empty, never `.` or `..`, at most 72
    /// characters; two different names give different slugs unless their SHA-256 digests share
    /// the first 40 bits *and* their readable parts agree (and the site writer refuses any
    /// collision it meets). The readable part is the name lowercased with every other
    /// character turned into `-`.
    public static func slug(_ name: String) -> String {
        var readable = ""
        var lastWasDash = true
        for scalar in name.unicodeScalars {
            let value = scalar.value
            if (0x61...0x7A).contains(value) || (0x30...0x39).contains(value) {
                readable.unicodeScalars.append(scalar)
                lastWasDash = false
            } else if (0x41...0x5A).contains(value), let lower = Unicode.Scalar(value + 0x20) {
                readable.unicodeScalars.append(lower)
                lastWasDash = false
            } else if !lastWasDash {
                readable.append("-")
                lastWasDash = true
            }
            if readable.count >= 60 { break }
        }
        while readable.hasSuffix("-") { readable.removeLast() }
        let digest = SHA256.hash(data: Data(name.utf8)).prefix(5).map { String(format: "%02x", $0) }.joined()
        return readable.isEmpty ? digest : "\(readable)-\(digest)"
    }
}

/// JSON text for a `<script type="application/ld+json">` element.
///
/// Inside a script element HTML entities are not decoded, so the JSON cannot be HTML-escaped;
/// instead `<`, `>` and `&` (and U+2028, U+2029 and the bidirectional controls) are written as
/// JSON `\uXXXX` escapes. The JSON means the same, and no data can close the element
/// (`</script>`) or open a comment (`<!--`). Templates print it with `{{json}}` in a partial that
/// switches to the `FACTLEDGER_SCRIPT_JSON` content type.
public struct ScriptJSON: Sendable, Equatable, CustomStringConvertible {
    /// The JSON text as given.
    public let json: String

    public init(_ json: String) { self.json = json }

    public var description: String { json }

    /// `json` with the characters that could end or confuse a script element escaped.
    public static func escape(_ json: String) -> String {
        var escaped = ""
        escaped.reserveCapacity(json.utf8.count)
        for scalar in json.unicodeScalars {
            switch scalar.value {
            case 0x3C, 0x3E, 0x26, 0x2028, 0x2029, 0x061C, 0x200E, 0x200F, 0x202A...0x202E, 0x2066...0x2069:
                escaped += String(format: "\\u%04x", scalar.value)
            default:
                escaped.unicodeScalars.append(scalar)
            }
        }
        return escaped
    }
}

/// The mustache content type that writes values with ``ScriptJSON/escape(_:)``.
struct ScriptJSONContentType: MustacheContentType {
    static let name = "FACTLEDGER_SCRIPT_JSON"

    func escapeText(_ text: String) -> String { ScriptJSON.escape(text) }
}
