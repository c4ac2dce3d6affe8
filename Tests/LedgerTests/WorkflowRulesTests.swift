import Events
import Foundation
@testable import Ledger
import Testing

/// The review rules of issue 3, enforced by the Ledger whatever the client.
@Suite("Workflow rules")
struct WorkflowRulesTests {
    /// A ledger with a post, a claim on it and a verdict by the checker.
    private func ledgerWithVerdict(_ directory: URL) throws -> LedgerFixture {
        let fixture = try LedgerFixture(in: directory)
        try fixture.append(try fixture.post("100"))
        try fixture.append(try fixture.claim("c-1", post: "100", by: fixture.checker))
        try fixture.append(try fixture.verdict("v-1", claim: "c-1", by: fixture.checker))
        return fixture
    }

    @Test("references must exist: a verdict on an unknown claim, a flag on an unobserved post, an attribution to an unregistered outlet")
    func referencesMustExist() throws {
        try withTemporaryDirectory { directory in
            let fixture = try ledgerWithVerdict(directory)
            let before = try fixture.size()
            let unknownClaim = try #require(throws: LedgerError.self) { try fixture.append(try fixture.verdict("v-9", claim: "c-404", by: fixture.checker)) }
            #expect(unknownClaim.description.contains("claim c-404"))
            #expect(unknownClaim.kind == .badData)
            let unobserved = try #require(throws: LedgerError.self) { try fixture.append(try fixture.claim("c-2", post: "999", by: fixture.checker)) }
            #expect(unobserved.description.contains("post twitter:999"))
            let attribution = try SourceAttributed(outlet: "rt.com", claim: "c-1", via: .link, confidence: .confirmed)
            let unregistered = try #require(throws: LedgerError.self) { try fixture.append(try fixture.signed(attribution, by: fixture.checker)) }
            #expect(unregistered.description.contains("rt.com"))
            #expect(try fixture.size() == before)
        }
    }

