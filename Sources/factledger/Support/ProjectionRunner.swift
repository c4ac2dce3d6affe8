// Folding the log for the projection commands (DESIGN §5, §6): resolve `--as-of` to a
// position, stream the events through it once into as many projections as a command needs,
// and name the position and the Merkle root the result was computed at.
import ArgumentParser
import Events
import Foundation
import Ledger
import Projections

/// `--as-of DATE|POSITION`, shared by the projection commands.
struct AsOfOption: ParsableArguments {
    @Option(
        name: .customLong("as-of"),
        help: ArgumentHelp(
            "Compute the view as the ledger stood at this position, or at this date or RFC 3339 time (by recorded_at; a bare date means the end of that day, UTC).",
            valueName: "date|position"),
        transform: AsOfOption.parse)
    var asOf: AsOf?

    /// Parses a `--as-of`, `--from` or `--to` value.
    static func parse(_ text: String) throws -> AsOf {
        guard let parsed = AsOf(argument: text) else {
            throw ValidationError("expected a position (such as 120) or a date or time (such as 2020-04-01 or 2020-04-01T12:00:00Z); got \"\(text)\"")
        }
        return parsed
    }
}

/// Where a fold stopped: the last position included and the log's Merkle root at that size.
struct FoldPoint {
    /// What was asked for.
    let asOf: AsOf
    /// The last position folded (0 when none).
    let position: Int64
    /// The RFC 6962 root of the first `position` events.
    let root: [UInt8]

    /// The root as base64, as in checkpoints.
    var rootText: String { JSONOutput.base64(root) }

    /// Adds `position`, `checkpoint_root` and `as_of` to a JSON result.
    func add(to object: inout JSONObjectBuilder, prefix: String = "") {
        object.add(prefix + "position", position)
        object.add(prefix + "checkpoint_root", rootText)
        object.add(prefix + "as_of", asOf.description)
    }

    /// The line every table output starts with.
    var headline: String { "as of position \(position) (\(asOf)), checkpoint root \(rootText)" }
}

/// Folds the log of one ledger for the projection commands.
///
/// Guarantees: the events are read in log order through `EventLog.read`, once per call, and
/// each is folded and then dropped, so memory is that of the projections only. The positions
/// are fixed before reading, so a writer appending meanwhile changes nothing.
///
/// Decoding an event costs far more than folding it, so a large log is cut into contiguous
/// ranges, one per processor; each range is read through its own connection and folded into a
/// fresh projection on its own thread, and the partial folds are merged in log order
/// (`MergeableProjection`). The result is the same as one sequential fold.
struct ProjectionRunner {
    let log: EventLog
    /// The busy timeout for the extra read connections, in milliseconds.
    var busyTimeout: Int32 = 10_000
    /// How many ranges of a large log are read at once (see ``readerCount(environment:)``).
    var readers = 1

    /// Below this many events, one thread reads everything.
    static let parallelThreshold: Int64 = 20_000

    /// The last position `asOf` includes.
    func position(for asOf: AsOf) throws -> Int64 {
        let size = try log.size()
        switch asOf {
        case .head:
            return size
        case .position(let position):
            guard position <= size else {
                throw InputError.usage("--as-of \(position) is beyond the log, which holds \(size) events")
            }
            return position
        case .recordedAt(let time):
            return try log.position(recordedAtOrBefore: time)
        }
    }

    /// The position and root for `asOf`.
    func point(_ asOf: AsOf) throws -> FoldPoint {
        let position = try position(for: asOf)
        return FoldPoint(asOf: asOf, position: position, root: try log.head(atSize: position).root)
    }

    /// Streams the events at positions 1 through `position` to `body`, in order, on this thread.
    func stream(through position: Int64, _ body: (RecordedEvent) -> Void) throws {
        guard position > 0 else { return }
        try log.read(from: 1, through: position) { body($0.event) }
    }

    /// A fresh `P` folded through `position`.
    func fold<P: MergeableProjection>(_ type: P.Type = P.self, through position: Int64) throws -> P {
        try fold(P.self, snapshotsAt: [position])[0]
    }

    /// One pass over positions 1 through the largest of `positions`, yielding `P` as it stood
    /// at each of them, in the order given.
    func fold<P: MergeableProjection>(_ type: P.Type = P.self, snapshotsAt positions: [Int64]) throws -> [P] {
        let cuts = Set(positions.filter { $0 > 0 })
        let last = cuts.max() ?? 0
        let readers = Int64(readers)
        // Ranges end at every snapshot position and at the even split points.
        var ends = cuts
        if last >= ProjectionRunner.parallelThreshold, readers > 1 {
            for part in 1..<readers { ends.insert(last * part / readers) }
        }
        let boundaries = ends.sorted()
        let ranges = boundaries.enumerated().map { index, end in (index == 0 ? 1 : boundaries[index - 1] + 1)...end }
        var parts = try foldRanges(P.self, ranges)
        var snapshots: [Int64: P] = [0: P()]
        var running = P()
        for (index, range) in ranges.enumerated() {
            // Take each part out of the array, so that its memory goes as soon as it is merged.
            let part = parts[index]
            parts[index] = P()
            if index == 0 { running = part } else { running.merge(following: part) }
            if cuts.contains(range.upperBound) { snapshots[range.upperBound] = running }
        }
        return positions.map { snapshots[max($0, 0)] ?? running }
    }

