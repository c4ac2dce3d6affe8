// The daily work at the terminal (issue 3): one signed event per command, with the lookups a
// command needs (new ids, the claim's current verdict, candidate outlets). The CLI stays thin.
import Events
import Foundation

/// What one workflow command appended.
public struct Recorded: Sendable {
    /// The events written (or found already present), in order.
    public let outcomes: [(id: EventID, type: String, outcome: AppendOutcome)]
    /// The head after the append.
    public let head: TreeHead

    /// Whether nothing was written because the same events were already there.
    public var wasAlreadyPresent: Bool {
        outcomes.allSatisfy { if case .alreadyPresent = $0.outcome { return true } else { return false } }
    }
}

/// The current verdict of a claim, followed along its revisions.
public struct CurrentVerdict: Sendable, Equatable {
    public let verdict: String
    public let label: String?
    public let scale: String
    public let author: String
    public let isPublished: Bool
}

/// Records workflow events for one acting reviewer.
///
/// Guarantees: every event is signed by `signer`; observations get ids derived from their
/// natural key, so recording the same post twice writes it once; judgments get UUIDv7 ids;
/// verdicts carry the claim's stream version as read, so a concurrent verdict makes the
/// second one fail with "changed since you looked". Cost: one append transaction per command.
public struct Workflow {
    public let log: EventLog
    public let signer: ReviewerSigner

    public init(log: EventLog, signer: ReviewerSigner) {
        self.log = log
        self.signer = signer
    }

    /// Appends `payloads` atomically, signed by the acting reviewer.
    public func record(_ payloads: [any EventPayload], expectedStreamVersion: Int64? = nil) throws -> Recorded {
        let now = log.clock.now()
        let events = try payloads.enumerated().map { index, payload in
            let group = type(of: payload).group
            let policy: EventEnvelope.IDPolicy = group == .observation || group == .registry ? .derived : .timeOrdered
            return try signer.pendingEvent(payload, id: policy, now: now, expectedStreamVersion: index == 0 ? expectedStreamVersion : nil)
        }
        let report = try log.append(events)
        return Recorded(
            outcomes: zip(events, report.outcomes).map { ($0.envelope.id, $0.envelope.type, $1) },
            head: report.head)
    }

    /// Registers an account or outlet, or updates its registration.
    ///
    /// The first registration gets the id derived from its natural key, as an import would; a
    /// later one with other details (an imported account classified at last, say) is appended as
    /// an update that projections read as current; the same details again write nothing.
    public func register(_ payload: any EventPayload) throws -> Recorded {
        let data = JSONWriter.bytes(.object(payload.encoded()))
        var latest: RecordedEvent?
        try log.read(stream: payload.stream) { stored in
            if stored.event.envelope.type == payload.typeName { latest = stored.event }
        }
        if let latest, latest.envelope.data == data {
            return Recorded(outcomes: [(latest.envelope.id, latest.envelope.type, .alreadyPresent(position: latest.position))], head: try log.head())
        }
        let event = try signer.pendingEvent(payload, data: data, id: latest == nil ? .derived : .timeOrdered, now: log.clock.now())
        let report = try log.append([event])
        return Recorded(outcomes: zip([event], report.outcomes).map { ($0.envelope.id, $0.envelope.type, $1) }, head: report.head)
    }

    /// A new claim id such as `c-7f3a9`: short, typable, and not yet used in this ledger.
    public func newClaimID() throws -> String {
        try newID(prefix: "c") { try log.streamVersion(.claim($0)) == 0 }
    }

    /// A new verdict id such as `v-1b2c3`, not yet used in this ledger.
    public func newVerdictID() throws -> String {
        try newID(prefix: "v") { try log.namedPosition("verdict:\($0)") == nil }
    }

    private func newID(prefix: String, isFree: (String) throws -> Bool) throws -> String {
        var generator = SystemRandomNumberGenerator()
        for length in [5, 5, 5, 6, 7, 8] {
            let digits = (0..<length).map { _ in String(UInt8.random(in: 0..<16, using: &generator), radix: 16) }.joined()
            let candidate = "\(prefix)-\(digits)"
            if try isFree(candidate) { return candidate }
        }
        throw LedgerError.database("could not find a free \(prefix)- id")
    }

    /// The claim's current verdict: the latest verdict or revision on its stream, nil when none
    /// (or when every verdict was retracted).
    public func currentVerdict(of claim: String) throws -> CurrentVerdict? {
        var current: CurrentVerdict?
        var verdictEvents: [RecordedEvent] = []
        try log.read(stream: .claim(claim)) { stored in
            if stored.event.payload is VerdictRecorded || stored.event.payload is VerdictRevised { verdictEvents.append(stored.event) }
        }
        // A retraction defines the name `retracted:<event id>`, so each check is one index lookup.
        for event in verdictEvents where try log.namedPosition("retracted:\(event.envelope.id)") == nil {
            if let verdict = event.payload as? VerdictRecorded {
                current = CurrentVerdict(verdict: verdict.verdict, label: verdict.label, scale: verdict.scale, author: event.envelope.author, isPublished: false)
            } else if let revision = event.payload as? VerdictRevised {
                current = CurrentVerdict(verdict: revision.verdict, label: revision.label, scale: revision.scale, author: event.envelope.author, isPublished: false)
            }
        }
        guard let found = current else { return nil }
        let published = try log.namedPosition("published:\(found.verdict)") != nil
        return CurrentVerdict(verdict: found.verdict, label: found.label, scale: found.scale, author: found.author, isPublished: published)
    }

    /// The registered outlets among the domains of `urls` (with a leading `www.` ignored).
    public func candidateOutlets(for urls: [String]) throws -> [String] {
        var found: [String] = []
        for url in urls {
            guard let domain = WebURL.domain(of: url) else { continue }
            // A link to news.rt.com counts for rt.com: try each parent domain.
            var labels = domain.split(separator: ".").map(String.init)
            while labels.count >= 2 {
                let candidate = labels.joined(separator: ".")
                if try log.streamVersion(.outlet(candidate)) > 0 {
                    if !found.contains(candidate) { found.append(candidate) }
                    break
                }
                labels.removeFirst()
            }
        }
        return found
    }
}

extension EventLog {
    /// The position of the event that defined `name` (such as `verdict:v-1`), or nil.
    public func namedPosition(_ name: String) throws -> Int64? {
        do { return try connection.scalarInt("SELECT position FROM names WHERE name = ?", [.text(name)]) } catch {
            throw EventLog.log(error, path: path, busyTimeout: busyTimeoutMilliseconds)
        }
    }

    /// The review policy in force at the head: the latest `ReviewPolicySet` on the `ledger` stream.
    public func reviewPolicy() throws -> ReviewPolicy {
        var policy = ReviewPolicy.single
        try read(stream: .ledger) { stored in
            if let set = stored.event.payload as? ReviewPolicySet { policy = set.policy }
        }
        return policy
    }
}
