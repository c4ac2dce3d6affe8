// `factledger export site --out DIR`: the static HTML report (issue 6, DESIGN §2 Publishing),
// tied to a signed checkpoint and recorded in the ledger as ExportGenerated.
import ArgumentParser
import Projections
import Publishing

struct ExportSite: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "site",
        abstract: "Write a static HTML report: scores, charts, a page per account and per claim, methodology and verification.",
        discussion: """
        The report needs no server and no network, and runs no JavaScript: open DIR/index.html \
        in a browser. The index holds the amplification scores and SVG charts of posts a month and \
        of the highest scores; each account has a page with its claim history, and each claim a \
        page with its verdict trail and its schema.org ClaimReview as JSON-LD. Every page names \
        the as-of position, the checkpoint root and the method version. Text from posts and \
        claims is shown escaped, and file names are slugs, so nothing from the data runs or \
        leaves DIR.

        DIR is created if its parent exists. A folder holding an earlier site (its SHA256SUMS) is \
        updated, and its pages that no longer exist are removed; any other non-empty folder is \
        refused (exit 73). ExportGenerated records the SHA-256 of DIR/SHA256SUMS, which lists the \
        SHA-256 of every file (`sha256sum -c SHA256SUMS` checks them).

        Examples:
          factledger export site --out report
          factledger export site --out report-2020-04 --as-of 2020-04-30 --as alice
        """)

    @OptionGroup var export: ExportOptions

    func run() throws {
        let asOf = (export.asOf.asOf ?? .head).description
        try export.run { publisher, out in try publisher.site(to: out, asOf: asOf) }
    }
}
