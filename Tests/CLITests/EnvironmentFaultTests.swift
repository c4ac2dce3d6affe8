// Environment faults (issue 9): a damaged or foreign ledger file, a read-only folder, a ledger
// locked by another program, a full disk and broken key files each give a sentence on stderr
// and a sysexits code (DESIGN §6), never a crash or a hang, and leave the data already
// appended intact and verifiable.
import Crypto
import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

@Suite("Environment faults")
struct EnvironmentFaultTests {
    /// Expects `result` to be a clean failure: see ``CleanFailure``.
    static func expectCleanFailure(_ result: CLIResult, allowing allowed: Set<Int32> = CleanFailure.codes, _ context: String = "", sourceLocation: SourceLocation = #_sourceLocation) {
        let problems = CleanFailure.problems(result, allowing: allowed)
        #expect(problems.isEmpty, "\(context) \(problems.joined(separator: "; ")):\n\(result)", sourceLocation: sourceLocation)
    }

    /// A ledger of a few thousand events, closed (its WAL merged), at `name`.
    static func populatedLedger(_ sandbox: CLISandbox, events: Int = 2_000) throws -> Int {
        try sandbox.initLedger()
        try InterchangeGenerator.write(to: sandbox.path("base.jsonl"), count: events, seed: 77, prefix: "env", judgments: true)
        try sandbox.succeed(["import", "base.jsonl", "--as", "alice"])
        return try #require(try sandbox.verifyReport().events)
    }

    /// Every command that opens a ledger, reading or writing.
    static func commandsOn(_ ledger: String) -> [[String]] {
        [
            ["log", "--json"], ["log"], ["verify"], ["verify", "--json"], ["checkpoint"], ["replay"], ["reviewer", "list"],
            ["prove", "inclusion", "10"], ["audit", "account", "twitter:env_acct0"], ["import", "small.jsonl"],
            ["observe", "twitter:424242", "--account", "twitter:env_acct0", "--url", "https://twitter.com/env_acct0/status/424242",
             "--posted-at", "2020-03-12T14:03:00Z", "--kind", "original", "--as", "alice"],
        ].map { $0 + ["--ledger", ledger] }
    }

    // MARK: damaged and foreign files

