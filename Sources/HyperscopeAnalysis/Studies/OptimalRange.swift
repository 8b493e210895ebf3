import Foundation
import HyperscopeCore

/// Where one parameter's good values lie: its span among the top quartile of configurations
/// against the span the search explored.
public struct OptimalRange: Sendable, Hashable {
    /// The span of one parameter's values.
    public enum Span: Sendable, Hashable {
        /// Numbers from `low` to `high`.
        case numeric(low: Double, high: Double)
        /// Values (text, booleans, lists) with how many configurations had each, most frequent first.
        case values([ValueCount])
    }

    /// A value and how often it occurs.
    public struct ValueCount: Sendable, Hashable {
        /// The value.
        public var value: Value
        /// How many configurations had it.
        public var count: Int

        /// Creates a count.
        public init(value: Value, count: Int) {
            self.value = value
            self.count = count
        }
    }

    /// The parameter key.
    public var key: String
    /// Its span among the top configurations; `nil` when none of them has the parameter (a branch
    /// they did not take).
    public var top: Span?
    /// Its span over all completed configurations.
    public var explored: Span
    /// Whether the numbers are compared on a log scale (positive, spanning two decades or more).
    public var logarithmic: Bool
    /// How much of the explored span the top one covers, from 0 to 1 (on the log scale where it applies);
    /// for values, the share of the explored values that occur among the top configurations.
    public var coveredFraction: Double
    /// How many top configurations there are (of those that set the parameter).
    public var topCount: Int
    /// How many completed configurations set the parameter: all of them, or for a parameter of a
    /// conditional branch (`min_p` only where `sampler_type = min_p`) only those that took it.
    public var configurationCount: Int
    /// Whether some completed configurations do not set the parameter (a branch they did not take).
    public var isConditional: Bool

    /// The optimal ranges of the parameters that vary across the completed trials, in key order.
    ///
    /// The top configurations are the best quarter of the completed trials (rounded up, at least
    /// one). For a parameter that only some configurations set (a conditional branch's), the span
    /// is that of the best quarter of the configurations that set it, never of a top quarter most
    /// of which did not.
    /// `completedColumns`, the parameter columns of the completed trials (in their order among
    /// `trials`) when the caller has them, saves reading their parameters. `top`, the numbers of the
    /// trials to count as top instead (a Pareto front), replaces the best quarter.
    ///
    /// - Complexity: O(*trials × keys*) plus sorting the values.
    public static func compute(
        trials: [Trial], goal: MetricGoal, completedColumns: ParameterColumns? = nil, top chosen: Set<Int>? = nil
    ) -> [OptimalRange] {
        let completed = trials.filter { $0.state == .completed && $0.value != nil }
        guard !completed.isEmpty else { return [] }
        let columns = completedColumns ?? ParameterColumns(configurations: completed.map(\.params))
        let values = completed.map { $0.value! }
        let ranked = completed.indices.sorted { a, b in
            values[a] != values[b]
                ? goal.prefers(values[a], over: values[b]) : completed[a].number < completed[b].number
        }
        let keys = completed.count > 1 ? columns.varyingKeys : []
        return keys.compactMap { key in
            guard let column = columns.column(of: key) else { return nil }
            let (codes, distinct) = (columns.codes[column], columns.values[column])
            let setting = ranked.filter { codes[$0] >= 0 }
            guard !setting.isEmpty else { return nil }
            let top =
                chosen.map { numbers in setting.filter { numbers.contains(completed[$0].number) }[...] }
                ?? setting.prefix(max(1, (setting.count + 3) / 4))
            let isConditional = setting.count < ranked.count
            // How many configurations, of all and of the top ones, have each distinct value.
            var exploredCounts = [Int](repeating: 0, count: distinct.count)
            for code in codes where code >= 0 { exploredCounts[Int(code)] += 1 }
            var topCounts = [Int](repeating: 0, count: distinct.count)
            for position in top where codes[position] >= 0 { topCounts[Int(codes[position])] += 1 }
            let numbers = distinct.compactMap(\.numericValue)
            if numbers.count == distinct.count, distinct.allSatisfy(Self.isNumber), let low = numbers.min(),
                let high = numbers.max()
            {
                // Judged on every configuration's value, not the distinct ones (a grid repeats them).
                let logarithmic = ParameterAxis.isLogarithmic(numbers, counts: exploredCounts)
                let scale = { (x: Double) in logarithmic ? log10(x) : x }
                let topNumbers = numbers.indices.filter { topCounts[$0] > 0 }.map { numbers[$0] }
                let topSpan = topNumbers.min().map { Span.numeric(low: $0, high: topNumbers.max()!) }
                let covered: Double
                if high == low {
                    covered = 1
                } else if let topLow = topNumbers.min(), let topHigh = topNumbers.max() {
                    covered = (scale(topHigh) - scale(topLow)) / (scale(high) - scale(low))
                } else {
                    covered = 0
                }
                return OptimalRange(
                    key: key, top: topSpan, explored: .numeric(low: low, high: high), logarithmic: logarithmic,
                    coveredFraction: covered,
                    topCount: top.count, configurationCount: setting.count, isConditional: isConditional)
            }
            let explored = counts(distinct, exploredCounts)
            let topValues = counts(distinct, topCounts)
            return OptimalRange(
                key: key, top: topValues.isEmpty ? nil : .values(topValues), explored: .values(explored),
                logarithmic: false,
                coveredFraction: Double(topValues.count) / Double(explored.count), topCount: top.count,
                configurationCount: setting.count, isConditional: isConditional)
        }
    }

    private static func isNumber(_ value: Value) -> Bool {
        switch value {
        case .int, .float: return true
        default: return false
        }
    }

    /// The values that occur (a count above zero) with their counts, most frequent first, then by text.
    private static func counts(_ values: [Value], _ counts: [Int]) -> [ValueCount] {
        values.indices.filter { counts[$0] > 0 }.map { ValueCount(value: values[$0], count: counts[$0]) }
            .sorted { ($0.count, $1.value.displayText) > ($1.count, $0.value.displayText) }
    }
}
