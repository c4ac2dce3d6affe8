// One test per invariant of DESIGN §3, each named after it, run against a real ledger file.
import Crypto
import Events
import Foundation
import Ledger
import SQLite
import Testing

@Suite("The seven invariants of the log (DESIGN §3)")
struct InvariantTests {
    // MARK: 1

    @Test("invariant 1: append-only — UPDATE and DELETE on events are refused by triggers")
    func appendOnly() throws {
        try withTemporaryDirectory { directory in
            let fixture = try LedgerFixture(in: directory)
            try fixture.append(try fixture.post("1"), try fixture.claim("c-1", post: "1", by: fixture.checker))
            let before = try fixture.log.head()
            let raw = try fixture.rawConnection()
            let authorsBefore = try authors(raw)

            let update = try #require(throws: SQLiteError.self) { try raw.execute("UPDATE events SET author = 'x'") }
            #expect(update.isConstraint)
            #expect(update.message.contains("append-only"))
            let delete = try #require(throws: SQLiteError.self) { try raw.execute("DELETE FROM events") }
            #expect(delete.isConstraint)
            #expect(delete.message.contains("append-only"))
            let deleteOne = try #require(throws: SQLiteError.self) { try raw.execute("DELETE FROM events WHERE position = 8") }
            #expect(deleteOne.isConstraint)

            #expect(try authors(raw) == authorsBefore)
            #expect(try fixture.log.head() == before)
            #expect(try LedgerVerifier.verify(fixture.log).isIntact)
        }
    }

    private func authors(_ connection: Connection) throws -> [String] {
        let statement = try connection.prepare("SELECT author FROM events ORDER BY position")
        var found: [String] = []
        while try statement.step() { found.append(statement.text(0) ?? "") }
        return found
    }

    // MARK: 2

    @Test("invariant 2: gap-free global position — a failed batch leaves no hole, and a skipped position is refused")
    func gapFreeGlobalPosition() throws {
        try withTemporaryDirectory { directory in
            let fixture = try LedgerFixture(in: directory)
            let sizeBefore = try fixture.size()
            let rootBefore = try fixture.log.head().root

            // The third event names a claim that does not exist: the whole batch rolls back.
            let failing = try #require(throws: LedgerError.self) {
                try fixture.append(
                    try fixture.post("1"), try fixture.claim("c-1", post: "1", by: fixture.checker),
                    try fixture.verdict("v-1", claim: "c-nowhere", by: fixture.checker))
            }
            guard case .missingReference(let index, let type, _) = failing else {
                Issue.record("expected missingReference, got \(failing)")
                return
            }
            #expect(index == 2)
            #expect(type == "VerdictRecorded")
            #expect(try fixture.size() == sizeBefore)
            #expect(try fixture.log.head().root == rootBefore)
            #expect(try fixture.log.streamVersion(.post(PlatformReference(platform: "twitter", identifier: "1"))) == 0)

            // A verdict on a scale the ledger never defined fails the same way.
            let otherScale = try #require(throws: LedgerError.self) {
                try fixture.append(
                    try fixture.post("1"), try fixture.claim("c-1", post: "1", by: fixture.checker),
                    try fixture.verdict("v-2", claim: "c-1", scale: "other/1", by: fixture.checker))
            }
            #expect(otherScale.batchIndex == 2)
            #expect(try fixture.size() == sizeBefore)

            // The next append takes the very next position.
            let report = try fixture.append(try fixture.post("1"), try fixture.post("2"))
            #expect(report.outcomes == [.appended(position: sizeBefore + 1), .appended(position: sizeBefore + 2)])

            var positions: [Int64] = []
            try fixture.log.read { positions.append($0.event.position) }
            #expect(positions == Array(1...(sizeBefore + 2)))

