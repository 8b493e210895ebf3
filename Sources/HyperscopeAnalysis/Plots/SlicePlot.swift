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
    /// The trials that have the parameter.
    public var points: [Point]

    /// The slice of one parameter over the completed trials; `nil` when none has it.
    ///
    /// - Complexity: O(*trials*).
    public init?(trials: [Trial], key: String) {
        let completed = trials.filter { $0.state == .completed && $0.value != nil && $0.params[key] != nil }
        guard !completed.isEmpty else { return nil }
        let axis = ParameterAxis(key: key, values: completed.map { $0.params[key] })
        self.axis = axis
        points = completed.compactMap { trial in
            axis.position(of: trial.params[key]).map { Point(trial: trial.number, position: $0, value: trial.value!) }
        }
    }
}
