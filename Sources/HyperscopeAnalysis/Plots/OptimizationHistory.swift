import HyperscopeCore

/// The objective of each completed trial in trial order, with the best value found so far.
public struct OptimizationHistory: Sendable, Hashable {
    /// One completed trial.
    public struct Point: Sendable, Hashable {
        /// The trial number.
        public var trial: Int
        /// Its objective.
        public var value: Double
        /// The 95% CI of the value, when the trial was repeated.
        public var interval: ClosedRange<Double>?
    }

    /// The completed trials, by number.
    public var points: [Point]
    /// The best value after each completed trial, by number (a step line).
    public var bestSoFar: [Point]
    /// Whether larger values are better.
    public var goal: MetricGoal

    /// The history of `trials` under `goal`.
    ///
    /// - Complexity: O(*n* log *n*).
    public init(trials: [Trial], goal: MetricGoal) {
        self.goal = goal
        points = trials.filter { $0.state == .completed && $0.value != nil }.sorted { $0.number < $1.number }.map {
            Point(trial: $0.number, value: $0.value!, interval: $0.valueSummary?.confidenceInterval95)
        }
        var best: Double?
        bestSoFar = points.map { point in
            if best == nil || goal.prefers(point.value, over: best!) { best = point.value }
            return Point(trial: point.trial, value: best!)
        }
    }
}
