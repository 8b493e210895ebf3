#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import HyperscopeCore

/// A Parzen (kernel density) estimator over one or more parameters: the l(x) and g(x) of the
/// Tree-structured Parzen Estimator (Bergstra et al. 2011; Watanabe 2023).
///
/// It is a mixture with one component per observation plus a wide prior component. A component is a
/// product of one kernel per parameter: a truncated Gaussian on the parameter's sampling scale
/// (integrated over the bin for stepped and integer ranges), or for a categorical parameter the
/// observed choice with a little mass spread over the others. Sampling a component and then each of
/// its kernels keeps the dependencies between parameters (the multivariate TPE).
///
/// Bandwidths follow Optuna's choices: one parameter (univariate) uses the distance to the
/// neighbouring observations; several use Scott's rule 0.2·n^(−1/(d+4))·range; both are clipped to
/// [range / min(100, n + 1), range].
public struct ParzenEstimator: Sendable {
    private enum Kernels: Sendable {
        /// Per component: mean and bandwidth on the sampling scale; bounds; bin half-width (0 when continuous).
        case numeric(means: [Double], bandwidths: [Double], low: Double, high: Double, domain: ParameterDomain)
        /// Per component: probabilities of each choice.
        case categorical(probabilities: [[Double]], choices: [Value])
        case fixed(Value)
    }

    /// The domains of the parameters, in the order values are given.
    public let domains: [ParameterDomain]
    private let kernels: [Kernels]
    private let logWeights: [Double]

    /// Fits the estimator.
    ///
    /// - Parameters:
    ///   - domains: The parameters' domains.
    ///   - observations: One row per observation, a value per domain (each must lie in its domain).
    ///   - weights: One non-negative weight per observation (all 1 when empty).
    ///   - priorWeight: The weight of the prior component.
    /// - Complexity: O(*n*·*d* + *n* log *n*).
    public init(domains: [ParameterDomain], observations: [[Value]], weights: [Double] = [], priorWeight: Double = 1) {
        self.domains = domains
        let count = observations.count
        let observationWeights = weights.isEmpty ? Array(repeating: 1.0, count: count) : weights
        let mixture = observationWeights + [priorWeight]
        let total = mixture.reduce(0, +)
        logWeights = mixture.map { log($0 / total) }
        let univariate = domains.count == 1
        kernels = domains.enumerated().map { index, domain in
            let column = observations.map { $0[index] }
            switch domain {
            case .fixed(let value):
                return .fixed(value)
            case .categorical(let choices):
                let spread = priorWeight / Double(choices.count)
                var rows = column.map { value -> [Double] in
                    var row = Array(repeating: spread, count: choices.count)
                    if let position = choices.firstIndex(of: value) { row[position] += 1 }
                    let sum = row.reduce(0, +)
                    return row.map { $0 / sum }
                }
                rows.append(Array(repeating: 1 / Double(choices.count), count: choices.count))
                return .categorical(probabilities: rows, choices: choices)
            case .float, .integer:
                let (low, high) = domain.transformedBounds!
                let points = column.map { domain.transform($0.numericValue!) }
                let bandwidths = Self.bandwidths(points, low: low, high: high, univariate: univariate, dimensions: domains.count)
                return .numeric(means: points + [(low + high) / 2], bandwidths: bandwidths + [high - low], low: low, high: high, domain: domain)
            }
        }
    }

    /// The log density (log probability for discrete parameters) of a configuration.
    ///
    /// - Complexity: O(*n*·*d*).
    public func logDensity(_ values: [Value]) -> Double {
        var perComponent = logWeights
        for (index, kernel) in kernels.enumerated() {
            switch kernel {
            case .fixed: continue
            case .categorical(let probabilities, let choices):
                guard let position = choices.firstIndex(of: values[index]) else { return -.infinity }
                for component in perComponent.indices { perComponent[component] += log(probabilities[component][position]) }
            case .numeric(let means, let bandwidths, let low, let high, let domain):
                guard let number = values[index].numericValue else { return -.infinity }
                let bin = Self.bin(of: number, in: domain)
                for component in perComponent.indices {
                    let normal = TruncatedNormal(mean: means[component], standardDeviation: bandwidths[component], low: low, high: high)
                    perComponent[component] += bin.map { normal.logProbability(from: $0.lowerBound, to: $0.upperBound) }
                        ?? normal.logDensity(domain.transform(number))
                }
            }
        }
        return Self.logSumExp(perComponent)
    }