    @Test("a label outside the scale is refused and the error lists the valid labels")
    func labelMustBeOnTheScale() throws {
        try withTemporaryDirectory { directory in
            let fixture = try ledgerWithVerdict(directory)
            let revision = try VerdictRevised(claim: "c-1", supersedes: "v-1", verdict: "v-2", label: "mostly-false", correctionClass: .ratingChange, reason: "new data")
            try fixture.append(try fixture.signed(revision, by: fixture.checker))
            let defined = try RatingScale(id: "other/1", name: "Other", labels: [RatingLabel(label: "bogus", value: 1, weight: 1)])
            try fixture.append(try fixture.signed(defined.definition, by: fixture.admin))
            let wrong = try #require(throws: LedgerError.self) {
                try fixture.append(try fixture.verdict("v-3", claim: "c-1", label: "false", scale: "other/1", by: fixture.checker))
            }
            #expect(wrong.description.contains("expected one of bogus"))
        }
    }

    @Test("two people, two keys: the verdict's author cannot review it, another reviewer can")
    func reviewByAnotherReviewer() throws {
        try withTemporaryDirectory { directory in
            let fixture = try ledgerWithVerdict(directory)
            let own = try #require(throws: LedgerError.self) { try fixture.append(try fixture.review("v-1", by: fixture.checker)) }
            #expect(own.description.contains("cannot review it"))
            let report = try fixture.append(try fixture.review("v-1", by: fixture.admin))
            #expect(report.appendedCount == 1)
        }
    }

    @Test("optimistic concurrency: of two verdicts read at the same claim version, the second is refused and names both versions")
    func concurrentVerdicts() throws {
        try withTemporaryDirectory { directory in
            let fixture = try LedgerFixture(in: directory)
            try fixture.append(try fixture.post("100"))
            try fixture.append(try fixture.claim("c-1", post: "100", by: fixture.checker))
            let seen = try fixture.log.streamVersion(.claim("c-1"))
            try fixture.append(try fixture.verdict("v-1", claim: "c-1", by: fixture.checker, expectedStreamVersion: seen))
            let error = try #require(throws: LedgerError.self) {
                try fixture.append(try fixture.verdict("v-2", claim: "c-1", label: "true", by: fixture.admin, expectedStreamVersion: seen))
            }
            #expect(error.description == "claim:c-1 changed since you looked (expected version \(seen), found \(seen + 1)); reload and try again")
            #expect(try fixture.log.namedPosition("verdict:v-2") == nil)
        }
    }

    @Test("a published verdict is revised only with a public note, and each verdict is superseded and published once")
    func revisionRules() throws {
        try withTemporaryDirectory { directory in
            let fixture = try ledgerWithVerdict(directory)
            try fixture.append(try fixture.signed(try VerdictPublished(verdict: "v-1", url: "https://desk.example/1"), by: fixture.admin))
            let twice = try #require(throws: LedgerError.self) {
                try fixture.append(try fixture.signed(try VerdictPublished(verdict: "v-1", url: "https://desk.example/2"), by: fixture.admin))
            }
            #expect(twice.description.contains("already published"))
            let silent = try VerdictRevised(claim: "c-1", supersedes: "v-1", verdict: "v-2", label: "misleading", correctionClass: .ratingChange, reason: "new data")
            let noNote = try #require(throws: LedgerError.self) { try fixture.append(try fixture.signed(silent, by: fixture.checker)) }
            #expect(noNote.description.contains("public note"))
            let noted = try VerdictRevised(claim: "c-1", supersedes: "v-1", verdict: "v-2", label: "misleading", correctionClass: .ratingChange, reason: "new data", publicNote: "We changed our rating.")
            try fixture.append(try fixture.signed(noted, by: fixture.checker))
            let again = try VerdictRevised(claim: "c-1", supersedes: "v-1", verdict: "v-3", label: "true", correctionClass: .ratingChange, reason: "again", publicNote: "x")
            let superseded = try #require(throws: LedgerError.self) { try fixture.append(try fixture.signed(again, by: fixture.checker)) }
            #expect(superseded.description.contains("already superseded"))

            let workflow = Workflow(log: fixture.log, signer: fixture.checker)
            let current = try #require(try workflow.currentVerdict(of: "c-1"))
            #expect(current.verdict == "v-2")
            #expect(current.label == "misleading")
            #expect(current.isPublished == false)
        }
    }

    @Test("an entry is retracted once, and settings and people cannot be retracted")
    func retractionRules() throws {
        try withTemporaryDirectory { directory in
            let fixture = try ledgerWithVerdict(directory)
            let verdictPosition = try #require(try fixture.log.namedPosition("verdict:v-1"))
            let verdictID = try #require(try fixture.log.event(at: verdictPosition)).event.envelope.id
            try fixture.append(try fixture.signed(try EntryRetracted(event: verdictID, reason: "wrong claim"), by: fixture.checker))
            let twice = try #require(throws: LedgerError.self) {
                try fixture.append(try fixture.signed(try EntryRetracted(event: verdictID, reason: "again"), by: fixture.checker))
            }
            #expect(twice.description.contains("already retracted"))
            let adminRegistration = try #require(try fixture.log.event(at: 5)).event.envelope.id
            let people = try #require(throws: LedgerError.self) {
                try fixture.append(try fixture.signed(try EntryRetracted(event: adminRegistration, reason: "no"), by: fixture.admin))
            }
            #expect(people.description.contains("cannot be retracted"))
            #expect(try Workflow(log: fixture.log, signer: fixture.checker).currentVerdict(of: "c-1") == nil)
        }
    }

    @Test("the audit trail of a claim lists every step in order with each signature checked and the label changes")
    func auditTrailOfAClaim() throws {
        try withTemporaryDirectory { directory in
            let fixture = try ledgerWithVerdict(directory)
            try fixture.append(try fixture.outlet("rt.com"))
            try fixture.append(try fixture.signed(try SourceAttributed(outlet: "rt.com", claim: "c-1", via: .link, confidence: .probable), by: fixture.checker))
            try fixture.append(try fixture.review("v-1", by: fixture.admin))
            try fixture.append(try fixture.signed(try VerdictPublished(verdict: "v-1", url: "https://desk.example/1"), by: fixture.admin))
            let revision = try VerdictRevised(claim: "c-1", supersedes: "v-1", verdict: "v-2", label: "mostly-false", correctionClass: .ratingChange, reason: "new data", publicNote: "Changed.")
            try fixture.append(try fixture.signed(revision, by: fixture.checker))
            try fixture.append(try fixture.signed(try ReviewerRevoked(handle: LedgerFixture.checkerHandle, reason: "left"), by: fixture.admin))

            let trail = try AuditTrail.claim("c-1", in: fixture.log)
            #expect(trail.map(\.type) == ["ClaimFlagged", "VerdictRecorded", "SourceAttributed", "VerdictReviewed", "VerdictPublished", "VerdictRevised"])
            #expect(trail.allSatisfy { $0.signature == .valid }, "signatures made before the revocation stay valid")
            #expect(trail.map(\.position) == trail.map(\.position).sorted())
            let changes = trail.compactMap(\.labelChange)
            #expect(changes.count == 2)
            #expect(changes.first?.from == nil && changes.first?.to == "false")
            #expect(changes.last?.from == "false" && changes.last?.to == "mostly-false")
            #expect(LedgerVerifier.isIntactAfterVerify(fixture.log))
        }
    }
}

extension LedgerVerifier {
    /// Whether `verify` finds the ledger intact.
    static func isIntactAfterVerify(_ log: EventLog) -> Bool {
        (try? verify(log).isIntact) ?? false
    }
}
