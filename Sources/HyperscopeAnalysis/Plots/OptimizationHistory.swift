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
        // Positions, not copies: reading a field through the array copies only that field.
        let completed = PlotSample.inNumberOrder(trials.completedPositions, of: trials)
        completedCount = completed.count
        var best: Double?
        var improving: [Int] = []
        for position in completed where best == nil || goal.prefers(trials[position].value!, over: best!) {
            best = trials[position].value!
            improving.append(position)
        }
        bestSoFar = improving.map { Point(trial: trials[$0].number, value: trials[$0].value!) }
        if let last = completed.last, trials[last].number != bestSoFar.last?.trial, let best {
            bestSoFar.append(Point(trial: trials[last].number, value: best))
        }
        let drawn: [Int]
        if completed.count <= maximumPoints {
            drawn = completed
        } else {
            let sampled = PlotSample.pick(completed, of: trials, goal: goal, limit: maximumPoints)
            let sampledPositions = Set(sampled)
            drawn = (sampled + improving.filter { !sampledPositions.contains($0) }).sorted {
                trials[$0].number < trials[$1].number
            }
        }
        points = drawn.map {
            Point(
                trial: trials[$0].number, value: trials[$0].value!,
                interval: trials[$0].valueSummary?.confidenceInterval95)
        }
    }
}
