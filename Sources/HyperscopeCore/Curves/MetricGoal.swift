/// Whether larger or smaller values of a metric are better.
public enum MetricGoal: String, Sendable, Hashable, CaseIterable, Codable {
    /// Larger is better (accuracy, recall, reward).
    case maximize = "max"
    /// Smaller is better (loss, error, time).
    case minimize = "min"

    /// The goal a metric name suggests: `min` for loss-, error- and time-like names, `max` otherwise.
    ///
    /// Users override it with `--goal`; this default only spares them from saying the obvious.
    public static func suggested(forMetricNamed name: String) -> MetricGoal {
        let lowered = name.lowercased()
        let minimizeWords = [
            "loss", "error", "err", "mse", "mae", "rmse", "nll", "perplexity", "ppl", "ece", "mce", "brier",
            "time", "latency", "duration", "seconds", "regret", "cost", "wer", "cer", "fid",
        ]
        let words = lowered.split { !$0.isLetter }
        if words.contains(where: { word in minimizeWords.contains(String(word)) }) { return .minimize }
        if minimizeWords.contains(where: { lowered.hasSuffix($0) && $0.count >= 4 }) { return .minimize }
        return .maximize
    }

    /// Whether `value` is strictly better than `other` under this goal.
    public func prefers(_ value: Double, over other: Double) -> Bool {
        self == .maximize ? value > other : value < other
    }
}
