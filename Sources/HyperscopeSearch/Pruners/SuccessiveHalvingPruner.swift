import HyperscopeCore
import SystemLibC

/// Asynchronous successive halving, ASHA (Li et al. 2018, "A System for Massively Parallel
/// Hyperparameter Tuning"): rungs sit at steps r·η^(s+k); when a trial reaches a rung it goes on only
/// if its value is among the best 1/η of the values every trial had at that rung.
///
/// Decisions are made once per rung, when the trial first reports at or past it, against the trials
/// that reached the rung before it, so no worker waits for a full cohort.
public struct SuccessiveHalvingPruner: Pruner {
    /// The step of the first rung (r).
    public var minimumResource: Double
    /// The reduction factor (η): one trial in η goes on at each rung.
    public var reductionFactor: Double
    /// Skips the first rungs (s): the first rung is at r·η^s.
    public var minimumEarlyStoppingRate: Int
    /// Only trials whose number satisfies this compete with each other (Hyperband's brackets); all by default.
    var competes: @Sendable (Int) -> Bool = { _ in true }

    /// Creates the pruner.
    public init(minimumResource: Double = 1, reductionFactor: Double = 3, minimumEarlyStoppingRate: Int = 0) {
        self.minimumResource = minimumResource
        self.reductionFactor = reductionFactor
        self.minimumEarlyStoppingRate = minimumEarlyStoppingRate
    }

    /// The step of rung `k`.
    public func rungStep(_ rung: Int) -> Double {
        minimumResource * pow(reductionFactor, Double(minimumEarlyStoppingRate + rung))
    }

    /// See ``Pruner/pruningReason(_:trialNumber:others:goal:)``.
    public func pruningReason(
        _ values: [IntermediateValue], trialNumber: Int, others: [Trial], goal: MetricGoal
    ) -> String? {
        guard let latest = values.last else { return nil }
        let previousStep = values.count >= 2 ? values[values.count - 2].step : -Double.infinity
        var rung = 0
        while rungStep(rung) <= latest.step {
            let step = rungStep(rung)
            defer { rung += 1 }
            // Decide only at the first report at or past this rung.
            guard previousStep < step else { continue }
            let competing = others.filter {
                $0.number != trialNumber && competes($0.number) && ($0.lastStep ?? -1) >= step
            }
            .compactMap { $0.intermediateValue(atOrBefore: step) }
            let all = (competing + [latest.value]).sorted { goal.isBetter($0, than: $1) }
            let promoted = max(1, Int(Double(all.count) / reductionFactor))
            let threshold = all[promoted - 1]
            if goal.isBetter(threshold, than: latest.value) {
                return
                    "value \(NumberFormatting.metric(latest.value)) at rung \(rung) (step \(NumberFormatting.metric(step))) is not in the best \(promoted) of \(all.count)"
            }
        }
        return nil
    }
}
