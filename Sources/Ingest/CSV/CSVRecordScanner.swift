// Finds the records of RFC 4180 text and the line each starts on, and checks the quoting, so an
// error can name its line even when earlier records hold quoted newlines. The fields themselves
// are read by yaslab/CSV.swift, one record at a time, so a broken record cannot shift the rest.

/// One record of CSV text, before its fields are read.
struct CSVRawRecord {
    /// The 1-based line where the record starts.
    let line: Int
    /// The record's bytes, without its line break.
    let range: Range<Int>
    /// Why the record breaks RFC 4180, when it does.
    let problem: RecordProblem?
}

/// Splits RFC 4180 text into records.
///
/// Guarantees: a record ends at CRLF, LF or CR outside quotes; a quoted field may hold commas,
/// line breaks and doubled quotes; a quote inside an unquoted field, text after a closing quote,
/// and a quote never closed are reported with the record's line and the column's number. After
/// such a problem the record ends at the next line break, so the following records are read as
/// written. Cost: one pass over the bytes, no allocation per record.
struct CSVRecordScanner {
    private let bytes: [UInt8]
    /// The offset of the next byte to read.
    private(set) var offset = 0
    /// The line the next record starts on.
    private var line = 1

    private static let quote = UInt8(ascii: "\"")
    private static let comma = UInt8(ascii: ",")
    private static let carriageReturn = UInt8(ascii: "\r")
    private static let lineFeed = UInt8(ascii: "\n")

    /// Scans `bytes`, which hold no byte-order mark.
    init(bytes: [UInt8]) {
        self.bytes = bytes
    }

    /// The next record that is not blank, or nil at the end.
    mutating func next() -> CSVRawRecord? {
        while offset < bytes.count {
            let record = scanRecord()
            let isBlank = bytes[record.range].allSatisfy { $0 == 0x20 || $0 == 0x09 }
            if !isBlank || record.problem != nil { return record }
        }
        return nil
    }

    private mutating func scanRecord() -> CSVRawRecord {
        let startLine = line
        let start = offset
        var column = 1
        var problem: RecordProblem?
        fields: while true {
            if offset < bytes.count, bytes[offset] == Self.quote {
                offset += 1
                var closed = false
                while offset < bytes.count {
                    let byte = bytes[offset]
                    if byte == Self.quote {
                        if offset + 1 < bytes.count, bytes[offset + 1] == Self.quote {
                            offset += 2
                            continue
                        }
                        offset += 1
                        closed = true
                        break
                    }
                    if byte == Self.lineFeed || (byte == Self.carriageReturn && !(offset + 1 < bytes.count && bytes[offset + 1] == Self.lineFeed)) {
                        line += 1
                    }
                    offset += 1
                }
                guard closed else {
                    problem = RecordProblem(field: "column \(column)", detail: "a quoted field is never closed; the file ends inside it (a quote inside a quoted field is written \"\")")
                    break fields
                }
                guard offset < bytes.count else { break fields }
                switch bytes[offset] {
                case Self.comma:
                    offset += 1
                    column += 1
                    continue fields
                case Self.carriageReturn, Self.lineFeed:
                    break fields
                default:
                    problem = RecordProblem(field: "column \(column)", detail: "a quoted field must be followed by a comma or the end of the line; a quote inside it is written \"\"")
                    skipToLineEnd()
                    break fields
                }
            }
            while offset < bytes.count {
                let byte = bytes[offset]
                if byte == Self.comma || byte == Self.carriageReturn || byte == Self.lineFeed { break }
                if byte == Self.quote, problem == nil {
                    problem = RecordProblem(field: "column \(column)", detail: "a double quote inside an unquoted field; quote the whole field and write the quote as \"\"")
                }
                offset += 1
            }
            guard offset < bytes.count, bytes[offset] == Self.comma else { break fields }
            offset += 1
            column += 1
        }
        let end = offset
        if offset < bytes.count, bytes[offset] == Self.carriageReturn {
            offset += 1
            if offset < bytes.count, bytes[offset] == Self.lineFeed { offset += 1 }
            line += 1
        } else if offset < bytes.count, bytes[offset] == Self.lineFeed {
            offset += 1
            line += 1
        }
        return CSVRawRecord(line: startLine, range: start..<end, problem: problem)
    }

    private mutating func skipToLineEnd() {
        while offset < bytes.count, bytes[offset] != Self.carriageReturn, bytes[offset] != Self.lineFeed { offset += 1 }
    }
}