    /// Folds each range into a fresh `P`: on this thread when there is one range, else each on
    /// its own thread with its own connection.
    private func foldRanges<P: MergeableProjection>(_ type: P.Type, _ ranges: [ClosedRange<Int64>]) throws -> [P] {
        if ranges.count == 1, let range = ranges.first {
            var projection = P()
            try log.read(from: range.lowerBound, through: range.upperBound) { projection.apply($0.event) }
            return [projection]
        }
        let results = ConcurrentResults<P>(count: ranges.count)
        let path = log.path
        let busyTimeout = busyTimeout
        DispatchQueue.concurrentPerform(iterations: ranges.count) { index in
            do {
                let reader = try EventLog.open(path: path, busyTimeoutMilliseconds: busyTimeout)
                try reader.useStreamingCache()
                var projection = P()
                // The first part is the one the others are merged into: it makes room for them all.
                projection.reserveCapacity(forEvents: index == 0 ? Int(ranges[ranges.count - 1].upperBound) : Int(ranges[index].count))
                try reader.read(from: ranges[index].lowerBound, through: ranges[index].upperBound) { projection.apply($0.event) }
                results.set(index, .success(projection))
            } catch {
                results.set(index, .failure(error))
            }
        }
        return try results.values()
    }

    /// How many ranges of a large log are read at once: `FACTLEDGER_READERS` when set (1 reads
    /// the whole log on one thread), else one per processor, at most 16.
    static func readerCount(environment: [String: String]) throws -> Int {
        guard let text = environment["FACTLEDGER_READERS"] else {
            return max(1, min(ProcessInfo.processInfo.activeProcessorCount, 16))
        }
        guard let count = Int(text), (1...64).contains(count) else {
            throw InputError.usage(
                "FACTLEDGER_READERS must be a whole number from 1 to 64 (how many ranges of the log to read at once); got \"\(text)\"")
        }
        return count
    }

    /// The shared facts as of `asOf`, and where the fold stopped.
    func facts(asOf: AsOf?) throws -> (facts: LedgerFacts, point: FoldPoint) {
        let point = try point(asOf ?? .head)
        return (try fold(LedgerFacts.self, through: point.position), point)
    }
}

/// Runs independent jobs on up to one thread per processor; returns their results in order.
func concurrently<Value: Sendable>(_ jobs: [@Sendable () -> Value]) -> [Value] {
    let results = ConcurrentResults<Value>(count: jobs.count)
    DispatchQueue.concurrentPerform(iterations: jobs.count) { index in results.set(index, .success(jobs[index]())) }
    return (try? results.values()) ?? jobs.map { $0() }
}

/// Results filled in by several threads: the partial folds of a parallel read, or jobs.
private final class ConcurrentResults<P: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var results: [Result<P, any Error>?]

    init(count: Int) { results = Array(repeating: nil, count: count) }

    func set(_ index: Int, _ result: Result<P, any Error>) {
        lock.lock()
        results[index] = result
        lock.unlock()
    }

    /// Every fold in order, or the first error.
    func values() throws -> [P] {
        lock.lock()
        defer { lock.unlock() }
        return try results.map { result in
            guard let result else { throw InputError.badData("a range of the log was not read") }
            return try result.get()
        }
    }
}

extension CommandContext {
    /// A runner over this command's ledger.
    func runner() throws -> ProjectionRunner {
        ProjectionRunner(log: try openLog(), busyTimeout: busyTimeout, readers: try ProjectionRunner.readerCount(environment: environment))
    }

    /// Opens the ledger and folds its facts as of `asOf` (the head when nil).
    func foldFacts(asOf: AsOf?) throws -> (facts: LedgerFacts, point: FoldPoint) {
        try runner().facts(asOf: asOf)
    }

    /// Prints a projection result: with `--json`, one object holding the fold point and
    /// `members`; otherwise the headline and then `table`.
    func printResult(_ point: FoldPoint, json members: () -> JSONObjectBuilder, table: () -> String) {
        if self.json {
            var object = JSONObjectBuilder()
            point.add(to: &object)
            for member in members().object { object.add(member.key, member.value) }
            terminal.out(object.text)
        } else {
            terminal.out(terminal.dim(point.headline))
            let text = table()
            if !text.isEmpty { terminal.out(text) }
        }
    }
}
