import Foundation
import HyperscopeCore
import TestSupport
import Testing

@testable import HyperscopeAnalysis

@Suite("Calibration")
struct CalibrationTests {
    /// Twelve examples of three classes with ties between classes and confidences on bin edges
    /// (0.4, 0.6, 0.8, 1.0 with five bins), one probability of 0 for the label clipped in the NLL.
    static let probabilities: [[Double]] = [
        [0.6, 0.3, 0.1], [0.2, 0.4, 0.4], [0.05, 0.05, 0.9], [1.0, 0.0, 0.0], [0.34, 0.33, 0.33], [0.1, 0.7, 0.2],
        [0.25, 0.5, 0.25], [0.8, 0.1, 0.1], [0.0, 0.0, 1.0], [0.45, 0.45, 0.1], [0.3, 0.3, 0.4], [0.6, 0.2, 0.2],
    ]
    static let labels = [0, 2, 2, 0, 1, 1, 0, 0, 2, 1, 2, 1]

    @Test("every figure equals NumPy's by the definitions, with ties on bin edges and between classes")
    func againstNumPy() throws {
        let report = CalibrationReport(
            try ClassPredictions(probabilities: Self.probabilities, labels: Self.labels), binCount: 5)
        // Reference: numpy 2.4.6 by the definitions (np.linspace edges, (lo, hi] with 0 in the first
        // bin, np.array_split of a stable argsort, log clipped at 1e-15); the script is
        // acc, nll, brier, ece, mce, aece, cw = ... in the test's history (python3 /tmp/calref.py).
        #expect(abs(report.accuracy - 0.5833333333333334) < 1e-15)
        #expect(abs(report.negativeLogLikelihood - 0.6609573910598703) < 1e-12)
        #expect(abs(report.brierScore - 0.38986666666666664) < 1e-12)
        #expect(abs(report.expectedCalibrationError - 0.1575) < 1e-12)
        #expect(abs(report.maximumCalibrationError - 0.2875) < 1e-12)
        #expect(abs(report.adaptiveCalibrationError - 0.10749999999999997) < 1e-12)
        #expect(abs(report.classwiseCalibrationError - 0.11277777777777777) < 1e-12)
        #expect(
            report.bins.map(\.count) == [0, 3, 4, 2, 3], "0.6 falls at the upper edge 3 × 0.2 = 0.6000000000000001")
        #expect(report.bins[0].meanConfidence.isNaN && report.bins.count == 5)
    }

    @Test("the temperature minimising the NLL equals scipy.optimize's")
    func temperatureAgainstSciPy() {
        let logits: [[Double]] = [
            [2.0, 0.5, -1.0], [0.1, 1.2, 0.3], [-0.5, 0.2, 2.5], [3.0, -1.0, 0.0], [0.3, 0.2, 0.1], [0.0, 1.5, 0.5],
            [1.0, 1.1, 0.9], [2.2, 0.1, 0.0], [0.0, 0.0, 3.0], [0.8, 0.9, -0.2], [0.2, 0.1, 0.6], [1.4, 0.3, 0.2],
        ]
        // scipy 1.17.1: 1 / brentq(lambda b: mean((softmax(Z * b) * Z).sum(1) - Z[i, y]), 0.1, 10,
        // xtol=1e-15, rtol=8.9e-16), the root of the NLL's derivative in 1/T (minimize_scalar's
        // bounded method gives 0.71281802273666, as close as its tolerance allows).
        let fitted = TemperatureScaling.fitted(logits: logits, labels: Self.labels)
        #expect(abs(fitted - 0.7128180120509354) < 1e-10, "\(fitted)")
        // numpy: the first of [i * 0.05 for i in 1…200] minimising the 5-bin ECE of softmax(Z / T)
        // (0.12427519164143841 there).
        #expect(TemperatureScaling.fittedByECE(logits: logits, labels: Self.labels, binCount: 5) == 0.5)
    }

    @Test("logits scaled by a known factor: the fitted temperature recovers it within 2% and lowers the ECE")
    func recoversAPlantedTemperature() throws {
        var generator = SplitMix64(seed: 7)
        func uniform() -> Double { Double(generator.next() >> 11) / Double(1 << 53) }
        func normal() -> Double { sqrt(-2 * log(max(uniform(), 1e-300))) * cos(2 * .pi * uniform()) }
        var logits: [[Double]] = []
        var labels: [Int] = []
        // 80,000 examples: the fitted temperature's sampling spread is then well under 1%.
        for _ in 0..<80_000 {
            let calibrated = (0..<4).map { _ in 1.5 * normal() }
            let probabilities = ClassPredictions.softmax(calibrated)
            let draw = uniform()
            var cumulative = 0.0
            labels.append(
                probabilities.firstIndex {
                    cumulative += $0
                    return draw < cumulative
                } ?? 3)
            logits.append(calibrated.map { $0 * 2.5 })  // over-confident by a factor of 2.5
        }
        let fitted = TemperatureScaling.fitted(logits: logits, labels: labels)
        #expect(abs(fitted - 2.5) / 2.5 < 0.02, "\(fitted)")
        let before = CalibrationReport(try ClassPredictions(logits: logits, labels: labels))
        let after = CalibrationReport(try ClassPredictions(logits: logits, labels: labels, temperature: fitted))
        #expect(after.expectedCalibrationError < before.expectedCalibrationError / 3)
        #expect(after.negativeLogLikelihood < before.negativeLogLikelihood)
        #expect(after.accuracy == before.accuracy, "a temperature never changes the predicted class")
    }

    @Test("edge cases: one example, perfect confidence, one class in the labels, ragged rows and labels out of range")
    func edges() throws {
        let single = CalibrationReport(try ClassPredictions(probabilities: [[0.3, 0.7]], labels: [0]))
        #expect(single.accuracy == 0 && abs(single.expectedCalibrationError - 0.7) < 1e-15)
        #expect(
            abs(single.brierScore - (0.49 + 0.49)) < 1e-15
                && single.adaptiveCalibrationError == single.expectedCalibrationError)
        let perfect = CalibrationReport(
            try ClassPredictions(probabilities: [[1, 0], [0, 1], [1, 0]], labels: [0, 1, 0]))
        #expect(perfect.expectedCalibrationError == 0 && perfect.brierScore == 0 && perfect.negativeLogLikelihood == 0)
        #expect(perfect.bins.last?.count == 3 && perfect.maximumCalibrationError == 0)
        let oneClass = CalibrationReport(
            try ClassPredictions(probabilities: [[0.9, 0.1], [0.6, 0.4]], labels: [0, 0]))
        #expect(oneClass.accuracy == 1 && abs(oneClass.expectedCalibrationError - 0.25) < 1e-15)
        #expect(throws: NotComputable.self) {
            try ClassPredictions(probabilities: [[0.5, 0.5], [1.0]], labels: [0, 0])
        }
        #expect(throws: NotComputable.self) { try ClassPredictions(probabilities: [[0.5, 0.5]], labels: [2]) }
        #expect(throws: NotComputable.self) { try ClassPredictions(probabilities: [], labels: []) }
    }
}

