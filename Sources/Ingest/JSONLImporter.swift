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
/// Guarantees: the file is appended whole or not at all; a file holding judgments is refused
/// before anything is written unless a reviewer signs them; lines without an `id` get
/// derived ids, so importing the same file again appends nothing. Cost: two streaming passes,
/// memory bounded by one batch.
public struct JSONLImporter {
    /// Events appended per batch inside the import's transaction.
    public var batchSize = 1000
    public let signer: ReviewerSigner?
    public let skipInvalid: Bool
    /// The author of unsigned observations.
    public var importAuthor = "import:jsonl"
    /// Called with (bytes read, total bytes) as the import advances.
    public var progress: ((Int64, Int64) -> Void)?

    public init(signer: ReviewerSigner?, skipInvalid: Bool = false, progress: ((Int64, Int64) -> Void)? = nil) {
        self.signer = signer
        self.skipInvalid = skipInvalid
        self.progress = progress
    }

    /// Imports `path` into `log`, with `now` as the recording time for lines without a time.
    public func run(path: String, into log: any LogStore, now: Timestamp) throws -> ImportSummary {
        var summary = ImportSummary(file: path)
        // Pass 1: validate everything before anything is written.
        let validation = try LineReader(path: path)
        for bytes in validation {
            guard !isBlank(bytes) else { continue }
            summary.linesRead += 1
            let line: InterchangeLine
            do { line = try InterchangeLine(bytes: bytes) } catch {
                if skipInvalid {
                    summary.skipped.append(SkippedLine(line: validation.lineNumber, reason: "\(error)"))
                    continue
                }
                throw ImportError.invalidLine(file: path, line: validation.lineNumber, detail: "\(error)")
            }
            if line.requiresSignature && signer == nil {
                throw ImportError.judgmentsNeedReviewer(file: path, line: validation.lineNumber, type: line.type)
            }
            for field in line.unknownFields { summary.unknownFields["\(line.type).data.\(field)", default: 0] += 1 }
        }
        guard summary.linesRead > 0 else { throw ImportError.empty(file: path) }

        // Pass 2: append in batches, in one transaction.
        let skippedLines = Set(summary.skipped.map(\.line))
        let reader = try LineReader(path: path)
        let result: ImportSummary = try log.withAppendSession { session in
            var summary = summary
            var batch: [PendingEvent] = []
            var batchLines: [Int] = []
            func flush() throws {
                guard !batch.isEmpty else { return }
                do {
                    let report = try session.append(batch)
                    for (outcome, event) in zip(report.outcomes, batch) {
                        if case .appended = outcome {
                            summary.appendedCount += 1
                            summary.appendedByType[event.envelope.type, default: 0] += 1
                        } else {
                            summary.alreadyPresentCount += 1
                        }
                    }
                    summary.head = report.head
                } catch let error as LedgerError {
                    throw ImportError.refused(file: path, line: line(of: error, batch: batch, lines: batchLines), error: error)
                }
                batch.removeAll(keepingCapacity: true)
                batchLines.removeAll(keepingCapacity: true)
                progress?(reader.bytesRead, reader.totalBytes)
            }
            for bytes in reader {
                guard !isBlank(bytes), !skippedLines.contains(reader.lineNumber) else { continue }
                let line = try InterchangeLine(bytes: bytes)
                batch.append(try pendingEvent(for: line, now: now))
                batchLines.append(reader.lineNumber)
                if batch.count >= batchSize { try flush() }
            }
            try flush()
            return summary
        }
        return result
    }

    private func pendingEvent(for line: InterchangeLine, now: Timestamp) throws -> PendingEvent {
        if line.requiresSignature, let signer {
            let envelope = line.envelope(author: signer.handle, now: now)
            return PendingEvent(envelope: envelope, payload: line.payload, signature: try EventSigner.signature(for: envelope, key: signer.key))
        }
        return PendingEvent(envelope: line.envelope(author: importAuthor, now: now), payload: line.payload, signature: nil)
    }

    private func line(of error: LedgerError, batch: [PendingEvent], lines: [Int]) -> Int {
        if let index = error.batchIndex, index < lines.count { return lines[index] }
        if case .idConflict(let id, _) = error, let index = batch.firstIndex(where: { $0.envelope.id == id }) { return lines[index] }
        if case .versionMismatch(let stream, _, _) = error, let index = batch.firstIndex(where: { $0.envelope.stream == stream }) { return lines[index] }
        return lines.first ?? 0
    }

    private func isBlank(_ bytes: [UInt8]) -> Bool {
        bytes.allSatisfy { $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }
    }
}
