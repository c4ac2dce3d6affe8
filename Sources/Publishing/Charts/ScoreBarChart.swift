// Horizontal bars: the misinformation-amplification score of the top accounts (DESIGN §5, mas/1).
import Foundation
import Projections

/// Lays out the MAS of the highest-scored accounts as horizontal bars from 0 to a round value
/// at or above the highest (at most 100, the top of the scale), with the population mean 100·μ
/// (the value every score is shrunk toward) as a dashed line.
public struct ScoreBarChart: Sendable {
    /// One bar.
    public struct Entry: Sendable, Equatable {
        public var name: String
        public var value: Double
        public var detail: String

        public init(name: String, value: Double, detail: String) {
            self.name = name
            self.value = value
            self.detail = detail
        }
    }

    /// How many accounts the index chart shows.
    public static let topAccountCount = 10

    public var entries: [Entry]
    /// 100·μ, drawn as a reference line when given.
    public var reference: Double?

    public init(entries: [Entry], reference: Double?) {
        self.entries = entries
        self.reference = reference
    }

    /// The bars of the `top` highest MAS in `result`, highest first.
    public static func scores(_ result: AmplificationScores.Result, top: Int = topAccountCount) -> ScoreBarChart {
        ScoreBarChart(
            entries: result.scores.prefix(top).map { score in
                Entry(name: score.account.description, value: score.mas,
                      detail: "MAS \(String(format: "%.2f", score.mas)) (\(result.parameters.method)), \(score.postCount) posts, \(score.reviewedCount) reviewed")
            },
            reference: result.mean.map { $0 * 100 })
    }

    /// The chart: one row per entry, account names on the left, the value after each bar.
    public func chart(id: String, title: String, summary: String, width: Double = 960) -> SVGChart {
        let rowHeight = 28.0, top = 16.0, bottom = 36.0, left = 270.0, right = 60.0
        let height = top + bottom + rowHeight * Double(max(entries.count, 1))
        var chart = SVGChart(id: id, title: title, summary: summary, width: width, height: height)
        let plotWidth = width - left - right
        let plotBottom = height - bottom
        let highest = max(entries.map(\.value).max() ?? 0, reference ?? 0)
        var step = SVGChart.tickStep(maximum: highest, count: 4)
        var ceiling = max(step, (highest / step).rounded(.up) * step)
        if ceiling >= 100 { (step, ceiling) = (25, 100) }
        func x(_ value: Double) -> Double { left + plotWidth * min(max(value, 0), ceiling) / ceiling }

        for tick in stride(from: 0.0, through: ceiling + step / 2, by: step) {
            chart.add(SVGChart.Rule(x1: x(tick), y1: top, x2: x(tick), y2: plotBottom, role: tick == 0 ? "axis" : "grid"))
            chart.add(SVGChart.Label(x: x(tick), y: plotBottom + 16, anchor: .middle, text: StackedBarChart.count(tick), role: "tick"))
        }
        chart.add(SVGChart.Rule(x1: left, y1: plotBottom, x2: left + plotWidth, y2: plotBottom, role: "axis"))
        guard !entries.isEmpty else {
            chart.add(SVGChart.Label(x: left + plotWidth / 2, y: top + rowHeight / 2 + 4, anchor: .middle, text: "No account is scored yet", role: "note"))
            return chart
        }
        for (index, entry) in entries.enumerated() {
            let rowTop = top + rowHeight * Double(index)
            let barTop = rowTop + 5
            chart.add(SVGChart.Label(x: left - 8, y: rowTop + rowHeight / 2 + 4, anchor: .end, text: SVGChart.shortened(entry.name, to: 40), role: "name"))
            chart.add(SVGChart.Box(
                x: left, y: barTop, width: max(x(entry.value) - left, 0.5), height: rowHeight - 10,
                fill: SVGChart.palette[0], role: "bar", title: "\(entry.name): \(entry.detail)"))
            chart.add(SVGChart.Label(x: x(entry.value) + 6, y: rowTop + rowHeight / 2 + 4, anchor: .start, text: String(format: "%.1f", entry.value), role: "value"))
        }
        if let reference, reference.isFinite {
            chart.add(SVGChart.Rule(x1: x(reference), y1: top, x2: x(reference), y2: plotBottom, role: "reference"))
            chart.add(SVGChart.Label(x: x(reference) + 4, y: plotBottom + 30, anchor: .start, text: "100·μ = \(String(format: "%.1f", reference))", role: "tick"))
        }
        return chart
    }
}
