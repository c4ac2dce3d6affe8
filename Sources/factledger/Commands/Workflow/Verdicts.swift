// `factledger verdict`, `review`, `revise` and `publish`: conclusions, signed by their authors.
import ArgumentParser
import Events
import Ledger

struct VerdictCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verdict",
        abstract: "Record a verdict on a claim; prints the new verdict id.",
        discussion: """
        The label is checked against the scale (default factledger/1: true, mostly-true, mixture, \
        misleading, mostly-false, false, unproven, satire). If another verdict lands on the claim \
        between your look and your write, this one is refused ("claim changed since you looked"). \
        Under the two-person policy the verdict is final only once another reviewer concurs.

        Example:
          factledger verdict c-7f3a9 --label false \\
            --rationale "No evidence; genome studies trace the virus elsewhere" \\
            --evidence https://www.who.int/… --as bob
        """)

    @OptionGroup var options: LedgerOptions
    @OptionGroup var acting: ActingReviewer

    @Argument(help: "The claim id.")
    var claim: String

    @Option(help: "The rating label.")
    var label: String

    @Option(help: "Why: the reasoning a reader will see.")
    var rationale: String

    @Option(name: .customLong("evidence"), help: "An evidence URL (repeatable).")
    var evidence: [String] = []

    @Option(help: "The rating scale.")
    var scale: String = RatingScale.defaultID

    @Option(help: ArgumentHelp("Fail unless the claim is at this version (default: as read just now).", valueName: "n"))
    var expectVersion: Int64?

    @Option(help: ArgumentHelp("Choose the verdict id instead of a generated one.", valueName: "verdict-id"))
    var id: String?

    func run() throws {
        let context = CommandContext(options)
        try context.run {
            let workflow = try context.workflow(acting)
            let version = try expectVersion ?? workflow.log.streamVersion(.claim(claim))
            guard version > 0 else {
                throw LedgerError.missingReference(index: 0, eventType: VerdictRecorded.typeName, reference: .stream(.claim(claim), noun: "claim \(claim)"))
            }
            let verdict = try id ?? workflow.newVerdictID()
            var data = JSONObjectBuilder()
            data.add("verdict", verdict)
            data.add("claim", claim)
            data.add("label", label)
            data.add("rationale", rationale)
            data.add("scale", scale)
            data.add("evidence", evidence)
            let payload = try VerdictRecorded(fields: FieldReader(data.object))
            let recorded = try workflow.record([payload], expectedStreamVersion: version)
            let policy = try workflow.log.reviewPolicy()
            let note = policy == .twoPerson ? "pending review: under the two-person policy a second reviewer must concur (`factledger review \(verdict) --concur`)" : "final under the single-review policy"
            context.report(recorded, created: verdict, noun: "verdict", notes: [note])
        }
    }
}

struct Review: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "review",
        abstract: "Concur or dissent with another reviewer's verdict.",
        discussion: """
        The verdict's own author cannot review it.

        Example:
          factledger review v-1b2c3 --concur --note "Checked the sources" --as carol
        """)

    @OptionGroup var options: LedgerOptions
    @OptionGroup var acting: ActingReviewer

    @Argument(help: "The verdict id.")
    var verdict: String

    @Flag(help: "Agree with the verdict.")
    var concur = false

    @Flag(help: "Disagree with the verdict.")
    var dissent = false

    @Option(help: "A note on the review.")
    var note: String?

    func validate() throws {
        guard concur != dissent else { throw ValidationError("give exactly one of --concur or --dissent") }
    }

    func run() throws {
        let context = CommandContext(options)
        try context.run {
            let workflow = try context.workflow(acting)
            let payload = try VerdictReviewed(verdict: verdict, decision: concur ? .concur : .dissent, note: note)
            context.report(try workflow.record([payload]))
        }
    }
}

struct Revise: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "revise",
        abstract: "Revise a claim's current verdict; prints the new verdict id.",
        discussion: """
        The revision supersedes the claim's current verdict. A `void` correction clears the label. \
        Once the verdict was published, a public note for readers is required.

        Example:
          factledger revise c-7f3a9 --label mostly-false \\
            --correction-class rating_change --reason "New lab data" \\
            --public-note "We changed our rating on 3 May after new data" --as bob
        """)

    @OptionGroup var options: LedgerOptions
    @OptionGroup var acting: ActingReviewer

    @Argument(help: "The claim id.")
    var claim: String

    @Option(help: "The new label (omit for a void correction).")
    var label: String?

    @Option(help: "rating_change, factual, void or update.")
    var correctionClass: String

    @Option(help: "Why the verdict changes.")
    var reason: String

    @Option(help: "The note readers see (required once the verdict was published).")
    var publicNote: String?

    @Option(help: ArgumentHelp("Choose the new verdict id instead of a generated one.", valueName: "verdict-id"))
    var id: String?

    func run() throws {
        let context = CommandContext(options)
        try context.run {
            let workflow = try context.workflow(acting)
            let version = try workflow.log.streamVersion(.claim(claim))
            guard version > 0 else {
                throw LedgerError.missingReference(index: 0, eventType: VerdictRevised.typeName, reference: .stream(.claim(claim), noun: "claim \(claim)"))
            }
            guard let current = try workflow.currentVerdict(of: claim) else {
                throw InputError.badData("claim \(claim) has no verdict to revise; record one with `factledger verdict \(claim) …`")
            }
            let verdict = try id ?? workflow.newVerdictID()
            var data = JSONObjectBuilder()
            data.add("claim", claim)
            data.add("supersedes", current.verdict)
            data.add("verdict", verdict)
            data.add("label", label)
            data.add("scale", current.scale)
            data.add("correction_class", correctionClass)
            data.add("reason", reason)
            data.add("public_note", publicNote)
            let payload = try VerdictRevised(fields: FieldReader(data.object))
            let recorded = try workflow.record([payload], expectedStreamVersion: version)
            context.report(recorded, created: verdict, noun: "verdict", notes: ["supersedes \(current.verdict) (\(current.label ?? "no label") → \(label ?? "void"))"])
        }
    }
}

struct Publish: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "publish",
        abstract: "Record where a verdict was published.",
        discussion: """
        Example:
          factledger publish v-1b2c3 \\
            --url https://factdesk.example/checks/us-army-wuhan --as alice
        """)

    @OptionGroup var options: LedgerOptions
    @OptionGroup var acting: ActingReviewer

    @Argument(help: "The verdict id.")
    var verdict: String

    @Option(help: "The published article's URL.")
    var url: String

    @Option(help: "When it was published (RFC 3339; default now).")
    var publishedAt: String?

    func run() throws {
        let context = CommandContext(options)
        try context.run {
            let workflow = try context.workflow(acting)
            var data = JSONObjectBuilder()
            data.add("verdict", verdict)
            data.add("url", url)
            data.add("published_at", publishedAt)
            context.report(try workflow.record([try VerdictPublished(fields: FieldReader(data.object))]))
        }
    }
}
