import HyperscopeAnalysis
import HyperscopeCore

/// Draws the plots of a study as SVG documents: optimisation history, slices, parallel coordinates,
/// contour, importance bars and intermediate values. Each takes the plot's value from
/// HyperscopeAnalysis; every point carries a tooltip with its trial and value.
public enum StudyChartSVG {
    /// Each completed trial's value by trial number (with its 95% CI when repeated) and the best so far as a step line.
    public static func history(
        _ history: OptimizationHistory, metric: String, width: Int = 860, height: Int = 420
    ) -> String {
        var canvas = SVGCanvas(width: width, height: height, title: "Optimisation history")
        let area = PlotArea(left: 70, top: 44, right: Double(width) - 24, bottom: Double(height) - 50)
        let values = history.points.flatMap { point in
            [point.value] + (point.interval.map { [$0.lowerBound, $0.upperBound] } ?? [])
        }
        let yScale = AxisScale(covering: values, logarithmic: false)
        let xScale = AxisScale(covering: history.points.map { Double($0.trial) } + [0], logarithmic: false)
        area.drawFrame(
            on: &canvas, xTicks: xScale.labelledTicks, yTicks: yScale.labelledTicks, xLabel: "trial", yLabel: metric)
        let x = { (trial: Int) in area.x(xScale.fraction(Double(trial))) }
        let y = { (value: Double) in area.y(yScale.fraction(value)) }
        for point in history.points {
            if let interval = point.interval {
                canvas.line(
                    x1: x(point.trial), y1: y(interval.lowerBound), x2: x(point.trial), y2: y(interval.upperBound),
                    stroke: "#9bb7d4")
            }
            canvas.circle(
                x: x(point.trial), y: y(point.value), radius: 3.5, fill: "#4477AA",
                tooltip: "trial \(point.trial): \(NumberFormatting.metric(point.value))")
        }
        var steps: [(Double, Double)?] = []
        for (index, point) in history.bestSoFar.enumerated() {
            if index > 0 { steps.append((x(point.trial), y(history.bestSoFar[index - 1].value))) }
            steps.append((x(point.trial), y(point.value)))
        }
        canvas.polyline(steps, stroke: "#EE6677", width: 2)
        canvas.line(x1: area.right - 170, y1: 20, x2: area.right - 150, y2: 20, stroke: "#EE6677", width: 2)
        canvas.text(x: area.right - 145, y: 24, "best so far")
        canvas.circle(x: area.right - 60, y: 20, radius: 3.5, fill: "#4477AA")
        canvas.text(x: area.right - 52, y: 24, "trial")
        return canvas.document
    }

    /// One parameter's values against the objective.
    public static func slice(
        _ slice: SlicePlot, metric: String, goal: MetricGoal, width: Int = 420, height: Int = 300
    ) -> String {
        var canvas = SVGCanvas(width: width, height: height, title: slice.axis.key)
        let area = PlotArea(left: 64, top: 40, right: Double(width) - 16, bottom: Double(height) - 50)
        let values = slice.points.map(\.value)
        let yScale = AxisScale(covering: values, logarithmic: false)
        let xLabel = slice.axis.key + (slice.axis.scale == .logarithmic ? " (log)" : "")
        area.drawFrame(
            on: &canvas, xTicks: slice.axis.labelledTicks, yTicks: yScale.labelledTicks, xLabel: xLabel, yLabel: metric)
        let range = (values.min() ?? 0)...(values.max() ?? 1)
        for point in slice.points {
            canvas.circle(
                x: area.x(point.position), y: area.y(yScale.fraction(point.value)), radius: 3.5,
                fill: ObjectiveColours.colour(point.value, range: range, goal: goal), stroke: "#555555",
                tooltip: "trial \(point.trial): \(NumberFormatting.metric(point.value))")
        }
        return canvas.document
    }

