// What every fuzz target shares: the oracles (a parser may refuse input only with its typed
// error; what it accepts must survive the ledger's own encode → store → decode path), a
// scratch ledger whose imports are always rolled back, and a replay mode for builds without
// libFuzzer. An oracle that fails calls `abort()`, so libFuzzer saves the input as crash-….
import CLibFuzzer
import Events
import Foundation
import Ingest
import Ledger

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Stops the process with a message: libFuzzer then saves the input that caused it.
public func fuzzFailure(_ message: String) -> Never {
    FileHandle.standardError.write(Data("FUZZ ORACLE FAILED: \(message)\n".utf8))
    abort()
}

/// Input plumbing for the entry points.
public enum FuzzInput {
    /// The bytes libFuzzer hands over.
    public static func bytes(_ data: UnsafePointer<UInt8>?, _ size: Int) -> [UInt8] {
        guard let data, size > 0 else { return [] }
        return Array(UnsafeBufferPointer(start: data, count: size))
    }

    /// The signature of `LLVMFuzzerTestOneInput`.
    public typealias TestOneInput = @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt

    #if FUZZING
    /// Fuzzing mode (a `-DFUZZING -sanitize=fuzzer` build): hands the process to libFuzzer's
    /// driver with the command line, as libFuzzer's own `main` would. (Only in that build: the
    /// driver comes from the fuzzer runtime.)
    public static func runLibFuzzer(_ testOneInput: TestOneInput) -> Never {
        var argc = CommandLine.argc
        var argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = CommandLine.unsafeArgv
        exit(LLVMFuzzerRunDriver(&argc, &argv, testOneInput))
    }
    #endif

    /// Replay mode with the entry point itself.
    public static func replay(_ arguments: [String], _ testOneInput: TestOneInput) {
        replay(arguments) { (bytes: [UInt8]) in _ = bytes.withUnsafeBufferPointer { testOneInput($0.baseAddress, $0.count) } }
    }

    /// Replay mode (a build without `-DFUZZING`): runs `oracle` on every file named on the
    /// command line (folders are read one level deep), or on stdin when none is named.
    public static func replay(_ arguments: [String], _ oracle: ([UInt8]) -> Void) {
        var paths: [String] = []
        for argument in arguments.dropFirst() where !argument.hasPrefix("-") {
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: argument, isDirectory: &isDirectory), isDirectory.boolValue {
                let names = (try? FileManager.default.contentsOfDirectory(atPath: argument)) ?? []
                paths += names.sorted().map { argument + "/" + $0 }
            } else {
                paths.append(argument)
            }
        }
        if paths.isEmpty {
            oracle([UInt8](FileHandle.standardInput.readDataToEndOfFile()))
            print("replayed stdin")
            return
        }
        for path in paths {
            guard let data = FileManager.default.contents(atPath: path) else {
                FileHandle.standardError.write(Data("cannot read \(path)\n".utf8))
                continue
            }
            oracle([UInt8](data))
        }
        print("replayed \(paths.count) input\(paths.count == 1 ? "" : "s") without a failure")
    }

    /// The non-blank lines of `bytes`, split on `\n` (without a trailing `\r`).
    public static func lines(_ bytes: [UInt8]) -> [[UInt8]] {
        bytes.split(separator: 0x0A, omittingEmptySubsequences: true).map { line in
            Array(line.last == 0x0D ? line.dropLast() : line[...])
        }
    }
}

/// The checks each target runs on its input.
public enum Oracles {
    /// A fixed recording time, so runs are reproducible.
    public static let now = Timestamp(millisecondsSinceEpoch: 1_714_554_000_000)

    /// A payload that a parser accepted must encode to `data` that the catalogue decodes again:
    /// the ledger stores that encoding, and `log`, `verify` and the projections read it back.
    public static func payloadRoundTrip(_ payload: any EventPayload, context: @autoclosure () -> String) {
        let type = Swift.type(of: payload)
        let data = JSONWriter.bytes(.object(payload.encoded()))
        do {
            _ = try EventCatalogue.decode(type: type.typeName, schemaVersion: type.currentSchemaVersion, data: data)
        } catch {
            fuzzFailure("\(context()): the \(type.typeName) it accepted encodes to data that does not decode: \(error)\n\(String(decoding: data.prefix(2000), as: UTF8.self))")
        }
    }

    /// An envelope must survive body bytes → decode, and a leaf built from it must survive
    /// leaf bytes → parse: exactly what `append` writes and `log`/`verify` read.
    public static func envelopeRoundTrip(_ envelope: EventEnvelope, context: @autoclosure () -> String) {
        let body = envelope.bodyBytes
        do {
            let (decoded, payload) = try EventEnvelope.decode(bodyBytes: body)
            guard decoded == envelope else { fuzzFailure("\(context()): the envelope decodes back to a different one") }
            payloadRoundTrip(payload, context: context())
        } catch {
            fuzzFailure("\(context()): an accepted envelope's body does not decode: \(error)\n\(String(decoding: body.prefix(2000), as: UTF8.self))")
        }
        let leaf = Leaf(position: 1, recordedAt: now, streamVersion: 1, signature: nil, body: body)
        guard (try? Leaf(bytes: leaf.bytes)) == leaf else { fuzzFailure("\(context()): a leaf of the accepted event does not parse back") }
    }

