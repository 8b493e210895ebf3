import SystemLibC

/// One bin of a reliability diagram: the examples whose confidence falls in (lower, upper].
public struct CalibrationBin: Sendable, Hashable {
    /// The bin's lower edge (excluded, except 0 in the first bin).
    public let lower: Double
    /// The bin's upper edge (included).
    public let upper: Double
    /// How many examples fall in it.
    public let count: Int
    /// Their mean confidence; NaN when the bin is empty.
    public let meanConfidence: Double
    /// The share of them predicted right; NaN when the bin is empty.
    public let accuracy: Double

    /// Accuracy minus mean confidence: negative when over-confident.
    public var gap: Double { accuracy - meanConfidence }
}

/// How well a classifier's confidence matches how often it is right.
///
/// The definitions, as the references give them (Guo et al. 2017; Kull et al. 2019; Nixon et al.
/// 2019), with n examples, K classes and M bins:
/// - accuracy: the share of examples whose most probable class is the label (the first of equals);
/// - NLL: the mean of −log p(label), with p clipped below at 10⁻¹⁵ (as scikit-learn's `log_loss`);
/// - Brier: the mean over examples of Σₖ (pₖ − [k = label])², the multi-class form (for two classes
///   twice scikit-learn's `brier_score_loss`);
/// - ECE: Σ_b (n_b / n)·|accuracy_b − confidence_b| over M equal-width bins of the confidence,
///   bin b holding (b/M, (b+1)/M] and the first also 0, the edges as `numpy.linspace(0, 1, M + 1)`;
/// - adaptive ECE: the same over M bins of (nearly) equal count, the sorted confidences split as
///   `numpy.array_split` splits them;
/// - MCE: the largest |accuracy_b − confidence_b| over the non-empty equal-width bins;
/// - classwise ECE: for each class k, the ECE of pₖ against [k = label] over equal-width bins,
///   averaged over the classes.
public struct CalibrationReport: Sendable, Hashable {
    /// The number of examples.
    public let count: Int
    /// The share predicted right.
    public let accuracy: Double
    /// The negative log-likelihood of the labels.
    public let negativeLogLikelihood: Double
    /// The multi-class Brier score.
    public let brierScore: Double
    /// The expected calibration error over equal-width bins.
    public let expectedCalibrationError: Double
    /// The expected calibration error over equal-count bins.
    public let adaptiveCalibrationError: Double
    /// The largest gap of a non-empty equal-width bin.
    public let maximumCalibrationError: Double
    /// The expected calibration error of every class's probability, averaged over the classes.
    public let classwiseCalibrationError: Double
    /// The equal-width bins, for the reliability diagram.
    public let bins: [CalibrationBin]

    /// Measures `predictions` with `binCount` bins (15 by default, as Guo et al.).
    public init(_ predictions: ClassPredictions, binCount: Int = 15) {
        self.init(ExampleFigures(predictions, binCount: binCount), counts: nil)
    }

    /// Measures the examples, each taken `counts[i]` times (all once when `nil`): a bootstrap resample
    /// is only how many times it drew each example. Every figure is a weighted sum over the examples
    /// in their order, their bins found once in `figures`, so a resample costs no search and no sort.
    init(_ figures: ExampleFigures, counts: [Int]?) {
        let size = counts?.reduce(0, +) ?? figures.confidences.count
        let total = Double(size)
        func weightedSum(_ values: [Double]) -> Double {
            guard let counts else { return values.reduce(0, +) }
            var sum = 0.0
            for index in values.indices where counts[index] > 0 { sum += Double(counts[index]) * values[index] }
            return sum
        }
        count = size
        accuracy = weightedSum(figures.outcomes) / total
        negativeLogLikelihood = weightedSum(figures.logLosses) / total
        brierScore = weightedSum(figures.brierTerms) / total
        let binCount = figures.binCount
        bins = Self.equalWidthBins(
            figures.confidences, outcomes: figures.outcomes, binIndices: figures.confidenceBins, counts: counts,
            binCount: binCount)
        expectedCalibrationError = Self.weightedGap(bins, total: count)
        maximumCalibrationError = bins.filter { $0.count > 0 }.map { abs($0.gap) }.max() ?? 0
        adaptiveCalibrationError = Self.weightedGap(
            Self.equalCountBins(figures, counts: counts, total: size, binCount: binCount), total: count)
        classwiseCalibrationError =
            figures.classScores.indices.reduce(0.0) { sum, k in
                sum
                    + Self.weightedGap(
                        Self.equalWidthBins(
                            figures.classScores[k], outcomes: figures.classOutcomes[k],
                            binIndices: figures.classBins[k],
                            counts: counts, binCount: binCount),
                        total: size)
            } / Double(figures.classScores.count)
    }

    /// Σ_b (n_b / n)·|gap_b| over the non-empty bins.
    static func weightedGap(_ bins: [CalibrationBin], total: Int) -> Double {
        bins.filter { $0.count > 0 }.reduce(0.0) { $0 + Double($1.count) / Double(total) * abs($1.gap) }
    }

    /// The upper edge of bin `index` of `binCount`, as `numpy.linspace(0, 1, binCount + 1)` computes it.
    static func edge(_ index: Int, of binCount: Int) -> Double {
        index == binCount ? 1 : Double(index) * (1.0 / Double(binCount))
    }

