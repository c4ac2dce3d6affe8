// The static site of `export site` (issue 6): the pages exist, hostile text from posts, claims
// and accounts appears only escaped and runs nothing, data-made file names stay inside the
// output folder, the charts are well-formed SVG with one bar per value, and golden files pin
// the index and a claim page of a small fixed ledger.
import Foundation
import Ledger
import Events
import Projections
import SnapshotTesting
import Testing
#if canImport(FoundationXML)
import FoundationXML
#endif
@testable import Publishing

// MARK: the fixed small ledger

/// Hostile strings the site must show as text.
private enum Hostile {
    static let script = "<script>alert(1)</script>"
    static let image = "\"><img src=x onerror=alert(1)>"
    static let javascriptURL = "javascript:alert(1)"
    static let rtlOverride = "\u{202E}gpj.exe"
    static let scriptEnd = "</script><script>alert(2)</script>"
    /// An account whose handle tries to leave the output folder (`/` is not allowed in a handle).
    static let account = "twitter:.."
    /// An account whose handle is markup.
    static let markupAccount = "twitter:\"><i>x"
    /// A claim id that tries to leave the output folder.
    static let claim = "../../x"
}

/// A clock that moves one minute a reading from 2020-05-01, so recording times are fixed.
private final class MinuteClock: LedgerClock, @unchecked Sendable {
    private let lock = NSLock()
    private var next = Timestamp(rfc3339: "2020-05-01T09:00:00Z")?.millisecondsSinceEpoch ?? 0

    func now() -> Timestamp {
        lock.lock()
        defer { lock.unlock() }
        next += 60_000
        return Timestamp(millisecondsSinceEpoch: next)
    }
}

/// A ledger file with three accounts over four months, claims with verdicts, a revision after
/// publication, and hostile text in posts, claims, notes and account names.
private struct SiteFixture {
    let directory: URL
    let log: EventLog
    let keys: KeyStore
    let snapshot: PublicationSnapshot
    let site: SiteRecord

