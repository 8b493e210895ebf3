import HyperscopeAnalysis
import HyperscopeCore

/// The trade-off of two objectives as a scatter: every configuration or trial a grey point, the Pareto
/// front in blue joined by its staircase, infeasible trials as red crosses, the knee ringed in red.
/// Each axis says which way is better.
public enum ParetoChartSVG {
    /// One point of the scatter.
    struct Point {
        /// The tooltip: parameters and values.
        var label: String
        /// The first two objectives' values.
        var x: Double
        var y: Double
        var onFront: Bool
        var feasible = true
    }

    /// The scatter of the first two objectives of `front` (configurations' means); `nil` with fewer
    /// than two objectives or no configuration.
    public static func render(_ front: RunParetoFront) -> String? {
        guard front.objectives.count >= 2, !front.configurations.isEmpty else { return nil }
        let points = front.configurations.indices.map { index -> Point in
            let configuration = front.configurations[index]
            let params = front.varying.map { "\($0)=\(configuration.params[$0]??.displayText ?? "–")" }
            let values = zip(front.objectives, configuration.means).map {
                "\($0.metric) \(NumberFormatting.metric($1))"
            }
            return Point(
                label: (params + values).joined(separator: ", "), x: configuration.means[0], y: configuration.means[1],
                onFront: configuration.rank == 0)
        }
        let objectives = front.objectives.prefix(2).map { (name: $0.metric.description, goal: $0.goal) }
        return draw(
            points, objectives: objectives, knee: front.knee, noun: "configurations",
            title: "Pareto front: \(objectives[0].name) and \(objectives[1].name)")
    }

    /// The scatter of the first two objectives of a study's trials: completed trials, the front among the
    /// feasible ones, the infeasible ones crossed; `nil` with fewer than two objectives or no completed trial.
    public static func render(trials: [Trial], objectives: [StudyObjective], parameterOrder: [String]) -> String? {
        guard objectives.count >= 2 else { return nil }
        let front = TrialParetoFront(trials, goals: objectives.map(\.goal))
        let onFront = Set(front.front.map(\.number))
        let completed = trials.filter { $0.state == .completed && ($0.values?.count ?? 0) == objectives.count }
        guard !completed.isEmpty else { return nil }
        let points = completed.map { trial in
            Point(
                label: "trial \(trial.number): " + TrialRendering.paramsText(trial.params, order: parameterOrder) + "; "
                    + ParetoTrialRendering.valuesText(trial, objectives: objectives),
                x: trial.values![0], y: trial.values![1], onFront: onFront.contains(trial.number),
                feasible: trial.isFeasible)
        }
        let knee = front.knee.flatMap { knee in completed.firstIndex { $0.number == knee.number } }
        let axes = objectives.prefix(2).map { (name: $0.metric, goal: $0.goal) }
        return draw(
            points, objectives: axes, knee: knee, noun: "trials",
            title: "Pareto front: \(axes[0].name) and \(axes[1].name)")
    }

    private static func draw(
        _ points: [Point], objectives: [(name: String, goal: MetricGoal)], knee: Int?, noun: String, title: String
    ) -> String {
        var canvas = SVGCanvas(width: 760, height: 560, title: title)
        let area = PlotArea(left: 90, top: 60, right: 730, bottom: 480)
        let xScale = AxisScale(covering: points.map(\.x), logarithmic: false)
        let yScale = AxisScale(covering: points.map(\.y), logarithmic: false)
        func axisLabel(_ objective: (name: String, goal: MetricGoal)) -> String {
            "\(objective.name) (\(objective.goal == .maximize ? "higher" : "lower") is better)"
        }
        area.drawFrame(
            on: &canvas, xTicks: xScale.labelledTicks, yTicks: yScale.labelledTicks, xLabel: axisLabel(objectives[0]),
            yLabel: axisLabel(objectives[1]))
        func position(_ index: Int) -> (Double, Double) {
            (area.x(xScale.fraction(points[index].x)), area.y(yScale.fraction(points[index].y)))
        }
        for index in points.indices where !points[index].onFront {
            let (x, y) = position(index)
            if points[index].feasible {
                canvas.circle(x: x, y: y, radius: 3.5, fill: "#bbbbbb", tooltip: points[index].label)
            } else {
                canvas.line(x1: x - 4, y1: y - 4, x2: x + 4, y2: y + 4, stroke: "#e45756", width: 1.5)
                canvas.line(x1: x - 4, y1: y + 4, x2: x + 4, y2: y - 4, stroke: "#e45756", width: 1.5)
                canvas.circle(x: x, y: y, radius: 5, fill: "none", tooltip: "infeasible: " + points[index].label)
            }
        }
        // The staircase between front members, in order of the first objective: the edge of what the
        // front dominates, whose corners lie on the side the first objective gets worse.
        let members = points.indices.filter { points[$0].onFront }.sorted { points[$0].x < points[$1].x }
        var steps: [(Double, Double)?] = []
        for (order, index) in members.enumerated() {
            let (x, y) = position(index)
            if order > 0 {
                let previous = position(members[order - 1])
                steps.append(objectives[0].goal == .minimize ? (x, previous.1) : (previous.0, y))
            }
            steps.append((x, y))
        }
        if steps.count > 1 { canvas.polyline(steps, stroke: "#4c78a8", width: 1.5) }
        for index in members {
            let (x, y) = position(index)
            canvas.circle(x: x, y: y, radius: 5, fill: "#4c78a8", tooltip: points[index].label)
        }
        if let knee {
            let (x, y) = position(knee)
            canvas.circle(
                x: x, y: y, radius: 9, fill: "none", stroke: "#e45756", tooltip: "knee: " + points[knee].label)
        }
        let infeasible = points.filter { !$0.feasible }.count
        canvas.text(
            x: 90, y: 546,
            "\(members.count) of \(points.count) \(noun) on the front (blue); the knee ringed in red"
                + (infeasible > 0 ? "; \(infeasible) infeasible (red crosses)" : ""),
            size: 12)
        return canvas.document
    }
}
