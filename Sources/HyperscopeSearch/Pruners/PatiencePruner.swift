import HyperscopeCore

/// Patience-based early stopping: stop a trial whose best value of its last `patience` reports is
/// no better, by more than `minimumDelta`, than its best before them.
public struct PatiencePruner: Pruner {
    /// How many reports without improvement are tolerated.
    public var patience: Int
    /// How much better a value must be to count as an improvement.
    public var minimumDelta: Double

    /// Creates the pruner.
    public init(patience: Int, minimumDelta: Double = 0) {
        self.patience = patience
        self.minimumDelta = minimumDelta
    }

    /// See ``Pruner/pruningReason(_:trialNumber:others:goal:)``.
    public func pruningReason(
        _ values: [IntermediateValue], trialNumber: Int, others: [Trial], goal: MetricGoal
    ) -> String? {
        guard patience >= 1, values.count > patience else { return nil }
        let before = values.dropLast(patience).map(\.value)
        let recent = values.suffix(patience).map(\.value)
        guard let bestBefore = goal.best(of: before), let bestRecent = goal.best(of: recent) else { return nil }
        let improved =
            goal == .maximize ? bestRecent > bestBefore + minimumDelta : bestRecent < bestBefore - minimumDelta
        guard !improved else { return nil }
        return "no improvement on \(NumberFormatting.metric(bestBefore)) in the last \(patience) reports"
    }
}
