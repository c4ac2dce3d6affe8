// `export jsonl`: interchange lines (DESIGN §4) with the exact data bytes and the Merkle leaf,
// which replay into a fresh ledger as the same events.
import Crypto
import Events
import Foundation
import Ledger
import SnapshotTesting
import Testing
@testable import Publishing

@Suite("JSONL export")
struct JSONLExportTests {
    @Test("the portable export is pinned by a golden file")
    func golden() throws {
        try withPublishingDirectory { directory in
            let fixture = try PublishingFixture(in: directory)
            let path = directory.appendingPathComponent("events.jsonl").path
            let written = try JSONLExport.export(log: fixture.log, through: fixture.contentSize, to: path)
            let text = try String(contentsOfFile: path, encoding: .utf8)
            #expect(written.sha256 == PublishedFile.sha256Hex(Array(text.utf8)))
            assertSnapshot(of: text, as: .lines)
        }
    }

    @Test("each line carries the exact data bytes, the leaf and its hash")
    func leaves() throws {
        try withPublishingDirectory { directory in
            let fixture = try PublishingFixture(in: directory)
            try fixture.log.read(from: 1, through: fixture.contentSize) { stored in
                let line = JSONLExport.line(stored)
                let object = try #require(try JSONSerialization.jsonObject(with: Data(line)) as? [String: Any])
                #expect(object["position"] as? Int == Int(stored.event.position))
                #expect(object["leaf_hash"] as? String == stored.leafHash.map { String(format: "%02x", $0) }.joined())
                let leaf = try #require((object["leaf"] as? String).flatMap { Data(base64Encoded: $0) })
                #expect(Array(leaf) == stored.leaf)
                #expect(MerkleHash.leaf(Array(leaf)) == stored.leafHash)
                let data = #","data":"#.utf8 + stored.event.envelope.data + #","position":"#.utf8
                #expect(contains(line, Array(data)), "the data bytes of position \(stored.event.position) were re-encoded")
            }
        }
    }

    @Test("the portable selection leaves out the genesis, reviewer keys and export records")
    func portableSelection() throws {
        try withPublishingDirectory { directory in
            let fixture = try PublishingFixture(in: directory)
            var kept: [String] = []
            var left: [String] = []
            try fixture.log.read(from: 1, through: fixture.contentSize) { stored in
                if JSONLExport.isPortable(stored.event) { kept.append(stored.event.envelope.type) } else { left.append(stored.event.envelope.type) }
            }
            #expect(Set(left) == ["LedgerCreated", "RatingScaleDefined", "MethodologyAdopted", "ReviewPolicySet", "ReviewerRegistered", "ExportGenerated"])
            #expect(kept.contains("PostObserved") && kept.contains("VerdictRevised") && kept.contains("EntryRetracted"))
        }
    }

    @Test("an export read back line by line, as import does, gives a fresh ledger the same events")
    func replayIntoFreshLedger() throws {
        try withPublishingDirectory { directory in
            let fixture = try PublishingFixture(in: directory.appendingPathComponent("source"), secondReview: false)
            let path = directory.appendingPathComponent("events.jsonl").path
            _ = try JSONLExport.export(log: fixture.log, through: fixture.contentSize, content: .interchangeOnly, to: path)
            let fresh = try PublishingFixture.freshLedger(in: directory.appendingPathComponent("fresh"))
            let text = try String(contentsOfFile: path, encoding: .utf8)
            let now = Timestamp(rfc3339: "2021-01-01T00:00:00Z") ?? Timestamp(millisecondsSinceEpoch: 0)
            let events = try text.split(separator: "\n").map { raw -> PendingEvent in
                let line = try InterchangeLine(bytes: Array(raw.utf8))
                guard line.requiresSignature else {
                    return PendingEvent(envelope: line.envelope(author: "import:jsonl", now: now), payload: line.payload, signature: nil)
                }
                return try PendingEvent.signed(envelope: line.envelope(author: fixture.alice.handle, now: now), payload: line.payload, key: fixture.alice.key)
            }
            let report = try fresh.append(events)
            #expect(report.appendedCount == events.count)

            var exported: [String: EventEnvelope] = [:]
            try fixture.log.read(from: 1, through: fixture.contentSize) { stored in
                if JSONLExport.isPortable(stored.event) { exported[stored.event.envelope.id.rawValue] = stored.event.envelope }
            }
            var replayed = 0
            try fresh.read(from: 1, through: nil) { stored in
                guard let original = exported[stored.event.envelope.id.rawValue] else { return }
                let copy = stored.event.envelope
                #expect(copy.type == original.type && copy.data == original.data && copy.stream == original.stream)
                #expect(copy.occurredAt == original.occurredAt && copy.schemaVersion == original.schemaVersion)
                replayed += 1
            }
            #expect(replayed == exported.count)
        }
    }

    private func contains(_ haystack: [UInt8], _ needle: [UInt8]) -> Bool {
        guard needle.count <= haystack.count else { return false }
        return (0...(haystack.count - needle.count)).contains { start in haystack[start..<(start + needle.count)].elementsEqual(needle) }
    }
}
