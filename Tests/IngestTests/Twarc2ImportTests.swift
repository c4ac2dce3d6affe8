// The twarc2 importer against real archives (../shared/samples/twarc2, read only): every file
// and shape, values read from the files themselves, the broken line, idempotent re-imports and
// later captures. The ledger helpers here serve CSVImportTests.swift too.
import Events
import Foundation
import Ingest
import Ledger
import Testing

// MARK: - Helpers shared with CSVImportTests

/// A fixed clock, so recording times do not depend on the machine.
struct ArchiveTestClock: LedgerClock {
    func now() -> Timestamp { ArchiveLedger.now }
}

/// A fresh ledger in its own temporary directory, with its key store inside; removed on release.
final class ArchiveLedger {
    /// The import time the tests use.
    static let now = Timestamp(millisecondsSinceEpoch: 1_714_554_000_000)

    let directory: URL
    let log: EventLog

    init() throws {
        directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("factledger-archive-tests-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let keys = KeyStore(directory: directory.appendingPathComponent("keys").path)
        (log, _) = try LedgerSetup.create(
            path: directory.appendingPathComponent("ledger.db").path, org: "Archive Desk", admin: "admin",
            adminName: "Ada Admin", keys: keys, clock: ArchiveTestClock())
    }

    deinit { try? FileManager.default.removeItem(at: directory) }

    /// Writes `bytes` to `name` in the directory and returns its path.
    func file(_ name: String, bytes: [UInt8]) throws -> String {
        let path = directory.appendingPathComponent(name).path
        guard FileManager.default.createFile(atPath: path, contents: Data(bytes)) else { throw CocoaError(.fileWriteUnknown) }
        return path
    }

    /// Writes `text` as UTF-8 to `name`.
    func file(_ name: String, _ text: String) throws -> String { try file(name, bytes: Array(text.utf8)) }

    /// Imports `path` as `format`.
    @discardableResult
    func run(_ path: String, format: ArchiveFormat = .twarc2, skipInvalid: Bool = false, now: Timestamp = ArchiveLedger.now) throws -> ArchiveImportSummary {
        try ArchiveImporter(format: format, skipInvalid: skipInvalid).run(path: path, into: log, now: now)
    }

    func head() throws -> TreeHead { try log.head() }

    /// Every event after position `size`.
    func events(after size: Int64 = 0) throws -> [RecordedEvent] {
        var found: [RecordedEvent] = []
        try log.read(from: size + 1, through: nil) { found.append($0.event) }
        return found
    }

    /// The observed posts, by post reference (`twitter:123`).
    func posts() throws -> [String: PostObserved] {
        var found: [String: PostObserved] = [:]
        for event in try events() { if let post = event.payload as? PostObserved { found[post.post.description] = post } }
        return found
    }

    /// The registered accounts, by account reference.
    func accounts() throws -> [String: AccountRegistered] {
        var found: [String: AccountRegistered] = [:]
        for event in try events() { if let account = event.payload as? AccountRegistered { found[account.account.description] = account } }
        return found
    }

    /// Registers outlets, as `outlet add` would.
    func registerOutlets(_ domains: [String]) throws {
        let events = try domains.map { domain -> PendingEvent in
            let payload = try OutletRegistered(domain: domain, name: domain, affiliation: .stateControlled)
            return PendingEvent(envelope: EventEnvelope.make(payload: payload, id: .derived, author: "import:test", now: Self.now), payload: payload, signature: nil)
        }
        _ = try log.append(events)
    }
}

/// The shared sample archives, read in place.
enum Samples {
    /// `<package root>/../shared/samples/twarc2`; the package root is three levels above this file.
    static let twarc2Folder = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("../shared/samples/twarc2").standardizedFileURL

    static func twarc2(_ name: String) -> String { twarc2Folder.appendingPathComponent(name).path }

    /// The text of a sample.
    static func text(_ name: String) throws -> String {
        try String(contentsOf: twarc2Folder.appendingPathComponent(name), encoding: .utf8)
    }
}

/// What an independent reading of one sample file finds.
struct Twarc2Sample: Sendable, CustomTestStringConvertible {
    let file: String
    /// Non-blank lines, the broken one included.
    let lines: Int
    /// Every post: the line's tweets, then the tweets they reference that the line carries.
    let posts: [String]
    /// Distinct authors of those posts.
    let accounts: [String]
    /// Whether a line is broken, so the file imports only with skipInvalid.
    var broken = false