    /// Every completed trial across one axis per parameter and a last axis for the objective.
    public static func parallelCoordinates(
        _ plot: ParallelCoordinates, metric: String, width: Int = 980, height: Int = 440
    ) -> String {
        var canvas = SVGCanvas(width: width, height: height, title: "Parallel coordinates")
        let top = 64.0
        let bottom = Double(height) - 40
        let count = plot.axes.count + 1
        let spacing = (Double(width) - 140) / Double(max(1, count - 1))
        let xOf = { (index: Int) in 60 + Double(index) * spacing }
        let yOf = { (fraction: Double) in bottom - fraction * (bottom - top) }
        let span = plot.valueRange.upperBound - plot.valueRange.lowerBound
        let valueFraction = { (value: Double) in span > 0 ? (value - plot.valueRange.lowerBound) / span : 0.5 }
        for line in plot.lines {
            var points = line.positions.enumerated().map { index, position in position.map { (xOf(index), yOf($0)) } }
            points.append((xOf(count - 1), yOf(valueFraction(line.value))))
            canvas.polyline(
                points, stroke: ObjectiveColours.colour(line.value, range: plot.valueRange, goal: plot.goal),
                width: 1.5, opacity: 0.75,
                tooltip: "trial \(line.trial): \(NumberFormatting.metric(line.value))")
        }
        for (index, axis) in plot.axes.enumerated() {
            drawVerticalAxis(
                on: &canvas, x: xOf(index), top: top, bottom: bottom, name: axis.key, ticks: axis.labelledTicks)
        }
        let scale = AxisScale(covering: [plot.valueRange.lowerBound, plot.valueRange.upperBound], logarithmic: false)
        let objectiveTicks = scale.ticks.map { (valueFraction($0), NumberFormatting.metric($0)) }
        drawVerticalAxis(on: &canvas, x: xOf(count - 1), top: top, bottom: bottom, name: metric, ticks: objectiveTicks)
        return canvas.document
    }

    private static func drawVerticalAxis(
        on canvas: inout SVGCanvas, x: Double, top: Double, bottom: Double, name: String, ticks: [(Double, String)]
    ) {
        canvas.line(x1: x, y1: top, x2: x, y2: bottom, stroke: "#333333", width: 1.2)
        canvas.text(x: x, y: top - 14, ParameterAxis.shortLabel(name), anchor: "middle", bold: true)
        for (fraction, label) in ticks where (-1e-9...(1 + 1e-9)).contains(fraction) {
            let y = bottom - fraction * (bottom - top)
            canvas.line(x1: x - 3, y1: y, x2: x + 3, y2: y, stroke: "#333333")
            canvas.text(x: x + 5, y: y + 4, label, size: 10, fill: "#444444")
        }
    }

    /// The predicted objective over two parameters as coloured cells, with the trials as dots.
    public static func contour(_ plot: ContourPlot, metric: String, width: Int = 560, height: Int = 460) -> String {
        var canvas = SVGCanvas(width: width, height: height, title: "\(plot.xAxis.key) × \(plot.yAxis.key)")
        let area = PlotArea(left: 70, top: 44, right: Double(width) - 90, bottom: Double(height) - 50)
        let rows = plot.grid.count
        let columns = plot.grid.first?.count ?? 0
        let cellWidth = (area.right - area.left) / Double(max(1, columns))
        let cellHeight = (area.bottom - area.top) / Double(max(1, rows))
        for (row, cells) in plot.grid.enumerated() {
            for (column, value) in cells.enumerated() {
                canvas.rect(
                    x: area.left + Double(column) * cellWidth, y: area.bottom - Double(row + 1) * cellHeight,
                    width: cellWidth + 0.5, height: cellHeight + 0.5,
                    fill: ObjectiveColours.colour(value, range: plot.valueRange, goal: plot.goal),
                    tooltip: "predicted \(NumberFormatting.metric(value))")
            }
        }
        let xLabel = plot.xAxis.key + (plot.xAxis.scale == .logarithmic ? " (log)" : "")
        let yLabel = plot.yAxis.key + (plot.yAxis.scale == .logarithmic ? " (log)" : "")
        area.drawFrame(
            on: &canvas, xTicks: plot.xAxis.labelledTicks, yTicks: plot.yAxis.labelledTicks, xLabel: xLabel,
            yLabel: yLabel)
        for point in plot.points {
            canvas.circle(
                x: area.x(point.x), y: area.y(point.y), radius: 3.5,
                fill: ObjectiveColours.colour(point.value, range: plot.valueRange, goal: plot.goal),
                stroke: "white", tooltip: "trial \(point.trial): \(NumberFormatting.metric(point.value))")
        }
        ObjectiveColours.drawLegend(
            on: &canvas, x: area.right + 20, top: area.top + 20, bottom: area.bottom, range: plot.valueRange,
            goal: plot.goal, label: metric)
        return canvas.document
    }

