// The CSV importer: the documented header, RFC 4180 quoting (quoted newlines, doubled quotes,
// a byte-order mark), errors that name the record's line and column, and the same idempotent,
// all-or-nothing import as twarc2 (ArchiveLedger is in Twarc2ImportTests.swift).
import Events
import Foundation
import Ingest
import Ledger
import Testing

/// CSV fixtures written in code.
private enum Table {
    static let header = "post,account,url,posted_at,kind,text,amplifies,language,linked_urls,hashtags,likes,reposts,replies,quotes,views,archive_url"

    static func row(_ id: Int, text: String = "plain", likes: Int = 1, kind: String = "original", amplifies: String = "", postedAt: String = "2020-03-12T14:03:00Z") -> String {
        "twitter:\(id),twitter:zlj517,https://twitter.com/zlj517/status/\(id),\(postedAt),\(kind),\(text),\(amplifies),en,,,\(likes),2,3,4,,"
    }
}

@Suite("CSV import")
struct CSVImportTests {
    @Test("the documented header lists the PostObserved fields")
    func documentedHeader() {
        #expect(CSVPostHeader.line == Table.header)
        #expect(CSVPostHeader.requiredColumns == ["post", "account", "url", "posted_at", "kind"])
    }

    @Test("RFC 4180: a byte-order mark, CRLF, quoted newlines, doubled quotes and commas inside quotes")
    func rfc4180Quoting() throws {
        let ledger = try ArchiveLedger()
        let rows = [
            Table.header,
            ##"twitter:101,twitter:zlj517,https://twitter.com/zlj517/status/101,2020-03-12T14:03:00Z,original,"He said ""no"", twice","##
                + ##",zh,"https://www.globaltimes.cn/a;http://rt.com/b","#COVID19; 新冠",10,20,30,40,500,https://web.archive.org/web/2020/https://twitter.com/zlj517/status/101"##,
            #"twitter:102,twitter:zlj517,https://twitter.com/zlj517/status/102,2020-03-13T08:00:00+08:00,quote,"first line"#,
            #"second line, with a comma"#,
            #"third ""quoted"" line",twitter:101,en,,,,,,,,"#,
            #"twitter:103,twitter:other_account,https://twitter.com/other_account/status/103,2020-03-14T00:00:00Z,repost,,https://example.org/page,,,,,,,,,"#,
        ]
        let path = try ledger.file("posts.csv", bytes: [0xEF, 0xBB, 0xBF] + Array(rows.joined(separator: "\r\n").utf8) + Array("\r\n".utf8))
        let summary = try ledger.run(path, format: .csv)
        #expect(summary.recordsRead == 3)
        #expect(summary.postsNew == 3)
        #expect(summary.accountsNew == 2)
        #expect(summary.skipped.isEmpty)

        let posts = try ledger.posts()
        let first = try #require(posts["twitter:101"])
        #expect(first.text == #"He said "no", twice"#)
        #expect(first.language == "zh")
        #expect(first.linkedURLs == ["https://www.globaltimes.cn/a", "http://rt.com/b"])
        #expect(first.hashtags == ["COVID19", "新冠"])
        #expect(first.engagement == Engagement(likes: 10, reposts: 20, replies: 30, quotes: 40, views: 500))
        #expect(first.archiveURL == "https://web.archive.org/web/2020/https://twitter.com/zlj517/status/101")
        #expect(first.kind == .original)

        let second = try #require(posts["twitter:102"])
        #expect(second.text == "first line\r\nsecond line, with a comma\r\nthird \"quoted\" line")
        #expect(second.kind == .quote)
        #expect(second.amplifies?.description == "twitter:101")
        #expect(second.postedAt == Timestamp(rfc3339: "2020-03-13T00:00:00Z"))
        #expect(second.engagement == nil)

        let third = try #require(posts["twitter:103"])
        #expect(third.text == nil)
        #expect(third.amplifies == .url("https://example.org/page"))
        let account = try #require(try ledger.accounts()["twitter:other_account"])
        #expect(account.kind == .other)
        #expect(account.country == "ZZ")
        #expect(account.displayName == "other_account")
        #expect(try ledger.events().filter { $0.envelope.author == "import:csv" }.count == 5)
    }

