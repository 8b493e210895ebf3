/// The few numbers that stand for a whole curve in a table: last, best, min, max and count.
public struct MetricSummary: Sendable, Hashable {
    /// The last logged value that is not NaN, if any.
    public var last: Double?
    /// The best value under the goal the summary was made with.
    public var best: Double?
    /// The smallest value, NaN ignored.
    public var min: Double?
    /// The largest value, NaN ignored.
    public var max: Double?
    /// The number of points, NaN included.
    public var count: Int

    /// Summarises values under a goal.
    ///
    /// - Complexity: O(*n*).
    public init(values: [Double], goal: MetricGoal) {
        var smallest = Double.infinity
        var largest = -Double.infinity
        var last: Double?
        for value in values where !value.isNaN {
            smallest = Swift.min(smallest, value)
            largest = Swift.max(largest, value)
            last = value
        }
        self.last = last
        self.min = last == nil ? nil : smallest
        self.max = last == nil ? nil : largest
        self.best = goal == .maximize ? self.max : self.min
        self.count = values.count
    }

    /// A summary from its parts, `best` taken from `min` or `max` by the goal.
    public init(last: Double?, min: Double?, max: Double?, count: Int, goal: MetricGoal) {
        self.last = last
        self.min = min
        self.max = max
        self.best = goal == .maximize ? max : min
        self.count = count
    }

    /// The named statistic: `last`, `best`, `min`, `max` or `count`.
    public func statistic(named name: String) -> Double? {
        switch name {
        case "last": last
        case "best": best
        case "min": min
        case "max": max
        case "count": Double(count)
        default: nil
        }
    }

    /// The names ``statistic(named:)`` accepts.
    public static let statisticNames = ["last", "best", "min", "max", "count"]
}
