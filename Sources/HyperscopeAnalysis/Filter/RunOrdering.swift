import HyperscopeCore

/// Orders runs by a field: metrics best first (by their goal), everything else ascending.
public enum RunOrdering {
    /// The runs sorted by `field` (a parameter, metadata such as `id`, or a metric such as
    /// `val/acc.best`); runs without the field come last, and the sort is stable otherwise.
    ///
    /// - Complexity: O(*n* log *n*).
    public static func sorted(_ runs: [Run], by field: String, goals: MetricGoals) -> [Run] {
        let metric = runs.lazy.compactMap { RunField.metricKey(field, in: $0) }.first
        let descending = metric.map { goals.goal(for: $0) == .maximize } ?? false
        let keyed = runs.enumerated().map { index, run in
            (index, run, RunField.value(field, in: run, goal: goals.goal(for:)))
        }
        return keyed.sorted { left, right in
            switch (left.2, right.2) {
            case (let a?, let b?):
                if let x = a.numericValue, let y = b.numericValue, x != y { return descending ? x > y : x < y }
                if a.numericValue == nil || b.numericValue == nil, a.displayText != b.displayText {
                    return a.displayText < b.displayText
                }
                return left.0 < right.0
            case (.some, nil): return true
            case (nil, .some): return false
            case (nil, nil): return left.0 < right.0
            }
        }.map(\.1)
    }
}
