import HyperscopeCore

/// Bootstrap confidence intervals of a calibration report's figures: the examples resampled with
/// replacement, each resample measured again, and each figure's percentile interval.
///
/// The calibration errors (ECE, adaptive ECE, MCE, classwise ECE) are absolute gaps averaged or
/// maximised over bins: noise only ever adds to them, so a resample, with its repeated examples, measures
/// more than the data did, and a plain percentile interval can lie wholly above the estimate. Their
/// intervals are shifted down by the bootstrap's estimate of that excess (the resamples' mean less the
/// estimate) and cut at 0, which keeps the estimate inside (Efron & Tibshirani 1993, §10). Accuracy, NLL
/// and Brier are means over examples, without that bias, and keep the percentile interval.
public struct CalibrationIntervals: Sendable, Hashable {
    /// A figure's interval.
    public typealias Interval = ClosedRange<Double>

    /// The interval of the accuracy.
    public let accuracy: Interval
    /// The interval of the negative log-likelihood.
    public let negativeLogLikelihood: Interval
    /// The interval of the Brier score.
    public let brierScore: Interval
    /// The interval of the ECE over equal-width bins.
    public let expectedCalibrationError: Interval
    /// The interval of the ECE over equal-count bins.
    public let adaptiveCalibrationError: Interval
    /// The interval of the MCE.
    public let maximumCalibrationError: Interval
    /// The interval of the classwise ECE.
    public let classwiseCalibrationError: Interval
    /// The number of resamples.
    public let resamples: Int
    /// The confidence level, such as 0.95.
    public let level: Double

    /// Resamples `predictions` `resamples` times (the same `seed` gives the same intervals) and
    /// measures each resample with `binCount` bins.
    public init(
        _ predictions: ClassPredictions, binCount: Int = 15, resamples: Int = 1_000, level: Double = 0.95,
        seed: UInt64 = 0
    ) {
        let count = predictions.count
        var figures: [[Double]] = Array(repeating: [], count: 7)
        // Each resample has a seed of its own drawn from the given one (seeds a fixed step apart
        // would be SplitMix64's own stream shifted, and the resamples would overlap).
        let examples = ExampleFigures(predictions, binCount: binCount)
        let estimates = Self.figures(of: CalibrationReport(examples, counts: nil))
        let reports = SplitMix64.seeds(resamples, from: seed).concurrentMap { resampleSeed -> CalibrationReport in
            var generator = SplitMix64(seed: resampleSeed)
            var draws = [Int](repeating: 0, count: count)
            for _ in 0..<count { draws[Int.random(in: 0..<count, using: &generator)] += 1 }
            return CalibrationReport(examples, counts: draws)
        }
        for report in reports {
            for (index, value) in Self.figures(of: report).enumerated() { figures[index].append(value) }
        }
        let intervals = figures.indices.map { index -> Interval in
            let sorted = figures[index].sorted()
            let low = Bootstrap.percentile(sorted, (1 - level) / 2)
            let high = Bootstrap.percentile(sorted, (1 + level) / 2)
            guard Self.biasedUpward[index], !sorted.isEmpty else { return low...high }
            let excess = sorted.reduce(0, +) / Double(sorted.count) - estimates[index]
            return max(0, low - excess)...max(0, high - excess)
        }
        accuracy = intervals[0]
        negativeLogLikelihood = intervals[1]
        brierScore = intervals[2]
        expectedCalibrationError = intervals[3]
        adaptiveCalibrationError = intervals[4]
        maximumCalibrationError = intervals[5]
        classwiseCalibrationError = intervals[6]
        self.resamples = resamples
        self.level = level
    }

    /// A report's figures in the order of the stored intervals.
    private static func figures(of report: CalibrationReport) -> [Double] {
        [
            report.accuracy, report.negativeLogLikelihood, report.brierScore, report.expectedCalibrationError,
            report.adaptiveCalibrationError, report.maximumCalibrationError, report.classwiseCalibrationError,
        ]
    }

    /// Whether noise biases each figure upward: the calibration errors.
    private static let biasedUpward = [false, false, false, true, true, true, true]
}
