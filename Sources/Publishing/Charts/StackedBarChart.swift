// Vertical stacked bars: posts a month, split by account (DESIGN §5, MonthlyActivity).
import Foundation
import Projections

/// Lays out a stacked bar chart: one bar per category (month), one segment per series.
public struct StackedBarChart: Sendable {
    /// One stacked series, such as one account's posts a month.
    public struct Series: Sendable, Equatable {
        public var name: String
        public var colour: String
        /// One value per category; zero values draw nothing.
        public var values: [Int]

        public init(name: String, colour: String, values: [Int]) {
            self.name = name
            self.colour = colour
            self.values = values
        }
    }

    public var categories: [String]
    public var series: [Series]
    /// The unit in tooltips, such as `posts`.
    public var unit: String

    public init(categories: [String], series: [Series], unit: String) {
        self.categories = categories
        self.series = series
        self.unit = unit
    }

    /// The chart: a y axis with round ticks, one bar per category with a segment for each
    /// nonzero series value (bottom to top in series order), x labels thinned to about twelve,
    /// and a legend when there is more than one series.
    public func chart(id: String, title: String, summary: String, width: Double = 960, height: Double = 360) -> SVGChart {
        var chart = SVGChart(id: id, title: title, summary: summary, width: width, height: height)
        let legendRows = series.count > 1 ? (series.count + 2) / 3 : 0
        let left = 56.0, right = 16.0, top = 16.0
        let bottom = 40.0 + Double(legendRows) * 20
        let plotWidth = width - left - right
        let plotHeight = height - top - bottom
        let totals = categories.indices.map { index in series.reduce(0) { $0 + ($1.values.indices.contains(index) ? max($1.values[index], 0) : 0) } }
        let maximum = Double(totals.max() ?? 0)
        let step = SVGChart.tickStep(maximum: maximum)
        let ceiling = max(step, (maximum / step).rounded(.up) * step)
        func y(_ value: Double) -> Double { top + plotHeight - plotHeight * value / ceiling }

        var tick = 0.0
        while tick <= ceiling + step / 2 {
            chart.add(SVGChart.Rule(x1: left, y1: y(tick), x2: left + plotWidth, y2: y(tick), role: tick == 0 ? "axis" : "grid"))
            chart.add(SVGChart.Label(x: left - 6, y: y(tick) + 4, anchor: .end, text: StackedBarChart.count(tick), role: "tick"))
            tick += step
        }
        chart.add(SVGChart.Rule(x1: left, y1: top, x2: left, y2: top + plotHeight, role: "axis"))

        guard !categories.isEmpty else {
            chart.add(SVGChart.Label(x: left + plotWidth / 2, y: top + plotHeight / 2, anchor: .middle, text: "No posts in the ledger yet", role: "note"))
            return chart
        }
        let band = plotWidth / Double(categories.count)
        let barWidth = max(1, band * 0.8)
        let labelEvery = max(1, Int((Double(categories.count) / 12).rounded(.up)))
        for (index, category) in categories.enumerated() {
            let x = left + band * Double(index) + (band - barWidth) / 2
            var base = 0.0
            for entry in series {
                let value = entry.values.indices.contains(index) ? entry.values[index] : 0
                guard value > 0 else { continue }
                let segmentTop = y(base + Double(value))
                chart.add(SVGChart.Box(
                    x: x, y: segmentTop, width: barWidth, height: y(base) - segmentTop, fill: entry.colour, role: "bar",
                    title: "\(category) · \(entry.name): \(value) \(unit)"))
                base += Double(value)
            }
            if index % labelEvery == 0 {
                chart.add(SVGChart.Label(x: left + band * (Double(index) + 0.5), y: top + plotHeight + 16, anchor: .middle, text: category, role: "tick"))
            }
        }
        if series.count > 1 {
            let columnWidth = plotWidth / 3
            for (index, entry) in series.enumerated() {
                let x = left + columnWidth * Double(index % 3)
                let rowY = top + plotHeight + 34 + Double(index / 3) * 20
                chart.add(SVGChart.Box(x: x, y: rowY - 10, width: 12, height: 12, fill: entry.colour, role: "swatch", title: entry.name))
                chart.add(SVGChart.Label(x: x + 18, y: rowY, anchor: .start, text: SVGChart.shortened(entry.name, to: 40), role: "legend"))
            }
        }
        return chart
    }

    /// A whole tick value with thousands separated by commas: `17,000`.
    static func count(_ value: Double) -> String {
        let digits = String(Int64(value.rounded()).magnitude)
        var grouped = ""
        for (index, digit) in digits.enumerated() {
            if index > 0, (digits.count - index) % 3 == 0 { grouped.append(",") }
            grouped.append(digit)
        }
        return (value < 0 ? "-" : "") + grouped
    }
}

extension StackedBarChart {
    /// How many accounts get their own series in the activity chart; the rest are "other accounts".
    public static let topAccountCount = 5

    /// Posts a month for the whole ledger: the `top` accounts with the most posts each get a
    /// series, and every other account is summed into "other accounts", so each bar's height
    /// is the month's total. Months without posts between the first and the last show as gaps.
    public static func monthlyActivity(_ months: [MonthlyActivity.Month], top: Int = topAccountCount) -> StackedBarChart {
        var totals: [String: Int] = [:]
        var byMonth: [String: [String: Int]] = [:]
        for month in months {
            for entry in month.accounts {
                totals[entry.account.description, default: 0] += entry.counts.posts
                byMonth[month.month, default: [:]][entry.account.description, default: 0] += entry.counts.posts
            }
        }
        let categories = continuous(months.map(\.month))
        let leaders = totals.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }.prefix(top).map(\.key)
        var series = leaders.enumerated().map { index, account in
            Series(name: account, colour: SVGChart.palette[index % SVGChart.palette.count], values: categories.map { byMonth[$0]?[account] ?? 0 })
        }
        let leaderSet = Set(leaders)
        let others = categories.map { month in
            (byMonth[month] ?? [:]).filter { !leaderSet.contains($0.key) }.reduce(0) { $0 + $1.value }
        }
        if others.contains(where: { $0 > 0 }) {
            series.append(Series(name: "other accounts", colour: SVGChart.otherColour, values: others))
        }
        return StackedBarChart(categories: categories, series: series, unit: "posts")
    }

    /// Posts a month of one account, from `first` to `last` month (`YYYY-MM`), zero where it did not post.
    public static func accountActivity(account: String, posts: [String: Int], from first: String, through last: String) -> StackedBarChart {
        let categories = first.isEmpty ? [] : continuous([first, last])
        return StackedBarChart(
            categories: categories,
            series: [Series(name: account, colour: SVGChart.palette[0], values: categories.map { posts[$0] ?? 0 })],
            unit: "posts")
    }

    /// Every month from the first to the last of `months` (sorted `YYYY-MM` strings), gaps filled.
    /// Text that is not `YYYY-MM` is kept as it is.
    static func continuous(_ months: [String]) -> [String] {
        func parse(_ text: String) -> Int? {
            let parts = text.split(separator: "-")
            guard parts.count == 2, let year = Int(parts[0]), let month = Int(parts[1]), (1...12).contains(month) else { return nil }
            return year * 12 + month - 1
        }
        guard let firstText = months.first, let lastText = months.last, let first = parse(firstText), let last = parse(lastText),
              first <= last, last - first < 1200 else { return months }
        return (first...last).map { String(format: "%04d-%02d", $0 / 12, $0 % 12 + 1) }
    }
}
