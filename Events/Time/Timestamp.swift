// Instants as integer milliseconds since the Unix epoch, with a strict RFC 3339 parser and
// one canonical text form. Hand-written because ISO8601DateFormatter is slow and lenient.

/// An instant in UTC with millisecond precision.
///
/// Guarantees: one canonical text form, `YYYY-MM-DDTHH:MM:SS.sssZ`, whose lexical order is
/// time order for years 0000 to 9999. Parsing accepts RFC 3339 with any offset and
/// truncates sub-millisecond digits. Cost: O(1), no allocation but the output string.
public struct Timestamp: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// Milliseconds since 1970-01-01T00:00:00Z.
    public let millisecondsSinceEpoch: Int64

    public init(millisecondsSinceEpoch: Int64) {
        self.millisecondsSinceEpoch = millisecondsSinceEpoch
    }

    public static func < (lhs: Timestamp, rhs: Timestamp) -> Bool {
        lhs.millisecondsSinceEpoch < rhs.millisecondsSinceEpoch
    }

    public var description: String { iso8601 }

    /// Adds `milliseconds`.
    public func adding(milliseconds: Int64) -> Timestamp {
        Timestamp(millisecondsSinceEpoch: millisecondsSinceEpoch + milliseconds)
    }

    /// The canonical RFC 3339 text, always UTC with milliseconds: `2020-03-12T14:03:00.000Z`.
    public var iso8601: String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(Timestamp.iso8601Length)
        writeISO8601(into: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Appends the bytes of ``iso8601`` to `bytes`, for writers that build JSON without strings.
    public func writeISO8601(into bytes: inout [UInt8]) {
        let millisecondsPerDay: Int64 = 86_400_000
        var days = millisecondsSinceEpoch / millisecondsPerDay
        var remainder = millisecondsSinceEpoch % millisecondsPerDay
        if remainder < 0 { remainder += millisecondsPerDay; days -= 1 }
        let (year, month, day) = Timestamp.civilDate(fromDays: days)
        let hour = remainder / 3_600_000
        let minute = (remainder / 60_000) % 60
        let second = (remainder / 1000) % 60
        let millisecond = remainder % 1000
        // The 24 bytes are formed in a buffer on the stack and appended at once: one capacity
        // check instead of one per byte (a history writes a time for each of a million posts).
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: Timestamp.iso8601Length) { buffer in
            var count = 0
            func put(_ byte: UInt8) {
                buffer[count] = byte
                count += 1
            }
            func digits(_ value: Int64, _ width: Int) {
                if width == 2, value >= 0, value < 100 {
                    // Most of the fields: two digits, without a division per digit.
                    let value = UInt8(truncatingIfNeeded: value)
                    put(UInt8(ascii: "0") + value / 10)
                    put(UInt8(ascii: "0") + value % 10)
                    return
                }
                var divisor: Int64 = 1
                for _ in 1..<width { divisor *= 10 }
                var rest = value
                while divisor > 0 {
                    put(UInt8(ascii: "0") + UInt8((rest / divisor) % 10))
                    rest %= divisor
                    divisor /= 10
                }
            }
            digits(year, 4); put(UInt8(ascii: "-"))
            digits(month, 2); put(UInt8(ascii: "-"))
            digits(day, 2); put(UInt8(ascii: "T"))
            digits(hour, 2); put(UInt8(ascii: ":"))
            digits(minute, 2); put(UInt8(ascii: ":"))
            digits(second, 2); put(UInt8(ascii: "."))
            digits(millisecond, 3); put(UInt8(ascii: "Z"))
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: buffer[..<count]))
        }
    }

    /// The length of ``iso8601``: `YYYY-MM-DDTHH:MM:SS.mmmZ`.
    static let iso8601Length = 24

    /// The calendar date `YYYY-MM-DD` in UTC.
    public var dateString: String { String(iso8601.prefix(10)) }

    /// The longest time text a field accepts, in characters.
    public static let maxTextLength = 40

    /// Parses RFC 3339 (`2020-03-12T14:03:00Z`, `2020-03-12T14:03:00.5+08:00`), or a bare
    /// date (`2020-03-12`, meaning midnight UTC). Returns nil for anything else.
    public init?(rfc3339 text: String) {
        let bytes = Array(text.utf8)
        func number(_ range: Range<Int>) -> Int64? {
            guard range.upperBound <= bytes.count else { return nil }
            var value: Int64 = 0
            for index in range {
                let byte = bytes[index]
                guard byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") else { return nil }
                value = value * 10 + Int64(byte - UInt8(ascii: "0"))
            }
            return value
        }
        guard bytes.count >= 10, let year = number(0..<4), bytes[4] == UInt8(ascii: "-"),
              let month = number(5..<7), bytes[7] == UInt8(ascii: "-"), let day = number(8..<10),
              (1...12).contains(month), day >= 1, day <= Timestamp.daysIn(month: month, year: year)
        else { return nil }
        let days = Timestamp.days(fromCivilYear: year, month: month, day: day)
        if bytes.count == 10 {
            self.init(millisecondsSinceEpoch: days * 86_400_000)
            return
        }
        guard bytes.count >= 20, bytes[10] == UInt8(ascii: "T") || bytes[10] == UInt8(ascii: "t") || bytes[10] == UInt8(ascii: " "),
              let hour = number(11..<13), bytes[13] == UInt8(ascii: ":"), let minute = number(14..<16),
              bytes[16] == UInt8(ascii: ":"), let second = number(17..<19),
              hour < 24, minute < 60, second < 61
        else { return nil }
        var index = 19
        var millisecond: Int64 = 0
        if bytes[index] == UInt8(ascii: ".") {
            index += 1
            var scale: Int64 = 100
            let start = index
            while index < bytes.count, bytes[index] >= UInt8(ascii: "0"), bytes[index] <= UInt8(ascii: "9") {
                millisecond += Int64(bytes[index] - UInt8(ascii: "0")) * scale
                scale /= 10
                index += 1
            }
            guard index > start, index - start <= 9 else { return nil }
        }
        guard index < bytes.count else { return nil }
        var offsetMinutes: Int64 = 0
        switch bytes[index] {
        case UInt8(ascii: "Z"), UInt8(ascii: "z"):
            index += 1
        case UInt8(ascii: "+"), UInt8(ascii: "-"):
            let sign: Int64 = bytes[index] == UInt8(ascii: "+") ? 1 : -1
            guard index + 6 == bytes.count, let offsetHour = number(index + 1..<index + 3),
                  bytes[index + 3] == UInt8(ascii: ":"), let offsetMinute = number(index + 4..<index + 6),
                  offsetHour < 24, offsetMinute < 60
            else { return nil }
            offsetMinutes = sign * (offsetHour * 60 + offsetMinute)
            index += 6
        default:
            return nil
        }
        guard index == bytes.count else { return nil }
        let seconds = days * 86_400 + hour * 3600 + minute * 60 + min(second, 59) - offsetMinutes * 60
        self.init(millisecondsSinceEpoch: seconds * 1000 + millisecond)
    }

    // Howard Hinnant's days-from-civil and civil-from-days algorithms.
    static func days(fromCivilYear year: Int64, month: Int64, day: Int64) -> Int64 {
        let shiftedYear = month <= 2 ? year - 1 : year
        let era = (shiftedYear >= 0 ? shiftedYear : shiftedYear - 399) / 400
        let yearOfEra = shiftedYear - era * 400
        let dayOfYear = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    static func civilDate(fromDays daysSinceEpoch: Int64) -> (year: Int64, month: Int64, day: Int64) {
        let shifted = daysSinceEpoch + 719_468
        let era = (shifted >= 0 ? shifted : shifted - 146_096) / 146_097
        let dayOfEra = shifted - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
        let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    static func daysIn(month: Int64, year: Int64) -> Int64 {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }
}
