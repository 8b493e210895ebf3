import HyperscopeAnalysis
import HyperscopeCore

/// The trade-off of two objectives as a scatter: every configuration or trial a grey point, the Pareto
/// front in blue joined by its staircase, infeasible trials as red crosses, the knee ringed in red; a
/// study of three or more, every pair of objectives as a panel of a scatter matrix. Each axis says which
/// way is better.
public enum ParetoChartSVG {
    /// One point of the scatter.
    struct Point {
        /// The tooltip: parameters and values.
        var label: String
        /// Every objective's value.
        var values: [Double]
        var onFront: Bool
        var feasible = true
    }

    /// The scatter of `front`'s two objectives (configurations' means), or the scatter matrix of three or
    /// more; `nil` with fewer than two objectives or no configuration.
    public static func render(_ front: RunParetoFront) -> String? {
        guard front.objectives.count >= 2, !front.configurations.isEmpty else { return nil }
        let points = front.configurations.indices.map { index -> Point in
            let configuration = front.configurations[index]
            let params = front.varying.map { "\($0)=\(configuration.params[$0]??.displayText ?? "–")" }
            let values = zip(front.objectives, configuration.means).map {
                "\($0.metric) \(NumberFormatting.metric($1))"
            }
            return Point(
                label: (params + values).joined(separator: ", "), values: configuration.means,
                onFront: configuration.rank == 0)
        }
        let objectives = front.objectives.map { (name: $0.metric.description, goal: $0.goal) }
        guard objectives.count > 2 else {
            return draw(
                points, objectives: objectives, knee: front.knee, noun: "configurations",
                title: "Pareto front: \(objectives[0].name) and \(objectives[1].name)")
        }
        return matrix(points, objectives: objectives, knee: front.knee)
    }

    /// The scatter of a study's two objectives (or the scatter matrix of three or more): completed trials,
    /// the front among the feasible ones, the infeasible ones crossed; `nil` with fewer than two objectives
    /// or no completed trial.
    public static func render(
        _ front: TrialParetoFront, trials: [Trial], objectives: [StudyObjective], parameterOrder: [String]
    ) -> String? {
        guard let (points, knee) = trialPoints(front, trials: trials, objectives: objectives, order: parameterOrder)
        else { return nil }
        let axes = objectives.map { (name: $0.metric, goal: $0.goal) }
        guard axes.count > 2 else {
            return draw(
                points, objectives: axes, knee: knee, noun: "trials",
                title: "Pareto front: \(axes[0].name) and \(axes[1].name)")
        }
        return matrix(points, objectives: axes, knee: knee)
    }

