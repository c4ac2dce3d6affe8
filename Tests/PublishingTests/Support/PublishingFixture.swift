// A small ledger built in code with fixed keys, fixed ids and a fixed clock, so every export of
// it is the same bytes on every run: Ed25519 is deterministic, and nothing else is random.
import Crypto
import Events
import Foundation
import Ledger
import Projections
@testable import Publishing

/// A clock that moves one second a reading from a fixed start.
final class FixtureClock: LedgerClock, @unchecked Sendable {
    private let lock = NSLock()
    private var next: Int64

    init(start: String = "2020-06-01T08:00:00Z") {
        next = Timestamp(rfc3339: start)?.millisecondsSinceEpoch ?? 0
    }

    func now() -> Timestamp {
        lock.lock()
        defer { lock.unlock() }
        next += 1000
        return Timestamp(millisecondsSinceEpoch: next)
    }
}

/// Post texts that a CSV must carry unchanged.
enum AwkwardText {
    static let chinese = "美军可能把疫情带到了武汉，要透明！公开数据 🦠😷"
    static let quoted = "He said, \"be transparent\", and then: 'publish'"
    static let lines = "Line one\nline two\r\nline three\rend"
    static let markup = "<script>alert(1)</script> \"><img src=x onerror=alert(1)> javascript:alert(1)"
    static let formula = "=HYPERLINK(\"http://x\",\"y\"),;|"
}

/// The fixed ledger: an admin and a checker, two accounts, an outlet, five posts, a claim whose
/// published verdict was revised and published again, a second published claim, a pending
/// claim, a retracted post, and an earlier export (so the bundle has a consistency proof).
final class PublishingFixture {
    static let org = "Example Fact Desk"
    static let ledgerID = "fixture01"
    static let origin = "factledger.example/fixture01"

    let directory: URL
    let keys: KeyStore
    let log: EventLog
    let ledgerKey: Curve25519.Signing.PrivateKey
    let alice: ReviewerSigner
    let bob: ReviewerSigner
    private let envelopeClock = FixtureClock(start: "2020-06-01T07:00:00Z")

    /// A key from 32 constant bytes.
    static func key(_ seed: UInt8) throws -> Curve25519.Signing.PrivateKey {
        try Curve25519.Signing.PrivateKey(rawRepresentation: (0..<32).map { seed &+ UInt8($0) })
    }

    /// Builds the ledger in `directory` (made when missing); `extraPost` adds one more post at
    /// the end, so two fixtures can fork.
    /// `secondReview: false` leaves out alice's review of bob's verdict: `import --as` signs
    /// every judgment as one reviewer, who may not review their own verdict.
    init(in directory: URL, name: String = "ledger.db", extraPost: String? = nil, secondReview: Bool = true) throws {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        self.directory = directory
        keys = KeyStore(directory: directory.appendingPathComponent("keys").path)
        ledgerKey = try Self.key(1)
        alice = ReviewerSigner(handle: "alice", key: try Self.key(101))
        bob = ReviewerSigner(handle: "bob", key: try Self.key(201))
        if !FileManager.default.fileExists(atPath: keys.ledgerKeyPath(Self.ledgerID)) {
            try keys.write(ledgerKey, to: keys.ledgerKeyPath(Self.ledgerID))
        }
        log = try EventLog.create(path: directory.appendingPathComponent(name).path, clock: FixtureClock())
        try build(extraPost: extraPost, secondReview: secondReview)
    }

    /// A new ledger of another organisation whose admin is the same alice, for replaying exports.
    static func freshLedger(in directory: URL) throws -> EventLog {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let key = try Self.key(51)
        let alice = try Self.key(101)
        let log = try EventLog.create(path: directory.appendingPathComponent("fresh.db").path, clock: FixtureClock(start: "2021-01-01T00:00:00Z"))
        let now = Timestamp(rfc3339: "2021-01-01T00:00:00Z") ?? Timestamp(millisecondsSinceEpoch: 0)
        let payloads: [any EventPayload] = [
            try LedgerCreated(org: "Fresh Desk", ledgerID: "fresh01", origin: "factledger.example/fresh01", ledgerKey: Array(key.publicKey.rawRepresentation)),
            RatingScale.factledgerDefault.definition, MethodologyAdopted.masDefault, ReviewPolicySet(policy: .single),
            try ReviewerRegistered(handle: "alice", name: "Alice Admin", role: .admin, publicKey: Array(alice.publicKey.rawRepresentation)),
        ]
        _ = try log.append(try payloads.enumerated().map { index, payload in
            let envelope = EventEnvelope.make(payload: payload, id: .given(try EventID("fresh-\(index)")), author: "ledger", now: now)
            return try PendingEvent.signed(envelope: envelope, payload: payload, key: key)
        })
        return log
    }

