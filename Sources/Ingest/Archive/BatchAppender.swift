// Appends events in bounded batches inside one append session, remembering the input line of
// each, so a refusal by the ledger names the line it came from. The JSONL and archive importers
// share it.
import Events
import Ledger

/// Pending events of one import, appended a batch at a time inside the import's transaction.
struct BatchAppender {
    /// The session of the import's one write transaction.
    let session: any AppendSession
    /// The file being imported, for error messages.
    let file: String
    /// Events per batch.
    let capacity: Int
    private var events: [PendingEvent] = []
    private var lines: [Int] = []

    init(session: any AppendSession, file: String, capacity: Int) {
        self.session = session
        self.file = file
        self.capacity = max(1, capacity)
        events.reserveCapacity(self.capacity)
        lines.reserveCapacity(self.capacity)
    }

    /// Whether the batch has reached its capacity and should be flushed.
    var isFull: Bool { events.count >= capacity }

    /// Queues `event`, read from input line `line`.
    mutating func add(_ event: PendingEvent, line: Int) {
        events.append(event)
        lines.append(line)
    }

    /// Queues `events`, read from input lines `lines`; into an empty batch without copying them.
    mutating func add(_ events: [PendingEvent], lines: [Int]) {
        if self.events.isEmpty {
            self.events = events
            self.lines = lines
        } else {
            self.events += events
            self.lines += lines
        }
    }

    /// Appends the queued events. Returns them with the ledger's report, or nil when none were queued.
    ///
    /// A refusal becomes ``ImportError/refused(file:line:error:)`` naming the event's input line.
    mutating func flush() throws -> (events: [PendingEvent], report: AppendReport)? {
        guard !events.isEmpty else { return nil }
        let report: AppendReport
        do {
            report = try session.append(events)
        } catch let error as LedgerError {
            throw ImportError.refused(file: file, line: line(of: error), error: error)
        }
        let appended = events
        events.removeAll(keepingCapacity: true)
        lines.removeAll(keepingCapacity: true)
        return (appended, report)
    }

    private func line(of error: LedgerError) -> Int {
        if let index = error.batchIndex, index < lines.count { return lines[index] }
        if case .idConflict(let id, _) = error, let index = events.firstIndex(where: { $0.envelope.id == id }) { return lines[index] }
        if case .versionMismatch(let stream, _, _) = error, let index = events.firstIndex(where: { $0.envelope.stream == stream }) { return lines[index] }
        return lines.first ?? 0
    }
}

/// Byte-level checks the line-based readers share.
enum InputBytes {
    /// Whether a line holds only spaces, tabs and carriage returns.
    static func isBlank(_ bytes: [UInt8]) -> Bool {
        bytes.allSatisfy { $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }
    }
}
