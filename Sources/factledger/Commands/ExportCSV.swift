// `factledger export csv --view NAME`: one projection as RFC 4180 CSV.
import ArgumentParser
import Publishing

struct ExportCSV: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "csv",
        abstract: "Write one view as CSV: history, scores, board, activity, outlets or trail.",
        discussion: """
        RFC 4180 via CSV.swift: UTF-8 without a BOM, CRLF line ends, a header row, \
        and fields with commas, quotes or line breaks quoted. Times are ISO 8601 \
        UTC; lists are joined with ';'; an empty field is an absent value. Every row \
        ends with as_of_position and method_version (such as mas/1).
          history   one row per post and claim it carries, with post text and URL
          scores    one row per scored account: MAS and what is beside it
          board     one row per claim: status, label, reviewers, published URL
          activity  per month, a total row (empty account) and a row per account
          outlets   one row per registered outlet
          trail     one row per verdict event of each claim

        Examples:
          factledger export csv --view scores --out scores.csv
          factledger export csv --view history --out exports/ --as-of 2020-06-30
        """)

    @OptionGroup var export: ExportOptions

    @Option(help: ArgumentHelp("The view: \(CSVView.allCases.map(\.rawValue).joined(separator: ", ")).", valueName: "view"))
    var view: String

    func validate() throws {
        do { _ = try CSVView(name: view) } catch let error as PublishingError {
            throw ValidationError(error.description)
        }
    }

    func run() throws {
        let view = try CSVView(name: view)
        try export.run { publisher, out in try publisher.csv(view, to: out) }
    }
}
