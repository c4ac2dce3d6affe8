// ClaimBoard (DESIGN §5): every claim with its status, current label, reviewers, revisions,
// appearances and published URL, plus the review queue.
import Events

/// Each claim's standing, and what waits for a reviewer.
///
/// Status: `flagged` (no verdict yet), `in_review` (its latest verdict is not final: under the
/// `two_person` policy it waits for a concurring second reviewer), `final` (the latest verdict
/// is final), `revised` (the deciding verdict is a revision), `void` (a revision of class
/// `void` withdrew the rating). A claim with no final verdict, or labelled `unproven`, is
/// pending. A merged claim keeps its own verdicts and names the claim it was merged into; its
/// appearances count for that claim.
public struct ClaimBoard: FactProjection {
    /// The projection's name in reports and digests.
    public static let name = "board"
    /// The facts folded so far.
    public var facts: LedgerFacts

    /// The view of `facts`.
    public init(facts: LedgerFacts) { self.facts = facts }

    /// Where a claim stands.
    public enum Status: String, Sendable, CaseIterable {
        case flagged
        case inReview = "in_review"
        case final
        case revised
        case void
    }

    /// One claim on the board.
    public struct Entry: Sendable, Equatable {
        /// The claim id.
        public let claim: String
        /// The summary of its latest flag.
        public let summary: String?
        /// Where the claim stands.
        public let status: Status
        /// The label of the latest final verdict, void, or unrated.
        public let conclusion: ClaimConclusion
        /// No current label, or a pending label such as `unproven`.
        public let isPending: Bool
        /// The verdict that decided the conclusion.
        public let verdict: String?
        /// The most recent verdict, final or not.
        public let latestVerdict: String?
        /// Everyone who flagged, rated, reviewed, revised, published or merged it, sorted.
        public let reviewers: [String]
        /// How many live revisions it has had.
        public let revisionCount: Int
        /// Distinct observed posts that carry it, including those of claims merged into it.
        public let appearances: Int
        /// The URL of its latest publication.
        public let publishedURL: String?
        /// The claim it now belongs to, when it was merged.
        public let mergedInto: String?
    }

    /// Something waiting for a reviewer.
    public struct QueueItem: Sendable, Equatable {
        /// What the claim waits for.
        public enum Awaiting: String, Sendable {
            /// A first verdict.
            case verdict
            /// A concurring review by someone other than the verdict's author.
            case concurrence
        }

        /// The claim id.
        public let claim: String
        /// What it waits for.
        public let awaiting: Awaiting
        /// The verdict awaiting concurrence.
        public let verdict: String?
        /// Who must not be the second reviewer: the verdict's author.
        public let author: String?
        /// The position since which it has waited.
        public let since: Int64
    }

    /// The board and the queue at the end of the fold.
    public struct State: Sendable, Equatable {
        /// Claims sorted by id.
        public let entries: [Entry]
        /// Oldest first.
        public let queue: [QueueItem]
    }

    /// Computes the board. Cost: O(claims + links).
    public var state: State { ClaimBoard.state(ResolvedFacts(facts)) }

    /// How many items the view holds, for reports.
    public var itemCount: Int { state.entries.count }

    static func report(_ resolved: ResolvedFacts) -> (items: Int, state: JSONValue) {
        let state = state(resolved)
        return (state.entries.count, state.json)
    }

    static func state(_ resolved: ResolvedFacts) -> State {
        var appearances: [String: Int] = [:]
        for (post, carried) in resolved.linksByPost where resolved.livePosts[Int(post)] >= 0 {
            for link in carried { appearances[link.claim, default: 0] += 1 }
        }
        var entries: [Entry] = []
        var queue: [QueueItem] = []
        for (id, claim) in resolved.claims {
            let verdicts = resolved.facts.verdicts
            let rating = resolved.rating(of: id)
            let latest = claim.verdicts.last
            let status: Status
            if let latest {
                if !resolved.isFinal(verdict: latest) {
                    status = .inReview
                } else if rating.conclusion == .void {
                    status = .void
                } else if let deciding = rating.verdict, verdicts[deciding].value.revision != nil {
                    status = .revised
                } else {
                    status = .final
                }
            } else {
                status = .flagged
            }
            let published = claim.verdicts
                .flatMap { resolved.publications(ofVerdict: $0) }
                .max { $0.source.position < $1.source.position }
            let mergedInto = resolved.mergedInto(id).map { _ in resolved.survivor(of: id) }
            entries.append(Entry(
                claim: id, summary: claim.flag?.value.summary, status: status, conclusion: rating.conclusion,
                isPending: rating.isPending, verdict: rating.verdict.map { verdicts[$0].value.verdict },
                latestVerdict: latest.map { verdicts[$0].value.verdict }, reviewers: claim.reviewers.sorted(),
                revisionCount: claim.verdicts.filter { verdicts[$0].value.revision != nil }.count,
                appearances: appearances[id] ?? 0, publishedURL: published?.value.url, mergedInto: mergedInto))
            guard mergedInto == nil else { continue }
            if let latest, status == .inReview {
                let verdict = verdicts[latest]
                queue.append(QueueItem(claim: id, awaiting: .concurrence, verdict: verdict.value.verdict, author: verdict.source.author, since: verdict.source.position))
            } else if latest == nil, claim.flag != nil {
                queue.append(QueueItem(claim: id, awaiting: .verdict, verdict: nil, author: nil, since: claim.firstPosition))
            }
        }
        entries.sort { $0.claim < $1.claim }
        queue.sort { ($0.since, $0.claim) < ($1.since, $1.claim) }
        return State(entries: entries, queue: queue)
    }

    /// The view as canonical JSON: fixed key order, sorted collections, rounded numbers.
    public func canonicalState() -> JSONValue { state.json }
}

extension ClaimBoard.Entry {
    /// The entry as a JSON object.
    public var json: JSONValue {
        var object = JSONObjectBuilder()
        object.add("claim", claim)
        object.add("summary", orNull: summary)
        object.add("status", status)
        object.add("label", conclusion.jsonLabel)
        object.add("pending", isPending)
        object.add("verdict", orNull: verdict)
        object.add("latest_verdict", orNull: latestVerdict)
        object.add("reviewers", strings: reviewers)
        object.add("revisions", revisionCount)
        object.add("appearances", appearances)
        object.add("published_url", orNull: publishedURL)
        object.add("merged_into", orNull: mergedInto)
        return object.value
    }
}

extension ClaimBoard.QueueItem {
    /// The item as a JSON object.
    public var json: JSONValue {
        var object = JSONObjectBuilder()
        object.add("claim", claim)
        object.add("awaiting", awaiting)
        object.add("verdict", orNull: verdict)
        object.add("author", orNull: author)
        object.add("since_position", since)
        return object.value
    }
}

extension ClaimBoard.State {
    /// The board as JSON: `claims` and `queue`.
    public var json: JSONValue {
        var object = JSONObjectBuilder()
        object.add("claims", .array(entries.map(\.json)))
        object.add("queue", .array(queue.map(\.json)))
        return object.value
    }
}