    @Test("columns may come in any order, and optional ones may be left out")
    func columnsInAnyOrder() throws {
        let ledger = try ArchiveLedger()
        let path = try ledger.file("short.csv", "Kind,posted_at,URL,account,post\noriginal,2020-03-12T14:03:00Z,https://twitter.com/a/status/1,twitter:a,twitter:1\n")
        let summary = try ledger.run(path, format: .csv)
        #expect(summary.postsNew == 1)
        #expect(try ledger.posts()["twitter:1"]?.url == "https://twitter.com/a/status/1")
    }

    @Test("a bad record names its line, counted past quoted newlines, and its column; nothing is appended")
    func badRecordNamesLineAndColumn() throws {
        let ledger = try ArchiveLedger()
        let head = try ledger.head()
        let text = [
            Table.header,
            Table.row(1, text: "\"two\nlines\""),                // lines 2-3
            Table.row(2),                                          // line 4
            Table.row(3, postedAt: "yesterday"),                  // line 5
        ].joined(separator: "\n") + "\n"
        let path = try ledger.file("bad.csv", text)
        let error = try #require(throws: ImportError.self) { try ledger.run(path, format: .csv) }
        guard case .invalidRecord(let file, let line, let field, let detail) = error else {
            Issue.record("expected invalidRecord, got \(error)")
            return
        }
        #expect(file == path)
        #expect(line == 5)
        #expect(field == "posted_at (column 4)")
        #expect(detail.contains("RFC 3339"))
        #expect(error.description.hasPrefix("\(path):5: posted_at (column 4): "))
        #expect(try ledger.head() == head)

        let cases: [(row: String, field: String)] = [
            (Table.row(4, kind: "retweet"), "kind (column 5)"),
            (Table.row(4).replacingOccurrences(of: ",1,2,3,4,,", with: ",many,2,3,4,,"), "likes (column 11)"),
            (Table.row(4).replacingOccurrences(of: ",en,,,", with: ",en,not a url,,"), "linked_urls (column 9)"),
            (Table.row(4).replacingOccurrences(of: ",1,2,3,4,,", with: ",1,,3,4,,"), "reposts (column 12)"),
            (Table.row(4).replacingOccurrences(of: "twitter:4,", with: "4,"), "post (column 1)"),
        ]
        for (index, bad) in cases.enumerated() {
            let path = try ledger.file("bad-\(index).csv", [Table.header, Table.row(1), bad.row].joined(separator: "\n"))
            let error = try #require(throws: ImportError.self) { try ledger.run(path, format: .csv) }
            guard case .invalidRecord(_, let line, let field, _) = error else {
                Issue.record("expected invalidRecord, got \(error)")
                continue
            }
            #expect(line == 3)
            #expect(field == bad.field, "\(error)")
        }
        #expect(try ledger.head() == head)
    }

