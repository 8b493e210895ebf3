import HyperscopeAnalysis
import HyperscopeCore

/// Builds an SVG document element by element; every text and tooltip is XML-escaped.
struct SVGCanvas {
    let width: Int
    let height: Int
    private var body = ""

    /// A white canvas with a bold title at the top left.
    init(width: Int, height: Int, title: String) {
        self.width = width
        self.height = height
        text(x: 16, y: 26, title, size: 16, bold: true)
    }

    /// Coordinates with two decimals.
    static func number(_ value: Double) -> String { NumberFormatting.fixed(value, decimals: 2) }

    mutating func line(x1: Double, y1: Double, x2: Double, y2: Double, stroke: String, width: Double = 1) {
        body +=
            "<line x1=\"\(Self.number(x1))\" y1=\"\(Self.number(y1))\" x2=\"\(Self.number(x2))\" y2=\"\(Self.number(y2))\" stroke=\"\(stroke)\" stroke-width=\"\(Self.number(width))\"/>\n"
    }

    mutating func rect(
        x: Double, y: Double, width: Double, height: Double, fill: String, stroke: String = "none",
        tooltip: String? = nil
    ) {
        let open =
            "<rect x=\"\(Self.number(x))\" y=\"\(Self.number(y))\" width=\"\(Self.number(max(0, width)))\" height=\"\(Self.number(max(0, height)))\" fill=\"\(fill)\" stroke=\"\(stroke)\""
        body += tooltip.map { open + "><title>\(Markup.escape($0))</title></rect>\n" } ?? open + "/>\n"
    }

    mutating func circle(
        x: Double, y: Double, radius: Double, fill: String, stroke: String = "none", tooltip: String? = nil
    ) {
        let open =
            "<circle cx=\"\(Self.number(x))\" cy=\"\(Self.number(y))\" r=\"\(Self.number(radius))\" fill=\"\(fill)\" stroke=\"\(stroke)\""
        body += tooltip.map { open + "><title>\(Markup.escape($0))</title></circle>\n" } ?? open + "/>\n"
    }

    /// A polyline; segments break where a point is `nil`.
    mutating func polyline(
        _ points: [(Double, Double)?], stroke: String, width: Double = 1.5, opacity: Double = 1, tooltip: String? = nil
    ) {
        var runs: [[(Double, Double)]] = [[]]
        for point in points {
            if let point {
                runs[runs.count - 1].append(point)
            } else if !runs[runs.count - 1].isEmpty {
                runs.append([])
            }
        }
        for run in runs where run.count >= 2 {
            let list = run.map { "\(Self.number($0.0)),\(Self.number($0.1))" }.joined(separator: " ")
            let open =
                "<polyline points=\"\(list)\" fill=\"none\" stroke=\"\(stroke)\" stroke-width=\"\(Self.number(width))\" stroke-opacity=\"\(Self.number(opacity))\""
            body += tooltip.map { open + "><title>\(Markup.escape($0))</title></polyline>\n" } ?? open + "/>\n"
        }
    }

    mutating func text(
        x: Double, y: Double, _ content: String, anchor: String = "start", size: Int = 12, bold: Bool = false,
        rotate: Double? = nil, fill: String = "#222222"
    ) {
        let transform =
            rotate.map { " transform=\"rotate(\(Self.number($0)) \(Self.number(x)) \(Self.number(y)))\"" } ?? ""
        let weight = bold ? " font-weight=\"bold\"" : ""
        body +=
            "<text x=\"\(Self.number(x))\" y=\"\(Self.number(y))\" text-anchor=\"\(anchor)\" font-size=\"\(size)\" fill=\"\(fill)\"\(weight)\(transform)>\(Markup.escape(content))</text>\n"
    }

    /// The finished document.
    var document: String {
        """
        <svg xmlns="http://www.w3.org/2000/svg" width="\(width)" height="\(height)" viewBox="0 0 \(width) \(height)" \
        font-family="Helvetica, Arial, sans-serif" font-size="12">
        <rect width="100%" height="100%" fill="white"/>
        \(body)</svg>

        """
    }
}

/// A rectangle of the canvas that data fractions (0…1 on each axis) map onto.
struct PlotArea {
    let left: Double
    let top: Double
    let right: Double
    let bottom: Double

    /// The x pixel of a fraction of the width.
    func x(_ fraction: Double) -> Double { left + fraction * (right - left) }
    /// The y pixel of a fraction of the height, 0 at the bottom.
    func y(_ fraction: Double) -> Double { bottom - fraction * (bottom - top) }

