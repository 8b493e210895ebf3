import HyperscopeCore

/// Something that happened in a running search, for progress displays.
public enum SearchEvent: Sendable {
    /// A trial started.
    case trialStarted(Trial)
    /// A trial ended (completed, failed, pruned or interrupted) and was committed.
    case trialFinished(Trial)
}

/// How a session of a search ended.
public struct SearchSessionOutcome: Sendable {
    /// Whether the sampler ran out (a finished grid) before the budget did.
    public var exhausted: Bool
    /// The failures that stopped the search, when its trials kept failing the same way
    /// (``ObjectiveSettings/maximumConsecutiveFailures`` in a row); `nil` otherwise.
    public var stoppedByFailures: FailureStreak?
    /// The trials this session ran, in the order they finished.
    public var finishedTrials: [Trial]
}

/// Runs a configured search: trials from the study, each as `repeats` runs of the command,
/// `parallel` at a time, until the budget is spent, the sampler runs out, a stop is requested, or
/// the trials keep failing the same way.
package struct SearchSession: Sendable {
    /// The configuration.
    package var configuration: SearchConfiguration
    /// The study trials are asked from and told to.
    package var study: Study
    /// Runs the command.
    package var runner: TrialRunner
    /// Stops the search when asked.
    package var control: SearchControl

    /// Creates a session.
    package init(configuration: SearchConfiguration, study: Study, runner: TrialRunner, control: SearchControl) {
        self.configuration = configuration
        self.study = study
        self.runner = runner
        self.control = control
    }

    /// How many trials still count towards the budget: the budget less the study's completed,
    /// failed and pruned trials (interrupted ones are not counted).
    package func remainingTrials() async -> Int {
        let spent = await study.trials.filter(\.state.countsTowardBudget).count
        return max(0, configuration.trialBudget - spent)
    }

    /// Runs trials until the budget is spent, the sampler has nothing left, a stop is requested, or
    /// ``ObjectiveSettings/maximumConsecutiveFailures`` trials in a row failed with one cause (the
    /// trials already running then finish, and no more start).
    ///
    /// - Parameter events: Called as trials start and finish.
    /// - Returns: How the session ended.
    @discardableResult
    package func run(events: @escaping @Sendable (SearchEvent) -> Void) async throws -> SearchSessionOutcome {
        let budget = await remainingTrials()
        let failureLimit = configuration.objective.maximumConsecutiveFailures
        var streak = FailureStreak()
        var finished: [Trial] = []
        let result = try await study.runTrials(
            limit: budget, parallel: configuration.parallel,
            mayStart: { !control.isStopRequested && !streak.hasReached(failureLimit) },
            willStart: { events(.trialStarted($0)) },
            run: { trial in
                let done = try await runTrial(trial)
                events(.trialFinished(done))
                return done
            },
            finished: { done in
                finished.append(done)
                streak.record(done)
            })
        return SearchSessionOutcome(
            exhausted: result.exhausted, stoppedByFailures: streak.hasReached(failureLimit) ? streak : nil,
            finishedTrials: finished)
    }

    /// Runs every repeat of a trial (stopping at the first that does not complete) and commits the trial.
    package func runTrial(_ trial: Trial) async throws -> Trial {
        let axis = configuration.repeatAxis
        let axisLength = max(1, axis?.values.count ?? 1)
        var outcomes: [RepeatOutcome] = []
        for index in 0..<configuration.runsPerTrial {
            // Repeat r runs axis value r mod P with seed r div P: every value once per seed.
            var extra: [String: Value] = ["seed": .int(Int64(index / axisLength))]
            if let axis { extra[axis.name] = axis.values[index % axisLength] }
            let outcome = await runner.run(trial, repeat: index, extraParams: extra, children: control) { values in
                await study.report(trial, intermediateValues: values)
            }
            outcomes.append(outcome)
            if outcome.state != .completed { break }
        }
        let failure = outcomes.first { $0.state != .completed }
        let several = configuration.objective.objectives.count > 1
        // Constraints are judged only for a trial whose every repeat completed.
        let constraints: (violation: Double?, unmet: String?) =
            failure == nil ? configuration.constraintVerdict(outcomes.map(\.constraintValues)) : (nil, nil)
        return try await study.finish(
            trial, state: failure?.state ?? .completed, values: outcomes.compactMap(\.value),
            objectiveValues: several ? outcomes.map(\.values).filter { !$0.isEmpty } : [],
            constraintViolation: constraints.violation,
            intermediateValues: Self.meanByStep(outcomes.map(\.intermediateValues)),
            message: failure?.message ?? constraints.unmet.map { "infeasible: " + $0 },
            attempts: outcomes.reduce(0) { $0 + $1.attempts }, runs: outcomes.map(\.run))
    }

    /// The mean of several repeats' intermediate values at each step any of them reported.
    static func meanByStep(_ repeats: [[IntermediateValue]]) -> [IntermediateValue] {
        var sums: [Double: (total: Double, count: Int)] = [:]
        for point in repeats.joined() {
            let entry = sums[point.step] ?? (0, 0)
            sums[point.step] = (entry.total + point.value, entry.count + 1)
        }
        return sums.keys.sorted().map { IntermediateValue(step: $0, value: sums[$0]!.total / Double(sums[$0]!.count)) }
    }
}