    /// A study's objectives as parallel coordinates: one vertical axis per objective, better at the top,
    /// each completed trial a line across them (the front blue, the knee red, the others grey, infeasible
    /// ones thin orange), so the trade-offs of three or more objectives show at once; `nil` with fewer than
    /// three objectives or no completed trial.
    package static func parallelCoordinates(
        _ front: TrialParetoFront, trials: [Trial], objectives: [StudyObjective], parameterOrder: [String]
    ) -> String? {
        guard objectives.count > 2,
            let (points, knee) = trialPoints(front, trials: trials, objectives: objectives, order: parameterOrder)
        else { return nil }
        let width = max(560, 160 * objectives.count)
        var canvas = SVGCanvas(
            width: width, height: 520, title: "The \(objectives.count) objectives of every trial, better at the top")
        let area = PlotArea(left: 80, top: 70, right: Double(width) - 80, bottom: 440)
        let scales = objectives.indices.map { k in AxisScale(covering: points.map { $0.values[k] }, logarithmic: false)
        }
        func x(_ k: Int) -> Double { area.x(Double(k) / Double(objectives.count - 1)) }
        func y(_ k: Int, _ value: Double) -> Double {
            let fraction = scales[k].fraction(value)
            return area.y(objectives[k].goal == .maximize ? fraction : 1 - fraction)
        }
        for k in objectives.indices {
            canvas.line(x1: x(k), y1: area.top, x2: x(k), y2: area.bottom, stroke: "#333333")
            for (fraction, label) in scales[k].labelledTicks {
                let tickY = area.y(objectives[k].goal == .maximize ? fraction : 1 - fraction)
                canvas.line(x1: x(k) - 4, y1: tickY, x2: x(k), y2: tickY, stroke: "#333333")
                canvas.text(x: x(k) - 7, y: tickY + 4, label, anchor: "end", size: 10)
            }
            canvas.text(x: x(k), y: area.top - 28, objectives[k].metric, anchor: "middle", bold: true)
            canvas.text(
                x: x(k), y: area.top - 12, objectives[k].goal == .maximize ? "higher is better" : "lower is better",
                anchor: "middle", size: 10)
        }
        func line(_ index: Int) -> [(Double, Double)?] {
            objectives.indices.map { (x($0), y($0, points[index].values[$0])) }
        }
        // Dominated trials first, the front over them, the knee on top.
        for index in points.indices where !points[index].onFront {
            let feasible = points[index].feasible
            canvas.polyline(
                line(index), stroke: feasible ? "#bbbbbb" : "#f58518", width: 1, opacity: feasible ? 0.6 : 0.8,
                tooltip: (feasible ? "" : "infeasible: ") + points[index].label)
        }
        for index in points.indices where points[index].onFront && index != knee {
            canvas.polyline(line(index), stroke: "#4c78a8", width: 2, tooltip: points[index].label)
        }
        if let knee { canvas.polyline(line(knee), stroke: "#e45756", width: 3, tooltip: "knee: " + points[knee].label) }
        let infeasible = points.filter { !$0.feasible }.count
        canvas.text(
            x: area.left, y: 492,
            "\(points.filter(\.onFront).count) of \(points.count) trials on the front (blue); the knee in red"
                + (infeasible > 0 ? "; \(infeasible) infeasible (thin orange)" : ""),
            size: 12)
        return canvas.document
    }

    /// The points of a study's completed trials with every objective's value, and the knee's position
    /// among them; `nil` with fewer than two objectives or no such trial.
    private static func trialPoints(
        _ front: TrialParetoFront, trials: [Trial], objectives: [StudyObjective], order: [String]
    ) -> (points: [Point], knee: Int?)? {
        guard objectives.count >= 2 else { return nil }
        let onFront = Set(front.front.map(\.number))
        let completed = trials.filter { $0.state == .completed && ($0.values?.count ?? 0) == objectives.count }
        guard !completed.isEmpty else { return nil }
        let points = completed.map { trial in
            Point(
                label: "trial \(trial.number): " + TrialRendering.paramsText(trial.params, order: order) + "; "
                    + ParetoTrialRendering.valuesText(trial, objectives: objectives),
                values: trial.values!, onFront: onFront.contains(trial.number), feasible: trial.isFeasible)
        }
        return (points, front.knee.flatMap { knee in completed.firstIndex { $0.number == knee.number } })
    }

    private static func draw(
        _ points: [Point], objectives: [(name: String, goal: MetricGoal)], knee: Int?, noun: String, title: String
    ) -> String {
        var canvas = SVGCanvas(width: 760, height: 560, title: title)
        panel(
            points, x: 0, y: 1, objectives: objectives, knee: knee,
            area: PlotArea(left: 90, top: 60, right: 730, bottom: 480), on: &canvas)
        let infeasible = points.filter { !$0.feasible }.count
        canvas.text(
            x: 90, y: 546,
            "\(points.filter(\.onFront).count) of \(points.count) \(noun) on the front (blue); the knee ringed in red"
                + (infeasible > 0 ? "; \(infeasible) infeasible (red crosses)" : ""),
            size: 12)
        return canvas.document
    }

