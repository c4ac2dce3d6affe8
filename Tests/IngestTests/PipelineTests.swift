// The producer/consumer hand-off behind `import`: order, errors in turn, cancellation, and no
// item kept alive once it is taken (a leak of every batch, ~700 bytes an event, was found here).
import Foundation
@testable import Ingest
import Testing

/// Counts the live instances of `Tracked`.
private final class LiveCount: @unchecked Sendable {
    private let lock = NSLock()
    private var live = 0
    private(set) var peak = 0

    func change(_ delta: Int) {
        lock.lock()
        live += delta
        peak = max(peak, live)
        lock.unlock()
    }

    var current: Int {
        lock.lock()
        defer { lock.unlock() }
        return live
    }
}

private final class Tracked: Sendable {
    let number: Int
    let counter: LiveCount
    init(_ number: Int, _ counter: LiveCount) {
        self.number = number
        self.counter = counter
        counter.change(1)
    }
    deinit { counter.change(-1) }
}

private struct Stop: Error {}

@Suite("Pipeline: parsing on one thread, appending on another")
struct PipelineTests {
    @Test("items arrive in order and none outlives its turn: at most the buffer plus a few are alive at once")
    func orderAndBoundedLiveItems() throws {
        let counter = LiveCount()
        let pipeline = Pipeline<Tracked>(capacity: 2) { emit in
            for number in 0..<2_000 { guard emit(Tracked(number, counter)) else { return } }
        }
        var expected = 0
        while let item = try pipeline.next() {
            #expect(item.number == expected)
            expected += 1
            // A consumer slower than its producer, as appending is: the buffer is always full.
            usleep(20)
            pipeline.discard(item)
        }
        #expect(expected == 2_000)
        pipeline.cancel()
        #expect(counter.peak <= 8, "peak \(counter.peak) items alive; the buffer holds 2")
    }

    @Test("an error from the producer comes after every item emitted before it")
    func errorsComeInTurn() throws {
        let pipeline = Pipeline<Int>(capacity: 3) { emit in
            for number in 0..<5 { _ = emit(number) }
            throw Stop()
        }
        var seen: [Int] = []
        #expect(throws: Stop.self) {
            while let number = try pipeline.next() { seen.append(number) }
        }
        #expect(seen == [0, 1, 2, 3, 4])
        #expect(try pipeline.next() == nil, "the error is thrown once, then the pipeline is finished")
    }

    @Test("cancelling stops a producer that would run forever, and waits for it")
    func cancelStopsTheProducer() throws {
        let emitted = LiveCount()
        let pipeline = Pipeline<Int>(capacity: 2) { emit in
            var number = 0
            while emit(number) {
                emitted.change(1)
                number += 1
            }
        }
        #expect(try pipeline.next() == 0)
        pipeline.cancel()
        let after = emitted.current
        Thread.sleep(forTimeInterval: 0.05)
        #expect(emitted.current == after, "nothing is emitted once cancel returns")
        #expect(after <= 4)
    }
}
