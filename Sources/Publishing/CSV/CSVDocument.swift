// RFC 4180 text through yaslab/CSV.swift (STYLE: never SwiftCSV for writing): CRLF line
// ends, a header row, quoting of commas, quotes and line breaks, UTF-8 without a BOM.
import CSV
import Foundation

/// A table ready to be written as CSV.
///
/// Guarantees: every field reads back unchanged with an RFC 4180 reader (CSV.swift, pandas,
/// csvkit), whatever it holds: commas, quotes, CR or LF, any Unicode. Each record, the last
/// included, ends with CRLF. Cost: the text is built in memory.
public struct CSVDocument: Sendable, Equatable {
    /// The column names.
    public let header: [String]
    /// The records, each as long as the header.
    public let rows: [[String]]

    public init(header: [String], rows: [[String]]) {
        self.header = header
        self.rows = rows
    }

    /// The UTF-8 bytes, without a byte-order mark.
    public func bytes() throws -> [UInt8] {
        let stream = OutputStream(toMemory: ())
        // CSV.swift writes each record's line break before the next record, so the last one
        // is added here: a file that ends in CRLF is what spreadsheets write.
        let writer = try CSVWriter(stream: stream, codecType: UTF8.self, delimiter: ",", newline: .crlf)
        try writer.write(row: header)
        for row in rows { try writer.write(row: row) }
        stream.close()
        guard let data = stream.property(forKey: .dataWrittenToMemoryStreamKey) as? Data else { return [] }
        return Array(data) + [0x0D, 0x0A]
    }

    /// Reads CSV text with a header row back into a document (a leading UTF-8 BOM is skipped),
    /// so a published file can be checked against what was meant to be written.
    public init(parsing bytes: [UInt8]) throws {
        let body = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? Array(bytes.dropFirst(3)) : bytes
        let reader = try CSVReader(string: String(decoding: body, as: UTF8.self), hasHeaderRow: true)
        var rows: [[String]] = []
        while let row = reader.next() { rows.append(row) }
        if let error = reader.error { throw error }
        self.init(header: reader.headerRow ?? [], rows: rows)
    }

    /// Joins list values with `;`, the CSV exports' list separator.
    public static func list(_ values: [String]) -> String { values.joined(separator: ";") }
}