    @Test("broken quoting is named with the record's line and column")
    func brokenQuoting() throws {
        let ledger = try ArchiveLedger()
        let head = try ledger.head()
        let strayQuote = try ledger.file("stray.csv", [Table.header, Table.row(1), Table.row(2, text: #"5" screen"#)].joined(separator: "\n"))
        let stray = try #require(throws: ImportError.self) { try ledger.run(strayQuote, format: .csv) }
        guard case .invalidRecord(_, 3, "column 6", _) = stray else {
            Issue.record("expected line 3, column 6: \(stray)")
            return
        }
        let afterQuote = try ledger.file("after.csv", [Table.header, Table.row(1, text: #""quoted"then"#)].joined(separator: "\n"))
        let after = try #require(throws: ImportError.self) { try ledger.run(afterQuote, format: .csv) }
        guard case .invalidRecord(_, 2, "column 6", _) = after else {
            Issue.record("expected line 2, column 6: \(after)")
            return
        }
        let unclosed = try ledger.file("unclosed.csv", [Table.header, Table.row(1), Table.row(2, text: "\"never\nclosed")].joined(separator: "\n"))
        let open = try #require(throws: ImportError.self) { try ledger.run(unclosed, format: .csv) }
        guard case .invalidRecord(_, 3, "column 6", let detail) = open else {
            Issue.record("expected line 3, column 6: \(open)")
            return
        }
        #expect(detail.contains("never closed"))
        let short = try ledger.file("short.csv", [Table.header, "twitter:1,twitter:a"].joined(separator: "\n"))
        let fields = try #require(throws: ImportError.self) { try ledger.run(short, format: .csv) }
        guard case .invalidLine(_, 2, let reason) = fields else {
            Issue.record("expected invalidLine on line 2: \(fields)")
            return
        }
        #expect(reason.contains("the header has 16"))
        #expect(try ledger.head() == head)
    }

    @Test("skipInvalid imports the good rows and lists each bad one with its line and reason")
    func skipInvalidListsRecords() throws {
        let ledger = try ArchiveLedger()
        let text = [Table.header, Table.row(1), Table.row(2, kind: "boost"), "", Table.row(3, text: "\"a\nb\""), Table.row(4, postedAt: "soon")].joined(separator: "\n")
        let summary = try ledger.run(try ledger.file("mixed.csv", text), format: .csv, skipInvalid: true)
        #expect(summary.skipped.map(\.line) == [3, 7])
        #expect(summary.skipped.first?.reason.hasPrefix("kind (column 5): ") == true)
        #expect(summary.recordsRead == 4)
        #expect(summary.postsNew == 2)
        #expect(Set(try ledger.posts().keys) == ["twitter:1", "twitter:3"])
    }

    @Test("a header with an unknown or a missing column is refused on line 1")
    func headerProblems() throws {
        let ledger = try ArchiveLedger()
        let misspelt = try ledger.file("misspelt.csv", Table.header.replacingOccurrences(of: "posted_at", with: "postedat") + "\n" + Table.row(1))
        let unknown = try #require(throws: ImportError.self) { try ledger.run(misspelt, format: .csv) }
        guard case .invalidRecord(_, 1, "column 4", let detail) = unknown else {
            Issue.record("expected line 1, column 4: \(unknown)")
            return
        }
        #expect(detail.contains("postedat"))
        let missing = try ledger.file("missing.csv", "post,account,url\ntwitter:1,twitter:a,https://twitter.com/a/status/1\n")
        let error = try #require(throws: ImportError.self) { try ledger.run(missing, format: .csv) }
        guard case .invalidRecord(_, 1, "header", let reason) = error else {
            Issue.record("expected a header error: \(error)")
            return
        }
        #expect(reason.contains("posted_at, kind"))
        let empty = try ledger.file("empty.csv", "")
        #expect(throws: ImportError.self) { try ledger.run(empty, format: .csv) }
    }

    @Test("a re-import appends nothing; changed counts append only EngagementObserved")
    func reimportAndLaterCounts() throws {
        let ledger = try ArchiveLedger()
        let first = try ledger.file("first.csv", [Table.header, Table.row(1), Table.row(2)].joined(separator: "\n"))
        try ledger.run(first, format: .csv)
        let head = try ledger.head()
        let again = try ledger.run(first, format: .csv)
        #expect(again.appendedCount == 0)
        #expect(again.postsAlreadyKnown == 2)
        #expect(try ledger.head() == head)

        let later = try ledger.file("later.csv", [Table.header, Table.row(1, likes: 9), Table.row(2)].joined(separator: "\n"))
        let summary = try ledger.run(later, format: .csv, now: ArchiveLedger.now.adding(milliseconds: 3_600_000))
        #expect(summary.engagementUpdates == 1)
        #expect(summary.postsNew == 0)
        let appended = try ledger.events(after: head.size)
        #expect(appended.map(\.envelope.type) == ["EngagementObserved"])
        let update = try #require(appended.first?.payload as? EngagementObserved)
        #expect(update.post.description == "twitter:1")
        #expect(update.engagement == Engagement(likes: 9, reposts: 2, replies: 3, quotes: 4))
        #expect(update.observedAt == ArchiveLedger.now.adding(milliseconds: 3_600_000))
        #expect(try ledger.run(later, format: .csv).appendedCount == 0)
        #expect(try ledger.run(first, format: .csv).appendedCount == 0)
    }

    @Test("linked domains of registered outlets are reported, www. stripped and subdomains matched")
    func candidateOutlets() throws {
        let ledger = try ArchiveLedger()
        try ledger.registerOutlets(["globaltimes.cn", "rt.com"])
        let rows = [
            Table.header,
            Table.row(1).replacingOccurrences(of: ",en,,,", with: ",en,https://www.globaltimes.cn/a;https://www.globaltimes.cn/b,,"),
            Table.row(2).replacingOccurrences(of: ",en,,,", with: ",en,https://news.rt.com/x;https://example.org/,,"),
            Table.row(3).replacingOccurrences(of: ",en,,,", with: ",en,https://globaltimes.cn/c,,"),
        ]
        let summary = try ledger.run(try ledger.file("links.csv", rows.joined(separator: "\n")), format: .csv)
        #expect(summary.candidateOutletLinks == ["globaltimes.cn": 2, "rt.com": 1])
    }
}