@Suite("Calibration intervals")
struct CalibrationIntervalTests {
    @Test("bootstrap intervals: the same seed gives the same; the accuracy's matches the normal approximation")
    func intervals() throws {
        var generator = SplitMix64(seed: 3)
        var probabilities: [[Double]] = []
        var labels: [Int] = []
        for _ in 0..<2_000 {
            let confidence = 0.5 + Double(generator.next() % 500) / 1_000
            probabilities.append([confidence, 1 - confidence])
            labels.append(Double(generator.next() % 1_000) / 1_000 < confidence - 0.1 ? 0 : 1)
        }
        let predictions = try ClassPredictions(probabilities: probabilities, labels: labels)
        let report = CalibrationReport(predictions)
        let intervals = CalibrationIntervals(predictions, resamples: 300, seed: 9)
        #expect(intervals == CalibrationIntervals(predictions, resamples: 300, seed: 9))
        #expect(intervals != CalibrationIntervals(predictions, resamples: 300, seed: 10))
        #expect(
            intervals.accuracy.contains(report.accuracy)
                && intervals.expectedCalibrationError.contains(report.expectedCalibrationError))
        // The accuracy is a proportion: its 95% interval is about ± 1.96 √(p(1 − p)/n).
        let halfWidth = 1.96 * sqrt(report.accuracy * (1 - report.accuracy) / 2_000)
        let measured = (intervals.accuracy.upperBound - intervals.accuracy.lowerBound) / 2
        #expect(
            abs(measured - halfWidth) / halfWidth < 0.2,
            "\(measured) against \(halfWidth): \(intervals.accuracy) around \(report.accuracy)")
        #expect(intervals.expectedCalibrationError.lowerBound > 0.03, "a planted 0.1 over-confidence is not chance")
    }

    @Test("a resample measured by its counts equals the same rows measured as a file of their own")
    func countsEqualRows() throws {
        var generator = SplitMix64(seed: 21)
        func uniform() -> Double { Double(generator.next() >> 11) / Double(1 << 53) }
        let rows = (0..<700).map { _ -> [Double] in
            let raw = (0..<4).map { _ in uniform() + 0.01 }
            let total = raw.reduce(0, +)
            return raw.map { $0 / total }
        }
        let labels = rows.indices.map { _ in Int(generator.next() % 4) }
        let predictions = try ClassPredictions(probabilities: rows, labels: labels)
        for binCount in [1, 7, 15] {
            let figures = ExampleFigures(predictions, binCount: binCount)
            for _ in 0..<5 {
                var counts = [Int](repeating: 0, count: rows.count)
                var picked: [Int] = []
                for _ in rows.indices {
                    let index = Int(generator.next() % UInt64(rows.count))
                    counts[index] += 1
                    picked.append(index)
                }
                let byCounts = CalibrationReport(figures, counts: counts)
                let byRows = CalibrationReport(
                    try ClassPredictions(probabilities: picked.map { rows[$0] }, labels: picked.map { labels[$0] }),
                    binCount: binCount)
                let pairs = [
                    (byCounts.accuracy, byRows.accuracy),
                    (byCounts.negativeLogLikelihood, byRows.negativeLogLikelihood),
                    (byCounts.brierScore, byRows.brierScore),
                    (byCounts.expectedCalibrationError, byRows.expectedCalibrationError),
                    (byCounts.adaptiveCalibrationError, byRows.adaptiveCalibrationError),
                    (byCounts.maximumCalibrationError, byRows.maximumCalibrationError),
                    (byCounts.classwiseCalibrationError, byRows.classwiseCalibrationError),
                ]
                for (index, (left, right)) in pairs.enumerated() {
                    #expect(abs(left - right) <= 1e-12 * max(1, abs(right)), "figure \(index), \(binCount) bins")
                }
                #expect(byCounts.bins.map(\.count) == byRows.bins.map(\.count))
            }
        }
    }

    @Test("the calibration errors' intervals are bias-corrected: on calibrated predictions each holds its estimate")
    func biasCorrected() throws {
        // Labels drawn from the predicted probabilities: calibrated by construction, so the true ECE is 0,
        // and the plug-in ECE is biased upward, each resample's (with repeated examples) more so.
        var generator = SplitMix64(seed: 11)
        var probabilities: [[Double]] = []
        var labels: [Int] = []
        for _ in 0..<1_000 {
            // Mostly confident, as a trained classifier: two thirds above 0.97.
            let u = Double(generator.next() % 1_000) / 1_000
            let p = u < 0.66 ? 0.97 + 0.03 * u / 0.66 : 0.5 + 0.47 * (u - 0.66) / 0.34
            probabilities.append([p, 1 - p])
            labels.append(Double(generator.next() % 1_000_000) / 1_000_000 < p ? 0 : 1)
        }
        let predictions = try ClassPredictions(probabilities: probabilities, labels: labels)
        let report = CalibrationReport(predictions)
        let intervals = CalibrationIntervals(predictions, resamples: 400, seed: 2)
        let pairs = [
            ("ECE", report.expectedCalibrationError, intervals.expectedCalibrationError),
            ("adaptive ECE", report.adaptiveCalibrationError, intervals.adaptiveCalibrationError),
            ("MCE", report.maximumCalibrationError, intervals.maximumCalibrationError),
            ("classwise ECE", report.classwiseCalibrationError, intervals.classwiseCalibrationError),
        ]
        for (name, estimate, interval) in pairs {
            #expect(interval.contains(estimate), "\(name) \(estimate) outside \(interval)")
            #expect(interval.lowerBound >= 0, "\(name) \(interval)")
            // A plain percentile interval sits above the estimate (0.0145 in [0.0126, 0.0353] for the
            // ECE, 0.0812 in [0.0786, 0.257] for the MCE); corrected by the resamples' mean excess, the
            // estimate is well inside.
            let position = (estimate - interval.lowerBound) / (interval.upperBound - interval.lowerBound)
            #expect(position > 0.2, "\(name) \(estimate) at the edge of \(interval)")
        }
    }
}

