// `export bundle`: the audit bundle and its verify.py. A fresh bundle checks OK with only
// Python and `cryptography`; a one-byte change to any event, a removed row, a forged proof or a
// checkpoint from a forked ledger make it fail. Golden files pin the bundle's files.
import Crypto
import Events
import Foundation
import Ledger
import SnapshotTesting
import Testing
@testable import Publishing

/// Runs the bundle's verify.py with the machine's python3, when it has `cryptography`.
enum PythonVerifier {
    static let python: URL? = {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
        return path.split(separator: ":").map { URL(fileURLWithPath: String($0)).appendingPathComponent("python3") }
            .first { FileManager.default.isExecutableFile(atPath: $0.path) }
    }()

    /// Whether python3 and its `cryptography` package are installed.
    static let isAvailable: Bool = {
        guard python != nil else { return false }
        return (try? run(in: FileManager.default.temporaryDirectory, arguments: ["-c", "import cryptography"]).status) == 0
    }()

    static let skipReason: Comment = "verify.py needs python3 with the `cryptography` package (pip install cryptography); skipped"

    /// Runs python3 with `arguments` (default: verify.py) in `directory`.
    static func run(in directory: URL, arguments: [String] = ["verify.py"]) throws -> (status: Int32, output: String) {
        guard let python else { throw CocoaError(.fileNoSuchFile) }
        let process = Process()
        process.executableURL = python
        process.arguments = arguments
        process.currentDirectoryURL = directory
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }
}

@Suite("Audit bundle")
struct AuditBundleTests {
    /// Writes the bundle of `fixture` at its head into `directory/name`.
    private func bundle(_ fixture: PublishingFixture, in directory: URL, name: String = "bundle") throws -> (URL, Publisher.Outcome) {
        let folder = directory.appendingPathComponent(name)
        return (folder, try fixture.publisher().bundle(to: folder.path))
    }

