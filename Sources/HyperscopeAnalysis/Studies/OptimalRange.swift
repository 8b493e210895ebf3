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
    /// How many top configurations there are.
    public var topCount: Int

    /// The optimal ranges of the parameters that vary across the completed trials, in key order.
    ///
    /// The top configurations are the best quarter of the completed trials (rounded up, at least one).
    ///
    /// - Complexity: O(*trials × keys*) plus sorting.
    public static func compute(trials: [Trial], goal: MetricGoal) -> [OptimalRange] {
        let ranked = trials.rankedByValue(goal: goal)
        guard !ranked.isEmpty else { return [] }
        let top = Array(ranked.prefix(max(1, (ranked.count + 3) / 4)))
        let keys = ranked.count > 1 ? ParameterVariation.varyingKeys(in: ranked.map(\.params)) : []
        return keys.compactMap { key in
            let explored = ranked.compactMap { $0.params[key] }
            let best = top.compactMap { $0.params[key] }
            let numbers = explored.compactMap(\.numericValue)
            if numbers.count == explored.count, let low = numbers.min(), let high = numbers.max(), explored.allSatisfy(Self.isNumber) {
                let logarithmic = low > 0 && high / low >= 100
                let scale = { (x: Double) in logarithmic ? log10(x) : x }
                let topNumbers = best.compactMap(\.numericValue)
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
                    key: key, top: topSpan, explored: .numeric(low: low, high: high), logarithmic: logarithmic, coveredFraction: covered,
                    topCount: top.count)
            }
            let exploredCounts = counts(explored)
            let topCounts = counts(best)
            return OptimalRange(
                key: key, top: topCounts.isEmpty ? nil : .values(topCounts), explored: .values(exploredCounts), logarithmic: false,
                coveredFraction: Double(topCounts.count) / Double(exploredCounts.count), topCount: top.count)
        }
    }

    private static func isNumber(_ value: Value) -> Bool {
        switch value {
        case .int, .float: return true
        default: return false
        }
    }

    private static func counts(_ values: [Value]) -> [ValueCount] {
        var counts: [Value: Int] = [:]
        for value in values { counts[value, default: 0] += 1 }
        return counts.map { ValueCount(value: $0.key, count: $0.value) }.sorted { ($0.count, $1.value.displayText) > ($1.count, $0.value.displayText) }
    }
}
