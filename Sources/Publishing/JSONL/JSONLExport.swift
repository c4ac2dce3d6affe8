// The JSONL export: each event as an interchange line of DESIGN §4 (type, id, schema_version,
// occurred_at, data: what `import` reads), followed by where the ledger holds it (position,
// stream, stream_version, recorded_at, author, signature) and its Merkle leaf (leaf_hash, the
// hex SHA-256 of 0x00 ‖ leaf, and leaf, the exact leaf bytes in base64), so a reader can
// recompute the tree. `data` is spliced in as the exact bytes the author signed.
import Events
import Foundation
import Ledger

/// Writes events as JSON lines.
public enum JSONLExport {
    /// Which members a line carries.
    public enum LineContent: Sendable {
        /// The interchange members, then position, stream, stream_version, recorded_at, author,
        /// signature, leaf_hash and leaf.
        case withLeaf
        /// Only the interchange members that `import` reads.
        case interchangeOnly
    }

    /// Which events an export holds.
    public enum Selection: Sendable {
        /// Every event: the whole log, as the audit bundle needs it.
        case all
        /// The events `import` can replay into another ledger: the registry, observations and
        /// judgments, and settings made by reviewers. Left out are the genesis events that
        /// `init` writes with the ledger key (the new ledger has its own), reviewer keys (they
        /// belong to this ledger's people) and export records.
        case portable
    }

    /// Whether `event` belongs to the portable selection.
    public static func isPortable(_ event: RecordedEvent) -> Bool {
        switch type(of: event.payload).group {
        case .people, .publication: return false
        case .ledger: return event.envelope.author != "ledger"
        case .registry, .observation, .review: return true
        }
    }

    /// One event as a line, without the newline.
    public static func line(_ stored: StoredEvent, content: LineContent = .withLeaf) -> [UInt8] {
        let event = stored.event
        let envelope = event.envelope
        var output: [UInt8] = []
        output.reserveCapacity(envelope.data.count + (content == .withLeaf ? stored.leaf.count * 2 + 400 : 200))
        func member(_ key: String, _ text: String) {
            output.append(contentsOf: ",\"\(key)\":".utf8)
            JSONWriter.writeString(text, into: &output)
        }
        output.append(contentsOf: #"{"type":"#.utf8)
        JSONWriter.writeString(envelope.type, into: &output)
        member("id", envelope.id.rawValue)
        output.append(contentsOf: #","schema_version":"#.utf8)
        output.append(contentsOf: String(envelope.schemaVersion).utf8)
        member("occurred_at", envelope.occurredAt.iso8601)
        if let correlation = envelope.correlationID { member("correlation_id", correlation) }
        if let causation = envelope.causationID { member("causation_id", causation) }
        output.append(contentsOf: #","data":"#.utf8)
        output.append(contentsOf: envelope.data)
        if content == .withLeaf {
            output.append(contentsOf: #","position":"#.utf8)
            output.append(contentsOf: String(event.position).utf8)
            member("stream", envelope.stream.rawValue)
            output.append(contentsOf: #","stream_version":"#.utf8)
            output.append(contentsOf: String(event.streamVersion).utf8)
            member("recorded_at", event.recordedAt.iso8601)
            member("author", envelope.author)
            if let signature = event.signature { member("signature", Data(signature).base64EncodedString()) }
            member("leaf_hash", stored.leafHash.map { String(format: "%02x", $0) }.joined())
            member("leaf", Data(stored.leaf).base64EncodedString())
        }
        output.append(UInt8(ascii: "}"))
        return output
    }

    /// What a JSONL export wrote.
    public struct Written: Sendable, Equatable {
        /// Lines written.
        public let lineCount: Int
        /// The lowercase hex SHA-256 of the file.
        public let sha256: String
        /// Its size in bytes.
        public let byteCount: Int64
    }

    /// Streams the events at positions 1 through `position` into `file`, one line each.
    /// Memory stays constant whatever the log's size.
    public static func write(
        log: EventLog, through position: Int64, selection: Selection, content: LineContent = .withLeaf, to file: ExportFile
    ) throws -> Int {
        var count = 0
        guard position > 0 else { return 0 }
        try log.read(from: 1, through: position) { stored in
            if selection == .portable, !isPortable(stored.event) { return }
            try file.write(line(stored, content: content))
            try file.write(CollectionOfOne(UInt8(ascii: "\n")))
            count += 1
        }
        return count
    }

    /// Writes the export to `path` whole; the file appears only when complete.
    public static func export(
        log: EventLog, through position: Int64, selection: Selection = .portable, content: LineContent = .withLeaf, to path: String
    ) throws -> Written {
        let file = try ExportFile(path: path)
        let count = try write(log: log, through: position, selection: selection, content: content, to: file)
        let digest = try file.commit()
        return Written(lineCount: count, sha256: digest, byteCount: file.byteCount)
    }
}
