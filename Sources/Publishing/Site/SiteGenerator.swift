// The static HTML report of DESIGN §2 (`export site`): an index with the score table and
// charts, a page per account and per claim, the methodology and how to verify it. Pages are
// built in memory from one PublicationSnapshot; SiteWriter puts them on disk.
import Crypto
import Events
import Foundation
import Ledger
import Projections

/// One file of the site: a path relative to the output folder, and its bytes.
public struct SitePage: Sendable, Equatable {
    /// `/`-separated; every component is a fixed name or a ``SiteText/slug(_:)``.
    public let path: String
    public let contents: String
}

/// Builds the pages of the static site.
///
/// Guarantees: the same snapshot gives the same bytes (no clock, sorted collections); every
/// string from the ledger is passed through ``SiteText/visible(_:)`` and HTML-escaped by the
/// templates; links are `href`s only for http(s) URLs; file names are slugs, so no name from
/// the data can leave the output folder; every page names the position, the checkpoint root
/// and the method version. Cost: the projections of the snapshot, once, plus the pages.
public struct SiteGenerator: Sendable {
    public let snapshot: PublicationSnapshot
    /// What was asked for, such as `head` or `position 120`, printed beside the position.
    public let asOf: String
    /// The ledger's signed checkpoint note for the snapshot's tree size, if one was issued.
    public let checkpointNote: String?
    private let record: SiteRecord.Settled
    private let content: SiteContent
    private let claimReviews: ClaimReviewFeed

    /// A generator for `snapshot`, whose site record `site` was folded over the same events.
    public init(snapshot: PublicationSnapshot, site: SiteRecord, asOf: String, checkpointNote: String?) {
        self.snapshot = snapshot
        self.asOf = asOf
        self.checkpointNote = checkpointNote
        record = site.settled()
        content = SiteContent(facts: snapshot.facts)
        claimReviews = ClaimReviewFeed(snapshot: snapshot)
    }

    /// The path of an account's page, from the site's root.
    public static func accountPath(_ account: PlatformReference) -> String { "accounts/\(SiteText.slug(account.description)).html" }

    /// The path of a claim's page, from the site's root.
    public static func claimPath(_ claim: String) -> String { "claims/\(SiteText.slug(claim)).html" }

    /// Every file of the site, the style sheet and the charts included, sorted by path.
    public func pages() throws -> [SitePage] {
        let activity = activityChart
        let scores = scoreChart
        var pages = [
            SitePage(path: "style.css", contents: SiteTemplates.css),
            SitePage(path: "charts/activity.svg", contents: activity.svg()),
            SitePage(path: "charts/mas.svg", contents: scores.svg()),
            try render("index", path: "index.html", title: "Amplification scores", indexContext(activity: activity, scores: scores)),
            try render("methodology", path: "methodology.html", title: "Methodology", methodologyContext),
            try render("verification", path: "verification.html", title: "Verification", verificationContext),
        ]
        let appearances = appearancesByClaim
        for account in content.histories {
            pages.append(try render("account", path: SiteGenerator.accountPath(account.account), title: "Account \(account.account)", accountContext(account)))
        }
        for entry in content.board.entries {
            pages.append(try render("claim", path: SiteGenerator.claimPath(entry.claim), title: "Claim \(entry.claim)", claimContext(entry, trail: content.trails[entry.claim], appearances: appearances[entry.claim] ?? [])))
        }
        return pages.sorted { $0.path < $1.path }
    }

    // MARK: rendering

    private func render(_ template: String, path: String, title: String, _ context: [String: Any]) throws -> SitePage {
        var page = context
        page["pageTitle"] = title
        page["root"] = path.contains("/") ? "../" : ""
        page["site"] = siteContext
        guard let html = SiteTemplates.library.render(SiteText.sanitize(page), withTemplate: template) else {
            throw SiteError.missingTemplate(template)
        }
        return SitePage(path: path, contents: html)
    }

    private var method: String { content.scores.parameters.method }

