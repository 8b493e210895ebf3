import SystemLibC

/// Temperature scaling (Guo et al. 2017): the one number T > 0 that divides a classifier's logits so
/// that its probabilities are calibrated, fitted on held-out examples.
public enum TemperatureScaling {
    /// What a fitted temperature minimises on the held-out examples.
    public enum Objective: String, Sendable, CaseIterable {
        /// The negative log-likelihood (Guo et al. 2017): ``fitted(logits:labels:)``.
        case nll
        /// The ECE over a grid of temperatures: ``fittedByECE(logits:labels:binCount:)``.
        case ece
    }

    /// The temperature minimising `objective` on `logits` and `labels`.
    public static func fitted(logits: [[Double]], labels: [Int], objective: Objective, binCount: Int = 15) -> Double {
        switch objective {
        case .nll: fitted(logits: logits, labels: labels)
        case .ece: fittedByECE(logits: logits, labels: labels, binCount: binCount)
        }
    }

    /// The temperature that minimises the negative log-likelihood of `labels` under
    /// `softmax(logits / T)`.
    ///
    /// The NLL is convex in β = 1/T, so its derivative, mean over examples of E_p[z] − z_label, rises
    /// with β; the root is bracketed (doubling outwards from β = 1) and then bisected to the last bit.
    /// When the derivative never turns positive (every example already right and growing surer) the
    /// bracket stops at T = 10⁻³; when it never turns negative, at T = 10³.
    public static func fitted(logits: [[Double]], labels: [Int]) -> Double {
        func slope(_ beta: Double) -> Double {
            var total = 0.0
            for (row, label) in zip(logits, labels) {
                let largest = row.max() ?? 0
                var normaliser = 0.0
                var weighted = 0.0
                for value in row {
                    let weight = exp(beta * (value - largest))
                    normaliser += weight
                    weighted += weight * value
                }
                total += weighted / normaliser - row[label]
            }
            return total / Double(labels.count)
        }
        var low = 1.0
        var high = 1.0
        while slope(low) > 0, low > 1e-3 { low /= 2 }
        while slope(high) < 0, high < 1e3 { high *= 2 }
        if slope(low) > 0 { return 1 / low }
        if slope(high) < 0 { return 1 / high }
        for _ in 0..<200 {
            let middle = (low + high) / 2
            guard middle > low, middle < high else { break }
            if slope(middle) < 0 { low = middle } else { high = middle }
        }
        return 1 / ((low + high) / 2)
    }

    /// The temperatures the ECE grid search tries: 0.05 to 10 in steps of 0.05, as the common
    /// practice searches.
    package static let eceGrid: [Double] = (1...200).map { Double($0) * 0.05 }

    /// The temperature of ``eceGrid`` whose scaled probabilities have the smallest ECE over
    /// `binCount` equal-width bins (the smallest such temperature when several tie).
    public static func fittedByECE(logits: [[Double]], labels: [Int], binCount: Int = 15) -> Double {
        var best = (temperature: 1.0, ece: Double.infinity)
        for temperature in eceGrid {
            let probabilities = logits.map { ClassPredictions.softmax($0, temperature: temperature) }
            guard let predictions = try? ClassPredictions(probabilities: probabilities, labels: labels) else {
                continue
            }
            let ece = CalibrationReport(predictions, binCount: binCount).expectedCalibrationError
            if ece < best.ece { best = (temperature, ece) }
        }
        return best.temperature
    }
}
