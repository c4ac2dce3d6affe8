@testable import Projections
import Events
import Testing

/// Every value hashes alike, so every probe meets the same kept hash bits.
private struct Colliding: Hashable, Sendable {
    let number: Int
    func hash(into hasher: inout Hasher) { hasher.combine(0) }
}

@Suite("Interner: numbering posts in first-seen order")
struct InternerTests {
    @Test("equal values get one number, new values the next, and lookups agree, across many regrowths")
    func numbersAreStableAndDense() throws {
        var interner = Interner<PlatformReference>()
        var expected: [PlatformReference: Int32] = [:]
        // Ids that differ only near the end, plus repeats, to exercise collisions and probing.
        for round in 0..<3 {
            for index in 0..<5_000 {
                let reference = PlatformReference(platform: index % 3 == 0 ? "weibo" : "twitter", identifier: "12000000\(index * 7 % 5_000)")
                let number = interner.number(for: reference)
                if let known = expected[reference] {
                    #expect(number == known, "round \(round): \(reference) was numbered \(known)")
                } else {
                    #expect(Int(number) == expected.count, "a new value gets the next number")
                    expected[reference] = number
                }
            }
        }
        #expect(interner.count == expected.count)
        for (reference, number) in expected {
            #expect(interner[reference] == number)
            #expect(interner.values[Int(number)] == reference)
        }
        #expect(interner[PlatformReference(platform: "twitter", identifier: "never")] == nil)
    }

    @Test("values whose hashes all collide are still told apart, across regrowths")
    func collidingHashes() {
        var interner = Interner<Colliding>()
        for round in 0..<2 {
            for number in 0..<300 { #expect(interner.number(for: Colliding(number: number)) == Int32(number), "round \(round)") }
        }
        #expect(interner.count == 300)
        #expect(interner[Colliding(number: 300)] == nil)
    }

    @Test("numbering all of another interner's values equals numbering them one by one, in its order")
    func numbersForAllOfAnother() {
        func reference(_ index: Int) -> PlatformReference { PlatformReference(platform: "twitter", identifier: "9\(index)") }
        var earlier = Interner<PlatformReference>()
        for index in stride(from: 0, to: 3_000, by: 2) { _ = earlier.number(for: reference(index)) }
        var later = Interner<PlatformReference>()
        // Half new, half already numbered in `earlier`, in an order of their own.
        for index in (1_000..<4_000).reversed() { _ = later.number(for: reference(index)) }
        var oneByOne = earlier
        let expected = later.values.map { oneByOne.number(for: $0) }
        var merged = earlier
        #expect(merged.numbers(forAllOf: later) == expected)
        #expect(merged.values == oneByOne.values)
        for (number, value) in merged.values.enumerated() { #expect(merged[value] == Int32(number)) }
        #expect(merged.number(for: reference(10_000)) == Int32(oneByOne.count))
    }

    @Test("numbering another interner's colliding values keeps them apart")
    func numbersForAllOfCollidingValues() {
        var earlier = Interner<Colliding>()
        for number in 0..<100 { _ = earlier.number(for: Colliding(number: number)) }
        var later = Interner<Colliding>()
        for number in (50..<150).reversed() { _ = later.number(for: Colliding(number: number)) }
        let numbers = earlier.numbers(forAllOf: later)
        // 149 down to 100 are new (numbered 100 on, in that order); 99 down to 50 keep theirs.
        let expected: [Int32] = (50..<150).reversed().map { value -> Int32 in
            value < 100 ? Int32(value) : Int32(249 - value)
        }
        #expect(numbers == expected)
        #expect(earlier.count == 150)
    }

    @Test("reserving capacity changes no number")
    func reserveKeepsNumbers() {
        var interner = Interner<PlatformReference>()
        let first = (0..<100).map { interner.number(for: PlatformReference(platform: "twitter", identifier: String($0))) }
        interner.reserveCapacity(100_000)
        #expect((0..<100).map { interner[PlatformReference(platform: "twitter", identifier: String($0))] } == first.map(Optional.some))
        #expect(interner.number(for: PlatformReference(platform: "twitter", identifier: "new")) == 100)
        #expect(Interner<PlatformReference>()[PlatformReference(platform: "twitter", identifier: "1")] == nil)
    }
}

@Test("the summary counts streams by their first versions: the same count as the distinct streams")
func summaryCountsStreamsByFirstVersion() throws {
    var events: [RecordedEvent] = []
    var versions: [StreamName: Int64] = [:]
    for index in 0..<60 {
        // Ten outlets, each re-registered several times (an update is a new version of its stream).
        let payload = try OutletRegistered(fields: FieldReader(JSONObject([
            ("domain", .string("outlet\(index % 10).example")), ("name", .string("Outlet \(index)")), ("affiliation", .string("unknown")),
        ])))
        let time = Timestamp(millisecondsSinceEpoch: 1_580_000_000_000 + Int64(index) * 1000)
        let envelope = EventEnvelope.make(payload: payload, id: .timeOrdered, author: "import:test", now: time)
        let version = versions[envelope.stream, default: 0] + 1
        versions[envelope.stream] = version
        events.append(RecordedEvent(position: Int64(index + 1), recordedAt: time, streamVersion: version, envelope: envelope, signature: nil, payload: payload))
    }
    let summary = events.fold(into: LedgerSummary.self)
    #expect(summary.streamCount == Set(events.map(\.envelope.stream)).count)
    #expect(summary.streamCount == 10)
    var first = events.prefix(25).fold(into: LedgerSummary.self)
    first.merge(following: Array(events.dropFirst(25)).fold(into: LedgerSummary.self))
    #expect(first.streamCount == 10)
}


@Test("the host of a linked URL: lowercase, without user, port or trailing dots")
func hostsOfLinkedURLs() {
    let cases: [(String, String?)] = [
        ("https://www.rt.com/news/1", "www.rt.com"),
        ("https://WWW.RT.Com/news", "www.rt.com"),
        ("http://user:pass@GlobalTimes.cn:8080/a?b#c", "globaltimes.cn"),
        ("https://telesur.net./x", "telesur.net"),
        ("https://example.org?q=1", "example.org"),
        ("https://example.org#top", "example.org"),
        ("https://[2001:db8::1]:443/x", "[2001:db8::1]"),
        ("https://", nil),
        ("no scheme here", nil),
    ]
    for (url, host) in cases { #expect(LedgerFacts.host(of: url) == host, "\(url)") }
}