    init(in directory: URL) throws {
        self.directory = directory
        let clock = MinuteClock()
        keys = KeyStore(directory: directory.appendingPathComponent("keys").path)
        let (log, _) = try LedgerSetup.create(
            path: directory.appendingPathComponent("ledger.db").path, org: "Test Desk", admin: "alice", adminName: "Alice Admin",
            keys: keys, clock: clock)
        self.log = log
        let alice = try ReviewerSigner(handle: "alice", keys: keys)

        func unsigned(_ payload: any EventPayload) -> PendingEvent {
            PendingEvent(envelope: EventEnvelope.make(payload: payload, id: .derived, author: "import:test", now: clock.now()), payload: payload, signature: nil)
        }
        func signed(_ payload: any EventPayload) throws -> PendingEvent { try alice.pendingEvent(payload, id: .derived, now: clock.now()) }
        func reference(_ text: String) throws -> PlatformReference { try PlatformReference(parsing: text, field: "test") }
        func time(_ text: String) -> Timestamp { Timestamp(rfc3339: text) ?? Timestamp(millisecondsSinceEpoch: 0) }
        func post(_ id: String, _ account: String, _ postedAt: String, _ text: String, kind: PostKind = .original) throws -> PendingEvent {
            unsigned(try PostObserved(
                post: reference("twitter:\(id)"), account: reference(account), url: "https://twitter.com/status/\(id)",
                postedAt: time(postedAt), kind: kind, text: text))
        }

        let events: [PendingEvent] = [
            unsigned(try OutletRegistered(domain: "globaltimes.cn", name: "Global Times", affiliation: .stateControlled)),
            unsigned(try AccountRegistered(account: reference("twitter:zlj517"), displayName: "Lijian Zhao", kind: .diplomat, country: "CN",
                                           person: "Zhao Lijian", title: "Spokesperson", profileURL: "https://twitter.com/zlj517")),
            unsigned(try AccountRegistered(account: reference(Hostile.account), displayName: Hostile.script, kind: .embassy, country: "CN",
                                           person: Hostile.rtlOverride)),
            unsigned(try AccountRegistered(account: reference(Hostile.markupAccount), displayName: Hostile.image, kind: .other, country: "RU")),
            try post("1", "twitter:zlj517", "2020-01-10T10:00:00Z", "It might be US army who brought the epidemic to Wuhan."),
            try post("2", "twitter:zlj517", "2020-02-11T10:00:00Z", "Read this \(Hostile.javascriptURL) now", kind: .repost),
            try post("3", "twitter:zlj517", "2020-03-12T14:03:00Z", "Line one,\nline two with \"quotes\" & ampersands 美国军队 🦠"),
            try post("4", Hostile.account, "2020-01-20T08:00:00Z", Hostile.script),
            try post("5", Hostile.account, "2020-03-05T08:00:00Z", Hostile.image, kind: .quote),
            try post("6", Hostile.markupAccount, "2020-02-01T12:00:00Z", Hostile.rtlOverride),
            try post("7", Hostile.markupAccount, "2020-04-02T12:00:00Z", "A quiet post"),
            try signed(try ClaimFlagged(claim: "c-origin", summary: "The US army brought the virus to Wuhan", post: reference("twitter:1"),
                                        text: "Claim text with \(Hostile.script) inside", topics: ["covid-19", "origin"])),
            try signed(try AppearanceRecorded(claim: "c-origin", post: reference("twitter:4"), relation: .repeats)),
            try signed(try AppearanceRecorded(claim: "c-origin", post: reference("twitter:5"), relation: .quotesCritically)),
            try signed(try SourceAttributed(outlet: "globaltimes.cn", claim: "c-origin", via: .link, confidence: .confirmed)),
            try signed(try VerdictRecorded(verdict: "v-origin-1", claim: "c-origin", label: "false", rationale: "No evidence; \(Hostile.image)",
                                           evidence: ["https://www.who.int/report?a=1&b=2"])),
            try signed(try VerdictPublished(verdict: "v-origin-1", url: "https://factcheck.example.org/c-origin")),
            try signed(try ClaimFlagged(claim: Hostile.claim, summary: Hostile.scriptEnd, post: reference("twitter:6"))),
            try signed(try AppearanceRecorded(claim: Hostile.claim, post: reference("twitter:3"), relation: .amplifies)),
            try signed(try VerdictRecorded(verdict: "v-x-1", claim: Hostile.claim, label: "misleading", rationale: Hostile.rtlOverride)),
            try signed(try VerdictPublished(verdict: "v-x-1", url: "https://factcheck.example.org/x")),
            try signed(try VerdictRevised(claim: Hostile.claim, supersedes: "v-x-1", verdict: "v-x-2", label: "mostly-false",
                                          correctionClass: .ratingChange, reason: "New evidence", publicNote: Hostile.scriptEnd)),
            try signed(try ClaimFlagged(claim: "c-pending", summary: "A claim nobody has rated yet", post: reference("twitter:2"))),
        ]
        _ = try log.append(events)

        snapshot = try PublicationSnapshot.fold(log: log, through: try log.size())
        site = try SiteRecord.read(from: log, through: snapshot.position)
    }

    /// The site's pages, with a signed checkpoint on the verification page.
    func pages() throws -> [SitePage] {
        let note = try ExportRecorder(log: log, keys: keys, signer: nil).checkpoint(size: snapshot.position).note
        return try SiteGenerator(snapshot: snapshot, site: site, asOf: "head", checkpointNote: note).pages()
    }

    /// `text` with what differs between two runs (the ledger's random id and key, so the root
    /// and the checkpoint) replaced by fixed words.
    func redacted(_ text: String) -> String {
        let root = snapshot.root
        return text
            .replacingOccurrences(of: Data(root).base64EncodedString(), with: "ROOT-BASE64")
            .replacingOccurrences(of: root.map { String(format: "%02x", $0) }.joined(), with: "ROOT-HEX")
            .replacingOccurrences(of: snapshot.ledger.origin, with: "ORIGIN")
    }
}