    @Test("the bundle's files are pinned by golden files")
    func golden() throws {
        try withPublishingDirectory { directory in
            let fixture = try PublishingFixture(in: directory.appendingPathComponent("ledger"))
            let (folder, _) = try bundle(fixture, in: directory)
            let names = ["checkpoint.txt", "ledger-key.txt", "events.jsonl", "consistency.json", "SHA256SUMS", "README.txt",
                         "proofs/v-origin-1.json", "proofs/v-origin-2.json", "proofs/v-masks-1.json"]
            for name in names {
                let text = try String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8)
                assertSnapshot(of: text, as: .lines, named: name.replacingOccurrences(of: "/", with: "-"))
            }
            let all = try FileManager.default.subpathsOfDirectory(atPath: folder.path).filter { !$0.hasSuffix("proofs") }.sorted()
            #expect(all == (names + ["verify.py"]).sorted())
            let script = try String(contentsOf: folder.appendingPathComponent("verify.py"), encoding: .utf8)
            #expect(script == VerifyScript.source + "\n")
        }
    }

    @Test("verify.py is under 150 lines and needs only the standard library and cryptography")
    func scriptShape() {
        let lines = VerifyScript.source.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.count < 150)
        let imports = lines.map { $0.trimmingCharacters(in: .whitespaces) }.filter { $0.hasPrefix("import ") || $0.hasPrefix("from ") }
        #expect(imports == ["import base64, hashlib, json, os, sys", "from cryptography.exceptions import InvalidSignature",
                            "from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey"])
    }

    @Test("exporting a bundle records ExportGenerated with the manifest's digest and the checkpoint")
    func recorded() throws {
        try withPublishingDirectory { directory in
            let fixture = try PublishingFixture(in: directory.appendingPathComponent("ledger"))
            let (folder, outcome) = try bundle(fixture, in: directory)
            let manifest = try Data(contentsOf: folder.appendingPathComponent("SHA256SUMS"))
            #expect(outcome.sha256 == PublishedFile.sha256Hex(Array(manifest)))
            // The export recorded before the revision and its publication, three events back.
            #expect(outcome.counts["consistent_from"] == Int(fixture.contentSize) - 3)
            let stored = try #require(try fixture.log.event(at: outcome.record.position))
            let export = try #require(stored.event.payload as? ExportGenerated)
            #expect(export.format == .bundle && export.asOfPosition == fixture.contentSize)
            #expect(export.checkpointRoot == (try fixture.log.head(atSize: fixture.contentSize)).root)
            #expect(export.fileSHA256 == outcome.sha256)
            #expect(stored.event.envelope.author == "ledger" && stored.event.signature != nil)
            #expect(try ExportRecorder.previousExport(in: fixture.log, upTo: fixture.log.size()) == export)
        }
    }

    @Test("a folder holding other files is not replaced")
    func refusesOtherFolders() throws {
        try withPublishingDirectory { directory in
            let fixture = try PublishingFixture(in: directory.appendingPathComponent("ledger"))
            let folder = directory.appendingPathComponent("notes")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            try Data("keep me".utf8).write(to: folder.appendingPathComponent("notes.txt"))
            #expect(throws: PublishingError.outputNotEmpty(path: folder.path)) { try fixture.publisher().bundle(to: folder.path) }
            #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent("notes.txt").path))
            // An earlier bundle is replaced.
            let (again, _) = try bundle(fixture, in: directory)
            _ = try bundle(fixture, in: directory)
            #expect(FileManager.default.fileExists(atPath: again.appendingPathComponent("verify.py").path))
        }
    }

    @Test("verify.py passes on a fresh bundle", .enabled(if: PythonVerifier.isAvailable, PythonVerifier.skipReason))
    func verifiesFresh() throws {
        try withPublishingDirectory { directory in
            let (folder, _) = try bundle(try PublishingFixture(in: directory.appendingPathComponent("ledger")), in: directory)
            let result = try PythonVerifier.run(in: folder)
            #expect(result.status == 0, "\(result.output)")
            #expect(result.output.hasPrefix("OK: "))
            #expect(result.output.contains("3 inclusion proofs") && result.output.contains("consistent with the previous export"))
        }
    }

    /// Ways to change one byte of one event line.
    enum ByteChange: String, CaseIterable, Sendable {
        case dataText, leafBase64, leafHash, eventID, recordedAt, signature
    }

    @Test("a one-byte change to an event makes verify.py fail", .enabled(if: PythonVerifier.isAvailable, PythonVerifier.skipReason),
          arguments: ByteChange.allCases, [1, 14, 27])
    func oneByteChange(change: ByteChange, line: Int) throws {
        try withPublishingDirectory { directory in
            let (folder, _) = try bundle(try PublishingFixture(in: directory.appendingPathComponent("ledger")), in: directory)
            let file = folder.appendingPathComponent("events.jsonl")
            var lines = try String(contentsOf: file, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false).map { Array($0.utf8) }
            try #require(line <= lines.count)
            let marker: String
            switch change {
            case .dataText: marker = #""data":{""#
            case .leafBase64: marker = #""leaf":""#
            case .leafHash: marker = #""leaf_hash":""#
            case .eventID: marker = #""id":""#
            case .recordedAt: marker = #""recorded_at":"2020-06-01T08:"#
            case .signature: marker = #""signature":""#
            }
            guard let start = index(of: Array(marker.utf8), in: lines[line - 1]) else {
                try #require(change == .signature, "line \(line) has no \(marker)")
                return  // an unsigned observation has no signature to change
            }
            var offset = start + marker.utf8.count + 1
            while !isAlphanumeric(lines[line - 1][offset]) { offset += 1 }
            lines[line - 1][offset] = flipped(lines[line - 1][offset])
            try Data(lines.joined(separator: [0x0A])).write(to: file)
            let result = try PythonVerifier.run(in: folder)
            #expect(result.status == 1, "a changed \(change) on line \(line) passed: \(result.output)")
            #expect(result.output.hasPrefix("FAIL: "))
        }
    }

    @Test("a removed row makes verify.py fail", .enabled(if: PythonVerifier.isAvailable, PythonVerifier.skipReason),
          arguments: ["first", "middle", "last"])
    func removedRow(which: String) throws {
        try withPublishingDirectory { directory in
            let (folder, _) = try bundle(try PublishingFixture(in: directory.appendingPathComponent("ledger")), in: directory)
            let file = folder.appendingPathComponent("events.jsonl")
            var lines = try String(contentsOf: file, encoding: .utf8).split(separator: "\n").map(String.init)
            lines.remove(at: which == "first" ? 0 : which == "last" ? lines.count - 1 : lines.count / 2)
            try Data((lines.joined(separator: "\n") + "\n").utf8).write(to: file)
            let result = try PythonVerifier.run(in: folder)
            #expect(result.status == 1 && result.output.hasPrefix("FAIL: "), "\(result.output)")
        }
    }

    @Test("a checkpoint from a forked ledger makes verify.py fail", .enabled(if: PythonVerifier.isAvailable, PythonVerifier.skipReason))
    func forkedCheckpoint() throws {
        try withPublishingDirectory { directory in
            // Two ledgers with the same key and history up to their last post, which differs.
            let ours = try PublishingFixture(in: directory.appendingPathComponent("ours"), extraPost: "The post we observed.")
            let fork = try PublishingFixture(in: directory.appendingPathComponent("fork"), extraPost: "A post the fork made up.")
            #expect(ours.contentSize == fork.contentSize)
            let (folder, _) = try bundle(ours, in: directory, name: "ours-bundle")
            let (forked, _) = try bundle(fork, in: directory, name: "fork-bundle")
            #expect(try PythonVerifier.run(in: forked).status == 0)
            try FileManager.default.removeItem(at: folder.appendingPathComponent("checkpoint.txt"))
            try FileManager.default.copyItem(at: forked.appendingPathComponent("checkpoint.txt"), to: folder.appendingPathComponent("checkpoint.txt"))
            let result = try PythonVerifier.run(in: folder)
            #expect(result.status == 1, "\(result.output)")
            #expect(result.output.contains("Merkle root"), "\(result.output)")
        }
    }

    @Test("a forged inclusion or consistency proof makes verify.py fail", .enabled(if: PythonVerifier.isAvailable, PythonVerifier.skipReason),
          arguments: ["proofs/v-origin-1.json", "consistency.json"])
    func forgedProof(file name: String) throws {
        try withPublishingDirectory { directory in
            let (folder, _) = try bundle(try PublishingFixture(in: directory.appendingPathComponent("ledger")), in: directory)
            let file = folder.appendingPathComponent(name)
            var object = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: file)) as? [String: Any])
            let forged = Data(repeating: 7, count: 32).base64EncodedString()
            if name == "consistency.json" {
                object["root1"] = forged
            } else {
                var events = try #require(object["events"] as? [[String: Any]])
                var proof = try #require(events[0]["proof"] as? [String])
                proof[0] = forged
                events[0]["proof"] = proof
                object["events"] = events
            }
            try JSONSerialization.data(withJSONObject: object).write(to: file)
            let result = try PythonVerifier.run(in: folder)
            #expect(result.status == 1 && result.output.hasPrefix("FAIL: "), "\(result.output)")
        }
    }

    @Test("verify.py checks the checkpoint against a key given on the command line", .enabled(if: PythonVerifier.isAvailable, PythonVerifier.skipReason))
    func otherKey() throws {
        try withPublishingDirectory { directory in
            let (folder, _) = try bundle(try PublishingFixture(in: directory.appendingPathComponent("ledger")), in: directory)
            let stranger = try NoteVerifierKey(name: PublishingFixture.origin, publicKey: try PublishingFixture.key(77).publicKey)
            try Data((stranger.encoded + "\n").utf8).write(to: directory.appendingPathComponent("stranger.txt"))
            let result = try PythonVerifier.run(in: folder, arguments: ["verify.py", directory.appendingPathComponent("stranger.txt").path])
            #expect(result.status == 1 && result.output.contains("no signature by the ledger key"), "\(result.output)")
        }
    }

    private func index(of needle: [UInt8], in haystack: [UInt8]) -> Int? {
        guard needle.count <= haystack.count else { return nil }
        return (0...(haystack.count - needle.count)).first { haystack[$0..<($0 + needle.count)].elementsEqual(needle) }
    }

    private func isAlphanumeric(_ byte: UInt8) -> Bool {
        (0x30...0x39).contains(byte) || (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte)
    }

    /// Another alphanumeric byte, so the line stays well-formed JSON and base64.
    private func flipped(_ byte: UInt8) -> UInt8 {
        switch byte {
        case 0x30...0x38, 0x41...0x59, 0x61...0x79: return byte + 1
        default: return byte - 1
        }
    }
}
