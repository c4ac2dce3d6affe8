// Import failures. Each names the file and line, and maps to a sysexits code.
import Events
import Ledger

/// Why an import stopped. Nothing was appended when one of these is thrown.
public enum ImportError: Error, CustomStringConvertible {
    /// The input file does not exist or is not a regular file.
    case fileNotFound(path: String)
    /// A line is not valid.
    case invalidLine(file: String, line: Int, detail: String)
    /// The file holds judgments but no reviewer was named to sign them.
    case judgmentsNeedReviewer(file: String, line: Int, type: String)
    /// The ledger refused the event of a line.
    case refused(file: String, line: Int, error: LedgerError)
    /// The file has no events.
    case empty(file: String)
    /// A record of an archive (a twarc2 line or a CSV row) has a field that cannot be imported;
    /// `field` is a JSON path such as `data[0].created_at` or a CSV column such as `posted_at (column 4)`.
    case invalidRecord(file: String, line: Int, field: String, detail: String)

    public var description: String {
        switch self {
        case .fileNotFound(let path):
            return "cannot read \(path): no such file"
        case .invalidLine(let file, let line, let detail):
            return "\(file):\(line): \(detail)"
        case .judgmentsNeedReviewer(let file, let line, let type):
            return "\(file):\(line): \(type) is a judgment and must be signed; import with --as HANDLE (env: FACTLEDGER_REVIEWER). Nothing was imported."
        case .refused(let file, let line, let error):
            return "\(file):\(line): \(error)"
        case .empty(let file):
            return "\(file) holds no events"
        case .invalidRecord(let file, let line, let field, let detail):
            return "\(file):\(line): \(field): \(detail)"
        }
    }

    /// The exit code family.
    public var kind: FailureKind {
        switch self {
        case .fileNotFound: return .missingInput
        case .invalidLine, .empty, .invalidRecord: return .badData
        case .judgmentsNeedReviewer: return .usage
        case .refused(_, _, let error): return error.kind
        }
    }
}
