// Reads a table of posts, as teams keep them in spreadsheets, in RFC 4180 CSV with the
// documented header. Each row is one PostObserved; its author is registered when new.
import CSV
import Events
import Foundation

/// The documented CSV header for posts: the fields of `PostObserved`.
///
/// ```
/// post,account,url,posted_at,kind,text,amplifies,language,linked_urls,hashtags,likes,reposts,replies,quotes,views,archive_url
/// ```
/// - `post`, `account`, `url`, `posted_at` and `kind` are required; the other columns may be left
///   out of the header, or left empty in a row.
/// - `post` and `account` are `platform:identifier` (`twitter:1238291234`, `twitter:zlj517`);
///   `posted_at` is RFC 3339; `kind` is original, repost, quote or reply; `amplifies` is a post
///   reference or a URL.
/// - `linked_urls` and `hashtags` hold several values separated by `;` (a leading `#` is dropped).
/// - `likes`, `reposts`, `replies` and `quotes` are whole numbers, given together or not at all;
///   `views` is optional.
/// - Columns may come in any order; header names are matched without case. An unknown column is
///   refused, so a misspelt one is not silently ignored.
/// - RFC 4180: fields with commas, quotes or line breaks are quoted, a quote inside is doubled,
///   and a UTF-8 byte-order mark is ignored. Line ends may be CRLF or LF.
public enum CSVPostHeader {
    /// Every column, in documented order.
    public static let columns = [
        "post", "account", "url", "posted_at", "kind", "text", "amplifies", "language", "linked_urls", "hashtags",
        "likes", "reposts", "replies", "quotes", "views", "archive_url",
    ]
    /// The columns a file must have.
    public static let requiredColumns: Set<String> = ["post", "account", "url", "posted_at", "kind"]
    /// The header line, in documented order.
    public static var line: String { columns.joined(separator: ",") }
    /// The separator of several values in one field.
    public static let listSeparator: Character = ";"
}

/// Streams the rows of a CSV file of posts as archive records.
final class CSVPostReader: ArchiveReader {
    private var scanner: CSVRecordScanner
    private let text: [UInt8]
    private let mapper: CSVPostMapper
    private let byteOrderMarkLength: Int64
    let totalBytes: Int64

    /// Reads `path` and its header. Throws ``ImportError/fileNotFound(path:)`` when the file cannot
    /// be read, ``ImportError/empty(file:)`` when it has no header, and
    /// ``ImportError/invalidRecord(file:line:field:detail:)`` when the header is wrong.
    init(path: String) throws {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue,
              let data = FileManager.default.contents(atPath: path)
        else { throw ImportError.fileNotFound(path: path) }
        var bytes = [UInt8](data)
        totalBytes = Int64(bytes.count)
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) {
            bytes.removeFirst(3)
            byteOrderMarkLength = 3
        } else {
            byteOrderMarkLength = 0
        }
        text = bytes
        scanner = CSVRecordScanner(bytes: bytes)
        guard let header = scanner.next() else { throw ImportError.empty(file: path) }
        do {
            if let problem = header.problem { throw RecordProblem(field: "header", detail: problem.description) }
            mapper = try CSVPostMapper(header: try CSVPostReader.fields(of: header, in: bytes))
        } catch let problem as RecordProblem {
            throw ImportError.invalidRecord(file: path, line: header.line, field: problem.field ?? "header", detail: problem.detail)
        }
    }

    var bytesRead: Int64 { Int64(scanner.offset) + byteOrderMarkLength }

    func nextRecord() -> ArchiveRecord? {
        guard let raw = scanner.next() else { return nil }
        let posts: Result<[ObservedPost], RecordProblem>
        do {
            if let problem = raw.problem { throw problem }
            posts = .success([try mapper.post(from: try CSVPostReader.fields(of: raw, in: text))])
        } catch let problem as RecordProblem {
            posts = .failure(problem)
        } catch {
            posts = .failure(RecordProblem(field: nil, detail: "\(error)"))
        }
        return ArchiveRecord(line: raw.line, posts: posts)
    }

    /// The fields of one record, read by CSV.swift.
    private static func fields(of record: CSVRawRecord, in bytes: [UInt8]) throws -> [String] {
        guard let text = String(validating: bytes[record.range], as: UTF8.self) else {
            throw RecordProblem(field: nil, detail: "is not valid UTF-8 text")
        }
        let reader = try CSVReader(string: text, hasHeaderRow: false, trimFields: false)
        return reader.next() ?? []
    }
}