    private var siteContext: [String: Any] {
        [
            "org": snapshot.ledger.org,
            "origin": snapshot.ledger.origin,
            "position": String(snapshot.position),
            "asOf": asOf,
            "root": Data(snapshot.root).base64EncodedString(),
            "method": method,
            "lastRecorded": snapshot.lastRecordedAt.map(SiteGenerator.time) ?? "never",
        ]
    }

    // MARK: index

    var activityChart: SVGChart {
        StackedBarChart.monthlyActivity(content.months).chart(
            id: "activity", title: "Posts a month",
            summary: "Posts observed each month, all accounts stacked; the \(StackedBarChart.topAccountCount) most active accounts have their own colour, the rest are grey.")
    }

    var scoreChart: SVGChart {
        ScoreBarChart.scores(content.scores).chart(
            id: "mas", title: "Highest misinformation-amplification scores",
            summary: "MAS (\(method)) of the \(ScoreBarChart.topAccountCount) highest-scored accounts (MAS runs from 0 to 100; the axis ends at a round value above the highest), with the mean 100·μ as a dashed line.")
    }

    private func indexContext(activity: SVGChart, scores: SVGChart) -> [String: Any] {
        let result = content.scores
        return [
            "activityChart": activity.context,
            "scoreChart": scores.context,
            "activityTop": String(StackedBarChart.topAccountCount),
            "scoreTop": String(min(ScoreBarChart.topAccountCount, result.scores.count)),
            "months": content.months.map { month -> [String: Any] in
                let total = month.total
                return [
                    "month": month.month, "posts": String(total.posts), "original": String(total.original),
                    "repost": String(total.repost), "quote": String(total.quote), "reply": String(total.reply),
                    "stateLinked": String(total.stateLinked), "stateShare": SiteGenerator.percent(total.stateLinkedShare),
                ]
            },
            "hasScores": !result.scores.isEmpty,
            "scores": result.scores.enumerated().map { rank, score in scoreRow(score, rank: rank + 1, prefix: "") },
            "unscoredCount": result.unscored.isEmpty ? false as Any : String(result.unscored.count) as Any,
            "hasClaims": !content.board.entries.isEmpty,
            "claims": content.board.entries.map { entry -> [String: Any] in
                var row: [String: Any] = [
                    "claim": entry.claim, "page": SiteGenerator.claimPath(entry.claim), "summary": entry.summary ?? "",
                    "status": entry.status.rawValue, "label": entry.conclusion.description,
                    "labelClass": SiteGenerator.labelClass(entry.conclusion), "appearances": String(entry.appearances),
                ]
                if let url = entry.publishedURL { row["published"] = SiteText.link(url) }
                return row
            },
            "accounts": content.histories.map { account -> [String: Any] in
                var row: [String: Any] = [
                    "account": account.account.description, "page": SiteGenerator.accountPath(account.account),
                    "posts": String(account.posts.count),
                ]
                if let name = account.registration?.displayName { row["displayName"] = name }
                return row
            },
        ]
    }

    private func scoreRow(_ score: AmplificationScores.Score, rank: Int, prefix: String) -> [String: Any] {
        [
            "rank": String(rank), "account": score.account.description, "page": prefix + SiteGenerator.accountPath(score.account),
            "mas": String(format: "%.2f", score.mas), "ms": String(format: "%.4f", score.ms),
            "reach": String(format: "%.2f", score.reach), "sms": String(format: "%.3f", score.stateMediaShare),
            "pendingUpperBound": String(format: "%.2f", score.pendingUpperBound),
            "posts": String(score.postCount), "reviewed": String(score.reviewedCount),
            "weightSum": String(format: "%.4f", score.weightSum), "weighted": String(format: "%.4f", score.weightedMisinformation),
        ]
    }

    // MARK: accounts