/// Runs `body` with a fixture in a new temporary folder, removed afterwards.
private func withFixture<Result>(_ body: (SiteFixture, URL) throws -> Result) throws -> Result {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("factledger-site-\(UUID().uuidString)", isDirectory: true)
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: directory) }
    return try body(try SiteFixture(in: directory), directory)
}

/// Every regular file under `folder`, as paths relative to it.
private func files(under folder: URL) -> [String] {
    let base = folder.standardizedFileURL.resolvingSymlinksInPath().path
    let enumerator = FileManager.default.enumerator(atPath: base)
    var found: [String] = []
    while let relative = enumerator?.nextObject() as? String {
        var isFolder: ObjCBool = false
        if FileManager.default.fileExists(atPath: base + "/" + relative, isDirectory: &isFolder), !isFolder.boolValue { found.append(relative) }
    }
    return found.sorted()
}

private func page(_ pages: [SitePage], _ path: String) throws -> String {
    try #require(pages.first { $0.path == path }).contents
}

// MARK: pages

@Suite("static site")
struct SiteTests {
    @Test("the site has an index, methodology, verification, style, charts and a page per account and per claim")
    func pagesExist() throws {
        try withFixture { fixture, directory in
            let out = directory.appendingPathComponent("site")
            let pages = try fixture.pages()
            let manifest = try SiteWriter.write(pages, to: out.path)
            let expected = ["index.html", "methodology.html", "verification.html", "style.css", "charts/activity.svg", "charts/mas.svg", "SHA256SUMS"]
                + ["twitter:zlj517", Hostile.account, Hostile.markupAccount].map { "accounts/\(SiteText.slug($0)).html" }
                + ["c-origin", Hostile.claim, "c-pending"].map { "claims/\(SiteText.slug($0)).html" }
            #expect(files(under: out) == expected.sorted())
            // The manifest lists every page with its SHA-256, and its own digest is what ExportGenerated records.
            let listed = try String(contentsOf: out.appendingPathComponent("SHA256SUMS"), encoding: .utf8)
            #expect(listed == manifest.text)
            #expect(manifest.files.count == pages.count)
            for entry in manifest.files {
                let bytes = try [UInt8](Data(contentsOf: out.appendingPathComponent(entry.path)))
                #expect(PublishedFile.sha256Hex(bytes) == entry.sha256, "\(entry.path)")
            }
            #expect(manifest.sha256 == PublishedFile.sha256Hex(Array(listed.utf8)))
        }
    }

    @Test("export site writes the site, signs the checkpoint and records ExportGenerated with the SHA-256 of SHA256SUMS")
    func publisherRecordsTheSite() throws {
        try withFixture { fixture, directory in
            let out = directory.appendingPathComponent("report").path
            let recorder = try ExportRecorder(log: fixture.log, keys: fixture.keys, signer: nil)
            let publisher = Publisher(snapshot: fixture.snapshot, recorder: recorder, now: Timestamp(millisecondsSinceEpoch: 1_600_000_000_000))
            let outcome = try publisher.site(to: out, asOf: "head")
            #expect(outcome.format == .site)
            #expect(outcome.counts == ["files": 13, "accounts": 3, "claims": 3])
            let manifest = try Data(contentsOf: URL(fileURLWithPath: out).appendingPathComponent("SHA256SUMS"))
            #expect(outcome.sha256 == PublishedFile.sha256Hex([UInt8](manifest)))
            #expect(outcome.checkpoint.size == fixture.snapshot.position)
            let recorded = try #require(try fixture.log.event(at: outcome.record.position)?.event.payload as? ExportGenerated)
            #expect(recorded.format == .site && recorded.fileSHA256 == outcome.sha256 && recorded.asOfPosition == fixture.snapshot.position)
            // The same export again writes the same files and records nothing new.
            let again = try publisher.site(to: out, asOf: "head")
            #expect(again.sha256 == outcome.sha256 && again.record.alreadyPresent)
            // A folder of other files is refused with the export error the CLI maps to exit 73.
            let other = directory.appendingPathComponent("other")
            try FileManager.default.createDirectory(at: other, withIntermediateDirectories: true)
            try Data("x".utf8).write(to: other.appendingPathComponent("keep.txt"))
            #expect(throws: PublishingError.outputNotEmpty(path: other.path)) { try publisher.site(to: other.path, asOf: "head") }
        }
    }

