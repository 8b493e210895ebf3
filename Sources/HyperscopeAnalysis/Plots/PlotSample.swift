import HyperscopeCore

extension Array {
    /// At most `limit` elements spread evenly over the array: all of them when it has no more,
    /// else those at positions ⌊*i* · count / limit⌋ for *i* in 0..<limit, the first included.
    public func evenlySpaced(atMost limit: Int) -> [Element] {
        guard count > limit else { return self }
        guard limit > 0 else { return [] }
        return (0..<limit).map { self[$0 * count / limit] }
    }
}

/// Which completed trials a plot draws when a study has too many to draw each one readably: the
/// best tenth of the budget, then an even spread of the others by trial number, so the plot shows
/// where the good values lie as well as how the search covered the space.
public enum PlotSample {
    /// The most trials a point or line plot draws by default.
    public static let defaultLimit = 2_000

    /// At most `limit` of the completed trials with a value, in trial-number order; all of them
    /// when there are no more.
    ///
    /// - Complexity: O(*n* log *n*) over the values; the trials themselves are not sorted unless
    ///   they come out of number order.
    public static func completedTrials(_ trials: [Trial], goal: MetricGoal, limit: Int = defaultLimit) -> [Trial] {
        pick(trials.completedPositions, of: trials, goal: goal, limit: limit).map { trials[$0] }
    }

    /// At most `limit` of the trials at `candidates` (positions of completed trials with a value),
    /// picked as ``completedTrials(_:goal:limit:)`` picks, as positions in trial-number order.
    static func pick(_ candidates: [Int], of trials: [Trial], goal: MetricGoal, limit: Int) -> [Int] {
        let completed = inNumberOrder(candidates, of: trials)
        guard completed.count > limit else { return completed }
        // The best: the first `limit / 10` positions ranked by value, then by position (number order).
        let values = completed.map { trials[$0].value! }
        let ranked = (goal == .minimize ? values : values.map { -$0 }).ascendingPositions
        let best = Set(ranked.prefix(limit / 10))
        let others = completed.indices.filter { !best.contains($0) }.evenlySpaced(atMost: limit - best.count)
        return (Array(best) + others).sorted().map { completed[$0] }
    }

    /// Positions in `trials`, in the order of their trials' numbers (as given when already so).
    static func inNumberOrder(_ positions: [Int], of trials: [Trial]) -> [Int] {
        positions.indices.dropFirst().allSatisfy({ trials[positions[$0 - 1]].number < trials[positions[$0]].number })
            ? positions : positions.sorted { trials[$0].number < trials[$1].number }
    }
}
