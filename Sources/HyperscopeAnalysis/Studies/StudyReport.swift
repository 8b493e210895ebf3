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
    public private(set) var trials: [Trial]
    /// The trials' parameters as columns, one row per trial in the order of ``trials``: what the
    /// analyses and plots read instead of looking keys up trial by trial.
    package let columns: ParameterColumns
    /// How many trials are in each state, in ``TrialState/allCases`` order (states with none left out).
    public var stateCounts: [(state: TrialState, count: Int)] {
        var counts: [TrialState: Int] = [:]
        for trial in trials { counts[trial.state, default: 0] += 1 }
        return TrialState.allCases.compactMap { state in counts[state].map { (state, $0) } }
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
    /// In a conditional search, each branch's own optimal ranges (over the configurations that
    /// took it, the branch parameter left out), in the order of ``branches``.
    public var branchRanges: [BranchRanges]
    /// What a reader should know about where the trials came from (for example that results with
    /// the same parameters were merged into one configuration).
    public var notes: [String] = []
    /// What to do next.
    public var recommendations: [Recommendation]
    /// The parameters that vary across the trials, most important first, then the rest by name.
    public var parameterOrder: [String]
    /// The hyperparameter value insights of the completed trials (each trial one run, its value
    /// the objective), or why there are none.
    public var insights: Result<InsightReport, NotComputable>
    /// For a study of several objectives, its Pareto front (with the knee and the hypervolume); `nil`
    /// for one objective.
    public var paretoFront: TrialParetoFront?
    /// For a study of several objectives, the parameters' importance for each objective that has one,
    /// in the study's order (``importance`` is the first's); empty for one objective.
    public var objectiveImportances: [ParameterImportance] = []

    /// The objective as a run metric, for the analyses written for runs.
    public var objective: MetricSelection {
        MetricSelection(metric: MetricKey(parsing: study.metric), point: .last, goal: study.goal)
    }

    /// Builds the report of `trials`. The importance is computed over an even spread of at most
    /// ``ParameterImportance/sampleSize`` completed trials.
    ///
    /// - Complexity: O(*n* log *n*) over the trials, plus the importance's forests.
    public init(study: StudyRecord, trials unordered: [Trial]) {
        let trials = unordered.sortedByNumber()
        self.study = study
        self.trials = trials
        best = trials.best(goal: study.goal)
        if study.isMultiObjective { paretoFront = TrialParetoFront(trials, goals: study.objectives.map(\.goal)) }
        let starts = trials.map(\.startedAt).filter { $0 > 0 }
        let ends = trials.compactMap(\.endedAt)
        if let first = starts.min(), let last = ends.max(), last >= first { wallSeconds = last - first }
        // The parameters as columns, read once for every analysis below.
        let columns = ParameterColumns(configurations: trials.map(\.params))
        self.columns = columns
        let completedPositions = trials.completedPositions
        let completedColumns = columns.rows(completedPositions)
        branches = BranchPerformance(trials: trials, goal: study.goal, columns: columns)
        // With several objectives the top configurations are the Pareto front's, not the best on the first.
        let frontNumbers = paretoFront.map { Set($0.front.map(\.number)) }
        let selection = MetricSelection(metric: MetricKey(parsing: study.metric), point: .last, goal: study.goal)
        let completed = completedPositions.map { trials[$0] }
        // Three independent analyses, on every core: the ranges, the importances, the insights.
        typealias Importances = (Result<ParameterImportance, NotComputable>, [ParameterImportance])
        let analysed: (([OptimalRange], [BranchRanges]), (Importances, Result<InsightReport, NotComputable>)) =
            concurrently(
                { [branches] in
                    Self.ranges(
                        trials: trials, goal: study.goal, completedColumns: completedColumns, branches: branches,
                        top: frontNumbers)
                },
                {
                    concurrently(
                        { Self.importances(study: study, completed: completed, selection: selection) },
                        {
                            InsightReport.analyse(
                                completed.map { $0.objectiveRun(metric: selection.metric) },
                                columns: completedColumns, selection: selection,
                                settings: InsightSettings(bins: InsightSettings.readableBins))
                        })
                }
            )
        let (ranges, ((importance, objectiveImportances), insights)) = analysed
        (optimalRanges, branchRanges) = ranges
        switch importance {
        case .success(let importance): self.importance = importance
        case .failure(let why): importanceUnavailable = why.reason
        }
        self.objectiveImportances = objectiveImportances
        recommendations = []
        // Most important first: with several objectives, by the largest share any of them gives it.
        var share: [String: Double] = [:]
        for entry in objectiveImportances.flatMap(\.entries) {
            share[entry.key] = max(share[entry.key] ?? 0, entry.fanova)
        }
        let important =
            objectiveImportances.isEmpty
            ? self.importance?.entries.map(\.key) ?? [] : share.keys.sorted { (share[$1]!, $0) < (share[$0]!, $1) }
        parameterOrder = important + Set(columns.varyingKeys).subtracting(important).sorted()
        self.insights = insights
        recommendations = Recommendation.advise(self)
    }

    /// The optimal ranges over all trials, and within each branch of ``branches``.
    private static func ranges(
        trials: [Trial], goal: MetricGoal, completedColumns: ParameterColumns, branches: BranchPerformance?,
        top frontNumbers: Set<Int>?
    ) -> ([OptimalRange], [BranchRanges]) {
        let optimalRanges = OptimalRange.compute(
            trials: trials, goal: goal, completedColumns: completedColumns, top: frontNumbers)
        let branchRanges = (branches?.branches ?? []).compactMap { branch -> BranchRanges? in
            guard let parameter = branches?.parameter else { return nil }
            let taken = trials.filter { $0.params[parameter] == branch.value }
            let ranges = OptimalRange.compute(trials: taken, goal: goal, top: frontNumbers)
                .filter { $0.key != parameter }
            return ranges.isEmpty ? nil : BranchRanges(branch: branch.value, ranges: ranges)
        }
        return (optimalRanges, branchRanges)
    }

    /// The importance of the study's objective, and with several objectives each one's (the first's
    /// being the same).
    private static func importances(
        study: StudyRecord, completed: [Trial], selection: MetricSelection
    ) -> (Result<ParameterImportance, NotComputable>, [ParameterImportance]) {
        let first = ParameterImportance.compute(
            completed.map { $0.objectiveRun(metric: selection.metric) }, selection: selection)
        guard study.isMultiObjective else { return (first, []) }
        // Each objective's own importance (its metric in ``ParameterImportance/selection``).
        let each = study.objectives.indices.compactMap { index -> ParameterImportance? in
            guard index > 0 else { return try? first.get() }
            let objective = study.objectives[index]
            let selection = MetricSelection(
                metric: MetricKey(parsing: objective.metric), point: .last, goal: objective.goal)
            let runs = completed.map { $0.objectiveRun(metric: selection.metric, objective: index) }
            return try? ParameterImportance.compute(runs, selection: selection).get()
        }
        return (first, each)
    }
}

/// One branch's optimal ranges: over the configurations that took the branch.
public struct BranchRanges: Sendable, Hashable {
    /// The branch parameter's value (`min_p`).
    public var branch: Value
    /// The ranges of the parameters that vary within the branch.
    public var ranges: [OptimalRange]
}
