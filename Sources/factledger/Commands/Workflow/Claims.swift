// `factledger flag`, `appearance`, `attribute` and `merge`: claims and where they appear.
import ArgumentParser
import Events
import Ledger

struct FlagClaim: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "flag",
        abstract: "Flag a claim made in an observed post; prints the new claim id.",
        discussion: """
        Records ClaimFlagged and its first appearance (the post asserts the claim). The summary states \
        the claim in 75 characters or fewer and must not contain a verdict (no "false", "misleading", …).

        Example:
          factledger flag twitter:1238291234 \\
            --summary "The US army brought the coronavirus to Wuhan" \\
            --topic covid-19 --as bob
        """)

    @OptionGroup var options: LedgerOptions
    @OptionGroup var acting: ActingReviewer

    @Argument(help: "The observed post that makes the claim, such as twitter:1238291234.")
    var post: String

    @Option(help: "The claim in 75 characters or fewer, without a verdict.")
    var summary: String

    @Option(help: "The claim's full text.")
    var text: String?

    @Option(help: "The language of the claim (BCP 47).")
    var language: String?

    @Option(name: .customLong("topic"), help: "A topic (repeatable).")
    var topics: [String] = []

    @Option(help: "How the post relates to the claim: asserts, repeats, amplifies or quotes_critically.")
    var relation: String = "asserts"

    @Option(help: ArgumentHelp("Choose the claim id instead of a generated one (such as c-wuhan-origin).", valueName: "claim-id"))
    var id: String?

    func run() throws {
        let context = CommandContext(options)
        try context.run {
            let workflow = try context.workflow(acting)
            let claim = try id ?? workflow.newClaimID()
            var data = JSONObjectBuilder()
            data.add("claim", claim)
            data.add("summary", summary)
            data.add("post", post)
            data.add("text", text)
            data.add("language", language)
            data.add("topics", topics)
            let flag = try ClaimFlagged(fields: FieldReader(data.object))
            var appearanceData = JSONObjectBuilder()
            appearanceData.add("claim", claim)
            appearanceData.add("post", post)
            appearanceData.add("relation", relation)
            let appearance = try AppearanceRecorded(fields: FieldReader(appearanceData.object))
            context.report(try workflow.record([flag, appearance], expectedStreamVersion: 0), created: claim, noun: "claim")
        }
    }
}

struct Appearance: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "appearance",
        abstract: "Record that a claim appears in another observed post.",
        discussion: """
        Example:
          factledger appearance c-7f3a9 twitter:1238500000 --relation amplifies --as bob
        """)

    @OptionGroup var options: LedgerOptions
    @OptionGroup var acting: ActingReviewer

    @Argument(help: "The claim id.")
    var claim: String

    @Argument(help: "The observed post, such as twitter:1238500000.")
    var post: String

    @Option(help: "asserts, repeats, amplifies or quotes_critically.")
    var relation: String

    func run() throws {
        let context = CommandContext(options)
        try context.run {
            let workflow = try context.workflow(acting)
            var data = JSONObjectBuilder()
            data.add("claim", claim)
            data.add("post", post)
            data.add("relation", relation)
            context.report(try workflow.record([try AppearanceRecorded(fields: FieldReader(data.object))]))
        }
    }
}

struct Attribute: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "attribute",
        abstract: "Attribute a claim or a post to a registered outlet.",
        discussion: """
        The target is a claim id (c-7f3a9) or a post (twitter:1238291234).

        Example:
          factledger attribute c-7f3a9 --outlet rt.com --via link \\
            --confidence confirmed --evidence https://web.archive.org/… --as bob
        """)

    @OptionGroup var options: LedgerOptions
    @OptionGroup var acting: ActingReviewer

    @Argument(help: "A claim id or a post (platform:id).")
    var target: String

    @Option(help: "The outlet's registered domain, such as rt.com.")
    var outlet: String

    @Option(help: "link, repost, quote or citation.")
    var via: String

    @Option(help: "confirmed, probable or possible.")
    var confidence: String

    @Option(help: "A URL with the evidence.")
    var evidence: String?

    func run() throws {
        let context = CommandContext(options)
        try context.run {
            let workflow = try context.workflow(acting)
            var data = JSONObjectBuilder()
            data.add("outlet", outlet)
            data.add(target.contains(":") ? "post" : "claim", target)
            data.add("via", via)
            data.add("confidence", confidence)
            data.add("evidence_url", evidence)
            context.report(try workflow.record([try SourceAttributed(fields: FieldReader(data.object))]))
        }
    }
}

struct Merge: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "merge",
        abstract: "Merge a duplicate claim into another; its appearances then count for the surviving claim.",
        discussion: """
        Example:
          factledger merge c-1a2b3 --into c-7f3a9 \\
            --reason "same claim, reworded" --as alice
        """)

    @OptionGroup var options: LedgerOptions
    @OptionGroup var acting: ActingReviewer

    @Argument(help: "The duplicate claim.")
    var claim: String

    @Option(help: "The claim that survives.")
    var into: String

    @Option(help: "Why they are the same claim.")
    var reason: String

    func run() throws {
        let context = CommandContext(options)
        try context.run {
            let workflow = try context.workflow(acting)
            let payload = try ClaimsMerged(surviving: into, merged: claim, reason: reason)
            context.report(try workflow.record([payload]))
        }
    }
}