    private func accountContext(_ account: AccountClaimHistory.Account) -> [String: Any] {
        let name = account.account.description
        var context: [String: Any] = ["account": name, "postCount": String(account.posts.count)]
        if let registration = account.registration {
            var facts: [String: Any] = [
                "displayName": registration.displayName, "kind": registration.kind.rawValue, "country": registration.country,
            ]
            if let person = registration.person { facts["person"] = person }
            if let title = registration.title { facts["title"] = title }
            if let profile = registration.profileURL { facts["profile"] = SiteText.link(profile) }
            context["registration"] = facts
        }
        if let rank = content.scores.scores.firstIndex(where: { $0.account == account.account }) {
            var score = scoreRow(content.scores.scores[rank], rank: rank + 1, prefix: "../")
            score["scoredCount"] = String(content.scores.scores.count)
            context["score"] = score
        }
        var posts: [String: Int] = [:]
        for month in content.months {
            if let entry = month.accounts.first(where: { $0.account == account.account }) { posts[month.month] = entry.counts.posts }
        }
        context["activityChart"] = StackedBarChart.accountActivity(
            account: name, posts: posts, from: content.months.first?.month ?? "", through: content.months.last?.month ?? "")
            .chart(id: "account-activity", title: "Posts a month by \(name)", summary: "Posts by \(name) in each month with posts.", height: 260).context
        let shown = account.posts.filter(SiteContent.isShown)
        context["hasPosts"] = !shown.isEmpty
        context["otherPosts"] = account.posts.count > shown.count ? String(account.posts.count - shown.count) as Any : false as Any
        context["posts"] = shown.map { post -> [String: Any] in
            let url = snapshot.url(of: post.post)
            var row: [String: Any] = [
                "postedAt": SiteGenerator.time(post.postedAt), "kind": post.kind.rawValue, "post": post.post.description,
                "text": postText(post.post),
                "outlets": post.outlets.joined(separator: ", "),
                "claims": post.claims.map { claim -> [String: Any] in
                    [
                        "claim": claim.claim, "page": "../" + SiteGenerator.claimPath(claim.claim),
                        "relations": claim.relations.joined(separator: ", "),
                        "then": claim.atTheTime.description, "thenClass": SiteGenerator.labelClass(claim.atTheTime),
                        "now": claim.now.description, "nowClass": SiteGenerator.labelClass(claim.now),
                    ]
                },
            ]
            if let url { row["link"] = SiteText.link(url) }
            return row
        }
        return context
    }

    // MARK: claims

    /// One post carrying a claim, for the claim's page.
    private struct Appearance {
        let account: PlatformReference
        let post: AccountClaimHistory.Post
        let relations: [String]
    }

    /// The posts carrying each (surviving) claim, oldest first.
    private var appearancesByClaim: [String: [Appearance]] {
        var found: [String: [Appearance]] = [:]
        for account in content.histories {
            for post in account.posts {
                for claim in post.claims {
                    found[claim.claim, default: []].append(Appearance(account: account.account, post: post, relations: claim.relations))
                }
            }
        }
        return found.mapValues { list in list.sorted { ($0.post.postedAt, $0.post.post) < ($1.post.postedAt, $1.post.post) } }
    }