    /// Every pair of three or more objectives, each a small scatter in a grid: the front in blue in every
    /// panel (a point on the front may look dominated in one pair and not in another).
    private static func matrix(_ points: [Point], objectives: [(name: String, goal: MetricGoal)], knee: Int?) -> String
    {
        let pairs = objectives.indices.flatMap { i in objectives.indices.filter { $0 > i }.map { (i, $0) } }
        let infeasible = points.filter { !$0.feasible }.count
        let columns = min(3, pairs.count)
        let rows = (pairs.count + columns - 1) / columns
        let (panelWidth, panelHeight) = (360.0, 300.0)
        var canvas = SVGCanvas(
            width: Int(panelWidth) * columns, height: Int(panelHeight) * rows + 80,
            title: "Pareto front: \(objectives.count) objectives, pair by pair")
        for (index, pair) in pairs.enumerated() {
            let left = Double(index % columns) * panelWidth
            let top = 50 + Double(index / columns) * panelHeight
            panel(
                points, x: pair.0, y: pair.1, objectives: objectives, knee: knee,
                area: PlotArea(
                    left: left + 70, top: top + 10, right: left + panelWidth - 20, bottom: top + panelHeight - 60),
                on: &canvas, labelYAtLeft: left + 14)
        }
        canvas.text(
            x: 20, y: Double(canvas.height) - 14,
            "\(points.filter(\.onFront).count) of \(points.count) on the front (blue, in every pair); the knee ringed in red"
                + (infeasible > 0 ? "; \(infeasible) infeasible (red crosses)" : ""),
            size: 12)
        return canvas.document
    }

    /// One scatter of objective `x` against objective `y` in `area`: dominated points grey, infeasible
    /// ones crossed, the front blue (with its staircase when the plot is of two objectives only).
    private static func panel(
        _ points: [Point], x xIndex: Int, y yIndex: Int, objectives: [(name: String, goal: MetricGoal)], knee: Int?,
        area: PlotArea, on canvas: inout SVGCanvas, labelYAtLeft: Double? = nil
    ) {
        let xScale = AxisScale(covering: points.map { $0.values[xIndex] }, logarithmic: false)
        let yScale = AxisScale(covering: points.map { $0.values[yIndex] }, logarithmic: false)
        func axisLabel(_ objective: (name: String, goal: MetricGoal)) -> String {
            "\(objective.name) (\(objective.goal == .maximize ? "higher" : "lower") is better)"
        }
        area.drawFrame(
            on: &canvas, xTicks: xScale.labelledTicks, yTicks: yScale.labelledTicks,
            xLabel: axisLabel(objectives[xIndex]), yLabel: labelYAtLeft == nil ? axisLabel(objectives[yIndex]) : "")
        if let labelYAtLeft {
            canvas.text(
                x: labelYAtLeft, y: (area.top + area.bottom) / 2, axisLabel(objectives[yIndex]), anchor: "middle",
                size: 11, rotate: -90)
        }
        func position(_ index: Int) -> (Double, Double) {
            (
                area.x(xScale.fraction(points[index].values[xIndex])),
                area.y(yScale.fraction(points[index].values[yIndex]))
            )
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
        let members = points.indices.filter { points[$0].onFront }.sorted {
            points[$0].values[xIndex] < points[$1].values[xIndex]
        }
        if objectives.count == 2 {
            // The staircase between front members, in order of the first objective: the edge of what the
            // front dominates, whose corners lie on the side the first objective gets worse.
            var steps: [(Double, Double)?] = []
            for (order, index) in members.enumerated() {
                let (x, y) = position(index)
                if order > 0 {
                    let previous = position(members[order - 1])
                    steps.append(objectives[xIndex].goal == .minimize ? (x, previous.1) : (previous.0, y))
                }
                steps.append((x, y))
            }
            if steps.count > 1 { canvas.polyline(steps, stroke: "#4c78a8", width: 1.5) }
        }
        for index in members {
            let (x, y) = position(index)
            canvas.circle(x: x, y: y, radius: 5, fill: "#4c78a8", tooltip: points[index].label)
        }
        if let knee {
            let (x, y) = position(knee)
            canvas.circle(
                x: x, y: y, radius: 9, fill: "none", stroke: "#e45756", tooltip: "knee: " + points[knee].label)
        }
    }
}
