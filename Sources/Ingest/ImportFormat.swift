// Which importer reads a file: named with `import --format`, or inferred from the file's
// extension and its first lines, so that `factledger import archive.jsonl` just works.
import Events

/// The input formats `factledger import` reads.
public enum ImportFormat: String, Sendable, CaseIterable {
    /// The interchange format of DESIGN §4: one event per line.
    case jsonl
    /// twarc2 archives of the Twitter API v2: paged, streamed or flattened, line by line.
    case twarc2
    /// A table of posts with the header ``CSVPostHeader``.
    case csv

    /// How many non-blank lines inference looks at before settling for `jsonl`.
    static let linesInspected = 20

    /// Infers the format of the file at `path`.
    ///
    /// A name ending in `.csv` is CSV. Otherwise the first non-blank line that
    /// parses as a JSON object decides (see ``format(ofLine:)``); a file where none does is read as
    /// `jsonl`, whose importer then names the bad line. Cost: reads at most a few lines.
    /// Throws ``ImportError/fileNotFound(path:)`` when the file cannot be read.
    public static func infer(path: String) throws -> ImportFormat {
        if path.lowercased().hasSuffix(".csv") { return .csv }
        let reader = try LineReader(path: path)
        var inspected = 0
        for bytes in reader where !InputBytes.isBlank(bytes) {
            if let format = format(ofLine: bytes) { return format }
            inspected += 1
            if inspected >= linesInspected { break }
        }
        return .jsonl
    }

    /// The format one line suggests, or nil when it is not a JSON object that says.
    ///
    /// An object with `type` and `data` is an interchange line; one with `data` is a twarc2 page
    /// or streamed tweet; one with `id` and `author_id`, `author` or `created_at` is a flattened tweet.
    public static func format(ofLine bytes: [UInt8]) -> ImportFormat? {
        guard let object = try? JSONParser.parse(bytes).objectValue else { return nil }
        if object["type"]?.stringValue != nil, object["data"] != nil { return .jsonl }
        if object["data"] != nil { return .twarc2 }
        if object["id"] != nil, object["author_id"] != nil || object["author"] != nil || object["created_at"] != nil { return .twarc2 }
        return nil
    }
}
