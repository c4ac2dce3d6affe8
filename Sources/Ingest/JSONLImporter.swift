// Imports the interchange format (DESIGN §4) all-or-nothing: a first pass validates every
// line and the signing rule, a second appends in batches inside one write transaction.
import Events
import Ledger

/// What an import did.
public struct ImportSummary: Sendable {
    /// The file imported.
    public var file: String
    /// Non-blank lines read.
    public var linesRead = 0
    /// Events appended.
    public var appendedCount = 0
    /// Events already in the ledger with the same content; not written again.
    public var alreadyPresentCount = 0
    /// Appended events by type.
    public var appendedByType: [String: Int] = [:]
    /// Lines skipped with `--skip-invalid`, with their reasons.
    public var skipped: [SkippedLine] = []
    /// Data fields this version does not know, such as `PostObserved.data.foo`, with counts.
    /// They are kept verbatim in the ledger and ignored by projections.
    public var unknownFields: [String: Int] = [:]
    /// The head after the import.
    public var head: TreeHead?

    public init(file: String) { self.file = file }
}

/// A line left out by `--skip-invalid`.
public struct SkippedLine: Sendable {
    public let line: Int
    public let reason: String
}

/// Imports an interchange JSONL file into a ledger.
///
/// Guarantees: the file is appended whole or not at all (one transaction); a file holding
/// judgments is refused before anything is written unless a reviewer signs them; lines without
/// an `id` get derived ids, so importing the same file again appends nothing. Cost: one
/// streaming pass (plus a quick type-only pass when no reviewer signs), parsed on a second core;
/// memory bounded by a few batches.
public struct JSONLImporter {
    /// Events appended per batch inside the import's transaction.
    public var batchSize = 1000
    public let signer: ReviewerSigner?
    public let skipInvalid: Bool
    /// The author of unsigned observations.
    public var importAuthor = "import:jsonl"
    /// Called with (bytes read, total bytes) as the import advances.
    public var progress: ((Int64, Int64) -> Void)?

    /// Where to look for the keys of the reviewers that exported lines name as their authors.
    public var authorKeys: KeyStore?
    private let authorSigners = AuthorSigners()

    public init(signer: ReviewerSigner?, skipInvalid: Bool = false, progress: ((Int64, Int64) -> Void)? = nil) {
        self.signer = signer
        self.skipInvalid = skipInvalid
        self.progress = progress
    }

    /// Imports `path` into `log`, with `now` as the recording time for lines without a time.
    ///
    /// Lines are parsed, validated and signed on a second thread, a batch ahead of the thread
    /// that appends them, so both cores work; errors still surface in line order.
    public func run(path: String, into log: any LogStore, now: Timestamp) throws -> ImportSummary {
        if signer == nil { try refuseUnsignedJudgments(path: path) }
        // Opened here, so a missing file fails before the ledger is locked; then only the parser reads it.
        let reader = Handoff(value: try LineReader(path: path))
        let parser = LineParser(importer: self, now: now)
        let capacity = batchSize
        let pipeline = Pipeline<ParsedBatch>(capacity: 2) { emit in
            try parser.parse(reader.value, path: path, batchSize: capacity, emit: emit)
        }
        defer { pipeline.cancel() }
        // The whole session rolls back on any error, so batches need no savepoints of their own.
        let summary: ImportSummary = try log.withAppendSession(atomicBatches: false) { session in
            var summary = ImportSummary(file: path)
            var batch = BatchAppender(session: session, file: path, capacity: max(1, batchSize))
            // One pass inside one transaction: a bad line throws, and the whole file rolls back.
            while let parsed = try pipeline.next() {
                try append(parsed, with: &batch, into: &summary)
                pipeline.discard(parsed)
            }
            guard summary.linesRead > 0 else { throw ImportError.empty(file: path) }
            return summary
        }
        return summary
    }

    /// Appends one parsed batch and counts it. Its own function, so that nothing here still holds
    /// the batch's events when the caller hands them back to be freed.
    private func append(_ parsed: ParsedBatch, with batch: inout BatchAppender, into summary: inout ImportSummary) throws {
        summary.linesRead += parsed.linesRead
        summary.skipped += parsed.skipped
        for (field, count) in parsed.unknownFields { summary.unknownFields[field, default: 0] += count }
        batch.add(parsed.events, lines: parsed.lines)
        guard let (events, report) = try batch.flush() else { return }
        for (index, outcome) in report.outcomes.enumerated() {
            if case .appended = outcome {
                summary.appendedCount += 1
                summary.appendedByType[events[index].envelope.type, default: 0] += 1
            } else {
                summary.alreadyPresentCount += 1
            }
        }
        summary.head = report.head
        progress?(parsed.bytesRead, parsed.totalBytes)
    }

