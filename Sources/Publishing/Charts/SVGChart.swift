// The static site's charts (DESIGN §2, Publishing): hand-written SVG, no chart library and no
// script. A chart is laid out as plain shapes here, then rendered through a mustache template,
// so every label that comes from the ledger is escaped exactly like the rest of the site.
import Foundation
import Mustache

/// A chart as positioned shapes: bars, lines and labels in a fixed coordinate space.
///
/// Guarantees: rendering gives a standalone, well-formed SVG document (it parses as XML) in
/// which text from the data appears only escaped; it needs no script and no external file.
/// Cost: O(shapes).
public struct SVGChart: Sendable, Equatable {
    /// A filled rectangle. Data bars have class `bar`; legend swatches have class `swatch`.
    public struct Box: Sendable, Equatable {
        public var x: Double
        public var y: Double
        public var width: Double
        public var height: Double
        /// A CSS colour such as `#0072B2`.
        public var fill: String
        /// `bar` or `swatch`.
        public var role: String
        /// The tooltip: what the box shows, in words.
        public var title: String
    }

    /// A straight line: an axis, a grid line or a reference line.
    public struct Rule: Sendable, Equatable {
        public var x1: Double
        public var y1: Double
        public var x2: Double
        public var y2: Double
        /// `axis`, `grid` or `reference`.
        public var role: String
    }

    /// A text label.
    public struct Label: Sendable, Equatable {
        public enum Anchor: String, Sendable { case start, middle, end }
        public var x: Double
        public var y: Double
        public var anchor: Anchor
        public var text: String
        /// `tick`, `legend`, `value`, `name` or `note`.
        public var role: String
    }

    /// An id for the title and description elements, unique within a page.
    public let id: String
    /// The accessible title.
    public let title: String
    /// The accessible description: what the chart shows, in one sentence.
    public let summary: String
    public let width: Double
    public let height: Double
    public private(set) var boxes: [Box] = []
    public private(set) var rules: [Rule] = []
    public private(set) var labels: [Label] = []

    /// An empty chart of the given size.
    public init(id: String, title: String, summary: String, width: Double, height: Double) {
        self.id = id
        self.title = title
        self.summary = summary
        self.width = width
        self.height = height
    }

    /// The data bars (class `bar`), in drawing order.
    public var bars: [Box] { boxes.filter { $0.role == "bar" } }

    mutating func add(_ box: Box) { boxes.append(box) }
    mutating func add(_ rule: Rule) { rules.append(rule) }
    mutating func add(_ label: Label) { labels.append(label) }

    /// The values the SVG template reads; numbers are written with one decimal.
    var context: [String: Any] {
        [
            "id": id, "title": title, "summary": summary,
            "width": SVGChart.number(width), "height": SVGChart.number(height),
            "boxes": boxes.map { box -> [String: Any] in
                ["x": SVGChart.number(box.x), "y": SVGChart.number(box.y), "width": SVGChart.number(box.width),
                 "height": SVGChart.number(box.height), "fill": box.fill, "role": box.role, "title": box.title]
            },
            "rules": rules.map { rule -> [String: Any] in
                ["x1": SVGChart.number(rule.x1), "y1": SVGChart.number(rule.y1), "x2": SVGChart.number(rule.x2),
                 "y2": SVGChart.number(rule.y2), "role": rule.role, "stroke": SVGChart.stroke(rule.role),
                 "dashed": rule.role == "reference"]
            },
            "labels": labels.map { label -> [String: Any] in
                ["x": SVGChart.number(label.x), "y": SVGChart.number(label.y), "anchor": label.anchor.rawValue,
                 "text": label.text, "role": label.role, "size": label.role == "note" ? "13" : "11",
                 "weight": label.role == "note" ? "bold" : "normal"]
            },
        ]
    }

    /// The chart as an SVG document (the same markup is inlined in the HTML pages).
    public func svg() -> String {
        SiteTemplates.library.render(SiteText.sanitize(context), withTemplate: "chart") ?? ""
    }

    /// `value` with one decimal, without a trailing `.0`, in the POSIX locale.
    static func number(_ value: Double) -> String {
        guard value.isFinite else { return "0" }
        let rounded = (value * 10).rounded() / 10
        if rounded == rounded.rounded(), abs(rounded) < 1e15 { return String(Int64(rounded)) }
        return String(format: "%.1f", rounded)
    }

    private static func stroke(_ role: String) -> String {
        switch role {
        case "axis": return "#444444"
        case "reference": return "#B00020"
        default: return "#DDDDDD"
        }
    }

    /// A colour-blind-safe palette (Okabe and Ito), then grey for "other".
    static let palette = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00"]
    /// The colour of the "other accounts" series.
    static let otherColour = "#B4B4B4"

    /// Round axis steps: 1, 2 or 5 times a power of ten, so that about `count` ticks span `maximum`.
    static func tickStep(maximum: Double, count: Int = 5) -> Double {
        guard maximum > 0 else { return 1 }
        let raw = maximum / Double(max(count, 1))
        let magnitude = pow(10, floor(log10(raw)))
        for multiple in [1.0, 2.0, 5.0, 10.0] where raw <= multiple * magnitude { return max(1, multiple * magnitude) }
        return max(1, 10 * magnitude)
    }

    /// `text` cut to `limit` characters, with an ellipsis when cut.
    static func shortened(_ text: String, to limit: Int) -> String {
        text.count <= limit ? text : String(text.prefix(limit - 1)) + "…"
    }
}
