// The audit bundle (issue 6): what an outsider needs to check, without our code, that the
// published verdicts are in the log the ledger signed, and that this log extends the one the
// previous export was made from.
//
//   checkpoint.txt     the signed tree head (C2SP tlog-checkpoint) at the exported position
//   ledger-key.txt     the verifier key of the ledger's checkpoints (name+keyid+base64)
//   events.jsonl       every event through that position, with its exact leaf (JSONLExport)
//   proofs/*.json      per published verdict: inclusion proofs of its verdict and publication
//   consistency.json   from the previous export's checkpoint to this one, when there was one
//   verify.py          the checker; README.txt says how to run it; SHA256SUMS lists the files
import Events
import Foundation
import Ledger
import Projections

/// Writes audit bundles.
public enum AuditBundle {
    /// What a bundle holds.
    public struct Written: Sendable, Equatable {
        /// The files written (relative paths) and their SHA-256, including `SHA256SUMS`.
        public let files: [String: String]
        /// The SHA-256 of `SHA256SUMS`, recorded in `ExportGenerated` as the bundle's digest.
        public let manifestSHA256: String
        /// Events in `events.jsonl`.
        public let eventCount: Int
        /// Inclusion proof files.
        public let proofCount: Int
        /// The size of the previous export's checkpoint that `consistency.json` starts from.
        public let consistentFrom: Int64?
    }

    /// Writes the bundle of `snapshot`, signed at `checkpoint` (whose size must be the
    /// snapshot's position), into the folder `path`.
    ///
    /// - Parameter previous: the latest earlier export (see ``ExportRecorder/previousExport(in:upTo:)``);
    ///   `consistency.json` proves the log at `checkpoint` extends the root it recorded.
    public static func write(
        log: EventLog, snapshot: PublicationSnapshot, checkpoint: IssuedCheckpoint, previous: ExportGenerated?, to path: String
    ) throws -> Written {
        let size = checkpoint.size
        let folder = try ExportDirectory(path: path, marker: VerifyScript.fileName)
        try folder.write(checkpoint.note, as: "checkpoint.txt")
        try folder.write(try log.verifierKey().encoded + "\n", as: "ledger-key.txt")
        let events = try folder.file("events.jsonl")
        let eventCount = try JSONLExport.write(log: log, through: size, selection: .all, to: events)
        folder.record("events.jsonl", sha256: try events.commit())

        var proofCount = 0
        for publication in publishedVerdicts(snapshot) where size > 0 {
            try folder.write(try proofDocument(log: log, publication, treeSize: size), as: "proofs/\(fileName(publication.verdict)).json")
            proofCount += 1
        }
        if let previous, size > 0, previous.asOfPosition <= size {
            try folder.write(try consistencyDocument(log: log, from: previous, to: checkpoint), as: "consistency.json")
        }
        try folder.write(VerifyScript.source + "\n", as: VerifyScript.fileName)
        try folder.write(readme(checkpoint: checkpoint, snapshot: snapshot), as: "README.txt")
        let manifest = try folder.commit()
        var files = folder.fileDigests
        files[ExportDirectory.manifestName] = manifest
        return Written(
            files: files, manifestSHA256: manifest, eventCount: eventCount, proofCount: proofCount,
            consistentFrom: previous.flatMap { $0.asOfPosition <= size && size > 0 ? $0.asOfPosition : nil })
    }

    /// A published verdict and the events that state and publish it.
    struct Publication {
        let claim: String
        let verdict: String
        let url: String?
        /// (type, position) of the verdict's record and of its publication, in log order.
        let events: [(type: String, position: Int64)]
    }

