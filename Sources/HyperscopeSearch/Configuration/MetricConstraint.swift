import HyperscopeCore

/// A bound a trial must keep to be feasible (`memory_gb <= 16`, `val/loss < 1`), read from the last
/// value of a metric its runs log. An infeasible trial is never the best nor on the Pareto front.
public struct MetricConstraint: Sendable, Hashable, CustomStringConvertible {
    /// How the metric must compare with the bound.
    public enum Comparison: String, Sendable, Hashable, CaseIterable {
        /// At most the bound.
        case atMost = "<="
        /// Below the bound.
        case below = "<"
        /// At least the bound.
        case atLeast = ">="
        /// Above the bound.
        case above = ">"
    }

    /// The metric (`memory_gb`).
    public var metric: String
    /// How it must compare with ``bound``.
    public var comparison: Comparison
    /// The bound.
    public var bound: Double

    /// Creates a constraint.
    public init(metric: String, comparison: Comparison, bound: Double) {
        self.metric = metric
        self.comparison = comparison
        self.bound = bound
    }

    /// Reads `METRIC OP NUMBER` with OP one of `<=`, `<`, `>=`, `>`; `nil` for anything else.
    public init?(parsing text: String) {
        for comparison in [Comparison.atMost, .atLeast, .below, .above] {
            guard let range = text.range(of: comparison.rawValue) else { continue }
            let metric = text[..<range.lowerBound].trimmingCharacters(in: .whitespaces)
            let boundText = text[range.upperBound...].trimmingCharacters(in: .whitespaces)
            guard !metric.isEmpty, !metric.contains(where: { "<>=".contains($0) }), let bound = Double(boundText),
                bound.isFinite
            else { return nil }
            self.init(metric: metric, comparison: comparison, bound: bound)
            return
        }
        return nil
    }

    /// How far `value` is from meeting the constraint: 0 when it does, else its distance from the bound
    /// (at least 10⁻¹²: a value equal to a strict bound is not in). NaN never meets it.
    public func violation(of value: Double) -> Double {
        guard !value.isNaN else { return .infinity }
        let met =
            switch comparison {
            case .atMost: value <= bound
            case .below: value < bound
            case .atLeast: value >= bound
            case .above: value > bound
            }
        return met ? 0 : max(abs(value - bound), 1e-12)
    }

    /// `memory_gb <= 16`.
    public var description: String { "\(metric) \(comparison.rawValue) \(Value.formatFloat(bound))" }
}

extension SearchConfiguration {
    /// How a trial stands against the constraints, judged on each constraint metric's mean over its
    /// completed repeats (`perRepeat`, one list of values in the order of ``constraints`` per repeat): the
    /// sum of the unmet constraints' distances from their bounds, and the unmet ones in words
    /// (`memory_gb = 18, needs <= 16`); `nil` and `nil` without constraints or repeats.
    package func constraintVerdict(_ perRepeat: [[Double]]) -> (violation: Double?, unmet: String?) {
        let complete = perRepeat.filter { $0.count == constraints.count }
        guard !constraints.isEmpty, !complete.isEmpty else { return (nil, nil) }
        let means = constraints.indices.map { k in complete.map { $0[k] }.reduce(0, +) / Double(complete.count) }
        let unmet = zip(constraints, means).filter { $0.0.violation(of: $0.1) > 0 }.map { constraint, mean in
            "\(constraint.metric) = \(NumberFormatting.metric(mean)), needs \(constraint.comparison.rawValue) \(Value.formatFloat(constraint.bound))"
        }
        let violation = zip(constraints, means).reduce(0) { $0 + $1.0.violation(of: $1.1) }
        return (violation, unmet.isEmpty ? nil : unmet.joined(separator: "; "))
    }
}