    @Test("a ledger with random bytes written over its middle, or cut short, gives clear errors and never a crash; verify exits non-zero")
    func corruptedLedger() throws {
        let sandbox = try CLISandbox()
        _ = try Self.populatedLedger(sandbox)
        try InterchangeGenerator.write(to: sandbox.path("small.jsonl"), count: 20, seed: 78, prefix: "small")
        let original = try sandbox.read("factledger.db")
        let wal = FileManager.default.contents(atPath: sandbox.ledgerPath + "-wal") ?? Data()
        #expect(wal.isEmpty, "the ledger is closed, its WAL merged")
        var random = SeededGenerator(seed: Soak.seed)
        var damages: [(String, Data)] = []
        for fraction in [0.3, 0.5, 0.7] {
            var bytes = original
            let length = 16_384
            let start = Int(Double(bytes.count) * fraction) & ~0xFFF
            for index in start..<min(start + length, bytes.count) { bytes[index] = UInt8.random(in: 0...255, using: &random) }
            damages.append(("16 KB of random bytes at \(Int(fraction * 100))%", bytes))
        }
        damages.append(("the file cut to half its size", original.prefix(original.count / 2)))
        damages.append(("the file cut inside its first page", original.prefix(1000)))

        for (damage, bytes) in damages {
            try bytes.write(to: URL(fileURLWithPath: sandbox.path("damaged.db")))
            for command in Self.commandsOn("damaged.db") {
                let result = try sandbox.run(command, timeout: 120)
                let isVerify = command.first == "verify"
                if result.exitCode == 0 && !isVerify { continue }  // a read that never touched the damaged pages
                Self.expectCleanFailure(result, "\(damage):")
                #expect(!result.stderr.contains("while executing"), "the message is for a person, not the failing SQL: \(damage): \(result)")
                if isVerify { #expect(result.exitCode == 1, "verify reports \(damage) as a damaged ledger (exit 1), naming where: \(result)") }
            }
            sandbox.removeLedger("damaged.db")
        }
    }

    @Test("a directory, /dev/null or a FIFO given as --ledger is refused with a clear error, without hanging")
    func notAFile() throws {
        let sandbox = try CLISandbox()
        try FileManager.default.createDirectory(atPath: sandbox.path("folder.db"), withIntermediateDirectories: true)
        #expect(mkfifo(sandbox.path("pipe.db"), 0o600) == 0)
        try sandbox.write("small.jsonl", "\n")
        for ledger in [sandbox.path("folder.db"), "/dev/null", sandbox.path("pipe.db")] {
            // One command for the FIFO: each hang costs the whole timeout.
            for command in ledger.hasSuffix("pipe.db") ? [["verify"]] : [["log"], ["verify"], ["import", "small.jsonl"]] {
                let result = try sandbox.run(command + ["--ledger", ledger], timeout: 8)
                Self.expectCleanFailure(result, allowing: [64, 65, 66, 73], "--ledger \(ledger):")
                #expect(result.stderr.contains(ledger), "the message names \(ledger): \(result)")
            }
        }
    }

    @Test("init where the ledger's parent is a file exits 73 naming the path")
    func parentIsAFile() throws {
        let sandbox = try CLISandbox()
        try sandbox.write("plain-file", "not a folder\n")
        let result = try sandbox.run(["init", "--org", "Desk", "--ledger", "plain-file/ledger.db"])
        Self.expectCleanFailure(result, allowing: [73])
        #expect(result.stderr.contains("plain-file/ledger.db"), "\(result)")
    }

    // MARK: permissions

    /// Runs `factledger arguments` in `folder` as an unprivileged user (when the tests run as root).
    static func runUnprivileged(_ sandbox: CLISandbox, in folder: String, _ arguments: [String]) throws -> CLIResult {
        let binary = try CLIRunner.binary.get().path
        let command = ([binary] + arguments).map(ShellQuote.quote).joined(separator: " ")
        if Privilege.isRoot, let setpriv = Privilege.setpriv {
            return try sandbox.shell("cd \(ShellQuote.quote(folder)) && exec \(ShellQuote.quote(setpriv.path)) --reuid=\(Privilege.nobody.uid) --regid=\(Privilege.nobody.gid) --clear-groups \(command)")
        }
        return try sandbox.shell("cd \(ShellQuote.quote(folder)) && exec \(command)")
    }

    /// A folder with mode 0555 owned by root, and a key folder the unprivileged user may write.
    static func readOnlySetup(_ sandbox: CLISandbox) throws -> String {
        let folder = sandbox.path("read-only")
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        if Privilege.isRoot {
            // nobody must reach the sandbox and write its key folder.
            for path in [sandbox.directory.deletingLastPathComponent().path, sandbox.directory.path] { chmod(path, 0o755) }
            try FileManager.default.createDirectory(at: sandbox.configHome, withIntermediateDirectories: true)
            chown(sandbox.configHome.path, Privilege.nobody.uid, Privilege.nobody.gid)
        }
        return folder
    }

    @Test("init in a read-only folder exits 73 with a message naming the ledger", .enabled(if: Privilege.canDropPermissions, "running as root without setpriv: root ignores folder modes"))
    func readOnlyFolderInit() throws {
        let sandbox = try CLISandbox()
        let folder = try Self.readOnlySetup(sandbox)
        #expect(chmod(folder, 0o555) == 0)
        defer { chmod(folder, 0o755) }
        let result = try Self.runUnprivileged(sandbox, in: folder, ["init", "--org", "Read Only Desk"])
        Self.expectCleanFailure(result, allowing: [73])
        #expect(result.stderr.contains("cannot create"), "\(result)")
        #expect(result.stderr.contains("factledger.db"), "\(result)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder).isEmpty, "nothing is left in the folder")
    }

    @Test("a ledger in a read-only folder can still be read and verified (an auditor's copy on read-only media)", .enabled(if: Privilege.canDropPermissions, "running as root without setpriv: root ignores folder modes"))
    func readOnlyFolderVerify() throws {
        let sandbox = try CLISandbox()
        let folder = try Self.readOnlySetup(sandbox)
        try sandbox.initLedger(ledger: "read-only/factledger.db")
        #expect(chmod(folder, 0o555) == 0)
        defer { chmod(folder, 0o755) }
        for command in [["verify"], ["log", "--json"]] {
            let result = try Self.runUnprivileged(sandbox, in: folder, command)
            #expect(result.exitCode == 0, "reading needs no write access: \(result)")
        }
        let write = try Self.runUnprivileged(sandbox, in: folder, ["reviewer", "add", "bob", "--name", "Bob", "--as", "alice"])
        Self.expectCleanFailure(write, allowing: [65, 66, 73, 74], "a write to a read-only ledger:")
    }

    // MARK: locks

    @Test("a ledger locked by another program gives exit 75 after --busy-timeout with a clear message; reads still work", .enabled(if: SQLiteTool.isAvailable, "needs the sqlite3 tool"))
    func lockedByAnotherProcess() throws {
        let sandbox = try CLISandbox()
        let before = try Self.populatedLedger(sandbox, events: 200)
        try InterchangeGenerator.write(to: sandbox.path("small.jsonl"), count: 20, seed: 79, prefix: "locked")
        let holder = try SQLiteTool.hold("BEGIN IMMEDIATE;", ledger: "factledger.db", in: sandbox)
        defer { holder.killNow() }

        let writes: [[String]] = [
            ["import", "small.jsonl", "--busy-timeout", "300"],
            ["observe", "twitter:515151", "--account", "twitter:env_acct0", "--url", "https://twitter.com/env_acct0/status/515151",
             "--posted-at", "2020-03-12T14:03:00Z", "--kind", "original", "--as", "alice", "--busy-timeout", "300"],
            ["reviewer", "add", "bob", "--name", "Bob Lee", "--as", "alice", "--busy-timeout", "300"],
        ]
        for command in writes {
            let started = Date()
            let result = try sandbox.run(command, timeout: 60)
            let elapsed = Date().timeIntervalSince(started)
            Self.expectCleanFailure(result, allowing: [75])
            #expect(result.stderr.contains("locked") && result.stderr.contains("300 ms") && result.stderr.contains("--busy-timeout"), "\(result)")
            #expect(elapsed < 10, "gave up after about the busy timeout, not \(elapsed) s")
        }
        for command in [["log", "--json"], ["verify"]] {
            let result = try sandbox.run(command + ["--busy-timeout", "300"], timeout: 60)
            #expect(result.exitCode == 0, "a reader is not blocked by another writer (WAL): \(result)")
        }
        holder.killNow()
        let appended = try #require(try sandbox.succeed(["import", "small.jsonl", "--json"]).jsonObject()["appended"] as? Int)
        #expect(try sandbox.verifyReport().events == before + appended)
    }

    @Test("a second factledger import holding the lock makes a short --busy-timeout exit 75")
    func lockedByAnotherImport() throws {
        let sandbox = try CLISandbox()
        try sandbox.initLedger()
        try sandbox.succeed(["generate", "--events", "20000", "--observations-only", "--prefix", "holder", "--out", "big.jsonl"])
        try sandbox.succeed(["generate", "--events", "20", "--observations-only", "--prefix", "waiter", "--out", "small.jsonl"])
        let holder = try KillableCommand(sandbox: sandbox, arguments: ["import", "big.jsonl", "--json"])
        // Try until one attempt meets the lock (or the holder is done): each either gets in (0) or
        // gives up after 1 ms (75). The holder keeps the lock for seconds, so some attempt meets it.
        var busy: CLIResult?
        var attempts = 0
        while busy == nil, attempts < 200 {
            attempts += 1
            let waiter = try sandbox.run(["import", "small.jsonl", "--busy-timeout", "1"], timeout: 60)
            if waiter.exitCode == 75 { busy = waiter; break }
            #expect(waiter.exitCode == 0, "an attempt either gets in or is busy: \(waiter)")
            if waiter.exitCode != 0 { break }
        }
        let ending = holder.wait(timeout: 300)
        #expect(ending.exitedByItself && ending.status == 0, "the holding import was not disturbed")
        let waiter = try #require(busy, "one of \(attempts) attempts met the lock of the running import")
        Self.expectCleanFailure(waiter, allowing: [75], "while another import held the lock:")
        #expect(waiter.stderr.contains("locked") && waiter.stderr.contains("--busy-timeout"), "\(waiter)")
        #expect(try sandbox.run(["verify"], timeout: 120).exitCode == 0)
    }

    // MARK: a full disk

    /// Whether `ulimit -f` works here.
    static let fileSizeLimitWorks: Bool = {
        let probe = Process()
        probe.executableURL = URL(fileURLWithPath: "/bin/bash")
        probe.arguments = ["-c", "ulimit -f 64"]
        probe.standardOutput = FileHandle.nullDevice
        probe.standardError = FileHandle.nullDevice
        guard (try? probe.run()) != nil else { return false }
        probe.waitUntilExit()
        return probe.terminationStatus == 0
    }()

    /// `env` with `--default-signal`/`--ignore-signal` (GNU coreutils 8.31+): a signal the test
    /// runner ignores stays ignored through bash (POSIX), so the disposition is set explicitly.
    static let envSetsSignals: Bool = {
        let probe = Process()
        probe.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        probe.arguments = ["--default-signal=XFSZ", "true"]
        probe.standardOutput = FileHandle.nullDevice
        probe.standardError = FileHandle.nullDevice
        guard (try? probe.run()) != nil else { return false }
        probe.waitUntilExit()
        return probe.terminationStatus == 0
    }()

    /// `exec` with SIGXFSZ at its default (the process dies) or ignored (writes fail with EFBIG).
    static func execWithXFSZ(ignored: Bool) -> String {
        guard envSetsSignals else { return ignored ? "trap '' XFSZ; exec" : "exec" }
        return "exec /usr/bin/env --\(ignored ? "ignore" : "default")-signal=XFSZ"
    }

    /// A ledger with data already in it, a large import waiting, and the ledger's size.
    static func fullDiskSetup(_ sandbox: CLISandbox) throws -> Int {
        try sandbox.initLedger()
        try sandbox.succeed(["generate", "--events", "300", "--seed", "2", "--prefix", "early", "--out", "early.jsonl"])
        try sandbox.succeed(["import", "early.jsonl", "--as", "alice"])
        try sandbox.succeed(["generate", "--events", "4000", "--observations-only", "--prefix", "full", "--out", "big.jsonl"])
        return try #require(try sandbox.verifyReport().events)
    }

    @Test("a file-size limit (ulimit -f) during an import gives a clear error, not a death by SIGXFSZ, and the ledger still verifies",
          .enabled(if: EnvironmentFaultTests.fileSizeLimitWorks, "this platform does not allow ulimit -f"))
    func fileSizeLimit() throws {
        let sandbox = try CLISandbox()
        let before = try Self.fullDiskSetup(sandbox)
        let size = try #require(((try FileManager.default.attributesOfItem(atPath: sandbox.ledgerPath))[.size] as? Int))
        let limitKB = size / 1024 + 256
        let result = try sandbox.shell("ulimit -f \(limitKB) && \(Self.execWithXFSZ(ignored: false)) \"$FACTLEDGER\" import big.jsonl", timeout: 300)
        Self.expectCleanFailure(result, allowing: [73, 74], "with ulimit -f \(limitKB):")
        let report = try sandbox.verifyReport()
        #expect(report.result.exitCode == 0 && report.events == before, "the ledger verifies with nothing appended: \(report.result)")
    }

    @Test("with SIGXFSZ ignored, a file-size limit reports that the ledger could not grow (exit 74) in plain words",
          .enabled(if: EnvironmentFaultTests.fileSizeLimitWorks, "this platform does not allow ulimit -f"))
    func fileSizeLimitMessage() throws {
        let sandbox = try CLISandbox()
        let before = try Self.fullDiskSetup(sandbox)
        let size = try #require(((try FileManager.default.attributesOfItem(atPath: sandbox.ledgerPath))[.size] as? Int))
        let limitKB = size / 1024 + 256
        let result = try sandbox.shell("ulimit -f \(limitKB) && \(Self.execWithXFSZ(ignored: true)) \"$FACTLEDGER\" import big.jsonl", timeout: 300)
        Self.expectCleanFailure(result, allowing: [74], "with ulimit -f \(limitKB):")
        let message = result.stderr.lowercased()
        #expect(message.contains("full") || message.contains("limit") || message.contains("space"), "the message says the disk or file-size limit is reached: \(result)")
        #expect(!result.stderr.contains("INSERT INTO"), "the message is for a person, not SQL: \(result)")
        #expect(try sandbox.verifyReport().events == before)
        // Once there is room again, the same import succeeds.
        try sandbox.succeed(["import", "big.jsonl"], timeout: 300)
    }

    /// Whether a private mount namespace with a small tmpfs can be made (root or user namespaces).
    static let smallFileSystemWorks: Bool = {
        guard let unshare = ExternalTool.find("unshare", preferring: "/usr/bin/unshare") else { return false }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("factledger-tmpfs-probe-\(UUID().uuidString)")
        try? FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let probe = Process()
        probe.executableURL = unshare
        probe.arguments = ["-m", "/bin/sh", "-c", "mount -t tmpfs -o size=64k none \(ShellQuote.quote(folder.path))"]
        probe.standardOutput = FileHandle.nullDevice
        probe.standardError = FileHandle.nullDevice
        guard (try? probe.run()) != nil else { return false }
        probe.waitUntilExit()
        return probe.terminationStatus == 0
    }()

    @Test("a full file system (a small tmpfs) gives exit 74 saying the disk is full, and the ledger still verifies",
          .enabled(if: EnvironmentFaultTests.smallFileSystemWorks, "cannot mount a small tmpfs here (needs unshare -m with mount rights)"))
    func smallFileSystem() throws {
        let sandbox = try CLISandbox()
        _ = try Self.fullDiskSetup(sandbox)
        try FileManager.default.createDirectory(atPath: sandbox.path("small-fs"), withIntermediateDirectories: true)
        let size = try #require(((try FileManager.default.attributesOfItem(atPath: sandbox.ledgerPath))[.size] as? Int))
        let script = """
            mount -t tmpfs -o size=\(size / 1024 + 200)k none small-fs || exit 99
            cp factledger.db small-fs/ || exit 98
            "$FACTLEDGER" import big.jsonl --ledger small-fs/factledger.db; echo "import=$?"
            "$FACTLEDGER" verify --json --ledger small-fs/factledger.db; echo "verify=$?"
            """
        let result = try sandbox.shell("exec unshare -m /bin/bash -c \(ShellQuote.quote(script))", timeout: 300)
        #expect(result.stdout.contains("import=74"), "the import exits 74: \(result)")
        #expect(result.stderr.contains("full"), "and says the disk is full: \(result)")
        #expect(result.stdout.contains("verify=0") && result.stdout.contains(#""intact":true"#), "the ledger still verifies: \(result)")
    }

    // MARK: keys

    static let insecureModes: [UInt16] = [0o644, 0o604, 0o640, 0o660, 0o606, 0o666]

    @Test("a private key readable or writable by group or others is refused for every signing command", arguments: insecureModes)
    func insecureKeyMode(_ mode: UInt16) throws {
        let sandbox = try CLISandbox()
        let before = try Self.populatedLedger(sandbox, events: 60)
        try InterchangeGenerator.write(to: sandbox.path("judged.jsonl"), count: 60, seed: 81, prefix: "judged", judgments: true)
        let key = sandbox.keysFolder.appendingPathComponent("reviewer-alice.pem").path
        #expect(chmod(key, mode_t(mode)) == 0)
        for command in [
            ["import", "judged.jsonl", "--as", "alice"],
            ["observe", "twitter:616161", "--account", "twitter:env_acct0", "--url", "https://twitter.com/env_acct0/status/616161",
             "--posted-at", "2020-03-12T14:03:00Z", "--kind", "original", "--as", "alice"],
            ["reviewer", "add", "bob", "--name", "Bob Lee", "--as", "alice"],
        ] {
            let result = try sandbox.run(command)
            Self.expectCleanFailure(result, allowing: [65], "mode \(String(mode, radix: 8)):")
            #expect(result.stderr.contains("chmod 600") && result.stderr.contains(key), "\(result)")
        }
        #expect(try sandbox.verifyReport().events == before, "nothing was appended")
    }

    /// A key file that is not an Ed25519 PKCS#8 PEM private key.
    struct BrokenKey: CustomTestStringConvertible, Sendable {
        let name: String
        let bytes: [UInt8]
        var testDescription: String { name }
    }

    static let brokenKeys: [BrokenKey] = [
        BrokenKey(name: "an empty file", bytes: []),
        BrokenKey(name: "text that is not PEM", bytes: Array("my password is hunter2\n".utf8)),
        BrokenKey(name: "binary bytes that are not UTF-8", bytes: [0xFF, 0xFE, 0x00, 0x9F, 0x80, 0xC0]),
        BrokenKey(name: "a PEM cut in half", bytes: Array("-----BEGIN PRIVATE KEY-----\nMC4CAQAwBQYDK2VwBCIEI".utf8)),
        BrokenKey(name: "a PEM with a corrupt body", bytes: Array("-----BEGIN PRIVATE KEY-----\nMC4DAQAwBQYDK2VwBCIEIG9wd5Tm0e162OFbX4N7wLfNGVwvLFFTlr6TUS79Tau3\n-----END PRIVATE KEY-----\n".utf8)),
        BrokenKey(name: "a P-256 key instead of Ed25519", bytes: Array(P256.Signing.PrivateKey().pemRepresentation.utf8)),
        BrokenKey(name: "an Ed25519 public key instead of a private one", bytes: Array((
            "-----BEGIN PUBLIC KEY-----\n"
                + Data([0x30, 0x2A, 0x30, 0x05, 0x06, 0x03, 0x2B, 0x65, 0x70, 0x03, 0x21, 0x00] + Curve25519.Signing.PrivateKey().publicKey.rawRepresentation).base64EncodedString()
                + "\n-----END PUBLIC KEY-----\n").utf8)),
        BrokenKey(name: "a 1 MB file of zeros", bytes: [UInt8](repeating: 0, count: 1 << 20)),
    ]

    @Test("a key file that does not parse gives a clear error naming the file, and nothing is appended", arguments: brokenKeys)
    func unparsableKey(_ broken: BrokenKey) throws {
        let sandbox = try CLISandbox()
        let before = try Self.populatedLedger(sandbox, events: 60)
        let key = sandbox.keysFolder.appendingPathComponent("reviewer-alice.pem").path
        try FileManager.default.removeItem(atPath: key)
        try Data(broken.bytes).write(to: URL(fileURLWithPath: key))
        #expect(chmod(key, 0o600) == 0)
        for command in [
            ["observe", "twitter:717171", "--account", "twitter:env_acct0", "--url", "https://twitter.com/env_acct0/status/717171",
             "--posted-at", "2020-03-12T14:03:00Z", "--kind", "original", "--as", "alice"],
            ["reviewer", "add", "bob", "--name", "Bob Lee", "--as", "alice"],
            ["init", "--org", "Second Desk", "--admin", "alice", "--ledger", "second.db"],
        ] {
            let result = try sandbox.run(command)
            Self.expectCleanFailure(result, allowing: [65, 73], "\(broken.name):")
            #expect(result.stderr.contains(key), "the message names the key file: \(result)")
            #expect(result.stderr.contains("Ed25519"), "the message says what a key file must hold: \(result)")
        }
        #expect(try sandbox.verifyReport().events == before, "nothing was appended")
        #expect(!FileManager.default.fileExists(atPath: sandbox.path("second.db")), "no ledger was created with a broken admin key")
    }
}
