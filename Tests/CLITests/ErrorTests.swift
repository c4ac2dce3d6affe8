// Exit codes and messages (DESIGN §6): 64 usage, 65 bad data, 66 missing input, 73 cannot
// create; every failure leaves the ledger as it was and tells the person what to do.
import Foundation
import Testing

@Suite("CLI errors and exit codes")
struct ErrorTests {
    @Test("an unknown option or subcommand exits 64 and names it")
    func unknownOption() throws {
        let sandbox = try CLISandbox()
        for arguments in [["--frobnicate"], ["log", "--frobnicate"], ["prove", "inclusion", "1", "--frobnicate"]] {
            let result = try sandbox.run(arguments)
            #expect(result.exitCode == 64, "\(result)")
            #expect(result.stderr.contains("--frobnicate"), "\(result)")
        }
        let unknownCommand = try sandbox.run(["frobnicate"])
        #expect(unknownCommand.exitCode == 64, "\(unknownCommand)")
        #expect(unknownCommand.stderr.contains("frobnicate"), "\(unknownCommand)")
        let notANumber = try sandbox.run(["prove", "inclusion", "seven"])
        #expect(notANumber.exitCode == 64, "\(notANumber)")
    }

    @Test("a missing ledger exits 66 with a message naming the path, and creates nothing")
    func missingLedger() throws {
        let sandbox = try CLISandbox()
        let byDefault = try sandbox.run(["log"])
        #expect(byDefault.exitCode == 66, "\(byDefault)")
        #expect(byDefault.stderr.contains("factledger.db"), "\(byDefault)")
        #expect(byDefault.stderr.contains("init"), "the message says how to create one: \(byDefault)")

        let missing = sandbox.path("archive/2020.db")
        for command in [["verify"], ["log", "--json"], ["checkpoint"], ["ledger-key"], ["import", "x.jsonl"]] {
            if command == ["import", "x.jsonl"] { try sandbox.write("x.jsonl", "\n") }
            let result = try sandbox.run(command + ["--ledger", missing])
            #expect(result.exitCode == 66, "\(result)")
            #expect(result.stderr.contains(missing), "the message names \(missing): \(result)")
        }
        let fromEnvironment = try sandbox.run(["verify"], environment: ["FACTLEDGER_LEDGER": sandbox.path("env.db")])
        #expect(fromEnvironment.exitCode == 66, "\(fromEnvironment)")
        #expect(fromEnvironment.stderr.contains(sandbox.path("env.db")), "\(fromEnvironment)")
        for path in [sandbox.ledgerPath, missing, sandbox.path("env.db")] {
            #expect(!FileManager.default.fileExists(atPath: path), "\(path) was created by a command that only reads")
        }
    }

    @Test("importing a file that does not exist exits 66 and names the file")
    func importMissingFile() throws {
        let sandbox = try CLISandbox()
        try sandbox.initLedger()
        let result = try sandbox.run(["import", "no-such-file.jsonl", "--as", "alice"])
        #expect(result.exitCode == 66, "\(result)")
        #expect(result.stderr.contains("no-such-file.jsonl"), "\(result)")
        try FileManager.default.createDirectory(atPath: sandbox.path("a-folder.jsonl"), withIntermediateDirectories: true)
        let folder = try sandbox.run(["import", "a-folder.jsonl"])
        #expect(folder.exitCode == 66, "a folder is not an input file: \(folder)")
    }

    /// A bad line, and the field its error must name.
    struct MalformedLine: CustomTestStringConvertible, Sendable {
        let name: String
        let line: String
        let field: String
        var testDescription: String { name }
    }

