// A producer thread feeding a consumer through a small bounded buffer, so that an import parses
// and signs the next batch on one core while the other appends the last one to SQLite.
import Foundation

/// Runs `produce` on its own thread and hands what it emits, in order, to the caller's thread.
///
/// Guarantees: items arrive in the order emitted; an error thrown by the producer is rethrown by
/// ``next()`` after every item emitted before it; when the consumer stops early (``cancel()``,
/// or the pipeline is released), the producer stops at its next `emit` and its thread is joined
/// before ``cancel()`` returns. Cost: at most `capacity` items are held at once.
final class Pipeline<Item: Sendable>: @unchecked Sendable {
    /// What the producer calls to hand over one item; it returns false once the consumer has
    /// stopped, and the producer should then return.
    typealias Emit = (Item) -> Bool

    private let condition = NSCondition()
    /// Items emitted and not yet taken, oldest first; at most `capacity` (so removing the first
    /// is cheap, and a taken item is never kept alive by the buffer).
    private var buffer: [Item] = []
    private let capacity: Int
    private var finished = false
    private var failure: (any Error)?
    private var cancelled = false
    private var producerDone = false
    private var discarded: [Item] = []

    /// Starts `produce` on a new thread.
    init(capacity: Int, produce: @escaping @Sendable (_ emit: Emit) throws -> Void) {
        self.capacity = max(1, capacity)
        let thread = Thread { [self] in
            do { try produce { item in self.put(item) } } catch { self.fail(error) }
            self.condition.lock()
            self.finished = true
            self.producerDone = true
            self.condition.broadcast()
            self.condition.unlock()
        }
        thread.stackSize = 8 << 20
        thread.start()
    }

    deinit {
        cancel()
    }

    /// The next item, nil once the producer has finished; rethrows the producer's error in turn.
    func next() throws -> Item? {
        condition.lock()
        defer { condition.unlock() }
        while buffer.isEmpty && !finished { condition.wait() }
        if !buffer.isEmpty {
            let item = buffer.removeFirst()
            condition.broadcast()
            return item
        }
        if let failure {
            self.failure = nil
            throw failure
        }
        return nil
    }

    /// Hands a consumed item back so the producer's thread releases it. Memory is then freed by
    /// the thread that allocated it, which spares glibc's malloc a lock per block (it measured
    /// 15% of an import's appending thread).
    func discard(_ item: Item) {
        condition.lock()
        discarded.append(item)
        condition.unlock()
    }

    /// Stops the producer and waits for its thread to end.
    func cancel() {
        condition.lock()
        cancelled = true
        condition.broadcast()
        while !producerDone { condition.wait() }
        condition.unlock()
    }

    private func put(_ item: Item) -> Bool {
        var released: [Item] = []
        condition.lock()
        while buffer.count >= capacity && !cancelled { condition.wait() }
        guard !cancelled else {
            condition.unlock()
            return false
        }
        buffer.append(item)
        swap(&released, &discarded)
        condition.broadcast()
        condition.unlock()
        released.removeAll()  // on this thread, outside the lock
        return true
    }

    private func fail(_ error: any Error) {
        condition.lock()
        failure = error
        condition.unlock()
    }
}

/// A value handed to the producer thread, which becomes its only user (such as an open file).
struct Handoff<Value>: @unchecked Sendable {
    let value: Value
}
