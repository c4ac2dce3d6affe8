// One context per command: it resolves the shared options and the environment, opens the
// ledger, and maps every domain error to a message and an exit code in one place.
import ArgumentParser
import Events
import Foundation
import Ingest
import Ledger

/// What every command needs: the ledger path, keys, terminal, and error handling.
struct CommandContext {
    let options: LedgerOptions
    let environment: [String: String]
    let terminal: Terminal
    let keys: KeyStore
    let ledgerPath: String

    init(_ options: LedgerOptions, environment: [String: String] = ProcessInfo.processInfo.environment) {
        self.options = options
        self.environment = environment
        terminal = Terminal(choice: options.color, environment: environment)
        keys = KeyStore(directory: KeyStore.defaultDirectory(environment: environment))
        ledgerPath = options.ledger ?? environment["FACTLEDGER_LEDGER"].flatMap { $0.isEmpty ? nil : $0 } ?? "factledger.db"
    }

    var json: Bool { options.json }

    /// How long to wait for another writer: `--busy-timeout`, else the command's default.
    var busyTimeout: Int32 { options.busyTimeout ?? defaultBusyTimeout }

    /// The command's default busy timeout, in milliseconds.
    var defaultBusyTimeout: Int32 = 10_000

    /// The clock: the system clock, unless `demo` has set ``ClockOverride``.
    var clock: any LedgerClock { ClockOverride.current ?? SystemClock() }

    /// Opens the ledger (at `path`, or the one the options name).
    func openLog(path: String? = nil) throws -> EventLog {
        try EventLog.open(path: path ?? ledgerPath, busyTimeoutMilliseconds: busyTimeout, clock: clock)
    }

    /// The acting reviewer's handle, from `--as` or FACTLEDGER_REVIEWER.
    func reviewerHandle(_ flag: String?) throws -> String {
        if let flag, !flag.isEmpty { return flag }
        if let fromEnvironment = environment["FACTLEDGER_REVIEWER"], !fromEnvironment.isEmpty { return fromEnvironment }
        throw InputError.usage("name the acting reviewer with --as HANDLE (env: FACTLEDGER_REVIEWER)")
    }

    /// The acting reviewer's signer, or nil when neither `--as` nor the env var is set.
    func optionalSigner(_ flag: String?) throws -> ReviewerSigner? {
        guard let handle = try? reviewerHandle(flag) else { return nil }
        return try ReviewerSigner(handle: handle, keys: keys)
    }

    /// Runs `body`, turning domain errors into a message on stderr and a sysexits code.
    func run(_ body: () throws -> Void) throws {
        do {
            try body()
        } catch let error as ExitCode {
            throw error
        } catch let error as ArgumentParser.ValidationError {
            throw error
        } catch {
            let (message, code) = CommandContext.describe(error)
            terminal.err("\(terminal.red("error:", stderr: true)) \(message)")
            throw ExitCode(code)
        }
    }

    static func describe(_ error: any Error) -> (String, Int32) {
        switch error {
        case let error as LedgerError: return (error.description, error.kind.rawValue)
        case let error as ImportError: return (error.description, error.kind.rawValue)
        case let error as KeyStoreError: return (error.description, error.kind.rawValue)
        case let error as Events.ValidationError: return (error.description, FailureKind.badData.rawValue)
        case let error as InputError: return (error.description, error.code)
        default: return ("\(error)", FailureKind.badData.rawValue)
        }
    }
}

/// A problem with a command's input that is not a ledger error.
struct InputError: Error, CustomStringConvertible {
    let description: String
    let code: Int32

    static func usage(_ message: String) -> InputError { InputError(description: message, code: 64) }
    static func badData(_ message: String) -> InputError { InputError(description: message, code: 65) }
    static func missing(_ message: String) -> InputError { InputError(description: message, code: 66) }
}

/// JSON output helpers for `--json`.
enum JSONOutput {
    static func line(_ builder: JSONObjectBuilder) -> String { JSONWriter.string(builder.value) }
    static func base64(_ bytes: [UInt8]) -> String { Data(bytes).base64EncodedString() }
    static func hex(_ bytes: [UInt8]) -> String { bytes.map { String(format: "%02x", $0) }.joined() }
}

extension JSONObjectBuilder {
    /// The object as one line of JSON.
    var text: String { JSONWriter.string(value) }
}

/// The documented clock override: only `demo` (and tests through it) sets it, for the commands it
/// runs itself, so the events they append continue the demo's simulated 2020 timeline. It is
/// task-local, never read from the environment, and the ledger still keeps `recorded_at`
/// monotonic whatever the clock says.
enum ClockOverride {
    @TaskLocal static var current: (any LedgerClock)?
}
