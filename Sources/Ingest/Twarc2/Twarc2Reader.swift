// Reads twarc2 archives (samples/README.md) line by line. Each line is detected on its own, so
// one file may mix the three shapes twarc2 writes:
//   paged     {"data":[tweet…], "includes":{"users":[…],"tweets":[…]}, "meta":…, "__twarc":…}
//   streamed  {"data":{tweet}, "includes":…, "matching_rules":…}
//   flat      {tweet with "author" and "referenced_tweets[].…" inline}  (`twarc2 flatten`)
import Events

/// The shape of one twarc2 line.
public enum Twarc2Shape: String, Sendable, CaseIterable {
    /// An API response page: `data` is an array of tweets, authors and referenced tweets are in `includes`.
    case page
    /// One streamed tweet: `data` is a tweet object, with `includes` as in a page.
    case streamed
    /// One tweet flattened by `twarc2 flatten`: author and referenced tweets inline.
    case flat
    /// A response without tweets (`meta`, `errors` or `includes` only), such as an empty page.
    case noTweets

    /// The shape of a parsed line, or nil when it is none of the twarc2 shapes.
    public static func of(_ line: JSONObject) -> Twarc2Shape? {
        if let data = line["data"] {
            switch data {
            case .array: return .page
            case .object: return .streamed
            default: return nil
            }
        }
        if line["id"] != nil, line["author_id"] != nil || line["author"] != nil || line["created_at"] != nil || line["text"] != nil {
            return .flat
        }
        if line["meta"] != nil || line["errors"] != nil || line["includes"] != nil { return .noTweets }
        return nil
    }
}

/// Streams the records of a twarc2 archive: one per non-blank line.
final class Twarc2Reader: ArchiveReader {
    private let lines: LineReader

    /// Opens `path`; throws ``ImportError/fileNotFound(path:)`` when it cannot be read.
    init(path: String) throws {
        lines = try LineReader(path: path)
    }

    var bytesRead: Int64 { lines.bytesRead }
    var totalBytes: Int64 { lines.totalBytes }

    func nextRecord() -> ArchiveRecord? {
        while let bytes = lines.next() {
            guard !InputBytes.isBlank(bytes) else { continue }
            let posts: Result<[ObservedPost], RecordProblem>
            do { posts = .success(try Twarc2Line.posts(in: bytes)) } catch { posts = .failure(error) }
            return ArchiveRecord(line: lines.lineNumber, posts: posts)
        }
        return nil
    }
}

/// The posts of one twarc2 line.
public enum Twarc2Line {
    /// Reads one line (without its newline) and maps its tweets to posts.
    ///
    /// The line's tweets come first, in order; then every tweet they reference, directly or
    /// through another referenced tweet, that the line carries (in `includes.tweets`, or inline
    /// when flattened), each once. A referenced tweet the line does not carry (deleted, or not
    /// expanded) is only named by `amplifies`. Errors name the JSON path of the field.
    public static func posts(in bytes: [UInt8]) throws(RecordProblem) -> [ObservedPost] {
        let value: JSONValue
        do { value = try JSONParser.parse(bytes) } catch {
            throw RecordProblem(field: nil, detail: error.description)
        }
        guard case .object(let line) = value else {
            throw RecordProblem(field: nil, detail: "expected a JSON object (a twarc2 page, streamed tweet or flattened tweet), got \(value.kindName)")
        }
        guard let shape = Twarc2Shape.of(line) else {
            if let data = line["data"] {
                throw RecordProblem(field: "data", detail: "expected an array of tweets (a page) or a tweet object (streamed), got \(data.kindName)")
            }
            let keys = line.keys.prefix(8).map { ValidationError.quote($0, limit: 30) }.joined(separator: ", ")
            throw RecordProblem(field: nil, detail: "is not a twarc2 line: expected {\"data\":[…]} (a page), {\"data\":{…}} (a streamed tweet) or a flattened tweet with id and author; found the keys \(keys)")
        }
        let mapper = Twarc2TweetMapper(line: line)
        var roots: [(path: String, tweet: JSONObject)] = []
        switch shape {
        case .page:
            for (index, item) in (line["data"]?.arrayValue ?? []).enumerated() {
                guard case .object(let tweet) = item else {
                    throw RecordProblem(field: "data[\(index)]", detail: "expected a tweet object, got \(item.kindName)")
                }
                roots.append(("data[\(index)]", tweet))
            }
        case .streamed:
            if let tweet = line["data"]?.objectValue { roots.append(("data", tweet)) }
        case .flat:
            roots.append(("", line))
        case .noTweets:
            return []
        }
        return try mapper.posts(from: roots)
    }
}
