// Work spread over every core, for the parts of `verify` that need no other row.
import Dispatch
import Foundation

/// Maps a batch on all cores, keeping order.
enum ParallelWork {
    /// `transform` applied to each item, in order; runs on up to one thread per active core.
    static func map<Item: Sendable, Output: Sendable>(_ items: [Item], _ transform: @Sendable (Item) -> Output) -> [Output] {
        let workers = min(ProcessInfo.processInfo.activeProcessorCount, items.count / 64 + 1)
        guard workers > 1 else { return items.map(transform) }
        let results = Slots<Output>(count: items.count)
        let share = (items.count + workers - 1) / workers
        DispatchQueue.concurrentPerform(iterations: workers) { worker in
            let range = (worker * share)..<min(items.count, (worker + 1) * share)
            var local: [Output] = []
            local.reserveCapacity(range.count)
            for index in range { local.append(transform(items[index])) }
            results.store(local, at: range.lowerBound)
        }
        return results.values
    }
}

/// Results written by several threads, each into its own range.
private final class Slots<Value: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var parts: [(Int, [Value])] = []

    init(count: Int) { parts.reserveCapacity(8) }

    func store(_ values: [Value], at start: Int) {
        lock.lock()
        parts.append((start, values))
        lock.unlock()
    }

    var values: [Value] {
        lock.lock()
        defer { lock.unlock() }
        return parts.sorted { $0.0 < $1.0 }.flatMap { $0.1 }
    }
}
