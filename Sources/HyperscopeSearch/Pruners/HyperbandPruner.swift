import HyperscopeCore
import SystemLibC

/// Hyperband (Li et al. 2018): several successive-halving brackets that trade how many trials are
/// tried against how long each may run before its first cut. Bracket *b* first prunes at r·η^b;
/// trials are spread over the brackets by number and compete only within their bracket.
public struct HyperbandPruner: Pruner {
    /// The step of the earliest rung (r).
    public var minimumResource: Double
    /// The longest a trial runs, in steps (R).
    public var maximumResource: Double
    /// The reduction factor (η).
    public var reductionFactor: Double

    /// Creates the pruner.
    public init(minimumResource: Double = 1, maximumResource: Double, reductionFactor: Double = 3) {
        self.minimumResource = minimumResource
        self.maximumResource = maximumResource
        self.reductionFactor = reductionFactor
    }

    /// The number of brackets: ⌊log_η(R/r)⌋ + 1.
    public var bracketCount: Int {
        max(1, Int((log(maximumResource / minimumResource) / log(reductionFactor)).rounded(.down) + 1e-9) + 1)
    }

    /// The bracket a trial belongs to.
    public func bracket(ofTrial number: Int) -> Int {
        number % bracketCount
    }

    /// See ``Pruner/pruningReason(_:trialNumber:others:goal:)``.
    public func pruningReason(
        _ values: [IntermediateValue], trialNumber: Int, others: [Trial], goal: MetricGoal
    ) -> String? {
        let bracket = bracket(ofTrial: trialNumber)
        let count = bracketCount
        var halving = SuccessiveHalvingPruner(
            minimumResource: minimumResource, reductionFactor: reductionFactor, minimumEarlyStoppingRate: bracket)
        halving.competes = { $0 % count == bracket }
        return halving.pruningReason(
            values.filter { $0.step < maximumResource }, trialNumber: trialNumber, others: others, goal: goal
        )
        .map { "Hyperband bracket \(bracket): " + $0 }
    }
}
