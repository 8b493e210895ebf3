import Foundation
import HyperscopeAnalysis
import HyperscopeCore
import HyperscopeStore

/// A search in progress: asks its sampler for configurations, records how they did, and keeps every
/// trial in the store.
///
/// ```swift
/// let space = SearchSpace(parameters: [
///     SearchParameter(name: "lr", domain: .float(low: 1e-4, high: 1, logarithmic: true, step: nil)),
/// ])
/// let study = try await Study.create(name: "demo", space: space, metric: "loss", goal: .minimize, store:
/// MemoryStore())
/// let trial = try await study.ask()!
/// try await study.tell(trial, value: loss(trial.params))
/// try await study.optimize(trials: 50, parallel: 4) { trial in loss(trial.params) }
/// ```
///
/// Every finished trial is committed to the store before the call that finishes it returns, so a
/// crash loses no finished trial. Concurrent ``ask()`` calls see each other's running trials, so a
/// model-based sampler keeps parallel workers apart.
///
/// ## Topics
///
/// ### Creating and opening a study
/// - ``create(name:space:metric:goal:sampler:strategy:pruner:seed:configuration:store:provenance:)``
/// - ``init(record:space:sampler:pruner:seed:store:)``
///
/// ### Asking and telling
/// - ``create(name:space:objectives:sampler:strategy:pruner:seed:configuration:store:provenance:)``
/// - ``ask()``
/// - ``tell(_:value:)``
/// - ``tell(_:values:)``
/// - ``finish(_:state:values:objectiveValues:constraintViolation:intermediateValues:message:attempts:runs:)``
/// - ``report(_:intermediateValues:)``
/// - ``enqueue(_:)``
///
/// ### Running an objective
/// - ``optimize(trials:parallel:objective:)``
///
/// ### Reading the results
/// - ``trials``
/// - ``bestTrial``
/// - ``paretoFront``
/// - ``record``
///
/// ### Recovering after a crash
/// - ``recoverInterruptedTrials(requeue:)``
public actor Study {
    /// The stored study.
    public nonisolated let record: StudyRecord
    /// The space configurations come from.
    public nonisolated let space: SearchSpace
    /// How configurations are chosen.
    public nonisolated let sampler: any Sampler
    /// How running trials are pruned, if at all.
    public nonisolated let pruner: (any Pruner)?
    /// The sampler's seed.
    public nonisolated let seed: UInt64
    private let store: any Store
    private var history: [Trial]
    /// The parameters of ``history``'s trials as columns, kept as trials start (see ``TrialColumns``).
    private var columns: TrialColumns
    private var starting: [Trial] = []
    private var queued: [[String: Value]] = []

    /// Opens a study whose record is stored, loading its trials.
    public init(
        record: StudyRecord, space: SearchSpace, sampler: any Sampler, pruner: (any Pruner)? = nil, seed: UInt64,
        store: any Store
    ) async throws {
        guard let id = record.id else { throw StoreError(.notFound, "study \(record.name) is not stored") }
        try sampler.validate(space)
        try Self.check(sampler, serves: record.objectives.count)
        self.record = record
        self.space = space
        self.sampler = sampler
        self.pruner = pruner
        self.seed = seed
        self.store = store
        history = try await store.trials(studyID: id)
        columns = TrialColumns(space: space, trials: history)
    }

    /// Creates and stores a new study.
    ///
    /// - Parameters:
    ///   - metric: The objective's name, for reports.
    ///   - sampler: TPE unless told otherwise.
    ///   - configuration: The resolved configuration to store with the study.
    /// - Throws: ``StoreError`` when a study of that name exists; ``SearchSpaceError`` when the sampler cannot use
    /// the space.
    public static func create(
        name: String, space: SearchSpace, metric: String = "objective", goal: MetricGoal,
        sampler: any Sampler = TPESampler(),
        strategy: String = "tpe", pruner: (any Pruner)? = nil, seed: UInt64 = 0, configuration: Value = .object([]),
        store: any Store,
        provenance: StudyProvenance = StudyProvenance(toolVersion: "library")
    ) async throws -> Study {
        try await create(
            name: name, space: space, objectives: [StudyObjective(metric: metric, goal: goal)], sampler: sampler,
            strategy: strategy, pruner: pruner, seed: seed, configuration: configuration, store: store,
            provenance: provenance)
    }

    /// Creates and stores a study of one or more objectives; with several it looks for the best
    /// trade-offs between them (its ``paretoFront``).
    ///
    /// - Parameter sampler: With several objectives, one that serves them (NSGA-II, TPE, random, Sobol, grid).
    /// - Throws: ``StoreError`` when a study of that name exists; ``SearchSpaceError`` when the sampler
    ///   cannot use the space or optimises one objective of several, or no objective is given.
    public static func create(
        name: String, space: SearchSpace, objectives: [StudyObjective], sampler: any Sampler = RandomSampler(),
        strategy: String = "random", pruner: (any Pruner)? = nil, seed: UInt64 = 0,
        configuration: Value = .object([]), store: any Store,
        provenance: StudyProvenance = StudyProvenance(toolVersion: "library")
    ) async throws -> Study {
        if let problem = StudyRecord.nameProblem(name) { throw StoreError(.invalidStudyName, problem) }
        guard let first = objectives.first else {
            throw SearchSpaceError("a study needs an objective: a metric and its goal")
        }
        try sampler.validate(space)
        try check(sampler, serves: objectives.count)
        let record = try await store.createStudy(
            StudyRecord(
                name: name, metric: first.metric, goal: first.goal, objectives: objectives, strategy: strategy,
                configuration: configuration, toolVersion: provenance.toolVersion, host: provenance.host,
                startedAt: Date().timeIntervalSince1970, gitCommit: provenance.gitCommit,
                gitDirty: provenance.gitDirty))
        return try await Study(record: record, space: space, sampler: sampler, pruner: pruner, seed: seed, store: store)
    }

    /// Refuses a sampler that models one objective for a study of several.
    private static func check(_ sampler: any Sampler, serves objectives: Int) throws {
        guard objectives > 1, !sampler.handlesSeveralObjectives else { return }
        throw SearchSpaceError(
            "\(type(of: sampler)) optimises one objective; a study of \(objectives) objectives needs a sampler of trade-offs (\(SearchStrategy.namesForSeveralObjectives))"
        )
    }

    /// The trials on the Pareto front: completed, with a value of every objective, and no other trial at
    /// least as good on every objective and better on one. A single-objective study's front is its best
    /// trials.
    public var paretoFront: [Trial] {
        TrialParetoFront(history, goals: record.objectives.map(\.goal)).front
    }

    /// Every trial so far, running ones included, by number.
    public var trials: [Trial] { history }

    /// The best completed trial under the study's goal.
    public var bestTrial: Trial? {
        history.best(goal: record.goal)
    }

    /// Queues a configuration (its sampled parameters) to run before the sampler is asked again: a
    /// known good setting to start from, or an interrupted trial being run again.
    public func enqueue(_ params: [String: Value]) {
        queued.append(params)
    }

    /// Starts a trial: the next queued configuration, else the sampler's, stored as running.
    ///
    /// A configuration whose derived parameters cannot be computed (a division by zero, say) is
    /// stored as a failed trial with the reason, and another is drawn.
    ///
    /// - Returns: The trial, or `nil` when the sampler has nothing left (a finished grid).
    /// - Throws: ``SearchSpaceError`` after 100 configurations in a row could not be completed.
    public func ask() async throws -> Trial? {
        for _ in 0..<100 {
            let sampled: [String: Value]
            if !queued.isEmpty {
                sampled = queued.removeFirst()
            } else {
                var askedColumns = columns
                for trial in starting { askedColumns.append(trial.params) }
                let context = SamplingContext(
                    space: space, trials: starting.isEmpty ? history : history + starting, columns: askedColumns,
                    goal: record.goal, goals: record.objectives.map(\.goal), seed: seed)
                guard let suggestion = try sampler.suggest(context) else { return nil }
                sampled = suggestion
            }
            let params: [String: Value]
            do {
                params = try space.withDerived(sampled)
            } catch let error as SearchSpaceError {
                let trial = try await start(sampled)
                try await finish(trial, state: .failed, values: [], message: error.description)
                continue
            }
            return try await start(params)
        }
        throw SearchSpaceError(
            "100 configurations in a row had derived parameters that cannot be computed; check the derived expressions")
    }

    /// Stores a configuration as a running trial; until the store answers, other asks see it as running.
    private func start(_ params: [String: Value]) async throws -> Trial {
        let placeholder = Trial(
            studyID: record.id!, number: -1 - starting.count, params: params, startedAt: Date().timeIntervalSince1970)
        starting.append(placeholder)
        defer { starting.removeAll { $0.number == placeholder.number } }
        let trial = try await store.startTrial(studyID: record.id!, params: params, startedAt: placeholder.startedAt)
        history.append(trial)
        columns.append(trial.params)
        return trial
    }

    /// Finishes a trial of a multi-objective study with its value of each objective, in the study's
    /// order; a value that is not finite makes it failed.
    ///
    /// - Throws: ``SearchSpaceError`` when the number of values is not the number of objectives.
    public func tell(_ trial: Trial, values: [Double]) async throws {
        if let problem = countProblem(values.count, trial: trial) { throw SearchSpaceError(problem) }
        let finite = values.allSatisfy(\.isFinite)
        _ = try await finish(
            trial, state: finite ? .completed : .failed, values: finite ? [values[0]] : [],
            objectiveValues: finite ? [values] : [],
            message: finite ? nil : "the objectives returned \(values.map { "\($0)" }.joined(separator: ", "))")
    }

    /// Finishes a trial with one value.
    ///
    /// - Throws: ``SearchSpaceError`` in a study of several objectives (tell it every value).
    public func tell(_ trial: Trial, value: Double) async throws {
        if let problem = countProblem(1, trial: trial) { throw SearchSpaceError(problem) }
        _ = try await finish(
            trial, state: value.isFinite ? .completed : .failed, values: value.isFinite ? [value] : [],
            message: value.isFinite ? nil : "the objective returned \(value)")
    }

    /// Why `count` values cannot finish `trial`, or `nil` when the study has that many objectives.
    func countProblem(_ count: Int, trial: Trial) -> String? {
        guard count != record.objectives.count else { return nil }
        return "trial \(trial.number) was told \(count) value\(count == 1 ? "" : "s"); the study has "
            + "\(record.objectives.count) objective\(record.objectives.count == 1 ? "" : "s") ("
            + record.objectives.map(\.metric).joined(separator: ", ") + ")"
    }

    /// Finishes a trial: computes its value from the repeats' values (their mean, with the standard
    /// deviation and 95% CI), stores it with the runs in one transaction, and returns it.
    ///
    /// - Parameters:
    ///   - values: The objective value of each completed repeat (of the first objective).
    ///   - objectiveValues: In a multi-objective study, each completed repeat's value of every objective.
    ///   - constraintViolation: How far the trial is from meeting the study's constraints (0: it meets
    ///     them); `nil` without constraints.
    ///   - intermediateValues: The trial's intermediate values (the mean over repeats at each step).
    ///   - runs: The repeats' runs, stored with the trial.
    @discardableResult
    public func finish(
        _ trial: Trial, state: TrialState, values: [Double], objectiveValues: [[Double]] = [],
        constraintViolation: Double? = nil, intermediateValues: [IntermediateValue] = [], message: String? = nil,
        attempts: Int = 1, runs: [Run] = []
    ) async throws -> Trial {
        var finished = history.first { $0.id == trial.id } ?? trial
        finished.state = state
        finished.endedAt = Date().timeIntervalSince1970
        finished.message = message
        finished.attempts = attempts
        finished.runKeys = runs.map(\.key)
        finished.intermediateValues = intermediateValues
        finished.constraintViolation = state == .completed ? constraintViolation : nil
        if let summary = SampleSummary(values), state == .completed {
            finished.value = summary.mean
            finished.valueSummary = TrialValueSummary(summary)
        }
        let objectives = record.objectives.count
        if objectives > 1, state == .completed, !objectiveValues.isEmpty,
            objectiveValues.allSatisfy({ $0.count == objectives })
        {
            let summaries = (0..<objectives).compactMap { k in SampleSummary(objectiveValues.map { $0[k] }) }
            finished.values = summaries.map(\.mean)
            finished.valueSummaries = summaries.map(TrialValueSummary.init)
            finished.value = summaries.first?.mean
            finished.valueSummary = summaries.first.map(TrialValueSummary.init)
        }
        try await store.saveTrial(finished, runs: runs)
        if let index = history.firstIndex(where: { $0.id == finished.id }) {
            history[index] = finished
        } else {
            history.append(finished)
            columns.append(finished.params)
        }
        return finished
    }

    /// Records a running trial's intermediate values and asks the pruner whether to stop it.
    ///
    /// - Returns: Why the trial should stop, or `nil`.
    public func report(_ trial: Trial, intermediateValues: [IntermediateValue]) -> String? {
        guard let pruner else { return nil }
        let others = history.filter { $0.id != trial.id }
        return pruner.pruningReason(intermediateValues, trialNumber: trial.number, others: others, goal: record.goal)
    }

    /// Marks the trials a previous orchestrator left running as interrupted.
    ///
    /// - Parameter requeue: Whether to run their configurations again first.
    /// - Returns: The trials marked.
    @discardableResult
    public func recoverInterruptedTrials(requeue: Bool) async throws -> [Trial] {
        let marked = try await store.interruptRunningTrials(
            studyID: record.id!, endedAt: Date().timeIntervalSince1970, reason: "the orchestrator stopped while it ran")
        for trial in marked {
            if let index = history.firstIndex(where: { $0.id == trial.id }) { history[index] = trial }
        }
        let interrupted = history.filter { $0.state == .interrupted }
        if requeue {
            let sampledNames = Set(space.dimensions.map(\.name))
            for trial in interrupted { enqueue(trial.params.filter { sampledNames.contains($0.key) }) }
        }
        return marked
    }
}

/// Where and with what a study was started, stored with it for reproducibility.
public struct StudyProvenance: Sendable, Hashable {
    /// The version of the tool or library.
    public var toolVersion: String
    /// The machine's host name.
    public var host: String
    /// The git commit of the working directory.
    public var gitCommit: String?
    /// Whether the working tree had uncommitted changes.
    public var gitDirty: Bool?

    /// Creates provenance; the host defaults to this machine's name.
    public init(
        toolVersion: String, host: String = ProcessInfo.processInfo.hostName, gitCommit: String? = nil,
        gitDirty: Bool? = nil
    ) {
        self.toolVersion = toolVersion
        self.host = host
        self.gitCommit = gitCommit
        self.gitDirty = gitDirty
    }
}

extension TrialValueSummary {
    /// The count, standard deviation and 95% CI of a sample.
    init(_ summary: SampleSummary) {
        self.init(
            count: summary.count, standardDeviation: summary.standardDeviation,
            confidenceInterval95: summary.confidenceInterval95)
    }
}