    var testDescription: String { file }

    static let all: [Twarc2Sample] = [
        Twarc2Sample(file: "flat_sample.jsonl", lines: 3,
                     posts: ["1380242611781386245", "1380175475545362437", "1380242597881409537", "1380242596900044806"],
                     accounts: ["Alexandravm12", "williamserafino", "Qrtrhrsryder", "WorthyOfSaw"]),
        Twarc2Sample(file: "many_urls.jsonl", lines: 1, posts: ["1610692575752601600", "1610623087061471232"], accounts: ["uiuxadrian"]),
        Twarc2Sample(file: "media_tweet.jsonl", lines: 1, posts: ["1558553189766631429"], accounts: ["IgorBrigadir"]),
        Twarc2Sample(file: "mentions_tweet.jsonl", lines: 1, posts: ["1589681856941002753", "1589671906718134272"], accounts: ["BaldManGamer", "S3NT1N3L17"]),
        Twarc2Sample(file: "quoted_edit.jsonl", lines: 1,
                     posts: ["1576995594388000768", "1576994746135764992", "1576994789110992896"], accounts: ["dappdavid99", "wongmjane"]),
        Twarc2Sample(file: "streaming_output_with_error.jsonl", lines: 8,
                     posts: ["1377650090978992134", "1377640162566496258", "1377650093109743620", "1377266697850257410",
                             "1377650277642338305", "1377650387579248643", "1377650459033280516", "1377645742874038274",
                             "1377650500687044618", "1377299822399528963", "1377650529766154240"],
                     accounts: ["blackheart_265", "Manie_DS", "sheelaghb18", "PoliceMutual", "dreasaurusrex92", "OpenMindMH",
                                "courtney_fromm", "AndrewDoak_WWL", "RealProstateDoc", "HeyokaEmpath01", "ArborRidge1"],
                     broken: true),
        Twarc2Sample(file: "two_tweets.jsonl", lines: 1, posts: ["1394735776701816833", "1391677057810288641"], accounts: ["LachiVeronica", "bibaigna96"]),
    ]
}

// MARK: - Tests

@Suite("twarc2 import")
struct Twarc2ImportTests {
    @Test("the expectations cover every archive in samples/twarc2")
    func everySampleIsCovered() throws {
        let names = try FileManager.default.contentsOfDirectory(atPath: Samples.twarc2Folder.path).filter { $0.hasSuffix(".jsonl") }
        #expect(Set(names) == Set(Twarc2Sample.all.map(\.file)))
        #expect(names.count == 7)
    }

    @Test("each sample imports its tweets and the referenced tweets it carries, with their authors", arguments: Twarc2Sample.all)
    func sampleImports(_ sample: Twarc2Sample) throws {
        let ledger = try ArchiveLedger()
        let before = try ledger.head().size
        let summary = try ledger.run(Samples.twarc2(sample.file), skipInvalid: sample.broken)
        #expect(summary.recordsRead == sample.lines)
        #expect(summary.postsNew == sample.posts.count)
        #expect(summary.postsAlreadyKnown == 0)
        #expect(summary.accountsNew == sample.accounts.count)
        #expect(summary.engagementUpdates == 0)
        #expect(summary.appendedCount == sample.posts.count + sample.accounts.count)
        #expect(summary.skipped.map(\.line) == (sample.broken ? [8] : []))
        #expect(try ledger.head().size == before + Int64(summary.appendedCount))

        let posts = try ledger.posts()
        #expect(Set(posts.keys) == Set(sample.posts.map { "twitter:\($0)" }))
        let order = try ledger.events(after: before).compactMap { ($0.payload as? PostObserved)?.post.identifier }
        #expect(order == sample.posts)
        let accounts = try ledger.accounts()
        #expect(Set(accounts.keys) == Set(sample.accounts.map { "twitter:\($0)" }))
        for account in accounts.values {
            #expect(account.kind == .other)
            #expect(account.country == ImportedAccount.unknownCountry)
            #expect(account.profileURL == "https://twitter.com/\(account.account.identifier)")
        }
        for post in posts.values {
            #expect(post.url == "https://twitter.com/\(post.account.identifier)/status/\(post.post.identifier)")
            #expect(post.engagement != nil)
            #expect(post.text != nil)
        }
        let events = try ledger.events(after: before)
        #expect(events.allSatisfy { $0.envelope.author == "import:twarc2" && $0.signature == nil })
        #expect(try LedgerVerifier.verify(ledger.log).isIntact)
    }