    private func claimContext(_ entry: ClaimBoard.Entry, trail: VerdictTrail.Trail?, appearances: [Appearance]) -> [String: Any] {
        let flag = record.flag(of: entry.claim, summary: entry.summary)
        var context: [String: Any] = [
            "claim": entry.claim, "summary": entry.summary ?? "", "status": entry.status.rawValue,
            "label": entry.conclusion.description, "labelClass": SiteGenerator.labelClass(entry.conclusion),
            "pending": entry.isPending, "revisions": String(entry.revisionCount),
            "reviewers": entry.reviewers.isEmpty ? "none" : entry.reviewers.joined(separator: ", "),
            "appearanceCount": String(entry.appearances),
        ]
        if let verdict = entry.verdict { context["verdict"] = verdict }
        if let latest = entry.latestVerdict, latest != entry.verdict { context["latestVerdict"] = latest }
        if let url = entry.publishedURL { context["published"] = SiteText.link(url) }
        if let survivor = entry.mergedInto {
            context["mergedInto"] = ["claim": survivor, "page": "../" + SiteGenerator.claimPath(survivor)]
        }
        if let text = flag?.text { context["text"] = text }
        if let topics = flag?.topics, !topics.isEmpty { context["topics"] = topics.joined(separator: ", ") }
        let steps = trail?.steps ?? []
        context["hasSteps"] = !steps.isEmpty
        context["steps"] = steps.map { step -> [String: Any] in
            let states = step.action == .recorded || step.action == .revised
            var row: [String: Any] = [
                "position": String(step.position), "recordedAt": SiteGenerator.time(step.recordedAt),
                "action": step.action.rawValue + (step.decision.map { " (\($0.rawValue))" } ?? ""),
                "author": step.author, "verdict": step.verdict,
                "label": step.label ?? (step.correctionClass == .void ? "void" : "—"),
                "before": step.before.description, "after": step.after.description,
                "correction": step.correctionClass?.rawValue ?? "",
            ]
            if let reason = step.reason, !reason.isEmpty { row["reason"] = reason }
            if let url = step.url { row["url"] = SiteText.link(url) }
            if states, let note = snapshot.record.verdicts[step.verdict]?.publicNote { row["publicNote"] = note }
            let evidence = states ? record.evidence(of: step.verdict) : []
            row["hasEvidence"] = !evidence.isEmpty
            row["evidence"] = evidence.map { SiteText.link($0) }
            return row
        }
        context["hasAppearances"] = !appearances.isEmpty
        context["appearances"] = appearances.map { appearance -> [String: Any] in
            var row: [String: Any] = [
                "postedAt": SiteGenerator.time(appearance.post.postedAt), "account": appearance.account.description,
                "accountPage": "../" + SiteGenerator.accountPath(appearance.account), "post": appearance.post.post.description,
                "relations": appearance.relations.joined(separator: ", "),
                "text": postText(appearance.post.post),
            ]
            if let url = snapshot.url(of: appearance.post.post) { row["link"] = SiteText.link(url) }
            return row
        }
        if let json = claimReviews.jsonLD(forClaim: entry.claim) { context["claimReview"] = ["json": ScriptJSON(json)] }
        return context
    }

    // MARK: methodology and verification

    private var methodologyContext: [String: Any] {
        let parameters = content.scores.parameters
        var context: [String: Any] = [
            "halfLife": SiteGenerator.decimal(parameters.halfLifeDays), "alpha": SiteGenerator.decimal(parameters.alpha),
            "weights": [
                "original": SiteGenerator.decimal(parameters.kindWeights.original), "quote": SiteGenerator.decimal(parameters.kindWeights.quote),
                "repost": SiteGenerator.decimal(parameters.kindWeights.repost), "reply": SiteGenerator.decimal(parameters.kindWeights.reply),
            ],
            "criticalQuoteWeight": SiteGenerator.decimal(parameters.criticalQuoteWeight),
            "tEnd": parameters.endTime.map(SiteGenerator.time) ?? "—",
            "mu": content.scores.mean.map { String(format: "%.6f", $0) } ?? "— (no account scored)",
            "muUpper": content.scores.upperMean.map { String(format: "%.6f", $0) } ?? "—",
            "scales": scales.map { scale -> [String: Any] in
                [
                    "id": scale.id, "name": scale.name,
                    "labels": scale.labels.map { label -> [String: Any] in
                        [
                            "label": label.label, "labelClass": SiteGenerator.labelClass(.labelled(label.label)),
                            "value": label.value.map(String.init) ?? "—", "weight": SiteGenerator.decimal(label.weight),
                            "counts": label.pending ? "pending" : "rated", "meaning": label.description ?? "",
                        ]
                    },
                ]
            },
            "policy": record.policy.rawValue,
            "policyText": record.policy == .single
                ? "A verdict is final as soon as a registered reviewer records it."
                : "A verdict is final only once a second reviewer, not its author, records a concurring review.",
            "corrections": CorrectionClass.allCases.map { correction -> [String: Any] in
                ["name": correction.rawValue, "meaning": SiteGenerator.meaning(of: correction)]
            },
        ]
        if let window = parameters.window {
            context["window"] = ["from": window.from.map(SiteGenerator.time) ?? "the first post", "to": window.through.map(SiteGenerator.time) ?? "the last post"]
        }
        return context
    }

