import SystemLibC

/// The descriptive statistics of one sample: n, mean, standard deviation (n − 1), standard error,
/// 95% confidence interval of the mean (Student t), median, min and max.
///
/// With one value there is no spread: ``standardDeviation``, ``standardError`` and
/// ``confidenceInterval95`` are `nil`, and ``noSpreadReason`` says why.
public struct SampleSummary: Sendable, Hashable {
    /// The number of values.
    public var count: Int
    /// The arithmetic mean.
    public var mean: Double
    /// The sample standard deviation (divisor n − 1); `nil` for fewer than two values.
    public var standardDeviation: Double?
    /// The standard error of the mean, s/√n; `nil` for fewer than two values.
    public var standardError: Double?
    /// The 95% confidence interval of the mean, mean ± t₀.₉₇₅(n − 1)·s/√n; `nil` for fewer than two values.
    public var confidenceInterval95: ClosedRange<Double>?
    /// The median (the mean of the two middle values for an even count).
    public var median: Double
    /// The smallest value.
    public var minimum: Double
    /// The largest value.
    public var maximum: Double

    /// Summarises values; `nil` for an empty sample.
    ///
    /// - Complexity: O(*n* log *n*) for the median.
    public init?(_ values: [Double]) {
        guard !values.isEmpty else { return nil }
        // One value (a run alone in its configuration, most of a random search's) needs no sorted copy.
        let sorted = values.count == 1 ? values : values.sorted()
        count = values.count
        minimum = sorted[0]
        maximum = sorted[count - 1]
        // Identical values have that value as their mean exactly, and so no spread at all (a sum
        // divided back can be off by an ulp, which showed as a spread of 1e-16).
        mean = minimum == maximum ? minimum : Self.mean(values)
        median = count % 2 == 1 ? sorted[count / 2] : (sorted[count / 2 - 1] + sorted[count / 2]) / 2
        guard count > 1 else { return }
        let deviation = Self.variance(values, mean: mean).squareRoot()
        // An infinite value (a diverged run's loss) leaves no spread to state.
        guard deviation.isFinite else { return }
        let error = deviation / Double(count).squareRoot()
        let margin = StudentT(degreesOfFreedom: Double(count - 1)).quantile(0.975) * error
        standardDeviation = deviation
        standardError = error
        confidenceInterval95 = (mean - margin)...(mean + margin)
    }

    /// How tables head a standard deviation, with its convention: the sample standard deviation,
    /// divisor n − 1 (`numpy.std(ddof=1)`, pandas' default), not numpy's default divisor n.
    public static let standardDeviationLabel = "std (n−1)"

    /// Why the spread is missing, or `nil` when it is there.
    public var noSpreadReason: String? {
        if count < 2 { return "one value: no standard deviation or confidence interval" }
        return standardDeviation == nil
            ? "a value is not finite: no standard deviation or confidence interval" : nil
    }

    /// The mean, summed in order (pairwise error is negligible at experiment sizes).
    static func mean(_ values: some Collection<Double>) -> Double {
        values.reduce(0, +) / Double(values.count)
    }

    /// The sample variance with divisor n − 1, by the two-pass algorithm.
    static func variance(_ values: [Double], mean: Double) -> Double {
        values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(values.count - 1)
    }
}