    /// The JSON parser, format detection and the interchange line decoder on one line.
    public static func interchangeLine(_ bytes: [UInt8]) {
        _ = try? JSONParser.parse(bytes)
        _ = ImportFormat.format(ofLine: bytes)
        do {
            let line = try InterchangeLine(bytes: bytes)
            envelopeRoundTrip(line.envelope(author: "import:fuzz", now: now), context: "interchange line")
        } catch is ValidationError {
        } catch {
            fuzzFailure("InterchangeLine threw \(Swift.type(of: error)), not ValidationError: \(error)")
        }
    }

    /// The decoders of stored events: leaf bytes, and envelope body bytes.
    public static func storedEvent(_ bytes: [UInt8]) {
        if let leaf = try? Leaf(bytes: bytes) {
            if leaf.bytes != bytes && !(knownFindingAllowed("leaf-base64") && sameApartFromSignatureText(leaf.bytes, bytes)) {
                fuzzFailure("Leaf(bytes:) accepted bytes that are not the leaf's canonical encoding")
            }
            if let (envelope, payload) = try? EventEnvelope.decode(bodyBytes: leaf.body) {
                envelopeRoundTrip(envelope, context: "event in a leaf")
                payloadRoundTrip(payload, context: "event in a leaf")
            }
        }
        do {
            let (envelope, payload) = try EventEnvelope.decode(bodyBytes: bytes)
            envelopeRoundTrip(envelope, context: "event body")
            payloadRoundTrip(payload, context: "event body")
        } catch is ValidationError {
        } catch {
            fuzzFailure("EventEnvelope.decode threw \(Swift.type(of: error)), not ValidationError: \(error)")
        }
    }

    /// The catalogue reads a post straight from its bytes when it can, and through a JSON tree
    /// otherwise: fed as a post's `data`, any bytes must get the same answer from both paths.
    public static func postDecodersAgree(_ bytes: [UInt8]) {
        let name = PostObserved.typeName
        let version = PostObserved.currentSchemaVersion
        let direct = try? EventCatalogue.decode(type: name, schemaVersion: version, data: bytes) as? PostObserved
        var throughTree: PostObserved?
        if case .object(let object)? = try? JSONParser.parse(bytes) {
            throughTree = try? EventCatalogue.decode(type: name, schemaVersion: version, data: object) as? PostObserved
        }
        if direct != throughTree {
            fuzzFailure("the post decoders disagree: \(String(describing: direct)) against \(String(describing: throughTree))")
        }
    }

    /// Whether `FACTLEDGER_FUZZ_ALLOW` (comma-separated) names a known, reported finding to
    /// step over, so a long run can look past it: `leaf-base64` (a non-canonical base64
    /// signature in a leaf is accepted; see README).
    static func knownFindingAllowed(_ name: String) -> Bool {
        (ProcessInfo.processInfo.environment["FACTLEDGER_FUZZ_ALLOW"] ?? "").split(separator: ",").contains { $0 == name }
    }

    /// Whether two leaves differ only in the text of their signature line (the fifth).
    static func sameApartFromSignatureText(_ first: [UInt8], _ second: [UInt8]) -> Bool {
        let a = first.split(separator: 0x0A, maxSplits: 5, omittingEmptySubsequences: false)
        let b = second.split(separator: 0x0A, maxSplits: 5, omittingEmptySubsequences: false)
        guard a.count == 6, b.count == 6 else { return false }
        return (0..<6).allSatisfy { $0 == 4 || a[$0].elementsEqual(b[$0]) }
    }

    /// The twarc2 line reader: what it maps must be storable.
    public static func twarc2Line(_ bytes: [UInt8]) {
        _ = ImportFormat.format(ofLine: bytes)
        guard let posts = try? Twarc2Line.posts(in: bytes) else { return }  // RecordProblem: typed by the signature
        for post in posts {
            payloadRoundTrip(post.observation, context: "twarc2 post")
            payloadRoundTrip(post.authorRegistration, context: "twarc2 author")
        }
    }

    /// A verifier key made by `factledger init`, for checking notes against.
    static let verifierKeyText = "factledger.local/x-desk/306aca8ae5bc+927a2bb7+Ab4NbbR2k5cAfvuaMv81Xhn4FRPpOlbvPlyaOopTXNmj"

