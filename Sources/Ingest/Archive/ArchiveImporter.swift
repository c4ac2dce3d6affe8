// The one import path for archives of posts (twarc2 and CSV): each post becomes a
// PostObserved, its author an AccountRegistered, later counts an EngagementObserved, all inside
// one write transaction. The readers only turn records into `ObservedPost`s.
import Events
import Ledger

/// The archive formats of posts that ``ArchiveImporter`` reads.
public enum ArchiveFormat: String, Sendable, CaseIterable {
    /// twarc2 archives: paged, streamed or flattened lines.
    case twarc2
    /// A table of posts with the header ``CSVPostHeader``.
    case csv
}

extension ImportFormat {
    /// The archive format, or nil for the interchange format.
    public var archiveFormat: ArchiveFormat? { ArchiveFormat(rawValue: rawValue) }
}

/// What an archive import did.
public struct ArchiveImportSummary: Sendable {
    /// The file imported.
    public var file: String
    /// The file's format.
    public var format: ArchiveFormat
    /// Records read: non-blank twarc2 lines or CSV rows, skipped ones included.
    public var recordsRead = 0
    /// Posts the ledger did not have; each got a `PostObserved`.
    public var postsNew = 0
    /// Distinct posts of the file the ledger already had; nothing but changed counts is appended for them.
    public var postsAlreadyKnown = 0
    /// Authors the ledger did not have; each got an `AccountRegistered` (kind `other`).
    public var accountsNew = 0
    /// `EngagementObserved` events appended because a post's counts changed.
    public var engagementUpdates = 0
    /// Registered outlet domain → number of distinct posts of the file that link to it.
    ///
    /// These are candidate attributions for a reviewer; nothing is attributed automatically.
    public var candidateOutletLinks: [String: Int] = [:]
    /// Records left out by `--skip-invalid`, with their reasons.
    public var skipped: [SkippedLine] = []
    /// Events appended in all.
    public var appendedCount = 0
    /// The head after the import.
    public var head: TreeHead?

    /// An empty summary for `file`.
    public init(file: String, format: ArchiveFormat) {
        self.file = file
        self.format = format
    }
}

/// Imports a twarc2 or CSV archive of posts into a ledger.
///
/// Guarantees: the file lands whole or not at all (one `withAppendSession`); a bad record stops
/// the import with its line and field unless `skipInvalid`; a post already in the ledger is not
/// observed again, and only counts that the ledger has never recorded for it become an
/// `EngagementObserved`, so importing the same file twice appends nothing, and re-importing an
/// older capture after a newer one appends nothing either. Ids are derived from natural keys.
/// Cost: one pass inside the write transaction; memory grows with the number of distinct posts and
/// accounts in the file (a few hundred bytes each) plus one batch; twarc2 is streamed line by line,
/// while a CSV file is held in memory so quoted line breaks can be followed.
public struct ArchiveImporter {
    /// The format to read.
    public let format: ArchiveFormat
    /// Skip bad records, listing each in the summary, instead of refusing the file.
    public let skipInvalid: Bool
    /// Events appended per batch inside the import's transaction.
    public var batchSize = 1000
    /// Called with (bytes read, total bytes) as the import advances.
    public var progress: ((Int64, Int64) -> Void)?

    /// An importer for `format`.
    public init(format: ArchiveFormat, skipInvalid: Bool = false, progress: ((Int64, Int64) -> Void)? = nil) {
        self.format = format
        self.skipInvalid = skipInvalid
        self.progress = progress
    }

    /// The author of the events this importer appends, such as `import:twarc2`.
    public var importAuthor: String { "import:\(format.rawValue)" }

    /// Imports `path` into `log`; `now` is the recording time and the capture time of counts
    /// when the archive does not give one.
    public func run(path: String, into log: any LogStore, now: Timestamp) throws -> ArchiveImportSummary {
        let reader = try makeReader(path: path)
        // The whole session rolls back on any error, so batches need no savepoints of their own.
        var summary = try log.withAppendSession(atomicBatches: false) { session in
            var state = ArchiveImportState(
                session: session, appender: BatchAppender(session: session, file: path, capacity: batchSize),
                summary: ArchiveImportSummary(file: path, format: format), author: importAuthor, now: now)
            var recordsSinceProgress = 0
            while let record = reader.nextRecord() {
                state.summary.recordsRead += 1
                switch record.posts {
                case .failure(let problem):
                    guard skipInvalid else {
                        guard let field = problem.field else { throw ImportError.invalidLine(file: path, line: record.line, detail: problem.detail) }
                        throw ImportError.invalidRecord(file: path, line: record.line, field: field, detail: problem.detail)
                    }
                    state.summary.skipped.append(SkippedLine(line: record.line, reason: problem.description))
                case .success(let posts):
                    for post in posts { try state.observe(post, line: record.line) }
                }
                if state.appender.isFull { try state.flush() }
                recordsSinceProgress += 1
                if recordsSinceProgress >= 64 {
                    recordsSinceProgress = 0
                    progress?(reader.bytesRead, reader.totalBytes)
                }
            }
            try state.flush()
            guard state.summary.recordsRead > 0 else { throw ImportError.empty(file: path) }
            progress?(reader.bytesRead, reader.totalBytes)
            return state.summary
        }
        if summary.head == nil { summary.head = try log.head() }
        return summary
    }

