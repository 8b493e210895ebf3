import Foundation
import HyperscopeCore

/// How one parameter's values lie along an axis: on a linear or a log scale for numbers, as evenly
/// spaced categories for anything else; the same mapping serves the importance forests and the plots.
public struct ParameterAxis: Sendable, Hashable {
    /// How values are placed.
    public enum Scale: Sendable, Hashable {
        /// Numbers as they are.
        case linear
        /// Positive numbers spread over two decades or more, crowded at the low end, by their base-10
        /// logarithm.
        case logarithmic
        /// Values as categories, in sorted order of their text.
        case categorical([String])
    }

    /// The parameter key.
    public var key: String
    /// How values are placed.
    public var scale: Scale
    /// The smallest number seen (for categories, 0).
    public var low: Double
    /// The largest number seen (for categories, the count minus one).
    public var high: Double
    /// Whether some configurations lack the parameter (a conditional one).
    public var hasMissing: Bool

    /// The axis for the values a parameter takes (`nil` where a configuration lacks it).
    ///
    /// Numbers are taken on a log scale when they look log-spread (``isLogarithmic(_:)``); booleans,
    /// text and lists are categories.
    public init(key: String, values: [Value?]) {
        self.key = key
        let present = values.compactMap { $0 }
        hasMissing = present.count < values.count
        let numbers = present.compactMap(\.numericValue)
        if numbers.count == present.count, let minimum = numbers.min(), let maximum = numbers.max() {
            scale = Self.isLogarithmic(numbers) ? .logarithmic : .linear
            low = minimum
            high = maximum
        } else {
            let labels = Set(present.map(\.displayText)).sorted()
            scale = .categorical(labels)
            low = 0
            high = Double(max(0, labels.count - 1))
        }
    }

    /// Whether numbers are best read on a log scale: all positive, the largest at least 100 times the
    /// smallest, and, from five values on, crowded at the low end as a log-uniform spread is (at least
    /// 60% below the midpoint of their range; a linear spread puts half there). Without that last
    /// test, the 1,000 uniform draws of a `[0, 1]` parameter (smallest 0.001) read as logarithmic.
    package static func isLogarithmic(_ numbers: [Double]) -> Bool {
        isLogarithmic(numbers, counts: Array(repeating: 1, count: numbers.count))
    }

    /// Whether numbers look log-spread, as ``isLogarithmic(_:)`` judges, given as distinct numbers
    /// and how many times each occurs (a number counted 0 times is not there).
    package static func isLogarithmic(_ numbers: [Double], counts: [Int]) -> Bool {
        let present = numbers.indices.lazy.filter { counts[$0] > 0 }.map { numbers[$0] }
        guard let minimum = present.min(), let maximum = present.max(), minimum > 0, maximum / minimum >= 100
        else { return false }
        let total = counts.reduce(0, +)
        guard total >= 5 else { return true }
        let midpoint = (minimum + maximum) / 2
        let below = zip(numbers, counts).reduce(0) { $0 + ($1.0 < midpoint ? $1.1 : 0) }
        return Double(below) >= 0.6 * Double(total)
    }

    /// The categories' labels, empty for a numeric axis.
    public var categories: [String] {
        if case .categorical(let labels) = scale { return labels }
        return []
    }

    /// A value in the axis's own units: the number, its logarithm, or the category's index; `nil` for
    /// a missing value or one the axis does not know.
    public func encoded(_ value: Value?) -> Double? {
        guard let value else { return nil }
        switch scale {
        case .categorical(let labels): return labels.firstIndex(of: value.displayText).map(Double.init)
        case .logarithmic: return value.numericValue.flatMap { $0 > 0 ? log10($0) : nil }
        case .linear: return value.numericValue
        }
    }

    /// The encoded span: `low…high` in the axis's units, widened to a unit span when it is a point.
    public var encodedRange: ClosedRange<Double> {
        let lower = scale == .logarithmic ? log10(low) : low
        let upper = scale == .logarithmic ? log10(high) : high
        return upper > lower ? lower...upper : lower...(lower + 1)
    }

    /// Where a value sits along the axis, from 0 to 1 (categories at the middle of equal slots);
    /// `nil` for a missing or unknown value.
    public func position(of value: Value?) -> Double? {
        guard let encoded = encoded(value) else { return nil }
        if case .categorical(let labels) = scale { return (encoded + 0.5) / Double(labels.count) }
        let range = encodedRange
        return (encoded - range.lowerBound) / (range.upperBound - range.lowerBound)
    }

    /// The value at a position from 0 to 1, for numeric axes (the inverse of ``position(of:)``).
    public func number(at position: Double) -> Double {
        let range = encodedRange
        let encoded = range.lowerBound + position * (range.upperBound - range.lowerBound)
        return scale == .logarithmic ? pow(10, encoded) : encoded
    }
}
