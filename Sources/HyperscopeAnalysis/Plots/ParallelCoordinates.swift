import HyperscopeCore

/// Every completed trial as a line across one vertical axis per parameter, coloured by its objective:
/// the plot that shows which combinations lead to good values.
public struct ParallelCoordinates: Sendable, Hashable {
    /// One trial's line.
    public struct Line: Sendable, Hashable {
        /// The trial number.
        public var trial: Int
        /// Its objective.
        public var value: Double
        /// Its position on each axis from 0 to 1, `nil` where the trial lacks the parameter.
        public var positions: [Double?]
    }

    /// The parameter axes, left to right.
    public var axes: [ParameterAxis]
    /// The lines, worst first so the best are drawn on top: every completed trial's, or with
    /// more than the limit, those ``PlotSample`` picks.
    public var lines: [Line]
    /// How many trials completed with a value (``lines`` may hold fewer).
    public var completedCount: Int
    /// The objective's range over the completed trials.
    public var valueRange: ClosedRange<Double>
    /// Whether larger values are better.
    public var goal: MetricGoal

    /// The plot of the completed trials, with the parameters in the given order (most important
    /// first reads best), at most `maximumAxes` of them and `maximumLines` lines; `nil` when no
    /// trial completed. The axes span the values of every completed trial.
    ///
    /// - Parameter columns: The trials' parameters as columns, built from `trials` in their order
    ///   (a ``StudyReport``'s); built here when `nil`.
    /// - Complexity: O(*trials × axes*).
    public init?(
        trials: [Trial], columns: ParameterColumns? = nil, goal: MetricGoal, parameterOrder: [String],
        maximumAxes: Int = 12, maximumLines: Int = 1_000
    ) {
        let columns = columns ?? ParameterColumns(configurations: trials.map(\.params))
        let completed = trials.completedPositions
        let values = completed.map { trials[$0].value! }
        guard let low = values.min(), let high = values.max() else { return nil }
        var axes: [ParameterAxis] = []
        for key in parameterOrder where axes.count < maximumAxes {
            let values = columns.values(of: key, at: completed)
            if values.contains(where: { $0 != nil }) { axes.append(ParameterAxis(key: key, values: values)) }
        }
        self.axes = axes
        completedCount = completed.count
        let drawn = PlotSample.pick(completed, of: trials, goal: goal, limit: maximumLines)
        let positions = axes.map { axis in
            columns.values(of: axis.key, at: drawn).map { axis.position(of: $0) }
        }
        lines = drawn.indices.map { line in
            let trial = drawn[line]
            return Line(
                trial: trials[trial].number, value: trials[trial].value!, positions: positions.map { $0[line] })
        }.sorted { goal.prefers($1.value, over: $0.value) }
        valueRange = low...high
        self.goal = goal
    }
}
