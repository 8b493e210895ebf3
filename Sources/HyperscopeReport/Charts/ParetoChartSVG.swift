import HyperscopeAnalysis
import HyperscopeCore

/// The trade-off of two objectives as a scatter: every configuration a grey point, the Pareto front
/// in blue joined by its staircase, the knee ringed in red. Each axis says which way is better.
public enum ParetoChartSVG {
    /// The scatter of the first two objectives of `front` (configurations' means); `nil` with fewer
    /// than two objectives or no configuration.
    public static func render(_ front: RunParetoFront) -> String? {
        guard front.objectives.count >= 2, !front.configurations.isEmpty else { return nil }
        let (first, second) = (front.objectives[0], front.objectives[1])
        var canvas = SVGCanvas(width: 760, height: 560, title: "Pareto front: \(first.metric) and \(second.metric)")
        let area = PlotArea(left: 90, top: 60, right: 730, bottom: 480)
        let xs = front.configurations.map(\.means[0])
        let ys = front.configurations.map(\.means[1])
        let xScale = AxisScale(covering: xs, logarithmic: false)
        let yScale = AxisScale(covering: ys, logarithmic: false)
        func arrow(_ objective: MetricSelection) -> String {
            "\(objective.metric) (\(objective.goal == .maximize ? "higher" : "lower") is better)"
        }
        area.drawFrame(
            on: &canvas, xTicks: xScale.labelledTicks, yTicks: yScale.labelledTicks, xLabel: arrow(first),
            yLabel: arrow(second))
        func point(_ index: Int) -> (Double, Double) {
            (area.x(xScale.fraction(xs[index])), area.y(yScale.fraction(ys[index])))
        }
        func label(_ index: Int) -> String {
            let configuration = front.configurations[index]
            let params = front.varying.map { "\($0)=\(configuration.params[$0]??.displayText ?? "–")" }
            let values = zip(front.objectives, configuration.means).map {
                "\($0.metric) \(NumberFormatting.metric($1))"
            }
            return (params + values).joined(separator: ", ")
        }
        for index in front.configurations.indices where front.configurations[index].rank > 0 {
            let (x, y) = point(index)
            canvas.circle(x: x, y: y, radius: 3.5, fill: "#bbbbbb", tooltip: label(index))
        }
        // The staircase between front members, in order of the first objective: the edge of what the
        // front dominates, whose corners lie on the side the first objective gets worse.
        let members = front.front.sorted { xs[$0] < xs[$1] }
        var steps: [(Double, Double)] = []
        for (position, index) in members.enumerated() {
            let (x, y) = point(index)
            if position > 0 {
                let previous = point(members[position - 1])
                steps.append(first.goal == .minimize ? (x, previous.1) : (previous.0, y))
            }
            steps.append((x, y))
        }
        if steps.count > 1 { canvas.polyline(steps.map { Optional($0) }, stroke: "#4c78a8", width: 1.5) }
        for index in members {
            let (x, y) = point(index)
            canvas.circle(x: x, y: y, radius: 5, fill: "#4c78a8", tooltip: label(index))
        }
        if let knee = front.knee {
            let (x, y) = point(knee)
            canvas.circle(x: x, y: y, radius: 9, fill: "none", stroke: "#e45756", tooltip: "knee: " + label(knee))
        }
        canvas.text(
            x: 90, y: 546,
            "\(front.front.count) of \(front.configurations.count) configurations on the front (blue); the knee ringed in red",
            size: 12)
        return canvas.document
    }
}