    @Test("a retracted flag and a retracted post text do not show")
    func retractionsApply() throws {
        try withFixture { fixture, _ in
            let alice = try ReviewerSigner(handle: "alice", keys: fixture.keys)
            let flag = try #require(try fixture.log.position(of: EventID.derived(type: ClaimFlagged.typeName, name: "c-origin")))
            let flagID = try #require(try fixture.log.event(at: flag)?.event.envelope.id)
            _ = try fixture.log.append([try alice.pendingEvent(try EntryRetracted(event: flagID, reason: "Entered in error."), now: Timestamp(millisecondsSinceEpoch: 1_700_000_000_000))])
            let snapshot = try PublicationSnapshot.fold(log: fixture.log, through: try fixture.log.size())
            let site = try SiteRecord.read(from: fixture.log, through: snapshot.position)
            let pages = try SiteGenerator(snapshot: snapshot, site: site, asOf: "head", checkpointNote: nil).pages()
            let claim = try page(pages, "claims/\(SiteText.slug("c-origin")).html")
            #expect(!claim.contains("Claim text with"))
            #expect(!claim.contains("The US army brought the virus"))
            // As of before the retraction, the site still shows it.
            let before = try SiteRecord.read(from: fixture.log, through: fixture.snapshot.position)
            let earlier = try SiteGenerator(snapshot: fixture.snapshot, site: before, asOf: "position \(fixture.snapshot.position)", checkpointNote: nil).pages()
            #expect(try page(earlier, "claims/\(SiteText.slug("c-origin")).html").contains("Claim text with &lt;script&gt;"))
        }
    }

    @Test("every page states the as-of position, the checkpoint root and the method version")
    func everyPageStatesProvenance() throws {
        try withFixture { fixture, _ in
            let root = Data(fixture.snapshot.root).base64EncodedString()
            for page in try fixture.pages() where page.path.hasSuffix(".html") {
                #expect(page.contents.contains("As of ledger position <strong>\(fixture.snapshot.position)</strong>"), "\(page.path)")
                #expect(page.contents.contains(root), "\(page.path)")
                #expect(page.contents.contains("method <strong>mas/1</strong>"), "\(page.path)")
            }
        }
    }

    @Test("the methodology page shows the MAS parameters, the rating scale and the correction policy")
    func methodologyPage() throws {
        try withFixture { fixture, _ in
            let html = try page(try fixture.pages(), "methodology.html")
            for expected in ["half-life <var>h</var> = 90 days", "α = 20", "repost 0.8", "reply 0.5", "mostly-false", "0.75",
                             "Review policy in force: <strong>single</strong>", "<code>rating_change</code>", "EntryRetracted"] {
                #expect(html.contains(expected), "\(expected)")
            }
        }
    }

    @Test("the verification page carries the signed checkpoint and the ledger's verifier key")
    func verificationPage() throws {
        try withFixture { fixture, _ in
            let html = try page(try fixture.pages(), "verification.html")
            #expect(html.contains("<code class=\"wrap\">\(try fixture.log.verifierKey().encoded)</code>"))
            #expect(html.contains("<pre class=\"note\">\(fixture.snapshot.ledger.origin)\n\(fixture.snapshot.position)\n"))
            #expect(html.contains("sha256sum -c SHA256SUMS"))
        }
    }

    // MARK: hostile text

