// The errors of Publishing: each a sentence for the person at the terminal, with the
// sysexits family the CLI returns.
import Ledger

/// Why an export could not be made.
public enum PublishingError: Error, CustomStringConvertible, Equatable {
    /// The output cannot be written where it was asked for.
    case cannotWrite(path: String, detail: String)
    /// The output folder exists and holds something other than an earlier export of the same kind.
    case outputNotEmpty(path: String)
    /// The view named is not one of the CSV views.
    case unknownView(String)

    public var description: String {
        switch self {
        case .cannotWrite(let path, let detail):
            return "cannot write the export to \(path): \(detail)"
        case .outputNotEmpty(let path):
            return "\(path) already exists and holds other files; choose a new folder or empty it"
        case .unknownView(let view):
            return "unknown view \"\(view)\"; expected one of \(CSVView.allCases.map(\.rawValue).joined(separator: ", "))"
        }
    }

    /// The exit code family.
    public var kind: FailureKind {
        switch self {
        case .cannotWrite, .outputNotEmpty: return .cannotCreate
        case .unknownView: return .usage
        }
    }
}
