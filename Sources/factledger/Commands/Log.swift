// `factledger log`: browse the events, as a table or as JSON lines with the exact leaves.
import ArgumentParser
import Events
import Foundation
import Ledger

struct Log: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "log",
        abstract: "Browse the events of the ledger, in order.",
        discussion: """
        With --json, each line is one event: position, id, type, stream, stream_version, occurred_at, \
        recorded_at, author, data (the exact payload), leaf_hash (hex SHA-256 of 0x00 ‖ leaf) and \
        leaf (the exact leaf bytes, base64), so anyone can recompute the Merkle tree.

        Examples:
          factledger log --type VerdictRecorded
          factledger log --stream claim:c-7f3a9 --json
        """)

    @OptionGroup var options: LedgerOptions

    @Option(help: "Only events of this type, such as PostObserved.")
    var type: String?

    @Option(help: "Only events of this stream, such as claim:c-7f3a9.")
    var stream: String?

    @Option(help: "Start at this position.")
    var from: Int64 = 1

    @Option(help: "Stop at this position.")
    var through: Int64?

    @Option(help: "Show at most this many events.")
    var limit: Int?

    func validate() throws {
        if let limit, limit < 1 { throw ValidationError("--limit must be at least 1") }
        if from < 1 { throw ValidationError("--from must be a position of at least 1") }
    }

    func run() throws {
        let context = CommandContext(options)
        try context.run {
            if let type, EventCatalogue.type(named: type) == nil {
                throw InputError.usage("--type: unknown event type \"\(type)\"; expected one of \(EventCatalogue.typeNames.joined(separator: ", "))")
            }
            let log = try context.openLog()
            var rows: [[String]] = []
            try log.read(from: from, through: through, stream: stream.map(StreamName.init(unchecked:)), type: type, limit: limit) { stored in
                let event = stored.event
                if context.json {
                    context.terminal.out(Log.jsonLine(stored))
                } else {
                    rows.append([String(event.position), event.recordedAt.iso8601, event.envelope.type, event.envelope.stream.rawValue, event.envelope.author])
                }
            }
            if !context.json {
                context.terminal.out(Table.render(header: ["POS", "RECORDED_AT", "TYPE", "STREAM", "AUTHOR"], rows: rows))
            }
        }
    }

    static func jsonLine(_ stored: StoredEvent) -> String {
        let event = stored.event
        var output: [UInt8] = []
        var builder = JSONObjectBuilder()
        builder.add("position", event.position)
        builder.add("id", event.envelope.id.rawValue)
        builder.add("type", event.envelope.type)
        builder.add("schema_version", event.envelope.schemaVersion)
        builder.add("stream", event.envelope.stream.rawValue)
        builder.add("stream_version", event.streamVersion)
        builder.add("occurred_at", event.envelope.occurredAt)
        builder.add("recorded_at", event.recordedAt)
        builder.add("author", event.envelope.author)
        builder.add("signature", event.signature.map { JSONOutput.base64($0) })
        JSONWriter.write(builder.value, into: &output)
        // Splice in the exact data bytes rather than re-encoding them.
        output.removeLast()
        output.append(contentsOf: #","data":"#.utf8)
        output.append(contentsOf: event.envelope.data)
        output.append(contentsOf: #","leaf_hash":"#.utf8)
        JSONWriter.writeString(JSONOutput.hex(stored.leafHash), into: &output)
        output.append(contentsOf: #","leaf":"#.utf8)
        JSONWriter.writeString(JSONOutput.base64(stored.leaf), into: &output)
        output.append(UInt8(ascii: "}"))
        return String(decoding: output, as: UTF8.self)
    }
}