    @Test("hostile text in posts, claims and accounts appears only escaped, and no link is javascript:")
    func hostileTextIsEscaped() throws {
        try withFixture { fixture, directory in
            let out = directory.appendingPathComponent("site")
            try SiteWriter.write(try fixture.pages(), to: out.path)
            let raw = [Hostile.script, Hostile.image, "<img", "<i>", Hostile.scriptEnd, "\u{202E}", "onerror=alert(1)>"]
            var sawEscapedScript = false
            for path in files(under: out) {
                let text = try String(contentsOf: out.appendingPathComponent(path), encoding: .utf8)
                for dangerous in raw { #expect(!text.contains(dangerous), "\(path) contains \(dangerous.debugDescription)") }
                // The only script elements are JSON-LD data blocks, and data never closes one.
                let opened = text.components(separatedBy: "<script").count - 1
                let dataBlocks = text.components(separatedBy: "<script type=\"application/ld+json\">").count - 1
                #expect(opened == dataBlocks, "\(path)")
                #expect(text.components(separatedBy: "</script").count - 1 == dataBlocks, "\(path)")
                // Attributes that load or navigate name only http(s) URLs or pages of the site.
                for value in attributeValues(in: text, names: ["href", "src", "action", "xlink:href"]) {
                    #expect(value.hasPrefix("https://") || value.hasPrefix("http://") || !value.contains(":"), "\(path): \(value)")
                    #expect(!value.lowercased().hasPrefix("javascript"), "\(path): \(value)")
                }
                // No tag carries an event handler: every `<` of the data is escaped, so each raw `<` opens a real tag.
                for tag in tags(in: text) {
                    #expect(tag.range(of: #"\son[a-z]+\s*="#, options: [.regularExpression, .caseInsensitive]) == nil, "\(path): \(tag)")
                }
                if text.contains("&lt;script&gt;alert(1)&lt;/script&gt;") { sawEscapedScript = true }
            }
            // The hostile text is shown, as text.
            #expect(sawEscapedScript)
            let account = try String(contentsOf: out.appendingPathComponent("accounts/\(SiteText.slug(Hostile.account)).html"), encoding: .utf8)
            #expect(account.contains("&quot;&gt;&lt;img src=x onerror=alert(1)&gt;"))
            #expect(account.contains("[U+202E]gpj.exe"))
            let zhao = try String(contentsOf: out.appendingPathComponent("accounts/\(SiteText.slug("twitter:zlj517")).html"), encoding: .utf8)
            #expect(zhao.contains("Read this javascript:alert(1) now"))
            #expect(zhao.contains("&quot;quotes&quot; &amp; ampersands 美国军队 🦠"))
        }
    }

    @Test("the claim page embeds its ClaimReview as JSON-LD that no data can close, and that parses back to the same text")
    func claimReviewIsEmbeddedSafely() throws {
        try withFixture { fixture, _ in
            let html = try page(try fixture.pages(), "claims/\(SiteText.slug(Hostile.claim)).html")
            let start = try #require(html.range(of: "<script type=\"application/ld+json\">"))
            let end = try #require(html.range(of: "</script>", range: start.upperBound..<html.endIndex))
            let json = String(html[start.upperBound..<end.lowerBound])
            #expect(!json.contains("<") && !json.contains(">") && !json.contains("&"))
            #expect(json.contains("\\u003c/script\\u003e"))
            let object = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
            #expect(object["@type"] as? String == "ClaimReview")
            #expect(object["url"] as? String == "https://factcheck.example.org/x")
            let reviewed = try #require(object["claimReviewed"] as? String)
            #expect(Hostile.scriptEnd.hasPrefix(reviewed.replacingOccurrences(of: "…", with: "")))
            // A claim without a published verdict embeds nothing.
            let pending = try page(try fixture.pages(), "claims/\(SiteText.slug("c-pending")).html")
            #expect(!pending.contains("<script"))
        }
    }

    @Test("script JSON escapes every character that could end or disguise a script element")
    func scriptJSONEscaping() {
        let escaped = ScriptJSON.escape(#"{"a":"</script><!--&\#u{2028}\#u{202E}"}"#)
        #expect(escaped == #"{"a":"\u003c/script\u003e\u003c!--\u0026\u2028\u202e"}"#)
    }

    @Test("only http and https URLs become links")
    func onlyWebURLsAreLinks() {
        #expect(SiteText.link("https://example.org/a?b=1&c=2")["isLink"] as? Bool == true)
        for hostile in ["javascript:alert(1)", "JAVASCRIPT:alert(1)", " javascript:alert(1)", "data:text/html,<script>", "//evil.example", "vbscript:x", "https://exa mple.org", "http://\"><x"] {
            #expect(SiteText.link(hostile)["isLink"] as? Bool == false, "\(hostile)")
            #expect(SiteText.link(hostile)["href"] == nil, "\(hostile)")
        }
    }

    // MARK: file names

    @Test("file names made from data stay inside the output folder")
    func fileNamesStayInside() throws {
        try withFixture { fixture, directory in
            let out = directory.appendingPathComponent("deep/site")
            try SiteWriter.write(try fixture.pages(), to: out.path)
            let base = out.standardizedFileURL.resolvingSymlinksInPath().path + "/"
            for path in files(under: out) {
                let resolved = out.appendingPathComponent(path).standardizedFileURL.resolvingSymlinksInPath().path
                #expect(resolved.hasPrefix(base), "\(path)")
                for component in path.split(separator: "/") {
                    #expect(component.allSatisfy { $0.isASCII && ($0.isLowercase || $0.isNumber || $0 == "-" || $0 == ".") } || component == "SHA256SUMS", "\(path)")
                }
            }
            // Nothing was written beside the output folder or above it.
            #expect(try FileManager.default.contentsOfDirectory(atPath: directory.appendingPathComponent("deep").path) == ["site"])
            #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted() == ["deep", "keys", "ledger.db", "ledger.db-shm", "ledger.db-wal"].filter {
                FileManager.default.fileExists(atPath: directory.appendingPathComponent($0).path)
            })
        }
    }