    @Test("flat: the retweet, the retweeted post inline, the link and the author")
    func flatSampleValues() throws {
        let ledger = try ArchiveLedger()
        try ledger.run(Samples.twarc2("flat_sample.jsonl"))
        let posts = try ledger.posts()
        let retweet = try #require(posts["twitter:1380242611781386245"])
        #expect(retweet.kind == .repost)
        #expect(retweet.amplifies == .post(PlatformReference(platform: "twitter", identifier: "1380175475545362437")))
        #expect(retweet.account.description == "twitter:Alexandravm12")
        #expect(retweet.language == "es")
        #expect(retweet.postedAt == Timestamp(rfc3339: "2021-04-08T19:34:16.000Z"))
        #expect(retweet.engagement == Engagement(likes: 0, reposts: 410, replies: 0, quotes: 0))
        #expect(retweet.text?.hasPrefix("RT @williamserafino: De manera simultánea") == true)

        let original = try #require(posts["twitter:1380175475545362437"])
        #expect(original.kind == .original)
        #expect(original.account.description == "twitter:williamserafino")
        #expect(original.engagement == Engagement(likes: 241, reposts: 410, replies: 13, quotes: 16))
        #expect(original.postedAt == Timestamp(rfc3339: "2021-04-08T15:07:30.000Z"))

        let linking = try #require(posts["twitter:1380242597881409537"])
        #expect(linking.linkedURLs == ["https://www.thegatewaypundit.com/2021/04/nasa-emails-employees-seeking-volunteers-help-staff-facilities-unaccompanied-illegal-alien-children/?utm_source=Twitter&utm_medium=PostSideSharingButtons&utm_campaign=websitesharingbuttons"])
        #expect(linking.text?.hasSuffix("https://t.co/X22ekrCGee via @gatewaypundit") == true)

        let author = try #require(try ledger.accounts()["twitter:Qrtrhrsryder"])
        #expect(author.displayName == "Deplorable Me")
        #expect(author.platformUserID == "1100629650017939456")
    }

    @Test("paged: kinds, amplified posts, links, hashtags and counts read through includes")
    func pagedSampleValues() throws {
        let ledger = try ArchiveLedger()
        for file in ["quoted_edit.jsonl", "two_tweets.jsonl", "media_tweet.jsonl", "many_urls.jsonl", "mentions_tweet.jsonl"] {
            try ledger.run(Samples.twarc2(file))
        }
        let posts = try ledger.posts()

        // A quote that also replies is a quote; both versions of the edited tweet are posts.
        let quote = try #require(posts["twitter:1576995594388000768"])
        #expect(quote.kind == .quote)
        #expect(quote.amplifies?.description == "twitter:1576994746135764992")
        #expect(quote.account.description == "twitter:dappdavid99")
        #expect(quote.linkedURLs == ["https://twitter.com/wongmjane/status/1576994746135764992"])
        let edited = try #require(posts["twitter:1576994789110992896"])
        #expect(edited.account.description == "twitter:wongmjane")
        #expect(edited.language == "qst")
        #expect(edited.engagement == Engagement(likes: 39, reposts: 3, replies: 14, quotes: 4))
        #expect(posts["twitter:1576994746135764992"]?.postedAt == Timestamp(rfc3339: "2022-10-03T17:57:01.000Z"))

        let repost = try #require(posts["twitter:1394735776701816833"])
        #expect(repost.kind == .repost)
        #expect(repost.amplifies?.description == "twitter:1391677057810288641")
        #expect(repost.url == "https://twitter.com/LachiVeronica/status/1394735776701816833")
        #expect(repost.hashtags == ["POIUYTREWQ"])
        #expect(repost.language == "und")
        #expect(posts["twitter:1391677057810288641"]?.account.description == "twitter:bibaigna96")

        let media = try #require(posts["twitter:1558553189766631429"])
        #expect(media.kind == .original)
        #expect(media.amplifies == nil)
        #expect(media.linkedURLs == ["https://twitter.com/IgorBrigadir/status/1558553189766631429/video/1"])
        #expect(media.engagement == Engagement(likes: 93, reposts: 13, replies: 3, quotes: 7))

        let reply = try #require(posts["twitter:1610692575752601600"])
        #expect(reply.kind == .reply)
        #expect(reply.amplifies?.description == "twitter:1610623087061471232")
        #expect(reply.linkedURLs == ["https://uiadrian.gumroad.com/l/web-design-guide/?offer_code=twk0uc9f7"])
        #expect(posts["twitter:1610623087061471232"]?.engagement?.likes == 611)

        let retweeted = try #require(posts["twitter:1589671906718134272"])
        #expect(retweeted.hashtags == ["Xbox", "PlayStation", "gaming"])
        #expect(retweeted.linkedURLs == ["https://twitter.com/i/web/status/1589671906718134272", "https://twitter.com/S3NT1N3L17/status/1589671906718134272/photo/1"])
        #expect(posts["twitter:1589681856941002753"]?.kind == .repost)
    }