    private func makeReader(path: String) throws -> any ArchiveReader {
        switch format {
        case .twarc2: return try Twarc2Reader(path: path)
        case .csv: return try CSVPostReader(path: path)
        }
    }
}

/// The running state of one archive import: what the ledger and this import already know.
private struct ArchiveImportState {
    /// What is known about one post during the import.
    struct PostState {
        /// Every set of counts recorded for the post, in the ledger or by this import.
        var engagements: [Engagement] = []
        /// The `observed_at` times of its `EngagementObserved` events; one id each.
        var observationTimes: Set<Timestamp> = []
    }

    let session: any AppendSession
    var appender: BatchAppender
    var summary: ArchiveImportSummary
    let author: String
    let now: Timestamp
    private var posts: [PlatformReference: PostState] = [:]
    private var knownAccounts: Set<PlatformReference> = []
    private var outlets = OutletMatcher()

    init(session: any AppendSession, appender: BatchAppender, summary: ArchiveImportSummary, author: String, now: Timestamp) {
        self.session = session
        self.appender = appender
        self.summary = summary
        self.author = author
        self.now = now
    }

    /// Records `observed`, read from `line`: new posts and authors, or changed counts.
    mutating func observe(_ observed: ObservedPost, line: Int) throws {
        let reference = observed.observation.post
        if var state = posts[reference] {
            try updateEngagement(of: &state, from: observed, line: line)
            posts[reference] = state
            return
        }
        var state = PostState()
        let stream = StreamName.post(reference)
        if try session.streamVersion(stream) > 0 {
            summary.postsAlreadyKnown += 1
            for event in try session.events(inStream: stream) {
                switch event.payload {
                case let post as PostObserved:
                    if let engagement = post.engagement { state.engagements.append(engagement) }
                case let update as EngagementObserved:
                    state.engagements.append(update.engagement)
                    state.observationTimes.insert(update.observedAt)
                default:
                    break
                }
            }
            try updateEngagement(of: &state, from: observed, line: line)
        } else {
            try registerAuthor(observed.authorRegistration, line: line)
            append(observed.observation, line: line)
            summary.postsNew += 1
            if let engagement = observed.observation.engagement { state.engagements.append(engagement) }
        }
        posts[reference] = state
        var linked: Set<String> = []
        for url in observed.outletURLs {
            if let outlet = try outlets.outlet(linkedBy: url, in: session), linked.insert(outlet).inserted {
                summary.candidateOutletLinks[outlet, default: 0] += 1
            }
        }
    }

    /// Appends an `EngagementObserved` when `observed` carries counts never recorded for the post.
    ///
    /// Comparing with every recorded set, not just the latest, keeps a re-import of an older
    /// capture from appending. Counts captured at a time that already has an observation for the
    /// post are left out: the event id is derived from the post and that time.
    private mutating func updateEngagement(of state: inout PostState, from observed: ObservedPost, line: Int) throws {
        guard let engagement = observed.observation.engagement, !state.engagements.contains(engagement) else { return }
        let observedAt = observed.capturedAt ?? now
        guard !state.observationTimes.contains(observedAt) else { return }
        let update: EngagementObserved
        do {
            update = try EngagementObserved(post: observed.observation.post, observedAt: observedAt, engagement: engagement)
        } catch let error as ValidationError {
            throw ImportError.invalidRecord(file: appender.file, line: line, field: error.field, detail: error.problem)
        }
        append(update, line: line)
        summary.engagementUpdates += 1
        state.engagements.append(engagement)
        state.observationTimes.insert(observedAt)
    }

    private mutating func registerAuthor(_ registration: AccountRegistered, line: Int) throws {
        let account = registration.account
        guard !knownAccounts.contains(account) else { return }
        knownAccounts.insert(account)
        guard try session.streamVersion(.account(account)) == 0 else { return }
        append(registration, line: line)
        summary.accountsNew += 1
    }

    private mutating func append(_ payload: any EventPayload, line: Int) {
        let envelope = EventEnvelope.make(payload: payload, id: .derived, author: author, now: now)
        appender.add(PendingEvent(envelope: envelope, payload: payload, signature: nil), line: line)
    }

    /// Appends the pending batch.
    mutating func flush() throws {
        guard let (_, report) = try appender.flush() else { return }
        summary.appendedCount += report.appendedCount
        summary.head = report.head
    }
}
