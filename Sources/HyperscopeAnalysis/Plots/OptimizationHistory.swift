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

    /// The completed trials drawn, by number: all of them, or with more than the limit, those
    /// ``PlotSample`` picks plus every trial that improved the best value.
    public var points: [Point]
    /// The best value so far as a step line: each completed trial that improved it, and the last
    /// completed trial.
    public var bestSoFar: [Point]
    /// How many trials completed with a value (``points`` may hold fewer).
    public var completedCount: Int
    /// Whether larger values are better.
    public var goal: MetricGoal

    /// The history of `trials` under `goal`, drawing at most about `maximumPoints` trials.
    ///
    /// - Complexity: O(*n* log *n*).
    public init(trials: [Trial], goal: MetricGoal, maximumPoints: Int = PlotSample.defaultLimit) {
        self.goal = goal
        let completed = trials.filter { $0.state == .completed && $0.value != nil }.sortedByNumber()
        completedCount = completed.count
        var best: Double?
        var improving: [Trial] = []
        for trial in completed where best == nil || goal.prefers(trial.value!, over: best!) {
            best = trial.value!
            improving.append(trial)
        }
        bestSoFar = improving.map { Point(trial: $0.number, value: $0.value!) }
        if let last = completed.last, last.number != bestSoFar.last?.trial, let best {
            bestSoFar.append(Point(trial: last.number, value: best))
        }
        let drawn: [Trial]
        if completed.count <= maximumPoints {
            drawn = completed
        } else {
            let sampled = PlotSample.completedTrials(completed, goal: goal, limit: maximumPoints)
            let sampledNumbers = Set(sampled.map(\.number))
            drawn = (sampled + improving.filter { !sampledNumbers.contains($0.number) }).sorted {
                $0.number < $1.number
            }
        }
        points = drawn.map {
            Point(trial: $0.number, value: $0.value!, interval: $0.valueSummary?.confidenceInterval95)
        }
    }
}
