import HyperscopeCore

/// The answer to "how did this search go, and what next?": an overview, each branch's performance,
/// parameter importance, the optimal ranges and recommendations in plain words.
///
/// It works on any list of trials: a stored study's, or the configurations of a collection of runs
/// (``SweepSummary/trials(runs:detection:)``), such as imported sampler-bench results.
public struct StudyReport: Sendable, Hashable {
    /// The study (for a collection of runs, a record describing the collection).
    public var study: StudyRecord
    /// The trials, in number order.
    public var trials: [Trial]
    /// How many trials are in each state, in ``TrialState/allCases`` order (states with none left out).
    public var stateCounts: [(state: TrialState, count: Int)] {
        TrialState.allCases.compactMap { state in
            let count = trials.filter { $0.state == state }.count
            return count > 0 ? (state, count) : nil
        }
    }
    /// The best completed trial.
    public var best: Trial?
    /// From the first trial's start to the last trial's end, in seconds.
    public var wallSeconds: Double?
    /// Each branch's performance, when the search is conditional.
    public var branches: BranchPerformance?
    /// The parameters' importance, when it can be computed.
    public var importance: ParameterImportance?
    /// Why there is no importance, when there is none.
    public var importanceUnavailable: String?
    /// Each parameter's span among the top configurations.
    public var optimalRanges: [OptimalRange]
    /// What to do next.
    public var recommendations: [Recommendation]

    /// The objective as a run metric, for the analyses written for runs.
    public var objective: MetricSelection {
        MetricSelection(metric: MetricKey(parsing: study.metric), point: .last, goal: study.goal)
    }

    /// Builds the report of `trials`.
    ///
    /// - Complexity: dominated by the importance's forests, O(*seeds × trees × n log n × parameters*).
    public init(study: StudyRecord, trials: [Trial]) {
        self.study = study
        self.trials = trials.sorted { $0.number < $1.number }
        best = trials.best(goal: study.goal)
        let starts = trials.map(\.startedAt).filter { $0 > 0 }
        let ends = trials.compactMap(\.endedAt)
        if let first = starts.min(), let last = ends.max(), last >= first { wallSeconds = last - first }
        branches = BranchPerformance(trials: trials, goal: study.goal)
        optimalRanges = OptimalRange.compute(trials: trials, goal: study.goal)
        recommendations = []
        let selection = MetricSelection(metric: MetricKey(parsing: study.metric), point: .last, goal: study.goal)
        let completed = trials.filter { $0.state == .completed && $0.value != nil }
        switch ParameterImportance.compute(completed.map { $0.objectiveRun(metric: selection.metric) }, selection: selection) {
        case .success(let importance): self.importance = importance
        case .failure(let why): importanceUnavailable = why.reason
        }
        recommendations = Recommendation.advise(self)
    }
}

extension StudyReport {
    /// The hyperparameter value insights of the completed trials (each trial one run, its value the objective).
    public func insights(settings: InsightSettings = InsightSettings()) -> Result<InsightReport, NotComputable> {
        let runs = trials.filter { $0.state == .completed && $0.value != nil }.map { $0.objectiveRun(metric: objective.metric) }
        return InsightReport.analyse(runs, selection: objective, settings: settings)
    }

    /// The parameters that vary across the trials, most important first, then the rest by name.
    public var parameterOrder: [String] {
        let important = importance?.entries.map(\.key) ?? []
        return important + Set(ParameterVariation.varyingKeys(in: trials.map(\.params))).subtracting(important).sorted()
    }
}
