import HyperscopeCore

/// Orders runs by a field: metrics best first (by their goal), everything else ascending.
public enum RunOrdering {
    /// The runs sorted by `field` (a parameter, metadata such as `id`, or a metric such as
    /// `val/acc.best`); runs without the field come last, and the sort is stable otherwise.
    ///
    /// - Complexity: O(*n* log *n*).
    public static func sorted(_ runs: [Run], by field: String, goals: MetricGoals) -> [Run] {
        let metric = runs.lazy.compactMap { RunField.metricKey(field, in: $0) }.first
        return sortedPositions(
            count: runs.count, descending: metric.map { goals.goal(for: $0) == .maximize } ?? false,
            value: { RunField.value(field, in: runs[$0], goal: goals.goal(for:)) }
        ).map { runs[$0] }
    }

    /// The positions of the runs of a table in the order ``sorted(_:by:goals:)`` gives their runs.
    ///
    /// - Complexity: O(*n* log *n*).
    public static func sortedPositions(in table: RunTable, by field: String, goals: MetricGoals) -> [Int] {
        sortedPositions(in: table, among: Array(0..<table.count), by: field, goals: goals)
    }

    /// Some positions of a table (in increasing order) in the order ``sorted(_:by:goals:)`` gives
    /// their runs: what ``sortedPositions(in:by:goals:)`` gives for the table of those rows, each
    /// mapped back to its position, without making that table.
    ///
    /// - Complexity: O(*k* log *k*) for *k* positions.
    package static func sortedPositions(
        in table: RunTable, among positions: [Int], by field: String, goals: MetricGoals
    ) -> [Int] {
        let metric = positions.lazy.compactMap { RunField.metricKey(field, in: table, row: $0) }.first
        let value = RunField.reader(field, in: table, goal: goals.goal(for:))
        return sortedPositions(
            count: positions.count, descending: metric.map { goals.goal(for: $0) == .maximize } ?? false,
            value: { value(positions[$0]) }
        ).map { positions[$0] }
    }

    /// Positions `0..<count` sorted by each one's `value`: numbers by number (descending for a metric
    /// better when larger), else by text; those without a value last; stable otherwise.
    private static func sortedPositions(count: Int, descending: Bool, value: (Int) -> Value?) -> [Int] {
        let keyed = (0..<count).map { ($0, value($0)) }
        return keyed.sorted { left, right in
            switch (left.1, right.1) {
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
        }.map(\.0)
    }
}
