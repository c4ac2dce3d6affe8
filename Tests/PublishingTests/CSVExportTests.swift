// `export csv`: RFC 4180 through CSV.swift (CRLF, a header row, UTF-8 without a BOM), every
// value read back unchanged, and a golden file per view of the fixed ledger.
import Events
import Foundation
import Ledger
import Projections
import SnapshotTesting
import Testing
@testable import Publishing

@Suite("CSV export")
struct CSVExportTests {
    @Test("each view is pinned by a golden file", arguments: CSVView.allCases)
    func golden(view: CSVView) throws {
        try withPublishingDirectory { directory in
            let fixture = try PublishingFixture(in: directory)
            let bytes = try CSVExport.bytes(view, snapshot: try fixture.snapshot())
            assertSnapshot(of: String(decoding: bytes, as: UTF8.self), as: .lines, named: view.rawValue)
        }
    }

    @Test("every record ends with CRLF, the header comes first, and there is no BOM", arguments: CSVView.allCases)
    func framing(view: CSVView) throws {
        try withPublishingDirectory { directory in
            let fixture = try PublishingFixture(in: directory)
            let document = CSVExport.document(view, snapshot: try fixture.snapshot())
            let bytes = try document.bytes()
            #expect(Array(bytes.prefix(3)) != [0xEF, 0xBB, 0xBF])
            #expect(Array(bytes.suffix(2)) == [0x0D, 0x0A])
            let text = String(decoding: bytes, as: UTF8.self)
            #expect(text.hasPrefix(document.header.joined(separator: ",") + "\r\n"))
            #expect(document.header.suffix(2) == ["as_of_position", "method_version"])
            #expect(document.rows.allSatisfy { $0.count == document.header.count })
            #expect(document.rows.allSatisfy { $0.suffix(2) == [String(fixture.contentSize), "mas/1"] })
        }
    }

    @Test("Chinese text, emoji, commas, quotes and CR/LF line breaks in post text read back unchanged")
    func historyRoundTrip() throws {
        try withPublishingDirectory { directory in
            let fixture = try PublishingFixture(in: directory)
            let document = CSVExport.document(.history, snapshot: try fixture.snapshot())
            let parsed = try parse(try document.bytes())
            #expect(parsed.header == document.header)
            #expect(parsed.rows == document.rows)
            let texts = Set(parsed.rows.compactMap { row in parsed.header.firstIndex(of: "text").map { row[$0] } })
            for text in [AwkwardText.chinese, AwkwardText.quoted, AwkwardText.lines, AwkwardText.markup, AwkwardText.formula] {
                #expect(texts.contains(text), "the history CSV lost \(text.debugDescription)")
            }
        }
    }

    @Test("arbitrary fields survive a write and a read", arguments: [
        ["plain", "", " leading and trailing spaces ", "a,b", "\"", "\"\"", "x\ny", "x\r\ny", "\r", "😀👩🏽‍🔬", "中文，标点"],
        ["=1+1", "-2", "@SUM(A1)", "tab\tinside", "\u{FEFF}bom inside", "e\u{301}", "end\n"],
    ])
    func fieldsRoundTrip(fields: [String]) throws {
        let document = CSVDocument(header: fields.indices.map { "c\($0)" }, rows: [fields, fields.reversed()])
        let parsed = try parse(try document.bytes())
        #expect(parsed.rows.count == 2)
        for (row, expected) in zip(parsed.rows, document.rows) {
            #expect(row.map { Array($0.unicodeScalars) } == expected.map { Array($0.unicodeScalars) })
        }
    }

    @Test("times are ISO 8601 UTC and lists are joined with ;")
    func timesAndLists() throws {
        try withPublishingDirectory { directory in
            let fixture = try PublishingFixture(in: directory)
            let trail = try parse(try CSVExport.bytes(.trail, snapshot: try fixture.snapshot()))
            let recorded = try #require(trail.header.firstIndex(of: "recorded_at"))
            #expect(trail.rows.allSatisfy { $0[recorded].hasSuffix("Z") && Timestamp(rfc3339: $0[recorded]) != nil })
            let board = try parse(try CSVExport.bytes(.board, snapshot: try fixture.snapshot()))
            let reviewers = try #require(board.header.firstIndex(of: "reviewers"))
            let origin = try #require(board.rows.first { $0.first == "c-origin" })
            #expect(origin[reviewers] == "alice;bob")
        }
    }

    @Test("an export as of an earlier position shows the ledger as it stood then")
    func asOf() throws {
        try withPublishingDirectory { directory in
            let fixture = try PublishingFixture(in: directory)
            let earlier = fixture.contentSize - 2
            let board = try parse(try CSVExport.bytes(.board, snapshot: try fixture.snapshot(through: earlier)))
            let label = try #require(board.header.firstIndex(of: "label"))
            let position = try #require(board.header.firstIndex(of: "as_of_position"))
            let origin = try #require(board.rows.first { $0.first == "c-origin" })
            #expect(origin[label] == "false")
            #expect(origin[position] == String(earlier))
        }
    }

    @Test("an unknown view is a usage error")
    func unknownView() {
        #expect(throws: PublishingError.unknownView("claims")) { try CSVView(name: "claims") }
        #expect(PublishingError.unknownView("claims").kind == .usage)
    }

    /// Reads CSV bytes back with CSV.swift.
    private func parse(_ bytes: [UInt8]) throws -> (header: [String], rows: [[String]]) {
        let document = try CSVDocument(parsing: bytes)
        return (document.header, document.rows)
    }
}
