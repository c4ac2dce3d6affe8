// The CSV tables of the six views. Every table ends with the columns `as_of_position` and
// `method_version`, times are ISO 8601 UTC, lists are joined with `;`, numbers are written in
// full (the shortest text that reads back as the same number), and an absent value is empty.
import Events
import Projections

/// Builds the CSV of one view of a snapshot.
public enum CSVExport {
    /// The table of `view` as of `snapshot`.
    public static func document(_ view: CSVView, snapshot: PublicationSnapshot) -> CSVDocument {
        let (header, rows): ([String], [[String]])
        switch view {
        case .history: (header, rows) = history(snapshot)
        case .scores: (header, rows) = scores(snapshot)
        case .board: (header, rows) = board(snapshot)
        case .activity: (header, rows) = activity(snapshot)
        case .outlets: (header, rows) = outlets(snapshot)
        case .trail: (header, rows) = trail(snapshot)
        }
        let stamp = [String(snapshot.position), snapshot.methodVersion]
        return CSVDocument(header: header + ["as_of_position", "method_version"], rows: rows.map { $0 + stamp })
    }

    /// The CSV bytes of `view` as of `snapshot`.
    public static func bytes(_ view: CSVView, snapshot: PublicationSnapshot) throws -> [UInt8] {
        try document(view, snapshot: snapshot).bytes()
    }

    // MARK: views

    private static func history(_ snapshot: PublicationSnapshot) -> ([String], [[String]]) {
        let header = [
            "account", "display_name", "person", "post", "url", "posted_at", "kind", "text", "post_outlets",
            "claim", "relations", "claim_outlets", "verdict_at_the_time", "status_at_the_time", "verdict_now", "status_now",
        ]
        var rows: [[String]] = []
        for account in AccountClaimHistory(facts: snapshot.facts).accounts {
            let registration = account.registration
            let accountColumns = [account.account.description, registration?.displayName ?? "", registration?.person ?? ""]
            for post in account.posts {
                let postColumns = accountColumns + [
                    post.post.description, snapshot.url(of: post.post) ?? "", post.postedAt.iso8601, post.kind.rawValue,
                    snapshot.text(of: post.post) ?? "", CSVDocument.list(post.outlets),
                ]
                if post.claims.isEmpty {
                    rows.append(postColumns + Array(repeating: "", count: 7))
                }
                for claim in post.claims {
                    rows.append(postColumns + [
                        claim.claim, CSVDocument.list(claim.relations), CSVDocument.list(claim.outlets),
                        claim.atTheTime.label ?? "", claim.atTheTime.csvStatus, claim.now.label ?? "", claim.now.csvStatus,
                    ])
                }
            }
        }
        return (header, rows)
    }

    private static func scores(_ snapshot: PublicationSnapshot) -> ([String], [[String]]) {
        let result = AmplificationScores(facts: snapshot.facts).result
        let parameters = result.parameters
        let header = [
            "rank", "account", "mas", "ms", "r", "sms", "pending_upper_bound", "n_posts", "n_reviewed", "sum_wd", "sum_wdm",
            "mu", "half_life_days", "alpha", "t_end",
        ]
        let rows = result.scores.enumerated().map { rank, score in
            [
                String(rank + 1), score.account.description, number(score.mas), number(score.ms), number(score.reach),
                number(score.stateMediaShare), number(score.pendingUpperBound), String(score.postCount), String(score.reviewedCount),
                number(score.weightSum), number(score.weightedMisinformation), result.mean.map(number) ?? "",
                number(parameters.halfLifeDays), number(parameters.alpha), parameters.endTime?.iso8601 ?? "",
            ]
        }
        return (header, rows)
    }

