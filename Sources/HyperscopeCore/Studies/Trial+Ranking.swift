extension [Trial] {
    /// The trials in number order; the array itself, not copied, when it is in that order already.
    ///
    /// - Complexity: O(*n*) when in order, else O(*n* log *n*).
    public func sortedByNumber() -> [Trial] {
        indices.dropFirst().allSatisfy({ self[$0 - 1].number < self[$0].number })
            ? self : sorted { $0.number < $1.number }
    }
}

extension Sequence<Trial> {
    /// The completed feasible trials with a value, best first under `goal` (ties by trial number).
    ///
    /// - Complexity: O(*n* log *n*).
    public func rankedByValue(goal: MetricGoal) -> [Trial] {
        let completed = filter { $0.state == .completed && $0.value != nil && $0.isFeasible }
        let values = completed.map { $0.value! }
        // Sorts positions rather than the trials themselves, which are costly to move.
        return completed.indices.sorted { a, b in
            if values[a] != values[b] { return goal.prefers(values[a], over: values[b]) }
            return completed[a].number < completed[b].number
        }.map { completed[$0] }
    }

    /// The best completed feasible trial under `goal`, or `nil` when none completed with a value.
    ///
    /// - Complexity: O(*n*).
    public func best(goal: MetricGoal) -> Trial? {
        // One pass that copies only the trials that lead, not every completed one.
        var best: Trial?
        for trial in self where trial.state == .completed && trial.isFeasible {
            guard let value = trial.value else { continue }
            if let leader = best, let leading = leader.value,
                value == leading ? trial.number >= leader.number : !goal.prefers(value, over: leading)
            {
                continue
            }
            best = trial
        }
        return best
    }
}