    @Test("slugs are lowercase a-z, 0-9 and dashes, distinct for distinct names, never a path")
    func slugs() {
        let names = ["twitter:../../x", "../../x", "..", ".", "/etc/passwd", "", "twitter:ABC", "twitter:abc", "c:\\windows", "ñandú", String(repeating: "a", count: 500)]
        let slugs = names.map(SiteText.slug)
        #expect(Set(slugs).count == names.count)
        for slug in slugs {
            #expect(!slug.isEmpty && slug.count <= 72)
            #expect(slug.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "-" })
        }
        #expect(SiteText.slug("twitter:zlj517").hasPrefix("twitter-zlj517-"))
    }

    @Test("the writer refuses a path that is not a plain name inside the folder, and a folder that is not a site")
    func writerRefusesUnsafePaths() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("factledger-site-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        for path in ["../x.html", "/etc/x", "a/../../x", "a/b/c.html", ".hidden", "A.html", "", "a//b", "SHA256SUMS"] {
            #expect(throws: SiteError.self, "\(path)") { try SiteWriter.write([SitePage(path: path, contents: "x")], to: directory.path) }
        }
        #expect(throws: SiteError.duplicatePath("a.html")) {
            try SiteWriter.write([SitePage(path: "a.html", contents: "x"), SitePage(path: "a.html", contents: "y")], to: directory.path)
        }
        // A folder holding other files is left alone.
        let other = directory.appendingPathComponent("other")
        try FileManager.default.createDirectory(at: other, withIntermediateDirectories: true)
        try Data("keep".utf8).write(to: other.appendingPathComponent("notes.txt"))
        #expect(throws: SiteError.notASiteFolder(path: other.path)) { try SiteWriter.write([SitePage(path: "index.html", contents: "x")], to: other.path) }
        // An earlier site is replaced, and its pages that no longer exist are removed.
        let site = directory.appendingPathComponent("site")
        try SiteWriter.write([SitePage(path: "index.html", contents: "1"), SitePage(path: "claims/old.html", contents: "old")], to: site.path)
        try SiteWriter.write([SitePage(path: "index.html", contents: "2"), SitePage(path: "claims/new.html", contents: "new")], to: site.path)
        #expect(files(under: site) == ["SHA256SUMS", "claims/new.html", "index.html"])
    }

    // MARK: charts

    @Test("the charts are well-formed SVG with one bar per account-month and one per scored account")
    func chartsAreValidSVG() throws {
        try withFixture { fixture, _ in
            let pages = try fixture.pages()
            let activity = try SVGShape(parsing: try page(pages, "charts/activity.svg"))
            let months = MonthlyActivity(facts: fixture.snapshot.facts).months()
            #expect(months.map(\.month) == ["2020-01", "2020-02", "2020-03", "2020-04"])
            // Three accounts, all among the top five, so one segment per account with posts that month.
            #expect(activity.bars == months.reduce(0) { $0 + $1.accounts.filter { $0.counts.posts > 0 }.count })
            #expect(activity.root == "svg")
            let scores = try SVGShape(parsing: try page(pages, "charts/mas.svg"))
            #expect(scores.bars == AmplificationScores(facts: fixture.snapshot.facts).result.scores.count)
            #expect(scores.bars > 0)
            // The same charts are inlined in the index, and each account page has its own.
            let index = try page(pages, "index.html")
            for chart in try inlineSVGs(in: index) { _ = try SVGShape(parsing: chart) }
            #expect(try inlineSVGs(in: index).count == 2)
            let account = try page(pages, "accounts/\(SiteText.slug(Hostile.markupAccount)).html")
            let accountChart = try SVGShape(parsing: try #require(try inlineSVGs(in: account).first))
            #expect(accountChart.bars == 2)
        }
    }

    @Test("the activity chart stacks the five busiest accounts and sums the rest as other accounts")
    func activityChartSeries() throws {
        // Seven accounts with 7, 6, … 1 posts in January and one each in February.
        var events: [RecordedEvent] = []
        for account in 1...7 {
            for number in 0...(7 - account + 1) {
                let month = number == 0 ? "2020-02-01T00:00:00Z" : "2020-01-0\(min(number, 9))T00:00:00Z"
                let post = try PostObserved(
                    post: PlatformReference(platform: "twitter", identifier: "p\(account)-\(number)"),
                    account: PlatformReference(platform: "twitter", identifier: "a\(account)"), url: "https://twitter.com/x/\(account)/\(number)",
                    postedAt: Timestamp(rfc3339: month) ?? Timestamp(millisecondsSinceEpoch: 0), kind: .original, text: nil)
                let now = Timestamp(millisecondsSinceEpoch: 1_600_000_000_000 + Int64(events.count))
                let envelope = EventEnvelope.make(payload: post, id: .derived, author: "import:test", now: now)
                events.append(RecordedEvent(position: Int64(events.count + 1), recordedAt: now, streamVersion: 1, envelope: envelope, signature: nil, payload: post))
            }
        }
        let activity = StackedBarChart.monthlyActivity(MonthlyActivity(facts: events.fold(into: LedgerFacts.self)).months())
        #expect(activity.series.map(\.name) == ["twitter:a1", "twitter:a2", "twitter:a3", "twitter:a4", "twitter:a5", "other accounts"])
        #expect(activity.series.last?.values == [2 + 1, 2])
        let rendered = activity.chart(id: "a", title: "a", summary: "a")
        #expect(try SVGShape(parsing: rendered.svg()).bars == 12)
        #expect(rendered.boxes.filter { $0.role == "swatch" }.count == 6)

        let chart = StackedBarChart(
            categories: ["2020-01", "2020-02", "2020-03"],
            series: ["twitter:a", "twitter:b"].map { StackedBarChart.Series(name: $0, colour: "#000000", values: [3, 0, 1]) },
            unit: "posts").chart(id: "t", title: "t", summary: "t")
        #expect(chart.bars.count == 4)
        let shape = try SVGShape(parsing: chart.svg())
        #expect(shape.bars == 4)
        // Bars stack: in a month, the second segment sits on top of the first.
        let january = chart.bars.filter { $0.x == chart.bars[0].x }
        #expect(january.count == 2)
        #expect(abs((january[1].y + january[1].height) - january[0].y) < 0.001)
        // Months without posts between the first and the last are gaps on the axis, not missing.
        #expect(StackedBarChart.continuous(["2019-11", "2020-02"]) == ["2019-11", "2019-12", "2020-01", "2020-02"])
        let gappy = StackedBarChart.accountActivity(account: "twitter:a", posts: ["2019-12": 4, "2020-02": 1], from: "2019-11", through: "2020-02")
        #expect(gappy.categories.count == 4)
        #expect(gappy.series.first?.values == [0, 4, 0, 1])
        // An empty ledger still gives a valid chart, with no bars.
        let empty = StackedBarChart(categories: [], series: [], unit: "posts").chart(id: "e", title: "e", summary: "e")
        #expect(try SVGShape(parsing: empty.svg()).bars == 0)
        #expect(try SVGShape(parsing: ScoreBarChart(entries: [], reference: nil).chart(id: "m", title: "m", summary: "m").svg()).bars == 0)
    }

    // MARK: golden files

    @Test("golden: the index page of the fixed ledger")
    func goldenIndex() throws {
        try withFixture { fixture, _ in
            assertSnapshot(of: fixture.redacted(try page(try fixture.pages(), "index.html")), as: .lines, named: "index")
        }
    }

    @Test("golden: a claim page with a revision and an embedded ClaimReview")
    func goldenClaim() throws {
        try withFixture { fixture, _ in
            let html = try page(try fixture.pages(), "claims/\(SiteText.slug(Hostile.claim)).html")
            assertSnapshot(of: fixture.redacted(html), as: .lines, named: "claim")
        }
    }
}

