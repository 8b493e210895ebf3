import SystemLibC

/// What several stochastic forward passes (MC dropout, an ensemble) say about each example: how
/// much they agree, and a triage of the examples into those to trust, to spot-check and to review.
///
/// Per example, with S passes p₁…p_S: the mean prediction p̄; the predicted class c = argmax p̄
/// (the first of equals) and its confidence p̄_c; the standard deviation of p_s,c over the passes
/// (population, as `numpy.std`); the predictive entropy H(p̄) = −Σₖ p̄ₖ ln p̄ₖ; and the mutual
/// information H(p̄) − mean_s H(p_s), the part of the uncertainty the passes disagree on.
public struct PassUncertainty: Sendable, Hashable {
    /// The triage's thresholds.
    public struct Thresholds: Sendable, Hashable {
        /// The least mean confidence to approve without a look.
        public var approveConfidence: Double
        /// The spread below which the passes agree enough to approve.
        public var approveSpread: Double
        /// The spread above which an example needs review.
        public var reviewSpread: Double

        /// Thresholds: approve at confidence ≥ 0.90 with spread < 0.25; review above a spread of 0.35.
        public init(approveConfidence: Double = 0.90, approveSpread: Double = 0.25, reviewSpread: Double = 0.35) {
            self.approveConfidence = approveConfidence
            self.approveSpread = approveSpread
            self.reviewSpread = reviewSpread
        }
    }

    /// A triage bucket.
    public enum Bucket: String, Sendable, Hashable, CaseIterable {
        /// Confident and the passes agree.
        case autoApprove = "auto-approve"
        /// Neither clearly safe nor clearly doubtful.
        case spotCheck = "spot-check"
        /// The passes disagree.
        case needsReview = "needs-review"
    }

    /// One example's figures.
    public struct Example: Sendable, Hashable {
        /// The example's position in the input.
        public let index: Int
        /// The true class.
        public let label: Int
        /// The class of the mean prediction.
        public let predicted: Int
        /// The mean prediction's probability of that class.
        public let confidence: Double
        /// The spread of that class's probability over the passes.
        public let spread: Double
        /// The predictive entropy, in nats.
        public let entropy: Double
        /// The mutual information between the prediction and the passes, in nats.
        public let mutualInformation: Double
        /// The triage bucket.
        public let bucket: Bucket

        /// Whether the mean prediction is right.
        public var isCorrect: Bool { predicted == label }
    }

    /// A bucket's size and accuracy.
    public struct BucketSummary: Sendable, Hashable {
        /// The bucket.
        public let bucket: Bucket
        /// How many examples it holds.
        public let count: Int
        /// The share of them predicted right; NaN when empty.
        public let accuracy: Double
    }

    /// How the triage went: each bucket's size and accuracy, and whether the spread tells mistakes
    /// from right predictions.
    public struct Triage: Sendable, Hashable {
        /// The buckets in triage order.
        public let buckets: [BucketSummary]
        /// How well the spread tells mistakes from right predictions: the probability that a mistake's
        /// spread exceeds a right prediction's (ties count one half); `nil` without both kinds.
        public let spreadAUROC: Double?
        /// The two-sided Mann–Whitney p-value of that separation; `nil` without both kinds.
        public let spreadAUROCp: Double?
    }

    /// Every example, in input order.
    public let examples: [Example]
    /// The triage's summary.
    public let triage: Triage

    /// The figures of examples given as their passes' probability vectors, with their labels.
    public init(passes: [[[Double]]], labels: [Int], thresholds: Thresholds = Thresholds()) {
        let examples = zip(passes, labels).enumerated().map { index, example in
            Self.example(index: index, passes: example.0, label: example.1, thresholds: thresholds)
        }
        self.examples = examples
        let buckets = Bucket.allCases.map { bucket in
            let members = examples.filter { $0.bucket == bucket }
            let right = members.filter(\.isCorrect).count
            return BucketSummary(
                bucket: bucket, count: members.count,
                accuracy: members.isEmpty ? .nan : Double(right) / Double(members.count))
        }
        let mistakes = examples.filter { !$0.isCorrect }.map(\.spread)
        let right = examples.filter(\.isCorrect).map(\.spread)
        if case .success(let test) = MannWhitneyU.test(mistakes, right) {
            triage = Triage(
                buckets: buckets, spreadAUROC: test.u / (Double(mistakes.count) * Double(right.count)),
                spreadAUROCp: test.p)
        } else {
            triage = Triage(buckets: buckets, spreadAUROC: nil, spreadAUROCp: nil)
        }
    }

    private static func example(index: Int, passes: [[Double]], label: Int, thresholds: Thresholds) -> Example {
        let classes = passes[0].count
        let mean = (0..<classes).map { k in passes.reduce(0.0) { $0 + $1[k] } / Double(passes.count) }
        var predicted = 0
        for k in 0..<classes where mean[k] > mean[predicted] { predicted = k }
        let variance = passes.reduce(0.0) { $0 + ($1[predicted] - mean[predicted]) * ($1[predicted] - mean[predicted]) }
        let spread = sqrt(variance / Double(passes.count))
        let entropy = Self.entropy(mean)
        let expected = passes.reduce(0.0) { $0 + Self.entropy($1) } / Double(passes.count)
        let bucket: Bucket =
            spread > thresholds.reviewSpread
            ? .needsReview
            : (mean[predicted] >= thresholds.approveConfidence && spread < thresholds.approveSpread
                ? .autoApprove : .spotCheck)
        return Example(
            index: index, label: label, predicted: predicted, confidence: mean[predicted], spread: spread,
            entropy: entropy, mutualInformation: max(0, entropy - expected), bucket: bucket)
    }

    /// −Σ pₖ ln pₖ, with 0 ln 0 = 0.
    static func entropy(_ probabilities: [Double]) -> Double {
        probabilities.reduce(0.0) { $0 - ($1 > 0 ? $1 * log($1) : 0) }
    }
}
