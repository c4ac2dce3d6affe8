// One point of the log, as every export sees it: the folded facts and texts through a
// position, and the Merkle root that names that prefix of the log.
import Events
import Foundation
import Ledger
import Projections

/// The ledger as it stood at one position, ready to publish.
///
/// Guarantees: everything an export shows comes from the events at positions 1 through
/// `position`, and `root` is the RFC 6962 root of exactly those events, so a file can be tied
/// to a signed checkpoint. Cost: one fold of the log (done by the caller or by ``fold(log:through:)``).
public struct PublicationSnapshot: Sendable {
    /// The last position included (0 for an empty prefix).
    public let position: Int64
    /// The Merkle root of the first `position` events.
    public let root: [UInt8]
    /// The ledger's identity: organisation, origin and key.
    public let ledger: LedgerCreated
    /// The projections' shared facts.
    public let facts: LedgerFacts
    /// The texts and details folded beside them.
    public let record: PublicationRecord
    /// The address and text of every live post.
    let posts: [PlatformReference: (url: String, text: String?)]

    /// A snapshot of `state`, which must be the fold of `log` through `position`.
    public init(log: EventLog, state: PublicationState, position: Int64) throws {
        self.position = position
        root = try log.head(atSize: position).root
        ledger = try state.record.ledger ?? log.ledgerInfo()
        facts = state.facts
        record = state.record
        posts = state.record.livePosts()
    }

    /// Folds `log` through `position` on this thread and takes the snapshot.
    public static func fold(log: EventLog, through position: Int64) throws -> PublicationSnapshot {
        var state = PublicationState()
        if position > 0 { try log.read(from: 1, through: position) { state.apply($0.event) } }
        return try PublicationSnapshot(log: log, state: state, position: position)
    }

    /// The `recorded_at` of the last event included.
    public var lastRecordedAt: Timestamp? { record.lastRecordedAt }

    /// The methodology version the scores of this snapshot use, such as `mas/1`.
    public var methodVersion: String { AmplificationScores(facts: facts).result.parameters.method }

    /// The address of `post`, from its live observation.
    public func url(of post: PlatformReference) -> String? { posts[post]?.url }

    /// The text of `post`, from its live observation.
    public func text(of post: PlatformReference) -> String? { posts[post]?.text ?? nil }
}
