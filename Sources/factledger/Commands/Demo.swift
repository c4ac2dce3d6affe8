// `factledger demo`: build a realistic sample ledger, then show the main views.
import ArgumentParser
import Demo
import Events
import Foundation
import Ledger

struct DemoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Build a realistic sample ledger (fictional data) and show what FactLedger does with it.",
        discussion: """
        Builds a deterministic ledger modelled on the 2020 reporting on diplomatic accounts: 135 fictional \
        mission accounts of 15 countries, real state-outlet domains, activity rising from about 4,000 posts \
        a month (December 2019) to about 17,000 (April 2020) — a tenth of that with --size small — and \
        claims flagged, attributed, given verdicts and reviewed by several reviewers under the two-person \
        policy, with a verdict revised after publication, a retracted entry and a revoked reviewer. \
        recorded_at runs from January to June 2020 (a simulated clock only the demo uses), so `--as-of` \
        and `diff` have a history to show. The demo reviewers' keys go to your key folder.

        Example:
          factledger demo
          factledger demo --dir /tmp/fl-demo --size full --seed 7 --force
        """)

    @OptionGroup var options: LedgerOptions

    @Option(help: ArgumentHelp("Where to build the demo.", valueName: "dir"))
    var dir: String = "factledger-demo"

    @Option(help: "small (about 5,000 events) or full (about 50,000).")
    var size: String = "small"

    @Option(help: "The random seed; the same seed builds the same ledger.")
    var seed: UInt64 = 2020

    @Flag(help: "Replace a demo ledger already in --dir.")
    var force = false

    func run() throws {
        let context = CommandContext(options)
        try context.run {
            guard let chosen = DemoSize(rawValue: size) else {
                throw InputError.usage("--size must be small or full; got \"\(size)\"")
            }
            let ledger = (dir as NSString).appendingPathComponent("factledger.db")
            if FileManager.default.fileExists(atPath: ledger) {
                guard force else {
                    throw LedgerError.ledgerExists(path: ledger + " (pass --force to replace the demo)")
                }
                for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: ledger + suffix) }
            }
            do {
                try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
            } catch {
                throw LedgerError.cannotCreate(path: dir, detail: error.localizedDescription)
            }
            let bar = ProgressBar(label: "building demo")
            var builder = DemoBuilder(size: chosen, seed: seed, keys: context.keys)
            builder.progress = { _, fraction in bar.update(done: Int64(fraction * 1000), total: 1000, unit: "‰") }
            let started = Date()
            let report = try builder.build(at: ledger)
            bar.finish()
            let terminal = context.terminal
            let log = try context.openLog(path: ledger)
            let verification = try LedgerVerifier.verify(log)
            if context.json {
                var object = JSONObjectBuilder()
                object.add("ledger", ledger)
                object.add("size", report.head.size)
                object.add("root", JSONOutput.base64(report.head.root))
                object.add("posts", report.posts)
                object.add("accounts", report.accounts)
                object.add("claims", report.claims)
                object.add("intact", verification.isIntact)
                terminal.out(object.text)
                if !verification.isIntact { throw ExitCode(1) }
                return
            }
            terminal.out(terminal.bold("Built the demo ledger \(ledger)") + " in \(String(format: "%.1f", Date().timeIntervalSince(started))) s (fictional data, seed \(seed), size \(chosen.rawValue))")
            terminal.out("  \(report.head.size) events: \(report.posts) posts by \(report.accounts) mission accounts of \(report.countries) countries, \(report.outlets) outlets, \(report.claims.count) claims")
            for (type, count) in report.eventsByType.sorted(by: { $0.key < $1.key }) {
                terminal.out("    \(type.padding(toLength: 20, withPad: " ", startingAt: 0)) \(count)")
            }
            terminal.out("  reviewers \(report.reviewers.joined(separator: ", ")) under the two-person policy; \(report.revokedReviewer) revoked on 2020-05-20")
            terminal.out("  claim \(report.revisedClaim) was revised after publication; event \(report.retractedEvent) was retracted")
            // The views come from the same commands a user runs afterwards, so the numbers agree.
            let ledgerArguments = ["--ledger", ledger] + (options.color == .auto ? [] : ["--color", options.color.rawValue])
            terminal.out("")
            terminal.out(terminal.bold("Top 10 accounts by misinformation-amplification score (mas/1)") + "   factledger scores --top 10")
            let scores = try Scores.parse(["--top", "10"] + ledgerArguments)
            try scores.run()
            terminal.out("")
            terminal.out(terminal.bold("Claim history of \(report.busiestAccount), posts that carry a claim") + "   factledger history \(report.busiestAccount) --claims-only")
            let history = try History.parse([report.busiestAccount, "--claims-only"] + ledgerArguments)
            try history.run()
            terminal.out("")
            terminal.out(terminal.bold("What changed between 1 March and 30 April 2020") + "   factledger diff --from 2020-03-01 --to 2020-04-30 --threshold 3")
            let diff = try Diff.parse(["--from", "2020-03-01", "--to", "2020-04-30", "--threshold", "3"] + ledgerArguments)
            try diff.run()
            terminal.out("")
            terminal.out(terminal.bold("verify") + ": " + (verification.isIntact
                ? terminal.green("✓ intact") + " — \(verification.eventsChecked) events, \(verification.signaturesChecked) signatures checked, root \(JSONOutput.base64(verification.root))"
                : terminal.red("✗ \(verification.problems.first.map(String.init(describing:)) ?? "tampered")")))
            // Publish: the static site and the audit bundle, through the export commands.
            let site = (dir as NSString).appendingPathComponent("site")
            let bundle = (dir as NSString).appendingPathComponent("bundle")
            for folder in [site, bundle] where force { try? FileManager.default.removeItem(atPath: folder) }
            terminal.out("")
            terminal.out(terminal.bold("Published") + "   factledger export site --out \(site); factledger export bundle --out \(bundle)")
            // The exports are recorded on the demo's timeline, a few milliseconds after its last
            // event, so `scores` run afterwards decays to the same moment the demo printed.
            try ClockOverride.$current.withValue(builder.clock) {
                let siteExport = try ExportSite.parse(["--out", site] + ledgerArguments)
                try siteExport.run()
                let bundleExport = try ExportBundle.parse(["--out", bundle] + ledgerArguments)
                try bundleExport.run()
            }
            terminal.out("  site:   \((site as NSString).appendingPathComponent("index.html")) (open it in a browser; it works offline)")
            terminal.out("  bundle: \(bundle)")
            terminal.out("  check the bundle without FactLedger:  (cd \(bundle) && python3 verify.py)")
            terminal.out("")
            terminal.out("Explore it (prefix with `swift run` when factledger is not on your PATH):")
            terminal.out("  export FACTLEDGER_LEDGER=\(ledger)")
            terminal.out("  factledger audit claim \(report.revisedClaim)")
            terminal.out("  factledger audit account \(report.busiestAccount)")
            terminal.out("  factledger log --type VerdictRevised")
            if !verification.isIntact { throw ExitCode(1) }
        }
    }
}
