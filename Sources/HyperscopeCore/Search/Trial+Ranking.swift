extension Sequence<Trial> {
    /// The completed trials with a value, best first under `goal` (ties by trial number).
    ///
    /// - Complexity: O(*n* log *n*).
    public func rankedByValue(goal: MetricGoal) -> [Trial] {
        filter { $0.state == .completed && $0.value != nil }.sorted { a, b in
            if a.value! != b.value! { return goal.prefers(a.value!, over: b.value!) }
            return a.number < b.number
        }
    }

    /// The best completed trial under `goal`, or `nil` when none completed with a value.
    ///
    /// - Complexity: O(*n*).
    public func best(goal: MetricGoal) -> Trial? {
        filter { $0.state == .completed && $0.value != nil }.min { a, b in
            if a.value! != b.value! { return goal.prefers(a.value!, over: b.value!) }
            return a.number < b.number
        }
    }
}
