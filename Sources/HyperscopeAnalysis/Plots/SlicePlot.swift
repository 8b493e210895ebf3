import HyperscopeCore

/// One parameter's values against the objective, one point per completed trial: where along the
/// parameter the good values lie.
public struct SlicePlot: Sendable, Hashable {
    /// One completed trial.
    public struct Point: Sendable, Hashable {
        /// The trial number.
        public var trial: Int
        /// Where the trial's value of the parameter sits on the axis, from 0 to 1.
        public var position: Double
        /// Its objective.
        public var value: Double
    }

    /// The parameter's axis.
    public var axis: ParameterAxis
    /// The trials drawn: every completed trial that has the parameter, or with more than the
    /// limit, those ``PlotSample`` picks.
    public var points: [Point]
    /// How many completed trials have the parameter (``points`` may hold fewer).
    public var completedCount: Int

    /// The slices of several parameters (those no completed trial has left out), drawing at most
    /// `maximumPoints` trials, chosen once for all by ``PlotSample``: each slice draws those of
    /// them that have its parameter, on an axis spanning the values of every completed trial.
    ///
    /// - Parameter columns: The trials' parameters as columns, built from `trials` in their order
    ///   (a ``StudyReport``'s); built here when `nil`.
    /// - Complexity: O(*trials* log *trials* + *trials × keys*).
    public static func plots(
        trials: [Trial], columns: ParameterColumns? = nil, keys: [String], goal: MetricGoal,
        maximumPoints: Int = PlotSample.defaultLimit
    ) -> [SlicePlot] {
        let columns = columns ?? ParameterColumns(configurations: trials.map(\.params))
        let completed = trials.completedPositions
        let drawn = PlotSample.pick(completed, of: trials, goal: goal, limit: maximumPoints)
        return keys.compactMap { key in
            // The values present, kept optional as the axis takes them (a cast of each otherwise).
            let values = columns.values(of: key, at: completed).filter { $0 != nil }
            guard !values.isEmpty else { return nil }
            let axis = ParameterAxis(key: key, values: values)
            let points = zip(drawn, columns.values(of: key, at: drawn)).compactMap { position, value in
                axis.position(of: value).map {
                    Point(trial: trials[position].number, position: $0, value: trials[position].value!)
                }
            }
            return SlicePlot(axis: axis, points: points, completedCount: values.count)
        }
    }

    private init(axis: ParameterAxis, points: [Point], completedCount: Int) {
        self.axis = axis
        self.points = points
        self.completedCount = completedCount
    }
}