    static let malformedLines = [
        MalformedLine(
            name: "a URL that is not a URL",
            line: #"{"type":"PostObserved","data":{"post":"twitter:99","account":"twitter:someone","url":"not a url","posted_at":"2020-03-12T14:03:00Z","kind":"original","text":"x"}}"#,
            field: "data.url"),
        MalformedLine(
            name: "a missing required field",
            line: #"{"type":"AccountRegistered","data":{"account":"twitter:someone","display_name":"Someone","country":"CN"}}"#,
            field: "data.kind"),
        MalformedLine(
            name: "an enum value outside the catalogue",
            line: #"{"type":"OutletRegistered","data":{"domain":"example.org","name":"Example","affiliation":"state_owned"}}"#,
            field: "data.affiliation"),
        MalformedLine(
            name: "a negative engagement count",
            line: #"{"type":"EngagementObserved","data":{"post":"twitter:99","observed_at":"2020-03-13T00:00:00Z","likes":-1,"reposts":0,"replies":0,"quotes":0}}"#,
            field: "data.likes"),
        MalformedLine(name: "broken JSON", line: #"{"type":"PostObserved","data":{"post":"#, field: "JSON"),
    ]

    @Test("a malformed line exits 65, names file:line and the field, and appends nothing", arguments: malformedLines)
    func malformedLine(_ bad: MalformedLine) throws {
        let sandbox = try CLISandbox()
        try sandbox.initLedger()
        let before = try sandbox.eventCount()
        let file = try InterchangeGenerator.write(to: sandbox.path("feed.jsonl"), count: 30, seed: 3, prefix: "malformed")
        var lines = try String(decoding: sandbox.read("feed.jsonl"), as: UTF8.self).split(separator: "\n").map(String.init)
        #expect(lines.count == file.lineCount)
        lines[11] = bad.line
        try sandbox.write("feed.jsonl", lines.joined(separator: "\n") + "\n")
        let result = try sandbox.run(["import", "feed.jsonl"])
        #expect(result.exitCode == 65, "\(result)")
        #expect(result.stderr.contains("feed.jsonl:12"), "the message names file:line: \(result)")
        #expect(result.stderr.contains(bad.field), "the message names \(bad.field): \(result)")
        #expect(try sandbox.eventCount() == before, "a refused import appends nothing")
    }

    @Test("a file with judgments imported without --as is refused before anything is written")
    func judgmentsNeedAs() throws {
        let sandbox = try CLISandbox()
        try sandbox.initLedger()
        let before = try sandbox.eventCount()
        let file = try InterchangeGenerator.write(to: sandbox.path("judged.jsonl"), count: 60, seed: 11, prefix: "judged", judgments: true)
        #expect(file.judgmentCount > 0)
        let result = try sandbox.run(["import", "judged.jsonl"])
        #expect(result.exitCode != 0, "\(result)")
        #expect(result.stderr.contains("--as"), "the message says how to sign: \(result)")
        #expect(try sandbox.eventCount() == before, "not even the observations before the first judgment were written")
        let signed = try sandbox.run(["import", "judged.jsonl"], environment: ["FACTLEDGER_REVIEWER": "alice"])
        #expect(signed.exitCode == 0, "FACTLEDGER_REVIEWER names the signer: \(signed)")
        #expect(try sandbox.eventCount() == before + file.lineCount)
    }

    @Test("init on a path that holds a ledger exits 73 and leaves it intact")
    func initTwice() throws {
        let sandbox = try CLISandbox()
        try sandbox.initLedger()
        try sandbox.initLedger(ledger: "second.db")
        let before = try sandbox.eventCount()
        let ledgerBytes = try sandbox.read("factledger.db")
        for arguments in [["init", "--org", "Again"], ["init", "--org", "Again", "--ledger", "second.db"]] {
            let result = try sandbox.run(arguments)
            #expect(result.exitCode == 73, "\(result)")
            #expect(result.stderr.contains("already exists"), "\(result)")
        }
        #expect(try sandbox.read("factledger.db") == ledgerBytes)
        #expect(try sandbox.eventCount() == before)
        #expect(try sandbox.run(["verify"]).exitCode == 0)
        #expect(try sandbox.run(["verify", "--ledger", "second.db"]).exitCode == 0)
    }

    /// A file that is not a ledger.
    struct ForeignFile: CustomTestStringConvertible, Sendable {
        let name: String
        let bytes: [UInt8]
        var testDescription: String { name }
    }

    static let foreignFiles = [
        ForeignFile(name: "a text file", bytes: Array("These are my notes, not a database.\n".utf8)),
        ForeignFile(name: "random bytes", bytes: (0..<4096).map { UInt8(truncatingIfNeeded: $0 &* 2_654_435_761 >> 7) }),
        ForeignFile(name: "a truncated SQLite header", bytes: Array("SQLite format 3\0".utf8) + [UInt8](repeating: 0x41, count: 84)),
        ForeignFile(name: "an empty file", bytes: []),
    ]

    @Test("--ledger on a file that is not a ledger exits 65 with a clear message and leaves the file alone", arguments: foreignFiles)
    func notALedger(_ foreign: ForeignFile) throws {
        let sandbox = try CLISandbox()
        let path = sandbox.path("notes.db")
        try Data(foreign.bytes).write(to: URL(fileURLWithPath: path))
        for command in [["log"], ["verify"], ["checkpoint"], ["prove", "inclusion", "1"]] {
            let result = try sandbox.run(command + ["--ledger", path])
            #expect(!result.crashed, "\(result)")
            #expect(result.exitCode == 65, "\(result)")
            #expect(result.stderr.contains("not a FactLedger ledger"), "\(result)")
            #expect(result.stderr.contains(path), "\(result)")
        }
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == Data(foreign.bytes), "reading a foreign file must not change it")
    }

