// Support for the reliability suites (crash, concurrency, hostile data, environment faults):
// a process that can be killed with SIGKILL, the ledger size as `verify --json` reports it,
// shell and privilege helpers, and the soak switch. CLIRunner.swift stays untouched.
import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Longer runs of the reliability suites.
///
/// `FACTLEDGER_SOAK=1 swift test --filter 'CrashSafety|ConcurrencyMix'` runs 20 kills (or
/// `FACTLEDGER_SOAK_KILLS`) over a larger file and more concurrent rounds. Off by default, so
/// `swift test` stays sized for CI.
enum Soak {
    static var isEnabled: Bool { ProcessInfo.processInfo.environment["FACTLEDGER_SOAK"] == "1" }

    /// An integer from the environment, or `fallback`.
    static func number(_ name: String, default fallback: Int) -> Int {
        ProcessInfo.processInfo.environment[name].flatMap { Int($0) }.flatMap { $0 > 0 ? $0 : nil } ?? fallback
    }

    /// A seed from `FACTLEDGER_SOAK_SEED`, else one per run in soak mode, else fixed, so CI
    /// failures reproduce and soak runs explore.
    static var seed: UInt64 {
        if let given = ProcessInfo.processInfo.environment["FACTLEDGER_SOAK_SEED"].flatMap({ UInt64($0) }) { return given }
        return isEnabled ? UInt64(UInt32.random(in: 1...UInt32.max)) : 20_260_509
    }
}

/// A process whose pid is known, so a test can SIGKILL it at a chosen moment.
final class KillableCommand {
    private let process = Process()
    private let finished = DispatchSemaphore(value: 0)

    /// Keeps the write end of stdin open, when the process reads its commands from a pipe.
    private let input: Pipe?

    /// Starts `factledger` (or `executable`) with `arguments` in the sandbox. With `input`, stdin is
    /// a pipe that receives `input` and then stays open, so the process waits for more.
    init(sandbox: CLISandbox, arguments: [String], executable: URL? = nil, input text: String? = nil) throws {
        process.executableURL = try executable ?? CLIRunner.binary.get()
        process.arguments = arguments
        process.currentDirectoryURL = sandbox.directory
        process.environment = sandbox.environment([:])
        if let text {
            let pipe = Pipe()
            process.standardInput = pipe
            input = pipe
            pipe.fileHandleForWriting.write(Data(text.utf8))
        } else {
            process.standardInput = FileHandle.nullDevice
            input = nil
        }
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        let finished = self.finished
        process.terminationHandler = { _ in finished.signal() }
        try process.run()
    }

    /// Sends SIGKILL now and waits for the process to end. Returns true when it had already
    /// exited by itself (with status 0) before the signal.
    /// Calling it again returns the first ending.
    @discardableResult
    func killNow() -> (exitedByItself: Bool, status: Int32) {
        if let ending { return ending }
        defer { try? input?.fileHandleForWriting.close() }
        if finished.wait(timeout: .now()) != .success {
            kill(process.processIdentifier, SIGKILL)
            finished.wait()
        }
        let result = (process.terminationReason == .exit, process.terminationStatus)
        ending = result
        return result
    }

    private var ending: (exitedByItself: Bool, status: Int32)?

    /// Waits up to `timeout` seconds for the process to end by itself, then kills it.
    @discardableResult
    func wait(timeout: TimeInterval) -> (exitedByItself: Bool, status: Int32) {
        if ending == nil, finished.wait(timeout: .now() + timeout) == .success {
            finished.signal()  // killNow sees that it has ended
        }
        return killNow()
    }
}

extension CLISandbox {
    /// `verify --json` on `ledger`: the result and the number of events it checked.
    func verifyReport(ledger: String? = nil, timeout: TimeInterval = 120) throws -> (result: CLIResult, events: Int?, intact: Bool) {
        let result = try run(["verify", "--json"] + (ledger.map { ["--ledger", $0] } ?? []), timeout: timeout)
        guard result.exitCode == 0 || result.exitCode == 1, let object = try? result.jsonObject() else { return (result, nil, false) }
        return (result, object["events"] as? Int, object["intact"] as? Bool ?? false)
    }

    /// Copies the closed ledger `from` (and any -wal/-shm beside it) to `to`, replacing `to`.
    func copyLedger(from source: String, to target: String) throws {
        let files = FileManager.default
        for suffix in ["", "-wal", "-shm"] {
            let destination = path(target) + suffix
            if files.fileExists(atPath: destination) { try files.removeItem(atPath: destination) }
            if files.fileExists(atPath: path(source) + suffix) { try files.copyItem(atPath: path(source) + suffix, toPath: destination) }
        }
    }

