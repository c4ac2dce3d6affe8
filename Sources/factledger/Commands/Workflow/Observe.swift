// `factledger observe`: log one post as seen, and point out outlets it links to.
import ArgumentParser
import Events
import Ledger

struct Observe: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "observe",
        abstract: "Record a post as observed.",
        discussion: """
        A linked URL whose domain is a registered outlet is reported as a candidate attribution; \
        nothing is attributed automatically (use `factledger attribute`). Observing the same post \
        again with the same details writes nothing.

        Example:
          factledger observe twitter:1238291234 --account twitter:zlj517 \\
            --url https://twitter.com/zlj517/status/1238291234 \\
            --posted-at 2020-03-12T14:03:00Z --kind original \\
            --text "It might be US army who brought the epidemic to Wuhan." \\
            --link https://www.globalresearch.ca/covid-19-further-evidence/5706078 \\
            --likes 9000 --reposts 4200 --replies 2500 --quotes 1200 --as alice
        """)

    @OptionGroup var options: LedgerOptions
    @OptionGroup var acting: ActingReviewer

    @Argument(help: "The post as platform:id, such as twitter:1238291234.")
    var post: String

    @Option(help: "The account that posted it, such as twitter:zlj517.")
    var account: String

    @Option(help: "The post's URL.")
    var url: String

    @Option(help: "When it was posted (RFC 3339, such as 2020-03-12T14:03:00Z).")
    var postedAt: String

    @Option(help: "original, repost, quote or reply.")
    var kind: String

    @Option(help: "The post's text (omit for withheld or deleted posts).")
    var text: String?

    @Option(help: "The post or URL it amplifies (a repost's or quote's source).")
    var amplifies: String?

    @Option(help: "The language (BCP 47, such as en or zh).")
    var language: String?

    @Option(name: .customLong("link"), help: "A URL the post links to (repeatable).")
    var links: [String] = []

    @Option(name: .customLong("hashtag"), help: "A hashtag, without # (repeatable).")
    var hashtags: [String] = []

    @Option(help: "Likes.") var likes: Int64?
    @Option(help: "Reposts.") var reposts: Int64?
    @Option(help: "Replies.") var replies: Int64?
    @Option(help: "Quotes.") var quotes: Int64?
    @Option(help: "Views.") var views: Int64?

    @Option(help: "An archived copy's URL.")
    var archiveURL: String?

    func run() throws {
        let context = CommandContext(options)
        try context.run {
            let counts = [likes, reposts, replies, quotes]
            if counts.contains(where: { $0 != nil }) && counts.contains(where: { $0 == nil }) {
                throw InputError.usage("give all four of --likes, --reposts, --replies and --quotes, or none of them")
            }
            let workflow = try context.workflow(acting)
            var data = JSONObjectBuilder()
            data.add("post", post)
            data.add("account", account)
            data.add("url", url)
            data.add("posted_at", postedAt)
            data.add("kind", kind)
            data.add("text", text)
            data.add("amplifies", amplifies)
            data.add("language", language)
            data.add("linked_urls", links)
            data.add("hashtags", hashtags)
            if let likes, let reposts, let replies, let quotes {
                var engagement = JSONObjectBuilder()
                engagement.add("likes", likes)
                engagement.add("reposts", reposts)
                engagement.add("replies", replies)
                engagement.add("quotes", quotes)
                engagement.add("views", views)
                data.add("engagement", engagement.value)
            }
            data.add("archive_url", archiveURL)
            let payload = try PostObserved(fields: FieldReader(data.object))
            let candidates = try workflow.candidateOutlets(for: payload.linkedURLs + (payload.amplifies.flatMap { if case .url(let link) = $0 { return [link] } else { return nil } } ?? []))
            let notes = candidates.map { "candidate attribution: \($0) is a registered outlet (not attributed; run `factledger attribute \(post) --outlet \($0) --via link --confidence …`)" }
            var extra = JSONObjectBuilder()
            extra.add("candidate_outlets", candidates)
            context.report(try workflow.record([payload]), created: post, noun: "post", notes: notes, extra: extra)
        }
    }
}
