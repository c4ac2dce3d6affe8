// Builds one ClaimReview per claim with a published verdict from the projections: the board
// (summary, conclusion), the verdict trail (publications, revisions), and the account
// histories (where the claim appeared, and who posted it).
import Events
import Foundation
import Projections

/// Turns a snapshot into ClaimReviews.
struct ClaimReviewBuilder {
    /// Google shows at most this many characters of `claimReviewed`.
    static let claimReviewedLimit = 75

    let snapshot: PublicationSnapshot

    /// One post carrying a claim.
    private struct Appearance {
        let post: PlatformReference
        let postedAt: Timestamp
        let account: AccountClaimHistory.Account
        let flagged: Bool
    }

    func entries() -> [ClaimReviewFeed.Entry] {
        let board = Dictionary(ClaimBoard(facts: snapshot.facts).state.entries.map { ($0.claim, $0) }, uniquingKeysWith: { first, _ in first })
        let trails = VerdictTrail(facts: snapshot.facts).trails.filter { trail in trail.steps.contains { $0.action == .published } }
        guard !trails.isEmpty else { return [] }
        let appearances = appearancesByClaim()
        return trails.compactMap { trail in
            guard let entry = board[trail.claim] else { return nil }
            let carried = appearances[entry.mergedInto ?? trail.claim] ?? []
            return review(trail, entry, carried).map { ClaimReviewFeed.Entry(claim: trail.claim, review: $0) }
        }
    }

    private func review(_ trail: VerdictTrail.Trail, _ entry: ClaimBoard.Entry, _ appearances: [Appearance]) -> SchemaOrg.ClaimReview? {
        let publications = trail.steps.filter { $0.action == .published }
        guard let first = publications.first, let latest = publications.last, let url = latest.url else { return nil }
        // Revisions after the first publication are corrections readers must be told about.
        let revisions = trail.steps.filter { $0.action == .revised && $0.position > first.position }
        let corrections = revisions.map { step in
            SchemaOrg.CorrectionComment(
                text: snapshot.record.verdicts[step.verdict]?.publicNote ?? step.reason ?? "The verdict was revised.",
                datePublished: step.occurredAt.iso8601)
        }
        let modified = (revisions + publications.dropFirst()).map(\.occurredAt).max()
        let sorted = appearances.sorted { ($0.postedAt, $0.post) < ($1.postedAt, $1.post) }
        let firstAppearance = sorted.first { $0.flagged } ?? sorted.first
        return SchemaOrg.ClaimReview(
            url: url,
            claimReviewed: Self.clipped(entry.summary ?? "Claim \(trail.claim)"),
            reviewRating: rating(trail, entry, publishedVerdict: latest.verdict),
            author: SchemaOrg.Agent(.organization, name: snapshot.ledger.org, url: Self.site(of: url)),
            datePublished: first.occurredAt.iso8601,
            dateModified: revisions.isEmpty ? nil : modified?.iso8601,
            itemReviewed: SchemaOrg.Claim(
                author: firstAppearance.map { agent(for: $0.account) },
                datePublished: firstAppearance?.postedAt.iso8601,
                appearance: sorted.isEmpty ? nil : sorted.compactMap(posting),
                firstAppearance: firstAppearance.flatMap(posting)),
            correction: corrections.isEmpty ? nil : corrections)
    }

    /// The claim's current rating; a claim whose deciding verdict is not final yet keeps the
    /// label of the verdict that was published.
    private func rating(_ trail: VerdictTrail.Trail, _ entry: ClaimBoard.Entry, publishedVerdict: String) -> SchemaOrg.Rating {
        let label: String
        let verdict: String?
        switch trail.conclusion {
        case .void:
            return SchemaOrg.Rating(ratingValue: nil, bestRating: nil, worstRating: nil, alternateName: "Rating withdrawn")
        case .labelled(let current):
            label = current
            verdict = entry.verdict
        case .unrated:
            guard let stated = trail.steps.last(where: { $0.verdict == publishedVerdict && $0.label != nil })?.label else {
                return SchemaOrg.Rating(ratingValue: nil, bestRating: nil, worstRating: nil, alternateName: "Pending")
            }
            label = stated
            verdict = publishedVerdict
        }
        let scaleID = verdict.flatMap { snapshot.record.verdicts[$0]?.scale } ?? RatingScale.defaultID
        let scale = snapshot.record.scales[scaleID]
        let value = scale?.label(named: label)?.value
        return SchemaOrg.Rating(
            ratingValue: value, bestRating: value == nil ? nil : scale?.bestRating, worstRating: value == nil ? nil : scale?.worstRating,
            alternateName: Self.words(label), name: scale?.name)
    }

    /// The posts carrying each claim (the surviving claim, after merges).
    private func appearancesByClaim() -> [String: [Appearance]] {
        var found: [String: [Appearance]] = [:]
        for account in AccountClaimHistory(facts: snapshot.facts).accounts {
            for post in account.posts {
                for carried in post.claims {
                    found[carried.claim, default: []].append(Appearance(
                        post: post.post, postedAt: post.postedAt, account: account, flagged: carried.relations.contains("flagged")))
                }
            }
        }
        return found
    }

    private func posting(_ appearance: Appearance) -> SchemaOrg.SocialMediaPosting? {
        guard let url = snapshot.url(of: appearance.post) else { return nil }
        return SchemaOrg.SocialMediaPosting(url: url, datePublished: appearance.postedAt.iso8601, author: agent(for: appearance.account))
    }

    /// The person behind an account when the registry names one; else the account itself, a
    /// person for a diplomat and an organisation for an embassy, ministry or outlet.
    private func agent(for account: AccountClaimHistory.Account) -> SchemaOrg.Agent {
        let registration = account.registration
        let profile = registration?.profileURL
        if let person = registration?.person {
            return SchemaOrg.Agent(.person, name: person, url: profile, jobTitle: registration?.title)
        }
        guard let registration else { return SchemaOrg.Agent(.person, name: account.account.description) }
        let kind: SchemaOrg.Agent.Kind = registration.kind == .diplomat ? .person : .organization
        return SchemaOrg.Agent(kind, name: registration.displayName, url: profile, jobTitle: kind == .person ? registration.title : nil)
    }

    /// `text` cut to at most 75 UTF-16 units (so also 75 code points and 75 characters), at a
    /// character boundary, with an ellipsis when cut.
    static func clipped(_ text: String) -> String {
        guard text.utf16.count > claimReviewedLimit else { return text }
        var clipped = ""
        for character in text {
            guard clipped.utf16.count + character.utf16.count + 1 <= claimReviewedLimit else { break }
            clipped.append(character)
        }
        return clipped + "…"
    }

    /// A label as words: `mostly-false` → `Mostly false`.
    static func words(_ label: String) -> String {
        let spaced = label.replacingOccurrences(of: "-", with: " ").replacingOccurrences(of: "_", with: " ")
        return spaced.prefix(1).uppercased() + spaced.dropFirst()
    }

    /// `https://host/` of a URL, for the publisher's address.
    static func site(of url: String) -> String? {
        guard let components = URLComponents(string: url), let scheme = components.scheme, let host = components.host else { return nil }
        return "\(scheme)://\(host)/"
    }
}
