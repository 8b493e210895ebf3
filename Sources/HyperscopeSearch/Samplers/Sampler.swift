import HyperscopeCore

/// Chooses the configuration of the next trial from the space and the study's history.
///
/// Samplers are pure: the same context gives the same configuration, so a study is reproducible
/// from its `--seed` and history, and samplers are tested without running anything.
public protocol Sampler: Sendable {
    /// Checks that the sampler can work on the space (grid search needs every range discrete).
    ///
    /// - Throws: ``SearchSpaceError`` saying what to change.
    func validate(_ space: SearchSpace) throws

    /// The sampled parameters of the next trial (derived parameters are added by the caller), or
    /// `nil` when the sampler has nothing left to propose (a finished grid).
    func suggest(_ context: SamplingContext) throws -> [String: Value]?

    /// Whether the sampler can serve a study with several objectives: those that do not model the
    /// objective can; a model of one objective cannot.
    var handlesSeveralObjectives: Bool { get }
}

extension Sampler {
    /// Any space will do.
    public func validate(_ space: SearchSpace) throws {}

    /// One objective, unless the sampler says otherwise.
    public var handlesSeveralObjectives: Bool { false }
}

/// What a sampler knows when it is asked for a configuration.
public struct SamplingContext: Sendable {
    /// The space to sample from.
    public var space: SearchSpace
    /// Every trial of the study so far, running ones included (samplers that model the objective
    /// treat running trials as bad, so parallel workers do not propose the same point).
    public var trials: [Trial]
    /// Whether larger or smaller values are better (of the first objective).
    public var goal: MetricGoal
    /// Every objective's goal, in the study's order: one for a single-objective study.
    public var goals: [MetricGoal]
    /// The study's seed.
    public var seed: UInt64
    /// The trials' parameters as columns, when the caller keeps them as trials start (a study
    /// does); they must describe ``trials``, in order. ``trialColumns`` builds them otherwise.
    package var columns: TrialColumns?

    /// Creates a context.
    ///
    /// - Parameter goals: Every objective's goal when there are several; empty for `goal` alone.
    public init(space: SearchSpace, trials: [Trial], goal: MetricGoal, goals: [MetricGoal] = [], seed: UInt64) {
        self.init(space: space, trials: trials, columns: nil, goal: goal, goals: goals, seed: seed)
    }

    /// Creates a context with the parameters of `trials` as columns, kept by the caller.
    package init(
        space: SearchSpace, trials: [Trial], columns: TrialColumns?, goal: MetricGoal, goals: [MetricGoal] = [],
        seed: UInt64
    ) {
        self.space = space
        self.trials = trials
        self.columns = columns
        self.goal = goal
        self.goals = goals.isEmpty ? [goal] : goals
        self.seed = seed
    }

    /// The trials' parameters as columns: ``columns`` when they describe the trials, else built now
    /// (without orders: sorting only what an ask uses is as quick).
    package var trialColumns: TrialColumns {
        if let columns, columns.count == trials.count, columns.describe(space) { return columns }
        return TrialColumns(space: space, trials: trials, ordered: false)
    }

    /// A generator fixed by the seed and the number of trials so far: the same history and seed
    /// give the same draws, whatever order parallel workers asked in.
    public var generator: SplitMix64 {
        var mixer = SplitMix64(seed: seed ^ (UInt64(trials.count) &* 0xD1B5_4A32_D192_ED03))
        return SplitMix64(seed: mixer.next())
    }

    /// The completed trials with a value, as (trial, loss) where a smaller loss is better.
    public var completedLosses: [(trial: Trial, loss: Double)] {
        trials.compactMap { trial in
            guard trial.state == .completed, let value = trial.value, value.isFinite else { return nil }
            return (trial, goal == .maximize ? -value : value)
        }
    }
}

/// Draws values of one dimension uniformly (log-uniformly for log ranges), the fallback of every sampler.
public enum UniformDraw {
    /// A uniform value of the domain.
    public static func value(in domain: ParameterDomain, using generator: inout some RandomNumberGenerator) -> Value {
        switch domain {
        case .fixed(let value): return value
        case .categorical(let choices): return choices[Int.random(in: 0..<choices.count, using: &generator)]
        case .float, .integer: return domain.value(atUnitCoordinate: Double.random(in: 0..<1, using: &generator))!
        }
    }

    /// The value at a coordinate in [0, 1): numeric domains by their scale, categorical by equal shares.
    public static func value(in domain: ParameterDomain, atUnitCoordinate coordinate: Double) -> Value {
        switch domain {
        case .fixed(let value): return value
        case .categorical(let choices): return choices[min(choices.count - 1, Int(coordinate * Double(choices.count)))]
        case .float, .integer: return domain.value(atUnitCoordinate: coordinate)!
        }
    }
}
