// The ledger's typed errors. Each one is a sentence for the person at the terminal and
// knows which sysexits code the CLI should return.
import Events

/// Which exit code an error maps to (sysexits style, DESIGN §6).
public enum FailureKind: Int32, Sendable {
    /// 64: the command was used wrongly.
    case usage = 64
    /// 65: the input or the request is wrong.
    case badData = 65
    /// 66: an input file or the ledger does not exist.
    case missingInput = 66
    /// 73: the ledger or a key cannot be created.
    case cannotCreate = 73
    /// 75: the ledger stayed locked past the busy timeout; try again.
    case busy = 75
    /// 74: an I/O error such as a full disk.
    case ioError = 74
}

/// An error from the ledger store.
public enum LedgerError: Error, CustomStringConvertible {
    /// No ledger at `path`.
    case ledgerNotFound(path: String)
    /// A ledger already exists at `path`.
    case ledgerExists(path: String)
    /// The file is not a FactLedger ledger (or not SQLite at all).
    case notALedger(path: String, detail: String)
    /// The file is an SQLite database whose pages are damaged: broken or tampered with.
    case damaged(path: String, detail: String)
    /// The ledger cannot be created or written at `path`.
    case cannotCreate(path: String, detail: String)
    /// Another process held the write lock for longer than the timeout.
    case busy(path: String, timeoutMilliseconds: Int)
    /// The disk is full.
    case diskFull(path: String)
    /// An event failed validation; `index` is its 0-based place in the batch.
    case invalidEvent(index: Int, error: ValidationError)
    /// The same id was appended before with different content.
    case idConflict(id: EventID, existingPosition: Int64)
    /// The stream moved since the caller read it.
    case versionMismatch(stream: StreamName, expected: Int64, actual: Int64)
    /// Something the event names is not in the log.
    case missingReference(index: Int, eventType: String, reference: Reference)
    /// The author may not append this event, or the signature is missing or wrong.
    case unauthorized(index: Int, eventType: String, author: String, reason: String)
    /// A rule of the review process was broken.
    case ruleViolation(index: Int, eventType: String, reason: String)
    /// A key file problem.
    case key(KeyStoreError)
    /// A lower-level database failure.
    case database(String)

    public var description: String {
        switch self {
        case .ledgerNotFound(let path):
            return "no ledger at \(path); create one with `factledger init --org NAME` or pass --ledger PATH (env: FACTLEDGER_LEDGER)"
        case .ledgerExists(let path):
            return "a ledger already exists at \(path); refusing to overwrite it"
        case .notALedger(let path, let detail):
            return "\(path) is not a FactLedger ledger: \(detail)"
        case .damaged(let path, let detail):
            return "the ledger \(path) is damaged (\(detail)); `factledger verify` reports where, and a published bundle or checkpoint is the way back"
        case .cannotCreate(let path, let detail):
            return "cannot create or write the ledger at \(path): \(detail)"
        case .busy(let path, let timeout):
            return "the ledger \(path) is locked by another writer; gave up after \(timeout) ms (try again, or raise --busy-timeout)"
        case .diskFull(let path):
            return "cannot write \(path): the disk is full or a file-size limit was reached; nothing was appended"
        case .invalidEvent(_, let error):
            return error.description
        case .idConflict(let id, let position):
            return "event id \(id) is already in the ledger at position \(position) with different content; an id names exactly one event"
        case .versionMismatch(let stream, let expected, let actual):
            return "\(stream) changed since you looked (expected version \(expected), found \(actual)); reload and try again"
        case .missingReference(_, let type, let reference):
            return "\(type) names \(reference), which is not in the ledger"
        case .unauthorized(_, let type, let author, let reason):
            return "\(type) by \(author) refused: \(reason)"
        case .ruleViolation(_, let type, let reason):
            return "\(type) refused: \(reason)"
        case .key(let error):
            return error.description
        case .database(let detail):
            return "database error: \(detail)"
        }
    }

    /// The exit code family of this error.
    public var kind: FailureKind {
        switch self {
        case .ledgerNotFound: return .missingInput
        case .ledgerExists, .cannotCreate: return .cannotCreate
        case .busy: return .busy
        case .diskFull, .database: return .ioError
        case .key(let error): return error.kind
        case .notALedger, .damaged, .invalidEvent, .idConflict, .versionMismatch, .missingReference, .unauthorized, .ruleViolation:
            return .badData
        }
    }

    /// The 0-based index in the batch of the event that failed, when there is one.
    public var batchIndex: Int? {
        switch self {
        case .invalidEvent(let index, _), .missingReference(let index, _, _), .unauthorized(let index, _, _, _), .ruleViolation(let index, _, _):
            return index
        default:
            return nil
        }
    }
}
