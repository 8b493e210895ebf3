import HyperscopeCore

/// Draws a ``LineChart`` as a self-contained SVG document: axes with ticks and labels, one coloured
/// line per series with its shaded band, and a legend. Every text is escaped (``Markup/escape(_:)``).
public enum SVGLineChart {
    /// The colours of the series, in order (colour-blind-friendly, after Paul Tol's "bright" scheme).
    static let palette = ["#4477AA", "#EE6677", "#228833", "#CCBB44", "#66CCEE", "#AA3377", "#BBBBBB", "#000000"]

    /// The SVG text of a chart.
    ///
    /// - Parameters:
    ///   - width: The width of the plot and axes in pixels; the legend adds room for its longest label.
    ///   - height: The picture's height in pixels; it grows to fit a long legend.
    public static func render(_ chart: LineChart, width: Int = 860, height: Int = 500) -> String {
        let height = max(height, 110 + 20 * chart.series.count)
        let legendWidth = 60 + 7 * (chart.series.map(\.name.count).max() ?? 0)
        let width = width - 230 + legendWidth
        let left = 80.0
        let right = Double(width - legendWidth)
        let top = 50.0
        let bottom = Double(height) - 60
        let xValues = chart.series.flatMap { $0.points.map(\.x) }
        let yValues = chart.series.flatMap { series in
            series.points.map(\.y) + series.band.flatMap { [$0.low, $0.high] }
        }
        let xScale = AxisScale(covering: xValues, logarithmic: chart.logX)
        let yScale = AxisScale(covering: yValues, logarithmic: chart.logY)
        func px(_ x: Double) -> Double { left + xScale.fraction(x) * (right - left) }
        func py(_ y: Double) -> Double { bottom - yScale.fraction(y) * (bottom - top) }
        func number(_ value: Double) -> String { NumberFormatting.fixed(value, decimals: 2) }

        var svg = """
            <svg xmlns="http://www.w3.org/2000/svg" width="\(width)" height="\(height)" viewBox="0 0 \(width) \(height)" \
            font-family="Helvetica, Arial, sans-serif" font-size="12">
            <rect width="100%" height="100%" fill="white"/>
            <text x="\(number(left))" y="28" font-size="16" font-weight="bold">\(Markup.escape(chart.title))</text>

            """
        for tick in xScale.ticks {
            let x = px(tick)
            svg +=
                "<line x1=\"\(number(x))\" y1=\"\(number(top))\" x2=\"\(number(x))\" y2=\"\(number(bottom))\" stroke=\"#eeeeee\"/>\n"
            svg +=
                "<text x=\"\(number(x))\" y=\"\(number(bottom + 18))\" text-anchor=\"middle\">\(Markup.escape(NumberFormatting.metric(tick)))</text>\n"
        }
        for tick in yScale.ticks {
            let y = py(tick)
            svg +=
                "<line x1=\"\(number(left))\" y1=\"\(number(y))\" x2=\"\(number(right))\" y2=\"\(number(y))\" stroke=\"#eeeeee\"/>\n"
            svg +=
                "<text x=\"\(number(left - 8))\" y=\"\(number(y + 4))\" text-anchor=\"end\">\(Markup.escape(NumberFormatting.metric(tick)))</text>\n"
        }
        svg +=
            "<rect x=\"\(number(left))\" y=\"\(number(top))\" width=\"\(number(right - left))\" height=\"\(number(bottom - top))\" fill=\"none\" stroke=\"#333333\"/>\n"
        svg +=
            "<text x=\"\(number((left + right) / 2))\" y=\"\(number(bottom + 44))\" text-anchor=\"middle\">\(Markup.escape(chart.xLabel + (chart.logX ? " (log)" : "")))</text>\n"
        svg +=
            "<text transform=\"translate(22 \(number((top + bottom) / 2))) rotate(-90)\" text-anchor=\"middle\">\(Markup.escape(chart.yLabel + (chart.logY ? " (log)" : "")))</text>\n"

        for (index, series) in chart.series.enumerated() {
            let colour = palette[index % palette.count]
            let band = series.band.filter { xScale.accepts($0.x) && yScale.accepts($0.low) && yScale.accepts($0.high) }
            if band.count >= 2 {
                let upper = band.map { "\(number(px($0.x))),\(number(py($0.high)))" }
                let lower = band.reversed().map { "\(number(px($0.x))),\(number(py($0.low)))" }
                svg +=
                    "<polygon points=\"\((upper + lower).joined(separator: " "))\" fill=\"\(colour)\" fill-opacity=\"0.18\" stroke=\"none\"/>\n"
            }
            let points = series.points.filter { xScale.accepts($0.x) && yScale.accepts($0.y) }
            if points.count == 1 {
                svg +=
                    "<circle cx=\"\(number(px(points[0].x)))\" cy=\"\(number(py(points[0].y)))\" r=\"3\" fill=\"\(colour)\"/>\n"
            } else if points.count > 1 {
                let path = points.map { "\(number(px($0.x))),\(number(py($0.y)))" }.joined(separator: " ")
                svg += "<polyline points=\"\(path)\" fill=\"none\" stroke=\"\(colour)\" stroke-width=\"2\"/>\n"
            }
            let legendY = top + 10 + Double(index) * 20
            svg +=
                "<rect x=\"\(number(right + 20))\" y=\"\(number(legendY - 9))\" width=\"14\" height=\"10\" fill=\"\(colour)\"/>\n"
            svg += "<text x=\"\(number(right + 40))\" y=\"\(number(legendY))\">\(Markup.escape(series.name))</text>\n"
        }
        svg += "</svg>\n"
        return svg
    }
}