    /// One batch of lines, parsed and ready to append, with what was learnt reading them.
    struct ParsedBatch: Sendable {
        var events: [PendingEvent] = []
        var lines: [Int] = []
        var linesRead = 0
        var skipped: [SkippedLine] = []
        var unknownFields: [String: Int] = [:]
        var bytesRead: Int64 = 0
        var totalBytes: Int64 = 0
    }

    /// The part of an import that reads, validates and signs lines: it runs on its own thread.
    struct LineParser: @unchecked Sendable {
        let importer: JSONLImporter
        let now: Timestamp

        func parse(_ reader: LineReader, path: String, batchSize: Int, emit: Pipeline<ParsedBatch>.Emit) throws {
            var batch = ParsedBatch()
            for bytes in reader {
                guard !importer.isBlank(bytes) else { continue }
                batch.linesRead += 1
                let line: InterchangeLine
                do { line = try InterchangeLine(bytes: bytes) } catch {
                    if importer.skipInvalid {
                        batch.skipped.append(SkippedLine(line: reader.lineNumber, reason: "\(error)"))
                        continue
                    }
                    _ = emit(batch)
                    throw ImportError.invalidLine(file: path, line: reader.lineNumber, detail: "\(error)")
                }
                if line.requiresSignature && importer.signer == nil {
                    _ = emit(batch)
                    throw ImportError.judgmentsNeedReviewer(file: path, line: reader.lineNumber, type: line.type)
                }
                for field in line.unknownFields { batch.unknownFields["\(line.type).data.\(field)", default: 0] += 1 }
                batch.events.append(try importer.pendingEvent(for: line, now: now))
                batch.lines.append(reader.lineNumber)
                if batch.events.count >= batchSize {
                    batch.bytesRead = reader.bytesRead
                    batch.totalBytes = reader.totalBytes
                    guard emit(batch) else { return }
                    batch = ParsedBatch()
                    batch.events.reserveCapacity(batchSize)
                }
            }
            batch.bytesRead = reader.bytesRead
            batch.totalBytes = reader.totalBytes
            _ = emit(batch)
        }
    }

    /// Without a reviewer to sign, a file holding judgments is refused before the ledger is
    /// touched: a quick pass reads only each line's `type`.
    private func refuseUnsignedJudgments(path: String) throws {
        let reader = try LineReader(path: path)
        for bytes in reader where !isBlank(bytes) {
            guard case .object(let object)? = try? JSONParser.parse(bytes), let type = object["type"]?.stringValue,
                  let payloadType = EventCatalogue.type(named: type), payloadType.group.requiresSignature
            else { continue }
            throw ImportError.judgmentsNeedReviewer(file: path, line: reader.lineNumber, type: type)
        }
    }

    fileprivate func pendingEvent(for line: InterchangeLine, now: Timestamp) throws -> PendingEvent {
        // A line exported with its author keeps that author when their key is here, so a
        // second reviewer's review stays theirs (its author may not be the verdict's).
        if line.requiresSignature, let author = line.exportedAuthor, let keys = authorKeys, let own = authorSigners.signer(author, keys: keys) {
            let envelope = line.envelope(author: own.handle, now: now)
            return try PendingEvent.signed(envelope: envelope, payload: line.payload, key: own.key)
        }
        if line.requiresSignature, let signer {
            let envelope = line.envelope(author: signer.handle, now: now)
            return try PendingEvent.signed(envelope: envelope, payload: line.payload, key: signer.key)
        }
        return PendingEvent(envelope: line.envelope(author: importAuthor, now: now), payload: line.payload, signature: nil)
    }

    fileprivate func isBlank(_ bytes: [UInt8]) -> Bool { InputBytes.isBlank(bytes) }
}

/// The signers of exported authors, loaded once each from the key folder.
private final class AuthorSigners {
    private var loaded: [String: ReviewerSigner?] = [:]

    func signer(_ handle: String, keys: KeyStore) -> ReviewerSigner? {
        if let known = loaded[handle] { return known }
        let signer = Identifier.isHandle(handle) ? try? ReviewerSigner(handle: handle, keys: keys) : nil
        loaded[handle] = signer
        return signer
    }
}