    /// Every live publication, with the verdict or revision it publishes.
    static func publishedVerdicts(_ snapshot: PublicationSnapshot) -> [Publication] {
        var found: [Publication] = []
        for trail in VerdictTrail(facts: snapshot.facts).trails {
            for step in trail.steps where step.action == .published {
                var events: [(type: String, position: Int64)] = []
                if let stated = trail.steps.first(where: { $0.verdict == step.verdict && ($0.action == .recorded || $0.action == .revised) }) {
                    events.append((stated.action == .recorded ? VerdictRecorded.typeName : VerdictRevised.typeName, stated.position))
                }
                events.append((VerdictPublished.typeName, step.position))
                found.append(Publication(claim: trail.claim, verdict: step.verdict, url: step.url, events: events))
            }
        }
        return found
    }

    private static func proofDocument(log: EventLog, _ publication: Publication, treeSize: Int64) throws -> String {
        var root: [UInt8] = []
        let entries = try publication.events.map { event -> JSONValue in
            let proof = try log.inclusionProof(position: event.position, treeSize: treeSize)
            root = proof.root
            var entry = JSONObjectBuilder()
            entry.add("type", event.type)
            entry.add("position", event.position)
            entry.add("leaf_index", event.position - 1)
            entry.add("leaf_hash", base64(proof.leafHash))
            entry.add("proof", .array(proof.proof.map { .string(base64($0)) }))
            return entry.value
        }
        var document = JSONObjectBuilder()
        document.add("claim", publication.claim)
        document.add("verdict", publication.verdict)
        document.add("url", publication.url)
        document.add("tree_size", treeSize)
        document.add("root", base64(root))
        document.add("events", .array(entries))
        return JSONWriter.string(document.value) + "\n"
    }

    private static func consistencyDocument(log: EventLog, from previous: ExportGenerated, to checkpoint: IssuedCheckpoint) throws -> String {
        let proof = try log.consistencyProof(size1: previous.asOfPosition, size2: checkpoint.size)
        var document = JSONObjectBuilder()
        document.add("size1", previous.asOfPosition)
        document.add("size2", checkpoint.size)
        // The root the previous export published, not one recomputed now: if the log was
        // rewritten since, the proof fails, as it should.
        document.add("root1", base64(previous.checkpointRoot))
        document.add("root2", base64(checkpoint.root))
        document.add("proof", .array(proof.proof.map { .string(base64($0)) }))
        if let note = try log.issuedCheckpoints().first(where: { $0.size == previous.asOfPosition && $0.root == previous.checkpointRoot })?.note {
            document.add("previous_checkpoint", note)
        }
        var export = JSONObjectBuilder()
        export.add("format", previous.format.rawValue)
        export.add("view", previous.view)
        export.add("file_sha256", previous.fileSHA256)
        document.add("previous_export", export.value)
        return JSONWriter.string(document.value) + "\n"
    }

    private static func readme(checkpoint: IssuedCheckpoint, snapshot: PublicationSnapshot) -> String {
        """
        FactLedger audit bundle: \(snapshot.ledger.org), ledger \(snapshot.ledger.origin)
        As of position \(checkpoint.size), Merkle root \(base64(checkpoint.root)).

        To check it you need Python 3 and the `cryptography` package (pip install cryptography):

            python3 verify.py                  # uses ledger-key.txt
            python3 verify.py their-key.txt    # better: the ledger key the publisher gave you elsewhere

        It prints OK, or FAIL and the first problem. It checks each event's leaf hash and the
        Merkle root against checkpoint.txt, the checkpoint's signature against the ledger key,
        every event signature, the inclusion proof of each published verdict (proofs/), and that
        this log extends the previous export's checkpoint (consistency.json, when present).
        SHA256SUMS lists every file (sha256sum -c SHA256SUMS).

        """
    }

    /// A verdict id as a file name: `/` and `:` (allowed in ids) are percent-encoded.
    static func fileName(_ verdict: String) -> String {
        verdict.replacingOccurrences(of: "%", with: "%25").replacingOccurrences(of: "/", with: "%2F").replacingOccurrences(of: ":", with: "%3A")
    }

    private static func base64(_ bytes: [UInt8]) -> String { Data(bytes).base64EncodedString() }
}
