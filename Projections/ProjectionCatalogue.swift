// The list of the views of DESIGN §5, so that `replay` and audits can rebuild and digest
// every one of them from a single fold.
import Events

/// Every fact-based projection, and their digests from one fold.
public enum ProjectionCatalogue {
    /// The projections, in the order of DESIGN §5.
    public static let all: [any FactProjection.Type] = [
        ClaimBoard.self, AccountClaimHistory.self, MonthlyActivity.self,
        AmplificationScores.self, OutletAmplification.self, VerdictTrail.self,
    ]

    /// One projection's count and digest.
    public struct Report: Sendable, Equatable {
        /// The projection's name, such as `board`.
        public let name: String
        /// How many items its view holds.
        public let itemCount: Int
        /// SHA-256 of its canonical state.
        public let digest: String
    }

    /// The count and digest of every projection built from `facts`, the same as each
    /// projection's `itemCount` and `stateDigest`.
    ///
    /// - Parameter run: runs independent jobs and returns their results in order. The default
    ///   runs them one after another; a caller may run them on several threads, since each job
    ///   only reads the facts, resolved once for all.
    public static func reports(
        _ facts: LedgerFacts,
        run: ([@Sendable () -> Report]) -> [Report] = { jobs in jobs.map { $0() } }
    ) -> [Report] {
        let resolved = ResolvedFacts(facts)
        @Sendable func report(_ name: String, _ computed: (items: Int, state: JSONValue)) -> Report {
            Report(name: name, itemCount: computed.items, digest: ContentDigest.sha256Hex(ofJSON: computed.state))
        }
        // Started longest first, so that two threads finish together: the history digest is
        // one SHA-256 stream over every post, as long as the other five views together.
        let reports = run([
            {
                let (accounts, digest) = AccountClaimHistory.canonicalDigest(resolved)
                return Report(name: AccountClaimHistory.name, itemCount: accounts, digest: digest)
            },
            { report(ClaimBoard.name, ClaimBoard.report(resolved)) },
            { report(VerdictTrail.name, VerdictTrail.report(resolved)) },
            { report(OutletAmplification.name, OutletAmplification.report(resolved)) },
            { report(MonthlyActivity.name, MonthlyActivity.report(resolved)) },
            { report(AmplificationScores.name, AmplificationScores.report(resolved)) },
        ])
        return all.compactMap { projection in reports.first { $0.name == projection.name } }
    }
}
