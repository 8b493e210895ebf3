/// One configuration tried by a search, with its outcome.
///
/// A trial runs its configuration `repeats` times with seeds 0…K−1; each repeat is stored as a
/// ``Run`` (format ``LogFormat/trial``), so every analysis command works on searches too. The trial's
/// ``value`` is the mean of its repeats' objective values, and ``valueSummary`` keeps their spread.
public struct Trial: Sendable, Hashable, Identifiable {
    /// The store's number for the trial; `nil` until stored.
    public var id: Int64?
    /// The study the trial belongs to.
    public var studyID: Int64
    /// The trial's number within its study, from 0, in the order trials were started.
    public var number: Int
    /// Where the trial stands.
    public var state: TrialState
    /// The configuration: sampled and derived parameters.
    public var params: [String: Value]
    /// The objective: the mean over the completed repeats, or `nil` while running or when none completed.
    public var value: Double?
    /// The spread of the repeats' values: count, standard deviation and 95% CI.
    public var valueSummary: TrialValueSummary?
    /// In a multi-objective study, each objective's mean over the completed repeats, in the study's
    /// order (``value`` is the first's); `nil` otherwise, while running, or when none completed.
    public var values: [Double]?
    /// The spread of each objective's repeats, as ``values``.
    public var valueSummaries: [TrialValueSummary]?
    /// How far the trial is from meeting the study's constraints: 0 when it meets them all, else the
    /// sum of each unmet constraint's distance from its bound; `nil` for a study without constraints.
    /// An infeasible trial (above 0) is never the best nor on the Pareto front.
    public var constraintViolation: Double?

    /// Whether the trial meets the study's constraints (always, without any).
    public var isFeasible: Bool { (constraintViolation ?? 0) <= 0 }

    /// Its value of each of `objectives` objectives (``values``, or its one ``value``) when it completed
    /// with a finite value of every one; else `nil`. What fronts and samplers of trade-offs read.
    package func objectiveValues(count objectives: Int) -> [Double]? {
        guard state == .completed, let found = values ?? value.map({ [$0] }), found.count == objectives,
            found.allSatisfy(\.isFinite)
        else { return nil }
        return found
    }
    /// The intermediate objective values the trial reported, by step (what pruners decide on).
    public var intermediateValues: [IntermediateValue]
    /// When the trial started, in seconds since 1970.
    public var startedAt: Double
    /// When the trial ended, in seconds since 1970.
    public var endedAt: Double?
    /// Why the trial failed, was pruned or was interrupted (exit status and the tail of stderr, …).
    public var message: String?
    /// How many times the trial's command was started, retries included.
    public var attempts: Int
    /// The keys of the runs stored for the trial's repeats, in repeat order.
    public var runKeys: [String]

    /// Creates a trial.
    public init(
        id: Int64? = nil, studyID: Int64, number: Int, state: TrialState = .running, params: [String: Value],
        value: Double? = nil,
        valueSummary: TrialValueSummary? = nil, values: [Double]? = nil, valueSummaries: [TrialValueSummary]? = nil,
        intermediateValues: [IntermediateValue] = [], startedAt: Double, endedAt: Double? = nil,
        message: String? = nil, attempts: Int = 0, runKeys: [String] = []
    ) {
        self.id = id
        self.studyID = studyID
        self.number = number
        self.state = state
        self.params = params
        self.value = value
        self.valueSummary = valueSummary
        self.values = values
        self.valueSummaries = valueSummaries
        self.intermediateValues = intermediateValues
        self.startedAt = startedAt
        self.endedAt = endedAt
        self.message = message
        self.attempts = attempts
        self.runKeys = runKeys
    }

    /// How long the trial took, in seconds, once it ended.
    public var durationSeconds: Double? {
        endedAt.map { $0 - startedAt }
    }
}

/// Where a trial stands.
public enum TrialState: String, Sendable, Hashable, CaseIterable, Codable {
    /// Its command is running (or its worker died: ``TrialState/interrupted`` after a resume).
    case running
    /// Every repeat finished and reported the objective.
    case completed
    /// Its command failed, timed out or reported no objective, after every retry.
    case failed
    /// A pruner stopped it early; its curve so far is kept.
    case pruned
    /// The orchestrator stopped while it ran.
    case interrupted

    /// Whether the trial spends a search's budget: completed, failed and pruned ones do; running
    /// and interrupted ones (which may run again) do not.
    public var countsTowardBudget: Bool { self == .completed || self == .failed || self == .pruned }
}

/// The spread of a trial's repeated values.
public struct TrialValueSummary: Sendable, Hashable {
    /// The number of repeats that reported a value.
    public var count: Int
    /// Their sample standard deviation, when there are at least two.
    public var standardDeviation: Double?
    /// The 95% Student-t confidence interval of the mean, when there are at least two.
    public var confidenceInterval95: ClosedRange<Double>?

    /// Creates a summary.
    public init(count: Int, standardDeviation: Double? = nil, confidenceInterval95: ClosedRange<Double>? = nil) {
        self.count = count
        self.standardDeviation = standardDeviation
        self.confidenceInterval95 = confidenceInterval95
    }
}

/// An objective value reported while a trial runs: the step it was reported at and the value.
public struct IntermediateValue: Sendable, Hashable {
    /// The step (epoch, or the point's index when the child logged no axis).
    public var step: Double
    /// The objective at that step.
    public var value: Double

    /// Creates a point.
    public init(step: Double, value: Double) {
        self.step = step
        self.value = value
    }
}
