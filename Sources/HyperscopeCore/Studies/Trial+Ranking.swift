extension [Trial] {
    /// The positions of the completed trials that have a value, in order: what the analyses and
    /// plots of a study read, found without copying a trial.
    package var completedPositions: [Int] {
        indices.filter { self[$0].state == .completed && self[$0].value != nil }
    }

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
        let trials = Array(self)
        return trials.rankedPositions(goal: goal).map { trials[$0] }
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

extension [Trial] {
    /// The positions of the trials ``Swift/Sequence/rankedByValue(goal:)`` ranks, in its order: for
    /// callers that read a few fields of many trials, without copying them (a study's 100,000).
    ///
    /// - Complexity: O(*n* log *n*).
    package func rankedPositions(goal: MetricGoal) -> [Int] {
        let completed = completedPositions.filter { self[$0].isFeasible }
        let values = completed.map { self[$0].value! }
        let numbers = completed.map { self[$0].number }
        return completed.indices.sorted { a, b in
            if values[a] != values[b] { return goal.prefers(values[a], over: values[b]) }
            return numbers[a] < numbers[b]
        }.map { completed[$0] }
    }
}