    @Test("an SQLite database of another program exits 65 and says it has no FactLedger tables",
          .enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/sqlite3"), "needs the sqlite3 tool at /usr/bin/sqlite3"))
    func foreignSQLite() throws {
        let sandbox = try CLISandbox()
        let created = try sandbox.runTool(URL(fileURLWithPath: "/usr/bin/sqlite3"), [sandbox.path("other.db"), "CREATE TABLE recipes (name TEXT)"])
        try #require(created.exitCode == 0, "\(created)")
        let result = try sandbox.run(["verify", "--ledger", "other.db"])
        #expect(result.exitCode == 65, "\(result)")
        #expect(result.stderr.contains("not a FactLedger ledger"), "\(result)")
    }

    @Test("a key that group or others can read is refused with a chmod 600 hint")
    func insecureKey() throws {
        let sandbox = try CLISandbox()
        try sandbox.initLedger()
        let before = try sandbox.eventCount()
        let keys = try FileManager.default.contentsOfDirectory(atPath: sandbox.keysFolder.path)
        let adminKey = sandbox.keysFolder.appendingPathComponent("reviewer-alice.pem").path
        let ledgerKey = try #require(keys.first { $0.hasPrefix("ledger-") }.map { sandbox.keysFolder.appendingPathComponent($0).path })

        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: adminKey)
        let signing = try sandbox.run(["reviewer", "add", "bob", "--name", "Bob Lee", "--as", "alice"])
        #expect(signing.exitCode != 0, "\(signing)")
        #expect(signing.stderr.contains("chmod 600"), "\(signing)")
        #expect(signing.stderr.contains(adminKey), "the message names the key file: \(signing)")
        #expect(try sandbox.eventCount() == before)

        try FileManager.default.setAttributes([.posixPermissions: 0o640], ofItemAtPath: ledgerKey)
        let checkpoint = try sandbox.run(["checkpoint"])
        #expect(checkpoint.exitCode != 0, "\(checkpoint)")
        #expect(checkpoint.stderr.contains("chmod 600"), "\(checkpoint)")

        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: adminKey)
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: ledgerKey)
        try sandbox.succeed(["reviewer", "add", "bob", "--name", "Bob Lee", "--as", "alice"])
        try sandbox.succeed(["checkpoint"])
    }

    @Test("proofs outside the log are refused with a message that gives the valid range")
    func proveOutOfRange() throws {
        let sandbox = try CLISandbox()
        try sandbox.initLedger()
        let size = try sandbox.eventCount()
        let cases: [[String]] = [
            ["prove", "inclusion", "0"],
            ["prove", "inclusion", String(size + 1)],
            ["prove", "inclusion", "-3"],
            ["prove", "inclusion", "1", "--size", String(size + 10)],
            ["prove", "inclusion", "4", "--size", "3"],
            ["prove", "consistency", "0", String(size)],
            ["prove", "consistency", "3", String(size + 1)],
            ["prove", "consistency", "4", "2"],
        ]
        for arguments in cases {
            let result = try sandbox.run(arguments)
            #expect(result.exitCode != 0, "\(result)")
            #expect(!result.crashed, "\(result)")
            #expect(result.stdout.isEmpty, "no proof is printed: \(result)")
            #expect(result.stderr.lowercased().contains("error"), "a message explains the refusal: \(result)")
        }
        let zero = try sandbox.run(["prove", "inclusion", "0"])
        #expect(zero.stderr.contains("position 0"), "\(zero)")
        #expect(zero.stderr.contains("1 to \(size)"), "the message gives the valid range: \(zero)")
        let beyond = try sandbox.run(["prove", "inclusion", String(size + 1)])
        #expect(beyond.stderr.contains("position \(size + 1)"), "\(beyond)")
        #expect(beyond.stderr.contains("1 to \(size)"), "the message gives the valid range: \(beyond)")
        let consistency = try sandbox.run(["prove", "consistency", "3", String(size + 1)])
        #expect(consistency.stderr.contains("\(size)"), "the message gives the log's size: \(consistency)")
    }

    @Test("reviewer add signed by a non-admin exits 65 and appends nothing")
    func nonAdminCannotRegister() throws {
        let sandbox = try CLISandbox()
        try sandbox.initLedger()
        try sandbox.succeed(["reviewer", "add", "bob", "--name", "Bob Lee", "--role", "checker", "--as", "alice"])
        let before = try sandbox.eventCount()
        let result = try sandbox.run(["reviewer", "add", "carol", "--name", "Carol Diaz", "--as", "bob"])
        #expect(result.exitCode == 65, "\(result)")
        #expect(result.stderr.contains("admin"), "\(result)")
        #expect(try sandbox.eventCount() == before)
        let handles = try sandbox.succeed(["reviewer", "list", "--json"]).jsonLines().compactMap { $0["handle"] as? String }
        #expect(!handles.contains("carol"))
    }

    static let helpCommands: [[String]] = [
        ["init"], ["reviewer", "add"], ["reviewer", "revoke"], ["reviewer", "list"], ["import"], ["log"], ["verify"],
        ["checkpoint"], ["ledger-key"], ["prove", "inclusion"], ["prove", "consistency"],
    ]

    @Test("every command's --help exits 0 and shows an example", arguments: helpCommands)
    func helpHasExample(_ command: [String]) throws {
        let sandbox = try CLISandbox()
        let result = try sandbox.run(command + ["--help"])
        #expect(result.exitCode == 0, "\(result)")
        #expect(result.stdout.contains("Example"), "\(result)")
        #expect(result.stdout.contains("factledger \(command.joined(separator: " "))"), "the example uses the command: \(result)")
    }

    /// Every command with a help page of its own.
    static let allHelpPages: [[String]] = [
        [], ["init"], ["reviewer", "add"], ["reviewer", "revoke"], ["reviewer", "list"], ["import"],
        ["account", "add"], ["outlet", "add"], ["observe"], ["flag"], ["appearance"], ["attribute"], ["verdict"],
        ["review"], ["revise"], ["publish"], ["merge"], ["retract"], ["policy"], ["audit"],
        ["history"], ["scores"], ["board"], ["activity"], ["outlets"], ["trail"], ["diff"],
        ["export", "csv"], ["export", "jsonl"], ["export", "claimreview"], ["export", "site"], ["export", "bundle"],
        ["demo"], ["generate"], ["log"], ["replay"], ["verify"], ["checkpoint"], ["ledger-key"],
        ["prove", "inclusion"], ["prove", "consistency"],
    ]

    @Test("help pages read cleanly at 80 columns: paragraphs are not cut short, examples are not broken")
    func helpPagesReadCleanly() throws {
        let sandbox = try CLISandbox()
        for command in Self.allHelpPages {
            let result = try sandbox.run(command + ["--help"], environment: ["COLUMNS": "80"])
            #expect(result.exitCode == 0, "\(command): \(result)")
            // The text before USAGE is ours; the parser wraps it at 80 columns.
            let lines = result.stdout.components(separatedBy: "\n").prefix { !$0.hasPrefix("USAGE:") }
            var inExample = false
            for (index, line) in lines.enumerated() {
                if line.hasPrefix("Example") { inExample = true; continue }
                if line.isEmpty { inExample = false; continue }
                // An example line the parser had to wrap would continue at column 0.
                if inExample { #expect(line.hasPrefix("  "), "\(command): an example line was broken: \(line)") }
                // A prose line cut well short, with more prose right after it, is a hard line break
                // inside a paragraph (a list item or a line ending in ':' may be short).
                let next = index + 1 < lines.count ? lines[lines.index(lines.startIndex, offsetBy: index + 1)] : ""
                if !inExample, !line.hasPrefix(" "), !line.hasSuffix(":"), line.count < 50,
                   !next.isEmpty, !next.hasPrefix(" "), !line.hasPrefix("OVERVIEW") {
                    Issue.record("\(command): a paragraph breaks early after \"\(line)\"")
                }
            }
        }
    }
}
