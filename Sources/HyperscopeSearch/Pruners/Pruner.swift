import HyperscopeCore

/// Decides whether a running trial should stop early, from the intermediate values it reported and
/// those of the study's other trials.
///
/// Pruners are pure: they are called after each new intermediate value and return why to stop, or
/// `nil` to go on.
public protocol Pruner: Sendable {
    /// Whether to stop the trial now.
    ///
    /// - Parameters:
    ///   - values: The trial's intermediate values so far, in step order; the last one is new.
    ///   - trialNumber: The trial's number in its study.
    ///   - others: The study's other trials, with their intermediate values.
    ///   - goal: Whether larger or smaller values are better.
    /// - Returns: Why the trial should stop, or `nil` to let it go on.
    func pruningReason(_ values: [IntermediateValue], trialNumber: Int, others: [Trial], goal: MetricGoal) -> String?
}

extension MetricGoal {
    /// Whether `candidate` is strictly better than `reference` under this goal.
    func isBetter(_ candidate: Double, than reference: Double) -> Bool {
        self == .maximize ? candidate > reference : candidate < reference
    }

    /// The best of some values under this goal.
    func best(of values: some Sequence<Double>) -> Double? {
        self == .maximize ? values.max() : values.min()
    }
}

extension Trial {
    /// The intermediate value reported at `step` or, when none was, the last one reported before it.
    func intermediateValue(atOrBefore step: Double) -> Double? {
        intermediateValues.last { $0.step <= step }?.value
    }

    /// The step of the last intermediate value, or `nil` when none was reported.
    var lastStep: Double? { intermediateValues.last?.step }
}

/// Which pruner a search uses, with its settings, as read from a configuration.
public enum PrunerSettings: Sendable, Hashable {
    /// The median rule.
    case median(startupTrials: Int, warmupSteps: Double)
    /// Asynchronous successive halving.
    case successiveHalving(minimumResource: Double, reductionFactor: Double, minimumEarlyStoppingRate: Int)
    /// Hyperband over successive-halving brackets.
    case hyperband(minimumResource: Double, maximumResource: Double, reductionFactor: Double)
    /// Stop when the value has not improved for a number of steps.
    case patience(steps: Int, minimumDelta: Double)

    /// The pruner these settings describe.
    public var pruner: any Pruner {
        switch self {
        case .median(let startupTrials, let warmupSteps):
            MedianPruner(startupTrials: startupTrials, warmupSteps: warmupSteps)
        case .successiveHalving(let minimumResource, let reductionFactor, let rate):
            SuccessiveHalvingPruner(
                minimumResource: minimumResource, reductionFactor: reductionFactor, minimumEarlyStoppingRate: rate)
        case .hyperband(let minimumResource, let maximumResource, let reductionFactor):
            HyperbandPruner(
                minimumResource: minimumResource, maximumResource: maximumResource, reductionFactor: reductionFactor)
        case .patience(let steps, let minimumDelta):
            PatiencePruner(patience: steps, minimumDelta: minimumDelta)
        }
    }
}