    @Test("streaming: a broken line 8 is named, and nothing is appended")
    func brokenLineIsNamed() throws {
        let ledger = try ArchiveLedger()
        let head = try ledger.head()
        let path = Samples.twarc2("streaming_output_with_error.jsonl")
        let error = try #require(throws: ImportError.self) { try ledger.run(path) }
        guard case .invalidLine(let file, let line, let detail) = error else {
            Issue.record("expected invalidLine, got \(error)")
            return
        }
        #expect(file == path)
        #expect(line == 8)
        #expect(detail.contains("invalid JSON"))
        #expect(error.description.hasPrefix("\(path):8: "))
        #expect(error.kind == .badData)
        #expect(try ledger.head() == head)
    }

    @Test("streaming: skipInvalid imports the seven good lines and their referenced tweets, and lists line 8")
    func skipInvalidImportsTheRest() throws {
        let ledger = try ArchiveLedger()
        let summary = try ledger.run(Samples.twarc2("streaming_output_with_error.jsonl"), skipInvalid: true)
        #expect(summary.skipped.count == 1)
        #expect(summary.skipped.first?.line == 8)
        #expect(summary.skipped.first?.reason.contains("invalid JSON") == true)
        #expect(summary.postsNew == 11)
        let posts = try ledger.posts()
        #expect(posts["twitter:1377650387579248643"]?.hashtags == ["DogsofTwitter", "dogs"])
        #expect(posts["twitter:1377650093109743620"]?.kind == .reply)
        #expect(posts["twitter:1377650093109743620"]?.amplifies?.description == "twitter:1377266697850257410")
        #expect(posts["twitter:1377650090978992134"]?.kind == .quote)
        #expect(posts["twitter:1377650090978992134"]?.linkedURLs == [
            "https://twitter.com/blackheart_265/status/1377650090978992134/photo/1", "https://twitter.com/Manie_DS/status/1377640162566496258",
        ])
        #expect(posts["twitter:1377266697850257410"]?.linkedURLs.first == "http://orlo.uk/xQz72")
        #expect(posts["twitter:1377299822399528963"]?.engagement == Engagement(likes: 1915, reposts: 143, replies: 1186, quotes: 116))
        #expect(posts["twitter:1377650529766154240"]?.url == "https://twitter.com/ArborRidge1/status/1377650529766154240")
    }

    @Test("invariant 4: a re-import of every sample appends nothing")
    func reimportAppendsNothing() throws {
        let ledger = try ArchiveLedger()
        for sample in Twarc2Sample.all { try ledger.run(Samples.twarc2(sample.file), skipInvalid: sample.broken) }
        let head = try ledger.head()
        for sample in Twarc2Sample.all {
            let again = try ledger.run(Samples.twarc2(sample.file), skipInvalid: sample.broken, now: ArchiveLedger.now.adding(milliseconds: 86_400_000))
            #expect(again.appendedCount == 0, "\(sample.file)")
            #expect(again.postsNew == 0)
            #expect(again.accountsNew == 0)
            #expect(again.engagementUpdates == 0)
            #expect(again.postsAlreadyKnown == sample.posts.count)
            #expect(again.head == head)
        }
        #expect(try ledger.head() == head)
    }

    @Test("a second capture with higher counts appends only EngagementObserved, and the older capture again appends nothing")
    func secondCaptureAppendsEngagement() throws {
        let ledger = try ArchiveLedger()
        let first = Samples.twarc2("two_tweets.jsonl")
        try ledger.run(first)
        let original = try Samples.text("two_tweets.jsonl")
        let recaptured = original
            .replacingOccurrences(of: "\"like_count\": 0", with: "\"like_count\": 25")
            .replacingOccurrences(of: "2021-05-19T15:26:17+00:00", with: "2021-05-26T09:00:00+00:00")
        try #require(recaptured != original)
        let second = try ledger.file("two_tweets-later.jsonl", recaptured)
        let before = try ledger.head().size
        let summary = try ledger.run(second)
        #expect(summary.postsNew == 0)
        #expect(summary.postsAlreadyKnown == 2)
        #expect(summary.accountsNew == 0)
        #expect(summary.engagementUpdates == 2)
        let appended = try ledger.events(after: before)
        #expect(appended.map(\.envelope.type) == ["EngagementObserved", "EngagementObserved"])
        let update = try #require(appended.first?.payload as? EngagementObserved)
        #expect(update.post.description == "twitter:1394735776701816833")
        #expect(update.observedAt == Timestamp(rfc3339: "2021-05-26T09:00:00Z"))
        #expect(update.engagement == Engagement(likes: 25, reposts: 1, replies: 0, quotes: 0))

        let head = try ledger.head()
        #expect(try ledger.run(second).appendedCount == 0)
        #expect(try ledger.run(first).appendedCount == 0)
        #expect(try ledger.head() == head)
    }

    @Test("linked domains of registered outlets are counted as candidates; nothing is attributed")
    func candidateOutletLinks() throws {
        let ledger = try ArchiveLedger()
        try ledger.registerOutlets(["instagram.com", "thegatewaypundit.com", "orlo.uk"])
        let streaming = try ledger.run(Samples.twarc2("streaming_output_with_error.jsonl"), skipInvalid: true)
        #expect(streaming.candidateOutletLinks == ["instagram.com": 2, "orlo.uk": 1])
        let flat = try ledger.run(Samples.twarc2("flat_sample.jsonl"))
        #expect(flat.candidateOutletLinks == ["thegatewaypundit.com": 1])
        #expect(try ledger.events().allSatisfy { $0.envelope.type != "SourceAttributed" })
    }

    @Test("one file may mix the three shapes, line by line")
    func mixedShapes() throws {
        let ledger = try ArchiveLedger()
        let flat = try Samples.text("flat_sample.jsonl").split(separator: "\n")
        let paged = try Samples.text("two_tweets.jsonl").split(separator: "\n")
        let streamed = try Samples.text("streaming_output_with_error.jsonl").split(separator: "\n")
        try #require(flat.count >= 2 && !paged.isEmpty && streamed.count >= 3)
        let path = try ledger.file("mixed.jsonl", [flat[1], paged[0], "", streamed[2]].joined(separator: "\n") + "\n")
        let summary = try ledger.run(path)
        #expect(summary.recordsRead == 3)
        #expect(Set(try ledger.posts().keys) == [
            "twitter:1380242597881409537", "twitter:1394735776701816833", "twitter:1391677057810288641", "twitter:1377650277642338305",
        ])
        #expect(Twarc2Shape.of(try #require(try JSONParser.parse(Array(flat[1].utf8)).objectValue)) == .flat)
        #expect(Twarc2Shape.of(try #require(try JSONParser.parse(Array(paged[0].utf8)).objectValue)) == .page)
        #expect(Twarc2Shape.of(try #require(try JSONParser.parse(Array(streamed[2].utf8)).objectValue)) == .streamed)
    }

    @Test("withheld and deleted tweets are recorded with what is known")
    func withheldAndMissingFields() throws {
        let ledger = try ArchiveLedger()
        // A withheld tweet without text, quoting a tweet that is gone (not in includes), by an author
        // whose user object was not returned, and a tweet without created_at.
        let page = #"""
        {"data": [{"id": "1377650090978992134", "author_id": "4602771083", "withheld": {"copyright": false, "country_codes": ["DE", "FR"]}, "referenced_tweets": [{"type": "quoted", "id": "1377640162566496258"}], "public_metrics": {"retweet_count": 1, "reply_count": 2, "like_count": 3, "quote_count": 4, "impression_count": 99}}, {"id": "1377650093109743620", "author_id": "3026521093", "text": "no time given", "lang": "en"}], "includes": {"users": [{"id": "3026521093", "username": "sheelaghb18", "name": "Sheelagh"}]}, "errors": [{"resource_id": "1377640162566496258", "title": "Not Found Error"}], "__twarc": {"retrieved_at": "2021-04-01T16:00:00+00:00"}}
        """#
        let summary = try ledger.run(try ledger.file("withheld.jsonl", page + "\n"))
        #expect(summary.postsNew == 2)
        let posts = try ledger.posts()
        #expect(posts.count == 2)
        let withheld = try #require(posts["twitter:1377650090978992134"])
        #expect(withheld.withheld)
        #expect(withheld.text == nil)
        #expect(withheld.kind == .quote)
        #expect(withheld.amplifies?.description == "twitter:1377640162566496258")
        #expect(withheld.account.description == "twitter:id:4602771083")
        #expect(withheld.url == "https://twitter.com/i/web/status/1377650090978992134")
        #expect(withheld.engagement == Engagement(likes: 3, reposts: 1, replies: 2, quotes: 4, views: 99))
        // The snowflake id carries the time: 2021-04-01T15:52:31.847Z.
        #expect(withheld.postedAt == Timestamp(rfc3339: "2021-04-01T15:52:31.847Z"))
        let untimed = try #require(posts["twitter:1377650093109743620"])
        #expect(untimed.account.description == "twitter:sheelaghb18")
        #expect(untimed.engagement == nil)
        #expect(!untimed.withheld)
        #expect(try ledger.accounts()["twitter:id:4602771083"]?.platformUserID == "4602771083")
    }

    @Test("a bad field is named by its JSON path and line; nothing is appended")
    func badFieldIsNamed() throws {
        let ledger = try ArchiveLedger()
        let head = try ledger.head()
        let good = try Samples.text("media_tweet.jsonl").trimmingCharacters(in: .whitespacesAndNewlines)
        let cases: [(line: String, field: String)] = [
            (#"{"data": [{"author_id": "1", "text": "no id"}]}"#, "data[0].id"),
            (#"{"data": {"id": "1558553189766631429", "author_id": "1", "created_at": "last Tuesday"}}"#, "data.created_at"),
            (#"{"data": [{"id": "1558553189766631429", "text": "nobody wrote this"}]}"#, "data[0].author_id"),
            (#"{"data": "not tweets"}"#, "data"),
        ]
        for (index, bad) in cases.enumerated() {
            let path = try ledger.file("bad-\(index).jsonl", good + "\n" + bad.line + "\n")
            let error = try #require(throws: ImportError.self) { try ledger.run(path) }
            guard case .invalidRecord(_, let line, let field, _) = error else {
                Issue.record("expected invalidRecord, got \(error)")
                continue
            }
            #expect(line == 2)
            #expect(field == bad.field, "\(error)")
        }
        let unknown = try ledger.file("unknown.jsonl", #"{"hello": "world"}"# + "\n")
        let error = try #require(throws: ImportError.self) { try ledger.run(unknown) }
        #expect(error.description.contains("is not a twarc2 line"))
        #expect(try ledger.head() == head)
    }

    @Test("the format is inferred: every sample is twarc2, interchange lines are jsonl, a .csv name is csv")
    func formatInference() throws {
        for sample in Twarc2Sample.all {
            #expect(try ImportFormat.infer(path: Samples.twarc2(sample.file)) == .twarc2, "\(sample.file)")
        }
        let ledger = try ArchiveLedger()
        let interchange = try ledger.file("events.jsonl", "\n" + #"{"type":"OutletRegistered","data":{"domain":"rt.com","name":"RT","affiliation":"state_controlled"}}"# + "\n")
        #expect(try ImportFormat.infer(path: interchange) == .jsonl)
        let flat = try ledger.file("flat.json", #"{"id": "1", "author_id": "2", "created_at": "2021-04-01T00:00:00Z"}"# + "\n")
        #expect(try ImportFormat.infer(path: flat) == .twarc2)
        #expect(try ImportFormat.infer(path: try ledger.file("posts.CSV", "post\n")) == .csv)
        #expect(throws: ImportError.self) { try ImportFormat.infer(path: ledger.directory.appendingPathComponent("absent.jsonl").path) }
    }

    @Test("an archive of empty pages imports nothing and succeeds; an empty file is refused")
    func emptyPagesAndEmptyFile() throws {
        let ledger = try ArchiveLedger()
        let pages = try ledger.file("empty-pages.jsonl", #"{"meta": {"result_count": 0}, "__twarc": {"version": "2.0.3"}}"# + "\n")
        let summary = try ledger.run(pages)
        #expect(summary.recordsRead == 1)
        #expect(summary.appendedCount == 0)
        let empty = try ledger.file("empty.jsonl", "\n\n")
        let error = try #require(throws: ImportError.self) { try ledger.run(empty) }
        guard case .empty = error else {
            Issue.record("expected empty, got \(error)")
            return
        }
    }
}