/// Maps one CSV row to a post, by the columns of the file's header.
struct CSVPostMapper {
    /// The file's columns, in file order, lowercased.
    let columns: [String]
    private let positions: [String: Int]

    /// Checks `header` against ``CSVPostHeader``.
    init(header: [String]) throws {
        var positions: [String: Int] = [:]
        var columns: [String] = []
        let known = Set(CSVPostHeader.columns)
        for (index, raw) in header.enumerated() {
            let name = raw.trimmingWhitespace.lowercased()
            guard known.contains(name) else {
                throw RecordProblem(field: "column \(index + 1)", detail: "\(ValidationError.quote(raw)) is not a column of the post header; expected some of \(CSVPostHeader.line)")
            }
            guard positions[name] == nil else {
                throw RecordProblem(field: "column \(index + 1)", detail: "\(name) appears twice in the header")
            }
            positions[name] = index
            columns.append(name)
        }
        let missing = CSVPostHeader.columns.filter { CSVPostHeader.requiredColumns.contains($0) && positions[$0] == nil }
        guard missing.isEmpty else {
            throw RecordProblem(field: "header", detail: "lacks the required column\(missing.count > 1 ? "s" : "") \(missing.joined(separator: ", ")); the documented header is \(CSVPostHeader.line)")
        }
        self.columns = columns
        self.positions = positions
    }

    /// `name (column N)`, or `name (no such column)` when the header lacks it.
    func label(_ name: String) -> String {
        positions[name].map { "\(name) (column \($0 + 1))" } ?? "\(name) (no such column)"
    }

    /// The post of one row.
    func post(from fields: [String]) throws(RecordProblem) -> ObservedPost {
        guard fields.count == columns.count else {
            throw RecordProblem(field: nil, detail: "has \(fields.count) field\(fields.count == 1 ? "" : "s"); the header has \(columns.count)")
        }
        func value(_ name: String) -> String? {
            guard let position = positions[name] else { return nil }
            let text = name == "text" ? fields[position] : fields[position].trimmingWhitespace
            return text.isEmpty ? nil : text
        }
        func list(_ name: String, dropping prefix: Character? = nil) -> JSONValue? {
            guard let text = value(name) else { return nil }
            let items = text.split(separator: CSVPostHeader.listSeparator).map { item -> String in
                var trimmed = String(item).trimmingWhitespace
                if let prefix, trimmed.first == prefix { trimmed.removeFirst() }
                return trimmed
            }.filter { !$0.isEmpty }
            return items.isEmpty ? nil : .array(items.map { .string($0) })
        }

        var data = JSONObject()
        for name in ["post", "account", "url", "posted_at", "kind", "text", "amplifies", "language"] {
            if let text = value(name) { data.append(name, .string(text)) }
        }
        if let urls = list("linked_urls") { data.append("linked_urls", urls) }
        if let tags = list("hashtags", dropping: "#") { data.append("hashtags", tags) }
        var engagement = JSONObject()
        for name in Engagement.fieldNames {
            guard let text = value(name) else { continue }
            guard !text.isEmpty, text.utf8.count <= 18, text.utf8.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }) else {
                throw RecordProblem(field: label(name), detail: "expected a whole number such as 42, got \(ValidationError.quote(text))")
            }
            engagement.append(name, .number(String(Int64(text) ?? 0)))
        }
        if !engagement.isEmpty { data.append("engagement", .object(engagement)) }
        if let archive = value("archive_url") { data.append("archive_url", .string(archive)) }

        do {
            let observation = try PostObserved(fields: FieldReader(data, path: ""))
            let account = observation.account
            let profile = account.platform == "twitter" && Twarc2TweetMapper.isUsername(account.identifier)
                ? "https://twitter.com/\(account.identifier)" : nil
            let registration = try ImportedAccount.registration(account: account, displayName: nil, profileURL: profile)
            return ObservedPost(observation: observation, authorRegistration: registration)
        } catch let error as ValidationError {
            throw RecordProblem(field: label(column(of: error.field)), detail: error.problem)
        } catch {
            throw RecordProblem(field: nil, detail: "\(error)")
        }
    }

    /// The column a `PostObserved` field path comes from: `engagement.likes` → `likes`, `linked_urls[1]` → `linked_urls`.
    private func column(of field: String) -> String {
        var name = Substring(field)
        if name.hasPrefix("engagement.") { name = name.dropFirst("engagement.".count) }
        if let bracket = name.firstIndex(of: "[") { name = name[..<bracket] }
        return String(name)
    }
}