    /// Removes a ledger and its -wal/-shm.
    func removeLedger(_ name: String) {
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path(name) + suffix) }
    }

    /// Runs `script` with `bash -c` in the sandbox; `$FACTLEDGER` names the binary under test.
    func shell(_ script: String, timeout: TimeInterval = 120) throws -> CLIResult {
        let binary = try CLIRunner.binary.get().path
        return try runTool(URL(fileURLWithPath: "/bin/bash"), ["-c", "export FACTLEDGER=\(ShellQuote.quote(binary)); \(script)"], timeout: timeout)
    }

    /// The bytes of every file in the sandbox's work folder (ledger, -wal, -shm, inputs, outputs).
    func workFiles() throws -> [(name: String, bytes: [UInt8])] {
        let names = try FileManager.default.subpathsOfDirectory(atPath: directory.path)
        return names.sorted().compactMap { name in
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path(name), isDirectory: &isDirectory), !isDirectory.boolValue,
                  let data = FileManager.default.contents(atPath: path(name)) else { return nil }
            return (name, [UInt8](data))
        }
    }
}

/// The sqlite3 command-line tool, used as another program holding the ledger open.
enum SQLiteTool {
    static let url = ExternalTool.find("sqlite3", preferring: "/usr/bin/sqlite3")
    static var isAvailable: Bool { url != nil }

    /// Starts `sqlite3 ledger` running `statements`, then touching a flag file and waiting on its
    /// open stdin, so the transaction they open stays open until ``KillableCommand/killNow()``.
    /// Returns once the flag exists. (No `sleep` child: Foundation reports a process ended only
    /// when its children have too.)
    static func hold(_ statements: String, ledger: String, in sandbox: CLISandbox) throws -> KillableCommand {
        let tool = try #require(url, "sqlite3 is not installed")
        let flag = sandbox.path("holder-\(UUID().uuidString).flag")
        let holder = try KillableCommand(sandbox: sandbox, arguments: [sandbox.path(ledger)], executable: tool,
                                         input: "\(statements)\n.shell touch \(ShellQuote.quote(flag))\n")
        let deadline = Date().addingTimeInterval(30)
        while !FileManager.default.fileExists(atPath: flag) {
            guard Date() < deadline else {
                holder.killNow()
                throw CLIFailure(description: "sqlite3 did not take hold of \(ledger) within 30 s")
            }
            Thread.sleep(forTimeInterval: 0.02)
        }
        return holder
    }
}

/// Quoting for bash.
enum ShellQuote {
    static func quote(_ text: String) -> String { "'" + text.replacingOccurrences(of: "'", with: #"'\''"#) + "'" }
}

/// What a failure must look like from the outside: an exit (not a signal), a sysexits code,
/// and a sentence on stderr, never a Swift trap or stack dump.
enum CleanFailure {
    /// The codes DESIGN §6 allows for a failing command (1 only from `verify`), plus 74 for I/O.
    static let codes: Set<Int32> = [1, 64, 65, 66, 73, 74, 75]

    /// Problems with `result` as a clean failure; empty when it is one.
    static func problems(_ result: CLIResult, allowing allowed: Set<Int32> = codes) -> [String] {
        var problems: [String] = []
        if result.timedOut { problems.append("it hung (timed out)") }
        if result.crashed { problems.append("it died by signal \(result.exitCode)") }
        if !result.crashed && result.exitCode >= 128 { problems.append("exit \(result.exitCode) looks like a signal") }
        if !result.crashed && !result.timedOut && !allowed.contains(result.exitCode) {
            problems.append("exit \(result.exitCode) is not one of \(allowed.sorted())")
        }
        if !result.stderr.contains("error") && !result.stderr.contains("✗") && !result.stdout.contains("✗") {
            problems.append("no message on stderr")
        }
        for trap in ["Fatal error", "Stack dump", "Illegal instruction", "Segmentation fault", "SQLITE_", "Swift runtime failure"]
        where result.stderr.contains(trap) {
            problems.append("stderr shows \(trap)")
        }
        return problems
    }
}

/// Running a command as an unprivileged user, for permission faults when the tests run as root
/// (root ignores directory modes).
enum Privilege {
    static var isRoot: Bool { geteuid() == 0 }

    /// `setpriv`, which can drop root to `nobody` for one command.
    static let setpriv = ExternalTool.find("setpriv", preferring: "/usr/bin/setpriv")

    /// The uid/gid of `nobody`.
    static let nobody: (uid: UInt32, gid: UInt32) = (65534, 65534)

    /// Whether permission faults can be produced here: as a normal user, or as root with setpriv.
    static var canDropPermissions: Bool { !isRoot || setpriv != nil }
}
