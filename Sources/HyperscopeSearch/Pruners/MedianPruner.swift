import HyperscopeCore

/// The median stopping rule (Golovin et al. 2017, Google Vizier): stop a trial whose best value so
/// far is worse than the median of the completed trials' values at the same step.
public struct MedianPruner: Pruner {
    /// How many completed trials must have reported at a step before anything is pruned there.
    public var startupTrials: Int
    /// Steps before this one are never pruned.
    public var warmupSteps: Double

    /// Creates the pruner.
    public init(startupTrials: Int = 5, warmupSteps: Double = 0) {
        self.startupTrials = startupTrials
        self.warmupSteps = warmupSteps
    }

    /// See ``Pruner/pruningReason(_:trialNumber:others:goal:)``.
    public func pruningReason(
        _ values: [IntermediateValue], trialNumber: Int, others: [Trial], goal: MetricGoal
    ) -> String? {
        guard let latest = values.last, latest.step >= warmupSteps, let best = goal.best(of: values.map(\.value)) else {
            return nil
        }
        let atStep = others.filter { $0.state == .completed }.compactMap { trial -> Double? in
            guard let last = trial.lastStep, last >= latest.step else { return nil }
            return trial.intermediateValue(atOrBefore: latest.step)
        }
        guard atStep.count >= max(1, startupTrials) else { return nil }
        let sorted = atStep.sorted()
        let median =
            sorted.count % 2 == 1
            ? sorted[sorted.count / 2] : (sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2]) / 2
        guard goal.isBetter(median, than: best) else { return nil }
        return
            "best value \(NumberFormatting.metric(best)) by step \(NumberFormatting.metric(latest.step)) is worse than the median \(NumberFormatting.metric(median)) of \(atStep.count) completed trials"
    }
}