    /// The equal-width bin of a score: the first whose upper edge is at least the score, so bin b holds
    /// (lower, upper] and the first also 0.
    static func equalWidthBin(_ score: Double, binCount: Int) -> Int {
        var low = 0
        var high = binCount - 1
        while low < high {
            let middle = (low + high) / 2
            if score <= edge(middle + 1, of: binCount) { high = middle } else { low = middle + 1 }
        }
        return low
    }

    /// Scores (in [0, 1]) against outcomes (1 right, 0 wrong) in `binCount` equal-width bins, each
    /// example's bin given, taken `counts[i]` times (once when `nil`).
    static func equalWidthBins(
        _ scores: [Double], outcomes: [Double], binIndices: [Int], counts: [Int]?, binCount: Int
    ) -> [CalibrationBin] {
        var sums = [(count: Int, score: Double, outcome: Double)](repeating: (0, 0, 0), count: binCount)
        for index in scores.indices {
            let times = counts?[index] ?? 1
            guard times > 0 else { continue }
            let bin = binIndices[index]
            sums[bin].count += times
            sums[bin].score += times == 1 ? scores[index] : Double(times) * scores[index]
            sums[bin].outcome += times == 1 ? outcomes[index] : Double(times) * outcomes[index]
        }
        return sums.enumerated().map { index, sum in
            CalibrationBin(
                lower: edge(index, of: binCount), upper: edge(index + 1, of: binCount), count: sum.count,
                meanConfidence: sum.count > 0 ? sum.score / Double(sum.count) : .nan,
                accuracy: sum.count > 0 ? sum.outcome / Double(sum.count) : .nan)
        }
    }

    /// The confidences against the outcomes in `binCount` bins of (nearly) equal count, as
    /// `numpy.array_split` splits the sorted confidences: the first `total mod binCount` bins hold one
    /// more. Examples are walked in the order of their confidence (then position), each `counts[i]` times.
    static func equalCountBins(
        _ figures: ExampleFigures, counts: [Int]?, total: Int, binCount: Int
    ) -> [CalibrationBin] {
        let (size, extra) = total.quotientAndRemainder(dividingBy: binCount)
        var bins: [CalibrationBin] = []
        var bin = 0
        var capacity = size + (extra > 0 ? 1 : 0)
        var current = (count: 0, score: 0.0, outcome: 0.0, lower: 0.0, upper: 0.0)
        func close() {
            if current.count > 0 {
                bins.append(
                    CalibrationBin(
                        lower: current.lower, upper: current.upper, count: current.count,
                        meanConfidence: current.score / Double(current.count),
                        accuracy: current.outcome / Double(current.count)))
            }
            bin += 1
            capacity = size + (bin < extra ? 1 : 0)
            current = (0, 0, 0, 0, 0)
        }
        for index in figures.confidenceOrder {
            var left = counts?[index] ?? 1
            let score = figures.confidences[index]
            let outcome = figures.outcomes[index]
            while left > 0 {
                while capacity == 0, bin < binCount { close() }
                guard bin < binCount else { break }
                let taken = min(left, capacity)
                if current.count == 0 { current.lower = score }
                current.upper = score
                current.count += taken
                current.score += taken == 1 ? score : Double(taken) * score
                current.outcome += taken == 1 ? outcome : Double(taken) * outcome
                capacity -= taken
                left -= taken
            }
        }
        while bin < binCount { close() }
        return bins
    }
}

/// The per-example quantities every calibration figure is a mean or a binning of.
struct ExampleFigures: Sendable {
    /// Each example's probability of its predicted class.
    let confidences: [Double]
    /// 1 where the predicted class is the label, else 0.
    let outcomes: [Double]
    /// −ln p(label), with p clipped below at 10⁻¹⁵.
    let logLosses: [Double]
    /// Σₖ (pₖ − [k = label])².
    let brierTerms: [Double]
    /// For each class, every example's probability of it.
    let classScores: [[Double]]
    /// For each class, 1 where it is the example's label, else 0.
    let classOutcomes: [[Double]]

    /// The number of equal-width bins.
    let binCount: Int
    /// Each example's equal-width bin of its confidence.
    let confidenceBins: [Int]
    /// For each class, each example's equal-width bin of its probability of the class.
    let classBins: [[Int]]
    /// The examples in the order of their confidence, ties in their order (`numpy.argsort`, stable).
    let confidenceOrder: [Int]

    init(_ predictions: ClassPredictions, binCount: Int) {
        self.binCount = binCount
        let predicted = predictions.predictions
        confidences = predicted.map(\.confidence)
        outcomes = zip(predicted, predictions.labels).map { $0.predicted == $1 ? 1 : 0 }
        logLosses = zip(predictions.probabilities, predictions.labels).map { -log(max($0[$1], 1e-15)) }
        brierTerms = zip(predictions.probabilities, predictions.labels).map { row, label in
            row.indices.reduce(0.0) { sum, k in
                let target = k == label ? 1.0 : 0.0
                return sum + (row[k] - target) * (row[k] - target)
            }
        }
        classScores = (0..<predictions.classCount).map { k in predictions.probabilities.map { $0[k] } }
        classOutcomes = (0..<predictions.classCount).map { k in predictions.labels.map { $0 == k ? 1 : 0 } }
        confidenceBins = confidences.map { CalibrationReport.equalWidthBin($0, binCount: binCount) }
        classBins = classScores.map { column in column.map { CalibrationReport.equalWidthBin($0, binCount: binCount) } }
        let confidences = confidences
        confidenceOrder = confidences.indices.sorted { (confidences[$0], $0) < (confidences[$1], $1) }
    }
}