// MARK: helpers

/// The values of the named attributes in `html`, entity-decoded enough to see a scheme.
private func attributeValues(in html: String, names: [String]) -> [String] {
    var values: [String] = []
    for name in names {
        var rest = html[...]
        while let found = rest.range(of: " \(name)=\"") {
            let after = rest[found.upperBound...]
            guard let close = after.firstIndex(of: "\"") else { break }
            values.append(String(after[..<close]).replacingOccurrences(of: "&amp;", with: "&").replacingOccurrences(of: "&#58;", with: ":"))
            rest = after[close...]
        }
    }
    return values
}

/// Every start tag in `html`, from `<` to `>`.
private func tags(in html: String) -> [String] {
    var found: [String] = []
    var rest = html[...]
    while let open = rest.firstIndex(of: "<") {
        guard let close = rest[open...].firstIndex(of: ">") else { break }
        found.append(String(rest[open...close]))
        rest = rest[rest.index(after: close)...]
    }
    return found
}

/// Each `<svg …>…</svg>` element inlined in `html`.
private func inlineSVGs(in html: String) throws -> [String] {
    var found: [String] = []
    var rest = html[...]
    while let start = rest.range(of: "<svg ") {
        let end = try #require(rest.range(of: "</svg>", range: start.lowerBound..<rest.endIndex))
        found.append(String(rest[start.lowerBound..<end.upperBound]))
        rest = rest[end.upperBound...]
    }
    return found
}

/// What XMLParser sees in an SVG document: its root element and the number of data bars.
private final class SVGShape: NSObject, XMLParserDelegate {
    private(set) var root: String?
    private(set) var bars = 0

    init(parsing text: String) throws {
        super.init()
        let parser = XMLParser(data: Data(text.utf8))
        parser.delegate = self
        guard parser.parse() else {
            throw XMLFailure(detail: parser.parserError.map { "\($0)" } ?? "unknown", line: parser.lineNumber)
        }
    }

    struct XMLFailure: Error { let detail: String; let line: Int }

    func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?, attributes: [String: String] = [:]) {
        if root == nil { root = name }
        if name == "rect", attributes["class"] == "bar" { bars += 1 }
    }
}

