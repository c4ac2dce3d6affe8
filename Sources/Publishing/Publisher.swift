// One export from start to finish, the same for every format: check the destination, sign
// the checkpoint at the snapshot's position, write the file, then append `ExportGenerated`
// with the file's SHA-256. The CLI only parses arguments and prints the outcome.
import Events
import Foundation
import Ledger

/// Makes the exports of one snapshot.
///
/// Guarantees: a file is complete before it is recorded, and a record names the checkpoint
/// the file was made at. Cost: that of the format, plus one signature and one append.
public struct Publisher {
    public let snapshot: PublicationSnapshot
    public let recorder: ExportRecorder
    /// The time the export record states.
    public let now: Timestamp

    public init(snapshot: PublicationSnapshot, recorder: ExportRecorder, now: Timestamp) {
        self.snapshot = snapshot
        self.recorder = recorder
        self.now = now
    }

    /// What an export wrote and recorded.
    public struct Outcome: Sendable {
        public let format: ExportFormat
        public let view: String?
        /// The file or folder written.
        public let path: String
        /// The SHA-256 recorded: of the file, or of `SHA256SUMS` for a folder.
        public let sha256: String
        /// The checkpoint the export was made at.
        public let checkpoint: IssuedCheckpoint
        /// The `ExportGenerated` event.
        public let record: ExportRecorder.Recorded
        /// Counts worth reporting, such as `rows`, `lines`, `reviews` or `proofs`.
        public let counts: [String: Int]
    }

    /// Writes the CSV of `view` to `path` (a file, or a folder to hold `<view>.csv`).
    public func csv(_ view: CSVView, to path: String) throws -> Outcome {
        let document = CSVExport.document(view, snapshot: snapshot)
        let file = try ExportFile(path: Self.filePath(path, defaultName: view.defaultFileName))
        let checkpoint = try recorder.checkpoint(size: snapshot.position)
        try file.write(try document.bytes())
        let digest = try file.commit()
        return try recorded(.csv, view: view.rawValue, path: file.path, sha256: digest, checkpoint: checkpoint, counts: ["rows": document.rows.count])
    }

    /// Writes the portable events as JSON lines to `path` (a file, or a folder to hold `events.jsonl`).
    public func jsonl(to path: String, content: JSONLExport.LineContent = .withLeaf) throws -> Outcome {
        let file = try ExportFile(path: Self.filePath(path, defaultName: "events.jsonl"))
        let checkpoint = try recorder.checkpoint(size: snapshot.position)
        let lines = try JSONLExport.write(log: recorder.log, through: snapshot.position, selection: .portable, content: content, to: file)
        let digest = try file.commit()
        return try recorded(.jsonl, path: file.path, sha256: digest, checkpoint: checkpoint, counts: ["lines": lines])
    }

    /// Writes the ClaimReview DataFeed to `path` (a file, or a folder to hold `claimreview.jsonld`).
    public func claimReview(to path: String) throws -> Outcome {
        let feed = ClaimReviewFeed(snapshot: snapshot)
        let file = try ExportFile(path: Self.filePath(path, defaultName: "claimreview.jsonld"))
        let checkpoint = try recorder.checkpoint(size: snapshot.position)
        try file.write(feed.dataFeedJSONLD())
        let digest = try file.commit()
        return try recorded(.claimreview, path: file.path, sha256: digest, checkpoint: checkpoint, counts: ["reviews": feed.entries.count])
    }

    /// Writes the audit bundle into the folder `path`.
    public func bundle(to path: String) throws -> Outcome {
        let previous = try ExportRecorder.previousExport(in: recorder.log, upTo: snapshot.position)
        let checkpoint = try recorder.checkpoint(size: snapshot.position)
        let written = try AuditBundle.write(log: recorder.log, snapshot: snapshot, checkpoint: checkpoint, previous: previous, to: path)
        var counts = ["events": written.eventCount, "proofs": written.proofCount]
        if let from = written.consistentFrom { counts["consistent_from"] = Int(from) }
        return try recorded(.bundle, path: path, sha256: written.manifestSHA256, checkpoint: checkpoint, counts: counts)
    }

    /// Records an export written to `path` (for formats made elsewhere, such as the site).
    public func recorded(
        _ format: ExportFormat, view: String? = nil, path: String, sha256: String, checkpoint: IssuedCheckpoint, counts: [String: Int]
    ) throws -> Outcome {
        let record = try recorder.record(format: format, view: view, checkpoint: checkpoint, fileSHA256: sha256, now: now)
        return Outcome(format: format, view: view, path: path, sha256: sha256, checkpoint: checkpoint, record: record, counts: counts)
    }

    /// `path`, or `path/defaultName` when `path` is an existing folder.
    static func filePath(_ path: String, defaultName: String) -> String {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue else { return path }
        return (path.hasSuffix("/") ? path : path + "/") + defaultName
    }
}
