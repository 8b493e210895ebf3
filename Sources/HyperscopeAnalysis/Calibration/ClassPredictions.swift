import SystemLibC

/// A classifier's predicted class probabilities for a set of examples, with their true labels: what
/// calibration is measured on.
public struct ClassPredictions: Sendable, Hashable {
    /// Each example's probability of each class (rows of the same length, each summing to 1).
    public let probabilities: [[Double]]
    /// Each example's true class, an index into its row.
    public let labels: [Int]

    /// Predictions from probabilities; rows must have one length and labels must index them.
    ///
    /// - Throws: ``NotComputable`` for ragged rows, a label out of range, or no example.
    public init(probabilities: [[Double]], labels: [Int]) throws(NotComputable) {
        guard !probabilities.isEmpty, probabilities.count == labels.count else {
            throw NotComputable("calibration needs at least one example, each with a label")
        }
        let classes = probabilities[0].count
        guard classes >= 2, probabilities.allSatisfy({ $0.count == classes }) else {
            throw NotComputable("every example needs the same number of class probabilities, at least two")
        }
        guard labels.allSatisfy({ (0..<classes).contains($0) }) else {
            throw NotComputable("a label is outside the \(classes) classes")
        }
        self.probabilities = probabilities
        self.labels = labels
    }

    /// Predictions from logits, divided by `temperature` and put through a softmax.
    public init(logits: [[Double]], labels: [Int], temperature: Double = 1) throws(NotComputable) {
        try self.init(probabilities: logits.map { Self.softmax($0, temperature: temperature) }, labels: labels)
    }

    /// The number of examples.
    public var count: Int { labels.count }

    /// The number of classes.
    public var classCount: Int { probabilities[0].count }

    /// Each example's predicted class (the most probable; the first of equals) and its probability.
    public var predictions: [(predicted: Int, confidence: Double)] {
        probabilities.map { row in
            var best = 0
            for index in row.indices where row[index] > row[best] { best = index }
            return (best, row[best])
        }
    }

    /// The mean prediction of an example's stochastic passes: each pass's probabilities (the softmax
    /// of its scores when they are logits), averaged class by class.
    public static func meanPrediction(ofPasses passes: [[Double]], logits: Bool) -> [Double] {
        let probabilities = logits ? passes.map { softmax($0) } : passes
        guard probabilities.count > 1 else { return probabilities[0] }
        return probabilities[0].indices.map { index in
            probabilities.reduce(0.0) { $0 + $1[index] } / Double(probabilities.count)
        }
    }

    /// `exp(z / T)` normalised, computed from the largest logit down so no term overflows.
    public static func softmax(_ logits: [Double], temperature: Double = 1) -> [Double] {
        let largest = logits.max() ?? 0
        let exponentials = logits.map { exp(($0 - largest) / temperature) }
        let total = exponentials.reduce(0, +)
        return exponentials.map { $0 / total }
    }
}