    private static func board(_ snapshot: PublicationSnapshot) -> ([String], [[String]]) {
        let header = [
            "claim", "summary", "status", "label", "pending", "verdict", "latest_verdict", "reviewers", "revisions",
            "appearances", "published_url", "merged_into",
        ]
        let rows = ClaimBoard(facts: snapshot.facts).state.entries.map { entry in
            [
                entry.claim, entry.summary ?? "", entry.status.rawValue, entry.conclusion.label ?? "", String(entry.isPending),
                entry.verdict ?? "", entry.latestVerdict ?? "", CSVDocument.list(entry.reviewers), String(entry.revisionCount),
                String(entry.appearances), entry.publishedURL ?? "", entry.mergedInto ?? "",
            ]
        }
        return (header, rows)
    }

    private static func activity(_ snapshot: PublicationSnapshot) -> ([String], [[String]]) {
        let header = ["month", "account", "posts", "original", "repost", "quote", "reply", "state_linked", "state_linked_share"]
        func columns(_ counts: MonthlyActivity.Counts) -> [String] {
            [String(counts.posts), String(counts.original), String(counts.repost), String(counts.quote), String(counts.reply),
             String(counts.stateLinked), number(counts.stateLinkedShare)]
        }
        var rows: [[String]] = []
        for month in MonthlyActivity(facts: snapshot.facts).months() {
            // The month's total has an empty account.
            rows.append([month.month, ""] + columns(month.total))
            for account in month.accounts { rows.append([month.month, account.account.description] + columns(account.counts)) }
        }
        return (header, rows)
    }

    private static func outlets(_ snapshot: PublicationSnapshot) -> ([String], [[String]]) {
        let header = [
            "domain", "name", "affiliation", "country", "times_amplified", "distinct_accounts", "claims_carried", "false_claims",
            "first_seen", "last_seen",
        ]
        let rows = OutletAmplification(facts: snapshot.facts).entries.map { entry in
            [
                entry.domain, entry.name, entry.affiliation.rawValue, entry.country ?? "", String(entry.timesAmplified),
                String(entry.distinctAccounts), String(entry.claimsCarried), String(entry.falseClaims),
                entry.firstSeen?.iso8601 ?? "", entry.lastSeen?.iso8601 ?? "",
            ]
        }
        return (header, rows)
    }

    private static func trail(_ snapshot: PublicationSnapshot) -> ([String], [[String]]) {
        let header = [
            "claim", "merged_into", "claim_label", "claim_status", "position", "recorded_at", "occurred_at", "action", "author",
            "verdict", "label", "supersedes", "correction_class", "decision", "reason", "public_note", "url",
            "from", "from_status", "to", "to_status",
        ]
        var rows: [[String]] = []
        for trail in VerdictTrail(facts: snapshot.facts).trails {
            let claimColumns = [trail.claim, trail.mergedInto ?? "", trail.conclusion.label ?? "", trail.conclusion.csvStatus]
            for step in trail.steps {
                let publicNote = step.action == .revised ? snapshot.record.verdicts[step.verdict]?.publicNote : nil
                rows.append(claimColumns + [
                    String(step.position), step.recordedAt.iso8601, step.occurredAt.iso8601, step.action.rawValue, step.author,
                    step.verdict, step.label ?? "", step.supersedes ?? "", step.correctionClass?.rawValue ?? "",
                    step.decision?.rawValue ?? "", step.reason ?? "", publicNote ?? "", step.url ?? "",
                    step.before.label ?? "", step.before.csvStatus, step.after.label ?? "", step.after.csvStatus,
                ])
            }
        }
        return (header, rows)
    }

    /// A number in full: the shortest text that reads back as the same `Double`.
    static func number(_ value: Double) -> String {
        value.isFinite ? JSONNumberFormat.format(value) : ""
    }
}

extension ClaimConclusion {
    /// `labelled`, `void` or `unrated`, as in the projections' JSON.
    var csvStatus: String {
        switch self {
        case .unrated: return "unrated"
        case .labelled: return "labelled"
        case .void: return "void"
        }
    }
}