    /// Draws the frame, grid lines and tick labels, and the axis labels.
    func drawFrame(
        on canvas: inout SVGCanvas, xTicks: [(Double, String)], yTicks: [(Double, String)], xLabel: String,
        yLabel: String
    ) {
        for (fraction, label) in xTicks where (0...1).contains(fraction) {
            canvas.line(x1: x(fraction), y1: top, x2: x(fraction), y2: bottom, stroke: "#eeeeee")
            canvas.text(x: x(fraction), y: bottom + 16, label, anchor: "middle", size: 11)
        }
        for (fraction, label) in yTicks where (0...1).contains(fraction) {
            canvas.line(x1: left, y1: y(fraction), x2: right, y2: y(fraction), stroke: "#eeeeee")
            canvas.text(x: left - 6, y: y(fraction) + 4, label, anchor: "end", size: 11)
        }
        canvas.rect(x: left, y: top, width: right - left, height: bottom - top, fill: "none", stroke: "#333333")
        canvas.text(x: (left + right) / 2, y: bottom + 36, xLabel, anchor: "middle")
        canvas.text(x: 18, y: (top + bottom) / 2, yLabel, anchor: "middle", rotate: -90)
    }
}

extension AxisScale {
    /// The ticks as (fraction along the axis, label) pairs.
    var labelledTicks: [(Double, String)] {
        ticks.map { (fraction($0), NumberFormatting.metric($0)) }
    }
}

extension ParameterAxis {
    /// Tick marks as (fraction along the axis, label): every category, or round numbers within the range.
    var labelledTicks: [(Double, String)] {
        if !categories.isEmpty {
            let step = max(1, categories.count / 12)
            return stride(from: 0, to: categories.count, by: step).map {
                (position(of: .string(categories[$0])) ?? 0, Self.shortLabel(categories[$0]))
            }
        }
        let scale = AxisScale(covering: [low, high], logarithmic: scale == .logarithmic)
        return scale.ticks.compactMap { tick in
            guard let fraction = position(of: .float(tick)), fraction >= -1e-9, fraction <= 1 + 1e-9 else { return nil }
            return (min(1, max(0, fraction)), NumberFormatting.metric(tick))
        }
    }

    /// A category's label cut to 18 characters.
    static func shortLabel(_ label: String) -> String {
        label.count > 18 ? String(label.prefix(17)) + "…" : label
    }
}

/// Colours for objective values: a perceptually even ramp (after matplotlib's viridis) from the
/// worst value (purple) to the best (yellow).
enum ObjectiveColours {
    private static let stops: [(Double, Double, Double)] = [
        (68, 1, 84), (59, 82, 139), (33, 145, 140), (94, 201, 98), (253, 231, 37),
    ]

    /// The colour of a value within `range`, brighter for better values under `goal`.
    static func colour(_ value: Double, range: ClosedRange<Double>, goal: MetricGoal) -> String {
        let span = range.upperBound - range.lowerBound
        var fraction = span > 0 ? (value - range.lowerBound) / span : 1
        if goal == .minimize { fraction = 1 - fraction }
        let scaled = min(1, max(0, fraction)) * Double(stops.count - 1)
        let index = min(stops.count - 2, Int(scaled))
        let t = scaled - Double(index)
        let (a, b) = (stops[index], stops[index + 1])
        func channel(_ x: Double, _ y: Double) -> Int { Int((x + (y - x) * t).rounded()) }
        let hex = [channel(a.0, b.0), channel(a.1, b.1), channel(a.2, b.2)].map { String($0, radix: 16) }.map {
            $0.count == 1 ? "0" + $0 : $0
        }
        return "#" + hex.joined()
    }

    /// A vertical legend bar from worst (bottom) to best (top), with the end values labelled.
    static func drawLegend(
        on canvas: inout SVGCanvas, x: Double, top: Double, bottom: Double, range: ClosedRange<Double>,
        goal: MetricGoal, label: String
    ) {
        let steps = 24
        let height = (bottom - top) / Double(steps)
        for step in 0..<steps {
            let fraction = (Double(step) + 0.5) / Double(steps)
            let value =
                goal == .maximize
                ? range.lowerBound + fraction * (range.upperBound - range.lowerBound)
                : range.upperBound - fraction * (range.upperBound - range.lowerBound)
            canvas.rect(
                x: x, y: bottom - Double(step + 1) * height, width: 14, height: height + 0.5,
                fill: colour(value, range: range, goal: goal))
        }
        canvas.text(
            x: x + 20, y: top + 10, NumberFormatting.metric(goal == .maximize ? range.upperBound : range.lowerBound),
            size: 11)
        canvas.text(
            x: x + 20, y: bottom, NumberFormatting.metric(goal == .maximize ? range.lowerBound : range.upperBound),
            size: 11)
        canvas.text(x: x + 7, y: top - 8, label, anchor: "middle", size: 11)
    }
}