@Suite("Uncertainty of stochastic passes")
struct PassUncertaintyTests {
    static let passes: [[[Double]]] = [
        [[0.95, 0.03, 0.02], [0.97, 0.02, 0.01], [0.93, 0.05, 0.02]],
        [[0.9, 0.05, 0.05], [0.1, 0.8, 0.1], [0.5, 0.3, 0.2]],
        [[0.2, 0.7, 0.1], [0.3, 0.6, 0.1], [0.25, 0.65, 0.1]],
        [[0.6, 0.4, 0.0], [0.0, 1.0, 0.0], [0.7, 0.3, 0.0]],
        [[0.1, 0.1, 0.8], [0.2, 0.1, 0.7], [0.0, 0.2, 0.8]],
    ]
    static let labels = [0, 1, 1, 0, 0]

    @Test(
        "mean prediction, spread, entropy and mutual information equal NumPy's; the spread's AUROC equals SciPy's U / (n₁n₂)"
    )
    func againstNumPy() {
        let uncertainty = PassUncertainty(
            passes: Self.passes, labels: Self.labels, thresholds: PassUncertainty.Thresholds(reviewSpread: 0.3))
        // numpy 2.4.6: m = P.mean(1); c = m.argmax(1); P[i, :, c].std(1); H(m); H(m) - H(P).mean(1)
        let confidence = [0.9500000000000001, 0.5, 0.6499999999999999, 0.5666666666666667, 0.7666666666666666]
        let spread = [
            0.016329931618554488, 0.32659863237109044, 0.04082482904638629, 0.30912061651652345, 0.047140452079103216,
        ]
        let entropy = [
            0.23034095176061314, 0.9647835712283958, 0.8568409950394725, 0.6842317651303003, 0.702618005767011,
        ]
        let information = [
            0.0031672057447445223, 0.27708938284099804, 0.004639237559609377, 0.2562731087755836, 0.055533727189776894,
        ]
        #expect(uncertainty.examples.map(\.predicted) == [0, 0, 1, 1, 2])
        for (index, example) in uncertainty.examples.enumerated() {
            #expect(abs(example.confidence - confidence[index]) < 1e-12)
            #expect(abs(example.spread - spread[index]) < 1e-12)
            #expect(abs(example.entropy - entropy[index]) < 1e-12)
            #expect(abs(example.mutualInformation - information[index]) < 1e-12)
        }
        #expect(
            uncertainty.examples.map(\.bucket) == [.autoApprove, .needsReview, .spotCheck, .needsReview, .spotCheck])
        #expect(uncertainty.triage.buckets.map(\.count) == [1, 2, 2] && uncertainty.triage.buckets[2].accuracy == 0)
        // scipy 1.17.1: mannwhitneyu(sd[wrong], sd[right]) → U = 6 of 3 × 2, p = 0.2 (exact)
        #expect(uncertainty.triage.spreadAUROC == 1 && abs((uncertainty.triage.spreadAUROCp ?? 0) - 0.2) < 1e-12)
    }

    @Test("one pass: no spread, no mutual information, no AUROC without a mistake")
    func onePass() {
        let uncertainty = PassUncertainty(passes: [[[0.8, 0.2]], [[0.3, 0.7]]], labels: [0, 1])
        #expect(uncertainty.examples.allSatisfy { $0.spread == 0 && $0.mutualInformation == 0 })
        #expect(
            uncertainty.triage.spreadAUROC == nil && uncertainty.triage.buckets[0].count == 0
                && uncertainty.triage.buckets[1].count == 2)
    }
}