    /// What `verify --since` reads: a signed checkpoint note, its body, a verifier key. The
    /// input's first line is also tried as a verifier key for the rest.
    public static func checkpointText(_ text: String) {
        if let checkpoint = try? Checkpoint(parsingText: text) {
            guard (try? Checkpoint(parsingText: checkpoint.text)) == checkpoint else {
                fuzzFailure("a parsed checkpoint does not parse back from its own text")
            }
        }
        if let key = try? NoteVerifierKey(parsing: text) {
            guard (try? NoteVerifierKey(parsing: key.encoded)) == key else { fuzzFailure("a parsed verifier key does not parse back from its encoding") }
        }
        guard let fixed = try? NoteVerifierKey(parsing: verifierKeyText) else { fuzzFailure("the fixed verifier key does not parse") }
        _ = try? Checkpoint(verifyingNote: text, key: fixed)
        if let newline = text.firstIndex(of: "\n"), let key = try? NoteVerifierKey(parsing: String(text[..<newline])) {
            _ = try? Checkpoint(verifyingNote: String(text[text.index(after: newline)...]), key: key)
        }
    }

    /// A refused import must fail with a typed error that the CLI maps to exit 65.
    public static func checkImportError(_ error: any Error, format: ImportFormat) {
        let code: Int32
        switch error {
        case let error as ImportError: code = error.kind.rawValue
        case let error as LedgerError: code = error.kind.rawValue
        case is ValidationError: code = 65
        default: fuzzFailure("\(format) import threw \(Swift.type(of: error)), not a typed import error: \(error)")
        }
        if code != 65 { fuzzFailure("\(format) import failed with exit \(code), not 65: \(error)") }
    }
}

/// A ledger for the whole process in a temporary folder. Every import into it runs inside a
/// transaction that is rolled back, so it stays small and each input starts from the same state.
public final class ScratchLedger: @unchecked Sendable {
    public static let shared = ScratchLedger()

    let directory: String
    let log: EventLog
    let signer: ReviewerSigner

    private init() {
        directory = NSTemporaryDirectory() + "factledger-fuzz-\(getpid())"
        try? FileManager.default.removeItem(atPath: directory)
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            let keys = KeyStore(directory: directory + "/keys")
            (log, _) = try LedgerSetup.create(path: directory + "/ledger.db", org: "Fuzz Desk", admin: "admin", adminName: "Fuzz Admin", keys: keys, synchronous: "NORMAL")
            signer = try ReviewerSigner(handle: "admin", keys: keys)
        } catch {
            fuzzFailure("cannot create the scratch ledger in \(directory): \(error)")
        }
        ScratchLedger.folderToRemove = directory
        atexit { if let folder = ScratchLedger.folderToRemove { try? FileManager.default.removeItem(atPath: folder) } }
    }

    nonisolated(unsafe) private static var folderToRemove: String?

    /// Imports `bytes` as a file of `format`, checks the error if it is refused, and rolls back.
    public func importFile(_ bytes: [UInt8], format: ImportFormat) {
        let path = directory + "/input." + (format == .csv ? "csv" : "jsonl")
        guard FileManager.default.createFile(atPath: path, contents: Data(bytes)) else { fuzzFailure("cannot write \(path)") }
        let store = RollbackLog(inner: log)
        do {
            switch format {
            case .jsonl: _ = try JSONLImporter(signer: signer).run(path: path, into: store, now: Oracles.now)
            case .twarc2, .csv:
                _ = try ArchiveImporter(format: format == .csv ? .csv : .twarc2).run(path: path, into: store, now: Oracles.now)
            }
        } catch {
            Oracles.checkImportError(error, format: format)
        }
    }
}

/// Forwards to the scratch ledger, but rolls back every append session after reading back
/// what it appended (the read decodes every new leaf: an undecodable one is a failure).
final class RollbackLog: LogStore {
    let inner: EventLog

    init(inner: EventLog) { self.inner = inner }

    private struct Rollback: Error {}

    func withAppendSession<Result>(atomicBatches: Bool, _ body: (any AppendSession) throws -> Result) throws -> Result {
        let start = try inner.size()
        var kept: Result?
        do {
            try inner.withAppendSession(atomicBatches: atomicBatches) { session -> Void in
                kept = try body(session)
                do {
                    try inner.read(from: start + 1, through: nil) { stored in
                        Oracles.payloadRoundTrip(stored.event.payload, context: "an imported event read back from the ledger")
                    }
                } catch {
                    fuzzFailure("an import appended events that cannot be read back: \(error)")
                }
                throw Rollback()
            }
        } catch is Rollback {}
        guard let kept else { fuzzFailure("the append session ended without a result") }
        return kept
    }

    func append(_ events: [PendingEvent]) throws -> AppendReport {
        try withAppendSession(atomicBatches: false) { session in try session.append(events) }
    }

    func read(from: Int64, through: Int64?, _ body: (StoredEvent) throws -> Void) throws {
        try inner.read(from: from, through: through, body)
    }

    func head() throws -> TreeHead { try inner.head() }

    func streamVersion(_ stream: StreamName) throws -> Int64 { try inner.streamVersion(stream) }
}
