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
    /// - Complexity: O(*trials × axes*).
    public init?(
        trials: [Trial], goal: MetricGoal, parameterOrder: [String], maximumAxes: Int = 12, maximumLines: Int = 1_000
    ) {
        // Positions, not copies: reading a field through the array copies only that field.
        let completed = trials.indices.filter { trials[$0].state == .completed && trials[$0].value != nil }
        let values = completed.map { trials[$0].value! }
        guard let low = values.min(), let high = values.max() else { return nil }
        let keys = parameterOrder.filter { key in completed.contains { trials[$0].params[key] != nil } }.prefix(
            maximumAxes)
        let axes = keys.map { key in ParameterAxis(key: key, values: completed.map { trials[$0].params[key] }) }
        self.axes = axes
        completedCount = completed.count
        lines = PlotSample.completedTrials(trials, goal: goal, limit: maximumLines).map { trial in
            Line(
                trial: trial.number, value: trial.value!, positions: axes.map { $0.position(of: trial.params[$0.key]) })
        }.sorted { goal.prefers($1.value, over: $0.value) }
        valueRange = low...high
        self.goal = goal
    }
}