@Suite("A run's stored calibration")
struct RunCalibrationTests {
    @Test("the stored form reads back to the same figures, bins (empty ones too) and triage")
    func roundTrip() throws {
        let predictions = try ClassPredictions(
            probabilities: [[0.9, 0.1], [0.65, 0.35], [0.2, 0.8], [0.55, 0.45]], labels: [0, 1, 1, 0])
        let report = CalibrationReport(predictions, binCount: 10)
        let passes: [[[Double]]] = [
            [[0.9, 0.1], [0.8, 0.2]], [[0.3, 0.7], [0.9, 0.1]], [[0.6, 0.4], [0.5, 0.5]],
        ]
        let triage = PassUncertainty(passes: passes, labels: [0, 1, 1]).triage
        let calibration = RunCalibration(
            split: "test", report: report, temperature: 1.7, afterTemperature: report, triage: triage)
        let stored = try JSONParser.parse(JSONWriter().string(from: calibration.value))
        let read = try #require(RunCalibration(value: stored))
        #expect(read.value == calibration.value)
        #expect(read.report.expectedCalibrationError == report.expectedCalibrationError)
        #expect(read.report.bins.count == 10 && read.report.bins[0].count == 0 && read.report.bins[0].accuracy.isNaN)
        #expect(read.report.bins.map(\.count) == report.bins.map(\.count))
        #expect(read.temperature == 1.7 && read.triage?.buckets.map(\.count) == triage.buckets.map(\.count))
        #expect(read.triage?.spreadAUROC == triage.spreadAUROC)
        #expect(RunCalibration(value: .object([Value.Field("split", .string("test"))])) == nil)
    }
}
