// `factledger history ACCOUNT`: an account's posts in time order, with the claims they carry
// and the verdict at the time and now (DESIGN §5, AccountClaimHistory).
import ArgumentParser
import Events
import Foundation
import Projections

struct History: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "history",
        abstract: "Show an account's posts in time order, with their claims and verdicts then and now.",
        discussion: """
        Each post is listed by posted_at with the claims it carries, how it carries them (asserts, \
        repeats, amplifies, quotes_critically, or flagged as the claim's first appearance), the outlets \
        attributed to it or to its claims, the claim's verdict at the time of the post (judgments whose \
        occurred_at is at or before posted_at) and its verdict now. Merged claims show as the claim they \
        were merged into. The output names the position and checkpoint root it was computed at.

        Examples:
          factledger history twitter:zlj517
          factledger history zlj517 --claims-only --as-of 2020-04-01 --json
        """)

    @OptionGroup var options: LedgerOptions
    @OptionGroup var asOf: AsOfOption

    @Argument(help: "The account: platform:handle, or a handle that names one account.")
    var account: String

    @Flag(help: "List only the posts that carry a claim.")
    var claimsOnly = false

    func run() throws {
        let context = CommandContext(options)
        try context.run {
            let (facts, point) = try context.foldFacts(asOf: asOf.asOf)
            let history = AccountClaimHistory(facts: facts)
            guard let reference = history.account(matching: account), let found = history.history(of: reference) else {
                throw InputError.missing("no account \"\(account)\" in the ledger as of position \(point.position); name it as platform:handle, such as twitter:zlj517")
            }
            let posts = claimsOnly ? found.posts.filter { !$0.claims.isEmpty } : found.posts
            context.printResult(point, json: {
                var object = JSONObjectBuilder()
                guard case .object(let account) = found.json else { return object }
                for member in account where member.key != "posts" { object.add(member.key, member.value) }
                object.add("post_count", posts.count)
                object.add("posts", .array(posts.map(\.json)))
                return object
            }, table: {
                var lines = ["\(found.account)\(found.registration.map { " — \($0.displayName) (\($0.kind.rawValue), \($0.country))" } ?? ""): \(posts.count) posts"]
                var rows: [[String]] = []
                for post in posts {
                    let base = [post.postedAt.iso8601, post.post.description, post.kind.rawValue]
                    if post.claims.isEmpty {
                        rows.append(base + ["", "", "", "", post.outlets.joined(separator: ",")])
                    }
                    for claim in post.claims {
                        rows.append(base + [claim.claim, claim.relations.joined(separator: ","), claim.atTheTime.description,
                                            claim.now.description, post.outlets.joined(separator: ",")])
                    }
                }
                lines.append(Table.render(header: ["POSTED_AT", "POST", "KIND", "CLAIM", "RELATION", "THEN", "NOW", "OUTLETS"], rows: rows))
                return lines.joined(separator: "\n")
            })
        }
    }
}