    /// Horizontal bars of each parameter's fANOVA importance with its spread over seeds, and the PED-ANOVA share as a
    /// tick.
    public static func importance(_ importance: ParameterImportance, width: Int = 760) -> String {
        let rowHeight = 26.0
        let height = Int(80 + rowHeight * Double(importance.entries.count))
        var canvas = SVGCanvas(width: width, height: height, title: "Parameter importance (fANOVA, PED-ANOVA ◆)")
        let labelWidth = min(220.0, 40 + 7 * Double(importance.entries.map(\.key.count).max() ?? 0))
        // The right margin holds the value label beyond the longest whisker.
        let area = PlotArea(left: labelWidth, top: 44, right: Double(width) - 50, bottom: Double(height) - 30)
        let maximum = max(0.05, importance.entries.map { max($0.fanova + $0.fanovaSpread, $0.pedAnova) }.max() ?? 1)
        for (index, entry) in importance.entries.enumerated() {
            let y = area.top + Double(index) * rowHeight
            canvas.text(x: area.left - 8, y: y + 16, ParameterAxis.shortLabel(entry.key), anchor: "end")
            canvas.rect(
                x: area.left, y: y + 4, width: (area.right - area.left) * entry.fanova / maximum, height: rowHeight - 8,
                fill: "#4477AA",
                tooltip:
                    "\(importance.classification.label(of: entry.key)): fANOVA \(NumberFormatting.fixed(entry.fanova, decimals: 3)) ± \(NumberFormatting.fixed(entry.fanovaSpread, decimals: 3)), PED-ANOVA \(NumberFormatting.fixed(entry.pedAnova, decimals: 3))"
            )
            let low = max(0, entry.fanova - entry.fanovaSpread)
            let high = entry.fanova + entry.fanovaSpread
            canvas.line(
                x1: area.x(low / maximum), y1: y + rowHeight / 2, x2: area.x(high / maximum), y2: y + rowHeight / 2,
                stroke: "#222222")
            canvas.text(
                x: area.x(entry.pedAnova / maximum), y: y + rowHeight / 2 + 4, "◆", anchor: "middle", size: 11,
                fill: "#EE6677")
            // The value is written past the whisker and the diamond, where no line crosses it.
            let labelX = area.x(max(high, entry.pedAnova) / maximum) + 8
            canvas.text(
                x: labelX, y: y + 16, NumberFormatting.fixed(entry.fanova, decimals: 3), size: 10, fill: "#444444")
        }
        return canvas.document
    }

    /// The intermediate values each trial reported, one line per trial (at most `maximumTrials`, best final value
    /// first);
    /// `nil` when no trial reported any.
    public static func intermediateValues(
        _ trials: [Trial], metric: String, goal: MetricGoal, maximumTrials: Int = 40
    ) -> String? {
        let reporting = trials.filter { !$0.intermediateValues.isEmpty }
        guard !reporting.isEmpty else { return nil }
        let ordered = reporting.sorted { a, b in
            goal.prefers(a.intermediateValues.last!.value, over: b.intermediateValues.last!.value)
        }.prefix(maximumTrials)
        let series = ordered.map { trial in
            LineChart.Series(
                name: "trial \(trial.number)" + (trial.state == .pruned ? " (pruned)" : ""),
                points: trial.intermediateValues.map { LineChart.Point(x: $0.step, y: $0.value) })
        }
        return SVGLineChart.render(
            LineChart(title: "Intermediate values", xLabel: "step", yLabel: metric, series: series), height: 420)
    }
}
