import Events
import Projections
import Testing

/// Builds recorded events of one type at increasing positions and times.
private func events(count: Int) throws -> [RecordedEvent] {
    try (1...count).map { index in
        let payload = try OutletRegistered(fields: FieldReader(JSONObject([
            ("domain", .string("outlet\(index).example")), ("name", .string("Outlet \(index)")), ("affiliation", .string("unknown")),
        ])))
        let time = Timestamp(millisecondsSinceEpoch: 1_580_000_000_000 + Int64(index) * 1000)
        let envelope = EventEnvelope.make(payload: payload, id: .derived, author: "import:test", now: time)
        return RecordedEvent(position: Int64(index), recordedAt: time, streamVersion: 1, envelope: envelope, signature: nil, payload: payload)
    }
}

@Test("a fold as of a position stops there and counts only the prefix")
func foldAsOfPosition() throws {
    let all = try events(count: 10)
    let summary = all.fold(into: LedgerSummary.self, asOf: .position(4))
    #expect(summary.eventCount == 4)
    #expect(summary.lastPosition == 4)
    #expect(summary.countsByType["OutletRegistered"] == 4)
    #expect(summary.streamCount == 4)
}

@Test("a fold as of a recorded time is the prefix recorded by then")
func foldAsOfTime() throws {
    let all = try events(count: 10)
    let cutoff = all[6].recordedAt
    let summary = all.fold(into: LedgerSummary.self, asOf: .recordedAt(cutoff))
    #expect(summary.lastPosition == 7)
    #expect(all.fold(into: LedgerSummary.self) == all.fold(into: LedgerSummary.self, asOf: .position(10)))
}

@Test("--as-of parses positions, times and whole days")
func asOfParsing() throws {
    #expect(AsOf(argument: "42") == .position(42))
    let day = try #require(Timestamp(rfc3339: "2020-03-01T23:59:59.999Z"))
    #expect(AsOf(argument: "2020-03-01") == .recordedAt(day))
    #expect(AsOf(argument: "yesterday") == nil)
}