    /// Draws a configuration: a component by weight, then a value from each of its kernels.
    public func sample(using generator: inout some RandomNumberGenerator) -> [Value] {
        let component = Self.pick(logWeights, using: &generator)
        return kernels.map { kernel in
            switch kernel {
            case .fixed(let value):
                return value
            case .categorical(let probabilities, let choices):
                return choices[Self.pick(probabilities[component].map { log($0) }, using: &generator)]
            case .numeric(let means, let bandwidths, let low, let high, let domain):
                let normal = TruncatedNormal(mean: means[component], standardDeviation: bandwidths[component], low: low, high: high)
                return domain.snapped(domain.untransform(normal.sample(using: &generator)))!
            }
        }
    }

    // MARK: - Numerics

    /// The bin a stepped or integer value stands for, on the sampling scale; `nil` for continuous ranges.
    private static func bin(of number: Double, in domain: ParameterDomain) -> ClosedRange<Double>? {
        switch domain {
        case .integer(_, _, let logarithmic, let step):
            let half = Double(step) / 2
            return logarithmic ? log(number - half)...log(number + half) : (number - half)...(number + half)
        case .float(_, _, _, let step?):
            return (number - step / 2)...(number + step / 2)
        default:
            return nil
        }
    }

    private static func bandwidths(_ points: [Double], low: Double, high: Double, univariate: Bool, dimensions: Int) -> [Double] {
        let range = high - low
        let minimum = range / min(100, Double(points.count + 4))
        var result: [Double]
        if univariate {
            // Distance to the farther neighbour among the sorted observations and the prior's mean.
            let withPrior = points + [(low + high) / 2]
            let order = withPrior.indices.sorted { withPrior[$0] < withPrior[$1] }
            var sorted = order.map { withPrior[$0] }
            sorted = [low] + sorted + [high]
            var bySortedPosition: [Double] = []
            for position in 1..<(sorted.count - 1) {
                let left: Double = sorted[position] - sorted[position - 1]
                let right: Double = sorted[position + 1] - sorted[position]
                bySortedPosition.append(max(left, right))
            }
            if bySortedPosition.count >= 2 {
                bySortedPosition[0] = sorted[2] - sorted[1]
                bySortedPosition[bySortedPosition.count - 1] = sorted[sorted.count - 2] - sorted[sorted.count - 3]
            }
            result = Array(repeating: 0, count: withPrior.count)
            for (position, original) in order.enumerated() { result[original] = bySortedPosition[position] }
            result.removeLast()
        } else {
            let scott = 0.2 * pow(Double(max(points.count, 1)), -1 / Double(dimensions + 4)) * range
            result = Array(repeating: scott, count: points.count)
        }
        return result.map { min(max($0, minimum), range) }
    }

    private static func logSumExp(_ values: [Double]) -> Double {
        guard let largest = values.max(), largest > -.infinity else { return -.infinity }
        return largest + log(values.reduce(0) { $0 + exp($1 - largest) })
    }

    private static func pick(_ logWeights: [Double], using generator: inout some RandomNumberGenerator) -> Int {
        let largest = logWeights.max() ?? 0
        let weights = logWeights.map { exp($0 - largest) }
        var target = Double.random(in: 0..<weights.reduce(0, +), using: &generator)
        for (index, weight) in weights.enumerated() {
            target -= weight
            if target < 0 { return index }
        }
        return weights.count - 1
    }
}
