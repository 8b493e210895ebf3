import HyperscopeCore

/// Bootstrap confidence intervals of a calibration report's figures: the examples resampled with
/// replacement, each resample measured again, and each figure's percentile interval.
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
        let examples = ExampleFigures(predictions)
        let reports = SplitMix64.seeds(resamples, from: seed).concurrentMap { resampleSeed -> CalibrationReport in
            var generator = SplitMix64(seed: resampleSeed)
            let picks = (0..<count).map { _ in Int.random(in: 0..<count, using: &generator) }
            return CalibrationReport(examples, at: picks, binCount: binCount)
        }
        for report in reports {
            let values = [
                report.accuracy, report.negativeLogLikelihood, report.brierScore, report.expectedCalibrationError,
                report.adaptiveCalibrationError, report.maximumCalibrationError, report.classwiseCalibrationError,
            ]
            for (index, value) in values.enumerated() { figures[index].append(value) }
        }
        let intervals = figures.map { values -> Interval in
            let sorted = values.sorted()
            return Bootstrap.percentile(sorted, (1 - level) / 2)...Bootstrap.percentile(sorted, (1 + level) / 2)
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
}
