// Timestamps: strict RFC 3339 in, one canonical form out.
import Foundation
import Testing
@testable import Events

/// A small deterministic generator, so a failing random case can be reproduced.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var value = state
        value = (value ^ (value >> 30)) &* 0xBF58_476D_1CE4_E5B9
        value = (value ^ (value >> 27)) &* 0x94D0_49BB_1331_11EB
        return value ^ (value >> 31)
    }
}

@Suite("Timestamps")
struct TimestampTests {
    @Test("an RFC 3339 time in UTC parses to its instant")
    func parsesUTC() throws {
        let time = try #require(Timestamp(rfc3339: "2020-03-12T14:03:00Z"))
        #expect(time.millisecondsSinceEpoch == 1_584_021_780_000)
        #expect(Timestamp(rfc3339: "2020-03-12t14:03:00z") == time)
    }

    @Test("fractions of a second parse to milliseconds, truncating finer digits")
    func parsesFractions() {
        #expect(Timestamp(rfc3339: "2020-03-12T14:03:00.5Z")?.millisecondsSinceEpoch == 1_584_021_780_500)
        #expect(Timestamp(rfc3339: "2020-03-12T14:03:00.123456789Z")?.millisecondsSinceEpoch == 1_584_021_780_123)
        #expect(Timestamp(rfc3339: "2020-03-12T14:03:00.0123456789Z") == nil)
        #expect(Timestamp(rfc3339: "2020-03-12T14:03:00.Z") == nil)
    }

    @Test("offsets such as +08:00 are converted to UTC")
    func parsesOffsets() {
        #expect(Timestamp(rfc3339: "2020-03-12T22:03:00+08:00")?.iso8601 == "2020-03-12T14:03:00.000Z")
        #expect(Timestamp(rfc3339: "2020-03-12T09:33:00-04:30")?.iso8601 == "2020-03-12T14:03:00.000Z")
        #expect(Timestamp(rfc3339: "2020-03-12T14:03:00+00:00")?.millisecondsSinceEpoch == 1_584_021_780_000)
        #expect(Timestamp(rfc3339: "2020-03-12T14:03:00+0800") == nil)
        #expect(Timestamp(rfc3339: "2020-03-12T14:03:00+24:00") == nil)
    }

    @Test("a bare date means midnight UTC, and 2020-02-29 is a leap day")
    func parsesDates() {
        #expect(Timestamp(rfc3339: "2020-02-29")?.millisecondsSinceEpoch == 1_582_934_400_000)
        #expect(Timestamp(rfc3339: "2020-02-29T12:00:00Z")?.dateString == "2020-02-29")
        #expect(Timestamp(rfc3339: "2000-02-29") != nil)
    }

    @Test("impossible dates and garbage are refused")
    func rejectsInvalid() {
        for text in ["2021-02-29", "1900-02-29", "2020-13-01", "2020-00-10", "2020-04-31", "2020-01-00", "2020-03-12T24:00:00Z",
                     "2020-03-12T14:60:00Z", "2020-03-12T14:03:00", "2020-03-12T14:03Z", "12 March 2020", "", "garbage",
                     "2020-03-12T14:03:00Zjunk", "２０２０-03-12", "-020-03-12", "2020-3-12"] {
            #expect(Timestamp(rfc3339: text) == nil, "\(text) should be refused")
        }
    }

    @Test("the canonical form is UTC with milliseconds")
    func formatsCanonically() throws {
        #expect(try #require(Timestamp(rfc3339: "2020-03-12T14:03:00Z")).iso8601 == "2020-03-12T14:03:00.000Z")
        #expect(Timestamp(millisecondsSinceEpoch: 0).iso8601 == "1970-01-01T00:00:00.000Z")
        #expect(Timestamp(millisecondsSinceEpoch: -1).iso8601 == "1969-12-31T23:59:59.999Z")
        #expect(Timestamp(millisecondsSinceEpoch: 1).description == "1970-01-01T00:00:00.001Z")
    }

    @Test("random instants from 1900 to 2100 format like Foundation's calendar and parse back")
    func randomRoundTrip() throws {
        var generator = SplitMix64(state: 0x5EED)
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = try #require(TimeZone(identifier: "UTC"))
        let range: ClosedRange<Int64> = -2_208_988_800_000...4_102_444_799_999
        for _ in 0..<2000 {
            let time = Timestamp(millisecondsSinceEpoch: Int64.random(in: range, using: &generator))
            let text = time.iso8601
            #expect(Timestamp(rfc3339: text) == time, "\(text)")
            let milliseconds = time.millisecondsSinceEpoch
            let floorSeconds = milliseconds >= 0 ? milliseconds / 1000 : (milliseconds - 999) / 1000
            let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: Date(timeIntervalSince1970: TimeInterval(floorSeconds)))
            let expected = String(format: "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ",
                                  parts.year ?? -1, parts.month ?? -1, parts.day ?? -1, parts.hour ?? -1, parts.minute ?? -1,
                                  parts.second ?? -1, Int(milliseconds - floorSeconds * 1000))
            #expect(text == expected)
        }
    }

    @Test("canonical text sorts in time order")
    func lexicalOrderIsTimeOrder() {
        var generator = SplitMix64(state: 42)
        let times = (0..<500).map { _ in Timestamp(millisecondsSinceEpoch: Int64.random(in: -2_208_988_800_000...4_102_444_799_999, using: &generator)) }
        #expect(times.sorted().map(\.iso8601) == times.map(\.iso8601).sorted())
    }
}