    /// Positions 1 through this hold the ledger as built; the export record follows.
    private(set) var contentSize: Int64 = 0

    private func build(extraPost: String?, secondReview: Bool) throws {
        var number = 0
        func id() throws -> EventID {
            number += 1
            return try EventID("fx-\(String(format: "%03d", number))")
        }
        func genesis(_ payload: any EventPayload) throws -> PendingEvent {
            let envelope = EventEnvelope.make(payload: payload, id: .given(try id()), author: "ledger", now: envelopeClock.now())
            return try PendingEvent.signed(envelope: envelope, payload: payload, key: ledgerKey)
        }
        func observed(_ payload: any EventPayload) throws -> PendingEvent {
            PendingEvent(envelope: EventEnvelope.make(payload: payload, id: .given(try id()), author: "import:test", now: envelopeClock.now()),
                         payload: payload, signature: nil)
        }
        func by(_ signer: ReviewerSigner, _ payload: any EventPayload) throws -> PendingEvent {
            try signer.pendingEvent(payload, id: .given(try id()), now: envelopeClock.now())
        }
        func reference(_ text: String) throws -> PlatformReference { try PlatformReference(parsing: text, field: "fixture") }
        func time(_ text: String) -> Timestamp { Timestamp(rfc3339: text) ?? Timestamp(millisecondsSinceEpoch: 0) }
        func post(_ id: String, _ account: String, _ handle: String, _ postedAt: String, _ text: String, kind: PostKind = .original,
                  links: [String] = []) throws -> PendingEvent {
            try observed(try PostObserved(
                post: reference("twitter:\(id)"), account: reference(account), url: "https://twitter.com/\(handle)/status/\(id)",
                postedAt: time(postedAt), kind: kind, text: text, linkedURLs: links,
                engagement: Engagement(likes: 10, reposts: 4, replies: 1, quotes: 2)))
        }

        _ = try log.append([
            try genesis(try LedgerCreated(org: Self.org, ledgerID: Self.ledgerID, origin: Self.origin, ledgerKey: Array(ledgerKey.publicKey.rawRepresentation))),
            try genesis(RatingScale.factledgerDefault.definition),
            try genesis(MethodologyAdopted.masDefault),
            try genesis(ReviewPolicySet(policy: .single)),
            try genesis(try ReviewerRegistered(handle: "alice", name: "Alice Admin", role: .admin, publicKey: Array(alice.key.publicKey.rawRepresentation))),
        ])
        _ = try log.append([try by(alice, try ReviewerRegistered(handle: "bob", name: "Bob Checker", role: .checker, publicKey: Array(bob.key.publicKey.rawRepresentation)))])
        _ = try log.append([
            try observed(try OutletRegistered(domain: "globaltimes.cn", name: "Global Times 环球时报", affiliation: .stateControlled, country: "CN")),
            try observed(try AccountRegistered(account: reference("twitter:zlj517"), displayName: "Lijian Zhao 赵立坚", kind: .diplomat, country: "CN",
                                               person: "Zhao Lijian", title: "Spokesperson", profileURL: "https://twitter.com/zlj517")),
            try observed(try AccountRegistered(account: reference("twitter:ChinaEmbassyX"), displayName: "Embassy, \"official\"", kind: .embassy, country: "CN")),
            try post("1001", "twitter:zlj517", "zlj517", "2020-03-12T14:03:00Z", AwkwardText.chinese, links: ["https://www.globaltimes.cn/content/1"]),
            try post("1002", "twitter:ChinaEmbassyX", "ChinaEmbassyX", "2020-03-13T09:30:00Z", AwkwardText.quoted, kind: .repost),
            try post("1003", "twitter:zlj517", "zlj517", "2020-04-02T10:00:00Z", AwkwardText.lines),
            try post("1004", "twitter:ChinaEmbassyX", "ChinaEmbassyX", "2020-04-20T16:45:00Z", AwkwardText.markup, kind: .quote),
            try post("1005", "twitter:zlj517", "zlj517", "2020-05-05T05:05:00Z", AwkwardText.formula, kind: .reply),
        ])
        var judgments: [PendingEvent] = [
            try by(bob, try ClaimFlagged(claim: "c-origin", summary: "The US Army brought the virus to Wuhan", post: reference("twitter:1001"),
                                         text: "It might be the US Army who brought the epidemic to Wuhan.", language: "en")),
            try by(bob, try AppearanceRecorded(claim: "c-origin", post: reference("twitter:1002"), relation: .repeats)),
            try by(bob, try SourceAttributed(outlet: "globaltimes.cn", claim: "c-origin", via: .link, confidence: .confirmed)),
            try by(bob, try VerdictRecorded(verdict: "v-origin-1", claim: "c-origin", label: "false", rationale: "No evidence, and the \"data\" cited does not exist.",
                                            evidence: ["https://www.who.int/report?a=1&b=2"])),
        ]
        if secondReview { judgments.append(try by(alice, try VerdictReviewed(verdict: "v-origin-1", decision: .concur, note: "Agreed."))) }
        judgments += [
            try by(alice, try VerdictPublished(verdict: "v-origin-1", url: "https://factcheck.example.org/c-origin", publishedAt: time("2020-05-31T12:00:00Z"))),
            try by(bob, try ClaimFlagged(claim: "c-masks", summary: "Masks were withheld from the embassy's country", post: reference("twitter:1004"))),
            try by(bob, try VerdictRecorded(verdict: "v-masks-1", claim: "c-masks", label: "misleading", rationale: "Shipments were delayed, not withheld.")),
            try by(alice, try VerdictPublished(verdict: "v-masks-1", url: "https://factcheck.example.org/c-masks")),
            try by(bob, try ClaimFlagged(claim: "c-pending", summary: "A claim not rated yet, with a comma", post: reference("twitter:1003"))),
        ]
        _ = try log.append(judgments)
        let retracted = try post("1099", "twitter:zlj517", "zlj517", "2020-05-06T00:00:00Z", "Observed in error")
        _ = try log.append([retracted])
        _ = try log.append([try by(alice, try EntryRetracted(event: retracted.envelope.id, reason: "Not the account's post."))])
        // An export of the ledger so far, so that the bundle proves it still extends it.
        let earlier = try log.size()
        let checkpoint = try log.checkpoint(key: ledgerKey, size: earlier)
        _ = try ExportRecorder(log: log, ledgerKey: ledgerKey, signer: nil)
            .record(format: .csv, view: "board", checkpoint: checkpoint, fileSHA256: String(repeating: "ab", count: 32), now: envelopeClock.now())
        _ = try log.append([
            try by(bob, try VerdictRevised(claim: "c-origin", supersedes: "v-origin-1", verdict: "v-origin-2", label: "mostly-false",
                                           correctionClass: .ratingChange, reason: "A lab report surfaced.", publicNote: "We changed the rating from false to mostly false after a lab report surfaced.")),
            try by(alice, try VerdictPublished(verdict: "v-origin-2", url: "https://factcheck.example.org/c-origin")),
        ])
        if let extraPost {
            _ = try log.append([try post("2001", "twitter:zlj517", "zlj517", "2020-05-30T00:00:00Z", extraPost)])
        }
        contentSize = try log.size()
    }

    /// The snapshot of the ledger through `position` (the head when nil).
    func snapshot(through position: Int64? = nil) throws -> PublicationSnapshot {
        try PublicationSnapshot.fold(log: log, through: position ?? log.size())
    }

    /// A publisher of the snapshot at `position` whose records are signed by the ledger key.
    func publisher(through position: Int64? = nil) throws -> Publisher {
        Publisher(snapshot: try snapshot(through: position), recorder: ExportRecorder(log: log, ledgerKey: ledgerKey, signer: nil),
                  now: Timestamp(rfc3339: "2020-06-02T00:00:00Z") ?? Timestamp(millisecondsSinceEpoch: 0))
    }
}

/// Runs `body` with a new temporary folder, removed afterwards.
func withPublishingDirectory<Result>(_ body: (URL) throws -> Result) throws -> Result {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("factledger-publishing-\(UUID().uuidString)", isDirectory: true)
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: directory) }
    return try body(directory)
}
