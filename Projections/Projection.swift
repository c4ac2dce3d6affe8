// Projections are pure folds over recorded events (DESIGN §5): no I/O, no clock.
import Events

/// A view of the ledger computed by folding events in log order.
///
/// Guarantees: `apply` is deterministic and reads nothing but its argument, so a projection can
/// be rebuilt from zero, or stopped at any position to see the ledger as of then.
public protocol Projection: Sendable {
    init()
    /// Folds one event into the view.
    mutating func apply(_ event: RecordedEvent)
    /// Makes room for the state of about `events` events, before a fold of that many.
    mutating func reserveCapacity(forEvents events: Int)
}

extension Projection {
    /// By default a projection grows as it folds.
    public mutating func reserveCapacity(forEvents events: Int) {}
}

/// Where to stop a fold: a position, or the last event recorded at or before a time.
public enum AsOf: Sendable, Equatable, CustomStringConvertible {
    /// Through the head.
    case head
    /// Through this 1-based position.
    case position(Int64)
    /// Through the last event whose `recorded_at` is at or before this time. Because
    /// `recorded_at` never decreases, that is a prefix of the log.
    case recordedAt(Timestamp)

    /// Whether `event` is inside the cut-off. Events after it end the fold.
    public func includes(_ event: RecordedEvent) -> Bool {
        switch self {
        case .head: return true
        case .position(let last): return event.position <= last
        case .recordedAt(let time): return event.recordedAt <= time
        }
    }

    /// Parses `--as-of`: a position (digits) or an RFC 3339 time or date (a bare date means the end of that day, UTC).
    public init?(argument: String) {
        if let position = Int64(argument), position >= 0 {
            self = .position(position)
        } else if argument.count == 10, let day = Timestamp(rfc3339: argument) {
            self = .recordedAt(day.adding(milliseconds: 86_400_000 - 1))
        } else if let time = Timestamp(rfc3339: argument) {
            self = .recordedAt(time)
        } else {
            return nil
        }
    }

    public var description: String {
        switch self {
        case .head: return "head"
        case .position(let position): return "position \(position)"
        case .recordedAt(let time): return "recorded at or before \(time)"
        }
    }
}

/// Counts of what the ledger holds: events by type, streams, authors, and the last position.
public struct LedgerSummary: Projection, Equatable {
    public private(set) var eventCount: Int64 = 0
    public private(set) var lastPosition: Int64 = 0
    public private(set) var lastRecordedAt: Timestamp?
    public private(set) var countsByType: [String: Int64] = [:]
    public private(set) var countsByAuthor: [String: Int64] = [:]
    /// How many streams the events open. Every stream starts at version 1 and versions are
    /// gap-free (DESIGN §3), so counting first versions counts streams without remembering them.
    public private(set) var streamCount = 0

    public init() {}

    public mutating func apply(_ event: RecordedEvent) {
        eventCount += 1
        lastPosition = event.position
        lastRecordedAt = event.recordedAt
        countsByType[event.envelope.type, default: 0] += 1
        countsByAuthor[event.envelope.author, default: 0] += 1
        if event.streamVersion == 1 { streamCount += 1 }
    }
}

extension Sequence where Element == RecordedEvent {
    /// Folds these events into a fresh `P`, stopping after `asOf`.
    public func fold<P: Projection>(into type: P.Type, asOf: AsOf = .head) -> P {
        var projection = P()
        for event in self {
            guard asOf.includes(event) else { break }
            projection.apply(event)
        }
        return projection
    }
}

/// A projection whose state can be written canonically, so two replays can be compared by digest.
public protocol DigestibleProjection: Projection {
    /// The projection's name in reports.
    static var name: String { get }
    /// The state as JSON with a fixed key order and sorted collections.
    func canonicalState() -> JSONValue
    /// Appends the bytes of `canonicalState()` to `output`. A large projection writes them
    /// piece by piece instead of building the whole tree first; the bytes must be the same.
    func writeCanonicalState(into output: inout [UInt8])
}

extension DigestibleProjection {
    public func writeCanonicalState(into output: inout [UInt8]) {
        JSONWriter.write(canonicalState(), into: &output)
    }

    /// SHA-256 of the canonical state's bytes: stable across runs and machines.
    public var stateDigest: String {
        var bytes: [UInt8] = []
        writeCanonicalState(into: &bytes)
        return ContentDigest.sha256Hex(bytes)
    }
}

extension LedgerSummary: DigestibleProjection {
    public static let name = "summary"

    public func canonicalState() -> JSONValue {
        var builder = JSONObjectBuilder()
        builder.add("events", eventCount)
        builder.add("last_position", lastPosition)
        builder.add("streams", streamCount)
        var types = JSONObjectBuilder()
        for (type, count) in countsByType.sorted(by: { $0.key < $1.key }) { types.add(type, count) }
        builder.add("by_type", types.value)
        var authors = JSONObjectBuilder()
        for (author, count) in countsByAuthor.sorted(by: { $0.key < $1.key }) { authors.add(author, count) }
        builder.add("by_author", authors.value)
        return builder.value
    }
}

/// A projection whose fold can be split: folding events 1…n and n+1…m separately, then
/// merging the second into the first, gives the fold of 1…m.
///
/// This lets a reader fold contiguous ranges of a large log on several threads at once.
public protocol MergeableProjection: Projection {
    /// Appends `later`, a fresh fold of the events that follow this fold's last event.
    mutating func merge(following later: Self)
}

extension LedgerSummary: MergeableProjection {
    public mutating func merge(following later: LedgerSummary) {
        guard later.eventCount > 0 else { return }
        eventCount += later.eventCount
        lastPosition = later.lastPosition
        lastRecordedAt = later.lastRecordedAt
        countsByType.merge(later.countsByType, uniquingKeysWith: +)
        countsByAuthor.merge(later.countsByAuthor, uniquingKeysWith: +)
        streamCount += later.streamCount
    }
}