            // The trigger refuses a row that skips a position, even from a raw connection.
            let raw = try fixture.rawConnection()
            let insert = """
                INSERT INTO events (position, id, type, schema_version, stream, stream_version, occurred_at, recorded_at, author, data, leaf_check)
                VALUES (?, 'raw-id', 'PostObserved', 2, 'post:twitter:raw', 1, 0, 0, 'import:test', x'7b7d', x'0000000000000000')
                """
            let skipped = try #require(throws: SQLiteError.self) { try raw.prepare(insert).run([.integer(sizeBefore + 4)]) }
            #expect(skipped.isConstraint)
            #expect(skipped.message.contains("gap-free"))
            // The same row at the next position passes the trigger: it was the gap it refused.
            try raw.execute("BEGIN")
            try raw.prepare(insert).run([.integer(sizeBefore + 3)])
            try raw.execute("ROLLBACK")
            #expect(try fixture.size() == sizeBefore + 2)
            #expect(try LedgerVerifier.verify(fixture.log).isIntact)
        }
    }

    // MARK: 3

    @Test("invariant 3: optimistic concurrency — a stale expected stream version is refused, naming the stream and both versions")
    func optimisticConcurrency() throws {
        try withTemporaryDirectory { directory in
            let fixture = try LedgerFixture(in: directory)
            let stream = StreamName.claim("c-1")
            let first = try fixture.append(try fixture.claim("c-1", by: fixture.checker, expectedStreamVersion: 0))
            #expect(first.appendedCount == 1)
            #expect(try fixture.log.streamVersion(stream) == 1)
            let size = try fixture.size()

            let stale = try #require(throws: LedgerError.self) {
                try fixture.append(try fixture.verdict("v-1", claim: "c-1", by: fixture.checker, expectedStreamVersion: 0))
            }
            guard case .versionMismatch(let named, let expected, let actual) = stale else {
                Issue.record("expected versionMismatch, got \(stale)")
                return
            }
            #expect(named == stream)
            #expect(expected == 0)
            #expect(actual == 1)
            #expect(stale.description.contains("claim:c-1"))
            #expect(stale.description.contains("expected version 0"))
            #expect(stale.description.contains("found 1"))
            #expect(try fixture.size() == size)

            // Too new is as wrong as too old.
            #expect(throws: LedgerError.self) {
                try fixture.append(try fixture.verdict("v-1", claim: "c-1", by: fixture.checker, expectedStreamVersion: 2))
            }

            let matching = try fixture.append(try fixture.verdict("v-1", claim: "c-1", by: fixture.checker, expectedStreamVersion: 1))
            #expect(matching.outcomes == [.appended(position: size + 1)])
            #expect(try fixture.log.streamVersion(stream) == 2)
            #expect(try fixture.log.event(at: size + 1)?.event.streamVersion == 2)
        }
    }

    // MARK: 4

    @Test("invariant 4: exact idempotency — the same event again writes nothing; the same id with other content is a conflict")
    func exactIdempotency() throws {
        try withTemporaryDirectory { directory in
            let fixture = try LedgerFixture(in: directory)
            let post = try fixture.post("500", text: "the original text")
            let first = try fixture.append(post)
            let position = try #require(first.outcomes.first?.position)
            let head = try fixture.log.head()
            let raw = try fixture.rawConnection()
            let headsBefore = try raw.scalarInt("SELECT COUNT(*) FROM heads")
            let walBefore = try fileSize(fixture.path + "-wal")

            let again = try fixture.append(post)
            #expect(again.outcomes == [.alreadyPresent(position: position)])
            #expect(again.appendedCount == 0)
            #expect(again.alreadyPresentCount == 1)
            #expect(try fixture.log.head() == head)
            #expect(try raw.scalarInt("SELECT COUNT(*) FROM heads") == headsBefore)
            #expect(try fileSize(fixture.path + "-wal") == walBefore)

            // Rebuilt from scratch (a new envelope, a later `now`), the same observation has the
            // same derived id and content, so it is the same event.
            let rebuilt = try fixture.post("500", text: "the original text")
            #expect(rebuilt.envelope.id == post.envelope.id)
            #expect(try fixture.append(rebuilt).outcomes == [.alreadyPresent(position: position)])

            // Twice in one batch: the second is the first.
            let twice = try fixture.append(try fixture.post("501"), try fixture.post("501"))
            #expect(twice.outcomes == [.appended(position: position + 1), .alreadyPresent(position: position + 1)])

            // Same id, different content.
            let changed = try fixture.post("500", text: "a rewritten text")
            #expect(changed.envelope.id == post.envelope.id)
            let conflict = try #require(throws: LedgerError.self) { try fixture.append(changed) }
            guard case .idConflict(let id, let existing) = conflict else {
                Issue.record("expected idConflict, got \(conflict)")
                return
            }
            #expect(id == post.envelope.id)
            #expect(existing == position)
            #expect(try fixture.size() == position + 1)

            // Re-importing the same interchange lines (the importer derives the same ids) appends nothing.
            let lines = [
                #"{"type":"OutletRegistered","data":{"domain":"globaltimes.cn","name":"Global Times","affiliation":"state_controlled"}}"#,
                #"{"type":"PostObserved","data":{"post":"twitter:9","account":"twitter:zlj517","url":"https://twitter.com/zlj517/status/9","posted_at":"2020-03-12T14:03:00Z","kind":"original","text":"nine"}}"#,
            ]
            func importLines(now: Timestamp) throws -> AppendReport {
                let events = try lines.map { text in
                    let line = try InterchangeLine(bytes: Array(text.utf8))
                    return PendingEvent(envelope: line.envelope(author: "import:jsonl", now: now), payload: line.payload, signature: nil)
                }
                return try fixture.log.append(events)
            }
            #expect(try importLines(now: LedgerFixture.start).appendedCount == 2)
            let size = try fixture.size()
            let reimport = try importLines(now: LedgerFixture.start.adding(milliseconds: 86_400_000))
            #expect(reimport.appendedCount == 0)
            #expect(reimport.alreadyPresentCount == 2)
            #expect(try fixture.size() == size)
        }
    }

    private func fileSize(_ path: String) throws -> Int64 {
        guard FileManager.default.fileExists(atPath: path) else { return -1 }
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        return (attributes[.size] as? NSNumber)?.int64Value ?? -1
    }

    // MARK: 5

    @Test("invariant 5: bitemporal — recorded_at never decreases, even when the clock goes backwards, and a date cut is a prefix")
    func bitemporal() throws {
        try withTemporaryDirectory { directory in
            let fixture = try LedgerFixture(in: directory, clock: SteppingClock(stepMilliseconds: 1000))
            try fixture.append(try fixture.post("1"), try fixture.post("2"))
            // The clock jumps back a day and keeps going backwards.
            try fixture.reopen(clock: SteppingClock(start: LedgerFixture.start.adding(milliseconds: -86_400_000), stepMilliseconds: -60_000))
            try fixture.append(try fixture.post("3"))
            try fixture.append(try fixture.post("4"), try fixture.post("5"))
            // Then it is ahead again.
            try fixture.reopen(clock: SteppingClock(start: LedgerFixture.start.adding(milliseconds: 3_600_000), stepMilliseconds: 1000))
            try fixture.append(try fixture.post("6"))
            let given = Timestamp(millisecondsSinceEpoch: 1_262_304_000_123)  // 2010-01-01T00:00:00.123Z
            try fixture.append(try fixture.post("7", occurredAt: given))

            var recorded: [Timestamp] = []
            var occurred: [String: Timestamp] = [:]
            try fixture.log.read { stored in
                recorded.append(stored.event.recordedAt)
                if let post = stored.event.payload as? PostObserved { occurred[post.post.identifier] = stored.event.envelope.occurredAt }
            }
            #expect(recorded.count == Int(try fixture.size()))
            for index in recorded.indices.dropFirst() {
                #expect(recorded[index] >= recorded[index - 1], "recorded_at decreased at position \(index + 1)")
            }
            // While the clock was behind, the ledger held its time rather than going back.
            let lastBeforeJump = recorded[recorded.count - 6]
            #expect(recorded[recorded.count - 5] == lastBeforeJump)
            #expect(recorded[recorded.count - 3] == lastBeforeJump)
            #expect(recorded[recorded.count - 2] > lastBeforeJump)

            // The column holds what the leaf says.
            let raw = try fixture.rawConnection()
            let statement = try raw.prepare("SELECT recorded_at, occurred_at FROM events ORDER BY position")
            var columns: [Int64] = []
            while try statement.step() { columns.append(statement.int64(0)) }
            #expect(columns == recorded.map(\.millisecondsSinceEpoch))

            // "As known at T" is a prefix: every position up to the answer is at or before T, the next is after.
            var cuts = Set(recorded.map(\.millisecondsSinceEpoch))
            for time in Array(cuts) { cuts.insert(time - 1) }
            for cut in cuts.sorted() {
                let time = Timestamp(millisecondsSinceEpoch: cut)
                let position = try fixture.log.position(recordedAtOrBefore: time)
                #expect(recorded.prefix(Int(position)).allSatisfy { $0 <= time }, "cut \(time)")
                if Int(position) < recorded.count { #expect(recorded[Int(position)] > time, "cut \(time)") }
            }
            #expect(try fixture.log.position(recordedAtOrBefore: Timestamp(millisecondsSinceEpoch: 0)) == 0)

            // occurred_at is kept as given: the post's own time by default, the given time when given.
            #expect(occurred["1"] == Timestamp(millisecondsSinceEpoch: 1_584_021_780_000))
            #expect(occurred["7"] == given)
            let givenColumn = try raw.scalarInt("SELECT occurred_at FROM events WHERE stream = 'post:twitter:7'")
            #expect(givenColumn == given.millisecondsSinceEpoch)
            #expect(try LedgerVerifier.verify(fixture.log).isIntact)
        }
    }

    // MARK: 6

    @Test("invariant 6: exact bytes — the leaf is the documented layout around the author's bytes, hashed as stored")
    func exactBytes() throws {
        try withTemporaryDirectory { directory in
            let fixture = try LedgerFixture(in: directory)
            // Odd spacing, escapes and non-ASCII text in `data`, exactly as a file might hold them.
            let data = #"{ "post" :"twitter:42",  "account":"twitter:zlj517","url":"https://twitter.com/zlj517/status/42","posted_at":"2020-03-12T22:03:00+08:00","kind":"original","text":"caf\u00e9 — 新冠病毒 \ud83e\udda0 é\t\"quoted\"" ,"hashtags":[ ] }"#
            let lineText = #"{"type":"PostObserved",  "data":"# + data + "}"
            let line = try InterchangeLine(bytes: Array(lineText.utf8))
            #expect(line.data == Array(data.utf8))
            let envelope = line.envelope(author: "import:test", now: LedgerFixture.start)
            let report = try fixture.log.append([PendingEvent(envelope: envelope, payload: line.payload, signature: nil)])
            let position = try #require(report.outcomes.first?.position)

            let signedEvent = try fixture.claim("c-42", post: "42", by: fixture.checker)
            let signedPosition = try #require(try fixture.append(signedEvent).outcomes.first?.position)

            let raw = try fixture.rawConnection()
            for (pending, at) in [(PendingEvent(envelope: envelope, payload: line.payload, signature: nil), position), (signedEvent, signedPosition)] {
                let stored = try #require(try fixture.log.event(at: at))
                let leaf = try LedgerFixture.leaf(at: at, in: raw)
                let expected = Leaf(
                    position: at, recordedAt: stored.event.recordedAt, streamVersion: stored.event.streamVersion,
                    signature: pending.signature, body: pending.envelope.bodyBytes).bytes
                #expect(leaf == expected)
                #expect(stored.leaf == leaf)

                // The documented layout, spelled out.
                var layout = Array("factledger-leaf/1\n\(at)\n\(stored.event.recordedAt.iso8601)\n\(stored.event.streamVersion)\n".utf8)
                layout += Array((pending.signature.map { Data($0).base64EncodedString() } ?? "").utf8) + [0x0A]
                layout += pending.envelope.bodyBytes
                #expect(leaf == layout)

                #expect(stored.leafHash == independentLeafHash(leaf))
                // The author's data bytes are stored verbatim, not re-encoded.
                let storedData = try #require(try raw.prepare("SELECT data FROM events WHERE position = ?").withRow(.integer(at)) { $0.blob(0) })
                #expect(storedData == pending.envelope.data)
            }

            // The data bytes inside the stored body are the line's bytes, not a re-encoding.
            let leaf = try LedgerFixture.leaf(at: position, in: raw)
            let parsed = try Leaf(bytes: leaf)
            let body = try EventEnvelope(bodyBytes: parsed.body)
            #expect(body.data == Array(data.utf8))
            #expect(Array(parsed.body.suffix(data.utf8.count + 1)) == Array(data.utf8) + [UInt8(ascii: "}")])
            #expect(firstIndex(of: Array("caf\\u00e9 — 新冠病毒 \\ud83e\\udda0".utf8), in: leaf) != nil)
            #expect(body.occurredAt == Timestamp(millisecondsSinceEpoch: 1_584_021_780_000))

            // The signature in the leaf is the checker's, over the signing input of the body.
            let signed = try Leaf(bytes: try LedgerFixture.leaf(at: signedPosition, in: raw))
            let signature = try #require(signed.signature)
            #expect(fixture.checker.key.publicKey.isValidSignature(signature, for: Leaf.signingInput(body: signed.body)))
            #expect(try LedgerVerifier.verify(fixture.log).isIntact)

            // Every column is part of the leaf: verify notices when any one changes.
            let changes = [
                ("stream", "'post:twitter:43'"), ("occurred_at", "occurred_at + 1"), ("type", "'ClaimFlagged'"), ("author", "'import:other'"),
                ("schema_version", "1"), ("stream_version", "stream_version + 1"), ("correlation_id", "'c'"), ("signature", "zeroblob(64)"),
            ]
            for (column, value) in changes {
                let copy = try fixture.copy(named: "column-\(column).db")
                try LedgerFixture.tamper(copy) { connection in
                    try connection.execute("UPDATE events SET \(column) = \(value) WHERE position = \(position)")
                }
                let report = try LedgerVerifier.verify(try EventLog.open(path: copy))
                #expect(!report.isIntact, "changed \(column)")
                #expect(report.firstBadPosition == position, "changed \(column): \(report.problems.prefix(3))")
            }
        }
    }

    // MARK: 7

    @Test("invariant 7: judgments are signed by their author — unsigned, forged, unregistered, revoked and self-reviewed judgments are refused")
    func judgmentsAreSignedByTheirAuthor() throws {
        try withTemporaryDirectory { directory in
            let fixture = try LedgerFixture(in: directory)
            try fixture.append(try fixture.post("1"), try fixture.claim("c-1", post: "1", by: fixture.checker))
            let size = try fixture.size()

            func expectUnauthorized(_ event: PendingEvent, _ reasonPart: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
                let error = try #require(throws: LedgerError.self, sourceLocation: sourceLocation) { try fixture.log.append([event]) }
                guard case .unauthorized(_, _, let author, let reason) = error else {
                    Issue.record("expected unauthorized, got \(error)", sourceLocation: sourceLocation)
                    return
                }
                #expect(author == event.envelope.author, sourceLocation: sourceLocation)
                #expect(reason.contains(reasonPart), "\(reason)", sourceLocation: sourceLocation)
                #expect(try fixture.size() == size, sourceLocation: sourceLocation)
            }

            let verdict = try VerdictRecorded(verdict: "v-1", claim: "c-1", label: "false", rationale: "No.")
            let envelope = EventEnvelope.make(payload: verdict, id: .timeOrdered, author: LedgerFixture.checkerHandle, now: LedgerFixture.start)

            // Unsigned.
            try expectUnauthorized(PendingEvent(envelope: envelope, payload: verdict, signature: nil), "not signed")
            // Signed with a key that is not the author's.
            let stranger = Curve25519.Signing.PrivateKey()
            try expectUnauthorized(
                PendingEvent(envelope: envelope, payload: verdict, signature: try EventSigner.signature(for: envelope, key: stranger)),
                "does not match")
            // A valid signature, but over other bytes.
            let otherEnvelope = EventEnvelope.make(payload: verdict, id: .timeOrdered, author: LedgerFixture.checkerHandle, now: LedgerFixture.start.adding(milliseconds: 5))
            try expectUnauthorized(
                PendingEvent(envelope: envelope, payload: verdict, signature: try EventSigner.signature(for: otherEnvelope, key: fixture.checker.key)),
                "does not match")
            // By a handle nobody registered.
            try expectUnauthorized(try ReviewerSigner(handle: "mallory", key: stranger).pendingEvent(verdict, now: LedgerFixture.start), "not a registered reviewer")
            // As an import, which may not carry judgments.
            try expectUnauthorized(fixture.unsigned(verdict, id: .timeOrdered), "must be signed by a registered reviewer")
            // By the ledger key, which signs settings, not judgments.
            let ledgerEnvelope = EventEnvelope.make(payload: verdict, id: .timeOrdered, author: "ledger", now: LedgerFixture.start)
            try expectUnauthorized(
                PendingEvent(envelope: ledgerEnvelope, payload: verdict, signature: try EventSigner.signature(for: ledgerEnvelope, key: try fixture.ledgerKey())),
                "not by the ledger key")
            // A registration signed by a checker, not an admin.
            let eveKey = Curve25519.Signing.PrivateKey()
            let eve = try ReviewerRegistered(handle: "eve", name: "Eve", role: .admin, publicKey: Array(eveKey.publicKey.rawRepresentation))
            try expectUnauthorized(try fixture.signed(eve, by: fixture.checker), "only an admin")

            // The checker's own verdict is accepted; the checker may not review it, the admin may.
            try fixture.append(try fixture.verdict("v-1", claim: "c-1", by: fixture.checker))
            let selfReview = try #require(throws: LedgerError.self) { try fixture.append(try fixture.review("v-1", by: fixture.checker)) }
            guard case .ruleViolation(_, let type, let reason) = selfReview else {
                Issue.record("expected ruleViolation, got \(selfReview)")
                return
            }
            #expect(type == "VerdictReviewed")
            #expect(reason.contains("cannot review"))
            try fixture.append(try fixture.review("v-1", by: fixture.admin))

            // After revocation the checker's key signs nothing; what it signed before still verifies.
            try fixture.append(try fixture.signed(try ReviewerRevoked(handle: LedgerFixture.checkerHandle, reason: "left the desk"), by: fixture.admin))
            let revokedSize = try fixture.size()
            let afterRevocation = try #require(throws: LedgerError.self) {
                try fixture.append(try fixture.claim("c-2", by: fixture.checker))
            }
            guard case .unauthorized(_, _, let author, let revokedReason) = afterRevocation else {
                Issue.record("expected unauthorized, got \(afterRevocation)")
                return
            }
            #expect(author == LedgerFixture.checkerHandle)
            #expect(revokedReason.contains("revoked"))
            #expect(try fixture.size() == revokedSize)

            let report = try LedgerVerifier.verify(fixture.log)
            #expect(report.isIntact, "\(report.problems)")
            #expect(report.signaturesChecked >= 9)

            // The rule survives a reopen, which rebuilds the registry from the file.
            try fixture.reopen()
            #expect(throws: LedgerError.self) { try fixture.append(try fixture.verdict("v-2", claim: "c-1", by: fixture.checker)) }
        }
    }
}

extension Statement {
    /// Binds `value`, steps once and reads the row with `read`, or nil when there is none.
    func withRow<Value>(_ value: SQLValue, _ read: (Statement) -> Value?) throws -> Value? {
        try bind(value, at: 1)
        guard try step() else { return nil }
        return read(self)
    }
}
