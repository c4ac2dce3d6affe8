// The clock override that only `demo` and tests use: time is set by the caller, and each
// reading moves forward by a millisecond, so `recorded_at` stays monotonic.
import Foundation
import Events
import Ledger

/// A clock whose time the demo sets, phase by phase.
///
/// Guarantees: readings never decrease; `advance(to:)` never moves backwards. Only the demo
/// and tests use it; every other command records the wall-clock time.
public final class SimulatedClock: LedgerClock, @unchecked Sendable {
    private let lock = NSLock()
    private var current: Int64

    public init(start: Timestamp) {
        current = start.millisecondsSinceEpoch
    }

    /// Moves the clock to `time`, or leaves it when `time` is earlier.
    public func advance(to time: Timestamp) {
        lock.lock()
        defer { lock.unlock() }
        current = max(current, time.millisecondsSinceEpoch)
    }

    public func now() -> Timestamp {
        lock.lock()
        defer { lock.unlock() }
        current += 1
        return Timestamp(millisecondsSinceEpoch: current)
    }
}