    private var verificationContext: [String: Any] {
        var context: [String: Any] = ["rootHex": snapshot.root.map { String(format: "%02x", $0) }.joined()]
        if let key = try? NoteVerifierKey(name: snapshot.ledger.origin, publicKey: .init(rawRepresentation: snapshot.ledger.ledgerKey)) {
            context["verifierKey"] = key.encoded
        }
        if let checkpointNote { context["checkpoint"] = checkpointNote }
        return context
    }

    /// The rating scales the ledger knows: the default `factledger/1` first, then by id.
    private var scales: [RatingScale] {
        snapshot.record.scales.values.sorted {
            ($0.id == RatingScale.defaultID ? 0 : 1, $0.id) < ($1.id == RatingScale.defaultID ? 0 : 1, $1.id)
        }
    }

    /// The text of a post as last observed; a note when it was withheld or never observed.
    private func postText(_ post: PlatformReference) -> String {
        guard snapshot.url(of: post) != nil else { return "(not observed)" }
        return snapshot.text(of: post) ?? "(text withheld or deleted)"
    }

    // MARK: formatting

    /// A time as people read it: `2020-03-12 14:03 UTC`.
    static func time(_ time: Timestamp) -> String {
        let text = time.iso8601
        return String(text.prefix(10)) + " " + String(text.dropFirst(11).prefix(5)) + " UTC"
    }

    static func percent(_ share: Double) -> String { String(format: "%.1f%%", share * 100) }

    /// A parameter without trailing zeros: `90`, `0.8`.
    static func decimal(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) : String(value)
    }

    /// A CSS class suffix for a conclusion: the label's letters, digits and dashes.
    static func labelClass(_ conclusion: ClaimConclusion) -> String {
        switch conclusion {
        case .unrated: return "pending"
        case .void: return "void"
        case .labelled(let label):
            let cleaned = String(label.lowercased().unicodeScalars.filter { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "-" })
            return cleaned.isEmpty ? "other" : cleaned
        }
    }

    static func meaning(of correction: CorrectionClass) -> String {
        switch correction {
        case .ratingChange: return "The rating changed."
        case .factual: return "A fact in the rationale was corrected; the rating stands."
        case .void: return "The verdict is withdrawn: the claim has no rating and counts as neither rated nor pending."
        case .update: return "New information was added; the rating stands unless a new label is given."
        }
    }
}

/// Why the site could not be built or written.
public enum SiteError: Error, Equatable, CustomStringConvertible {
    /// A page names a template that does not exist (a programming error).
    case missingTemplate(String)
    /// A page path is not a safe relative path.
    case unsafePath(String)
    /// Two pages would have the same file name.
    case duplicatePath(String)
    /// The output folder holds files that are not a previous site export.
    case notASiteFolder(path: String)
    /// A file or folder could not be written.
    case cannotWrite(path: String, detail: String)

    public var description: String {
        switch self {
        case .missingTemplate(let name): return "the site template \(name) is missing"
        case .unsafePath(let path): return "refusing to write \(path): not a plain file name inside the output folder"
        case .duplicatePath(let path): return "two pages of the site would both be written to \(path)"
        case .notASiteFolder(let path):
            return "\(path) is not empty and holds no SHA256SUMS from an earlier site export; choose an empty or new folder"
        case .cannotWrite(let path, let detail): return "cannot write \(path): \(detail)"
        }
    }
}
