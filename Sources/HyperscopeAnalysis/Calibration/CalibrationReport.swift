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
        self.init(ExampleFigures(predictions), at: nil, binCount: binCount)
    }

    /// Measures the examples at `positions` (repeats allowed; all when `nil`): a bootstrap resample
    /// is only a list of positions.
    init(_ figures: ExampleFigures, at positions: [Int]?, binCount: Int) {
        func pick(_ values: [Double]) -> [Double] { positions.map { $0.map { values[$0] } } ?? values }
        let confidences = pick(figures.confidences)
        let outcomes = pick(figures.outcomes)
        let size = confidences.count
        let total = Double(size)
        count = size
        accuracy = outcomes.reduce(0, +) / total
        negativeLogLikelihood = pick(figures.logLosses).reduce(0, +) / total
        brierScore = pick(figures.brierTerms).reduce(0, +) / total
        bins = Self.equalWidthBins(confidences, outcomes: outcomes, binCount: binCount)
        expectedCalibrationError = Self.weightedGap(bins, total: count)
        maximumCalibrationError = bins.filter { $0.count > 0 }.map { abs($0.gap) }.max() ?? 0
        adaptiveCalibrationError = Self.weightedGap(
            Self.equalCountBins(confidences, outcomes: outcomes, binCount: binCount), total: count)
        classwiseCalibrationError =
            zip(figures.classScores, figures.classOutcomes).reduce(0.0) { sum, column in
                sum
                    + Self.weightedGap(
                        Self.equalWidthBins(pick(column.0), outcomes: pick(column.1), binCount: binCount), total: size)
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

    /// Scores (in [0, 1]) against outcomes (1 right, 0 wrong) in `binCount` equal-width bins.
    static func equalWidthBins(_ scores: [Double], outcomes: [Double], binCount: Int) -> [CalibrationBin] {
        var sums = [(count: Int, score: Double, outcome: Double)](repeating: (0, 0, 0), count: binCount)
        for (score, outcome) in zip(scores, outcomes) {
            // The first bin whose upper edge is at least the score: (lower, upper], 0 in the first.
            var low = 0
            var high = binCount - 1
            while low < high {
                let middle = (low + high) / 2
                if score <= edge(middle + 1, of: binCount) { high = middle } else { low = middle + 1 }
            }
            sums[low].count += 1
            sums[low].score += score
            sums[low].outcome += outcome
        }
        return sums.enumerated().map { index, sum in
            CalibrationBin(
                lower: edge(index, of: binCount), upper: edge(index + 1, of: binCount), count: sum.count,
                meanConfidence: sum.count > 0 ? sum.score / Double(sum.count) : .nan,
                accuracy: sum.count > 0 ? sum.outcome / Double(sum.count) : .nan)
        }
    }

    /// Scores against outcomes in `binCount` bins of (nearly) equal count, as `numpy.array_split`
    /// splits the sorted scores: the first `n mod binCount` bins hold one more.
    static func equalCountBins(_ scores: [Double], outcomes: [Double], binCount: Int) -> [CalibrationBin] {
        let order = scores.indices.sorted { (scores[$0], $0) < (scores[$1], $1) }
        let (size, extra) = order.count.quotientAndRemainder(dividingBy: binCount)
        var start = 0
        var bins: [CalibrationBin] = []
        for index in 0..<binCount {
            let members = order[start..<(start + size + (index < extra ? 1 : 0))]
            start = members.endIndex
            guard let first = members.first, let last = members.last else { continue }
            bins.append(
                CalibrationBin(
                    lower: scores[first], upper: scores[last], count: members.count,
                    meanConfidence: members.reduce(0.0) { $0 + scores[$1] } / Double(members.count),
                    accuracy: members.reduce(0.0) { $0 + outcomes[$1] } / Double(members.count)))
        }
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

    init(_ predictions: ClassPredictions) {
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
    }
}
