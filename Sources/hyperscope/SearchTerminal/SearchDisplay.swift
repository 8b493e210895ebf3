import Foundation
import Hyperscope
import Synchronization

/// Shows a search as it runs: on a terminal a progress bar (done/total, running, failed, pruned,
/// best so far, ETA) with a line above it per finished trial; elsewhere one plain line per
/// finished trial with the same figures.
final class SearchDisplay: Sendable {
    /// What the display keeps of the study, updated as each event arrives, so showing one costs
    /// the same at the thousandth trial as at the first.
    private struct State {
        /// Each trial's latest state, by number.
        var states: [Int: TrialState] = [:]
        /// How many trials are in each state.
        var counts: [TrialState: Int] = [:]
        /// The best completed trial so far (one objective).
        var best: Trial?
        /// The completed trials (the front of several objectives is found among them).
        var completed: [Trial] = []
        var finishedHere = 0

        /// Takes in a trial's new state.
        mutating func record(_ trial: Trial, goal: MetricGoal) {
            if let previous = states.updateValue(trial.state, forKey: trial.number) {
                counts[previous, default: 0] -= 1
            }
            counts[trial.state, default: 0] += 1
            guard trial.state == .completed else { return }
            completed.append(trial)
            best = ([trial] + (best.map { [$0] } ?? [])).best(goal: goal)
        }
    }

    private let configuration: SearchConfiguration
    private let budget: Int
    private let spentBefore: Int
    private let parameterOrder: [String]
    /// The search's objectives: one, or several for a search of trade-offs.
    private let objectives: [StudyObjective]
    private let style = TerminalStyle.forDescriptor(STDOUT_FILENO)
    private let progress = ProgressLine()
    private let started = Date()
    private let state: Mutex<State>

    init(configuration: SearchConfiguration, trialsBefore: [Trial], budget: Int) {
        self.configuration = configuration
        self.budget = budget
        spentBefore = trialsBefore.filter(\.state.countsTowardBudget).count
        parameterOrder = configuration.space.parameterNames
        objectives = configuration.objective.studyObjectives
        var state = State()
        let latest = Dictionary(trialsBefore.map { ($0.number, $0) }, uniquingKeysWith: { _, last in last })
        for trial in latest.values.sorted(by: { $0.number < $1.number }) {
            state.record(trial, goal: configuration.objective.goal)
        }
        self.state = Mutex(state)
    }

    /// Updates the display for an event.
    func show(_ event: SearchEvent) {
        let (line, reason, bar) = state.withLock { state -> (String?, String, (Int, String)) in
            var line: String?
            var reason = ""
            switch event {
            case .trialStarted(let trial):
                state.record(trial, goal: configuration.objective.goal)
            case .trialFinished(let trial):
                state.record(trial, goal: configuration.objective.goal)
                if trial.state != .interrupted { state.finishedHere += 1 }
                line =
                    objectives.count > 1
                    ? ParetoTrialRendering.finishedLine(
                        trial, objectives: objectives, parameterOrder: parameterOrder, style: style)
                    : TrialRendering.finishedLine(
                        trial, metric: configuration.objective.metric, parameterOrder: parameterOrder, style: style)
                reason = TrialRendering.reasonLines(trial, style: style)
            }
            let done = spentBefore + state.finishedHere
            // The bar shows the best trial's parameters; plain lines, one per trial, only its number.
            let detail =
                objectives.count > 1
                ? ParetoTrialRendering.progressDetail(
                    counts: state.counts, completed: state.completed, objectives: objectives)
                : TrialRendering.progressDetail(
                    counts: state.counts, best: state.best, metric: configuration.objective.metric,
                    parameterOrder: progress.isEnabled ? parameterOrder : nil)
            return (line, reason, (done, detail))
        }
        let elapsed = Date().timeIntervalSince(started)
        if progress.isEnabled {
            if let line {
                progress.finish()
                print(line + reason)
                fflush(nil)
            }
            progress.update(
                done: bar.0, total: budget, unit: "trials", detail: bar.1, elapsedSeconds: elapsed, force: line != nil)
        } else if let line {
            print("[\(bar.0)/\(budget)] " + line + " · " + bar.1 + reason)
            fflush(nil)
        }
    }

    /// Clears the progress bar.
    func finish() {
        progress.finish()
    }

    /// Writes a note about stopping, above the progress bar.
    func note(_ text: String) {
        progress.finish()
        StandardError.write(text + "\n")
    }

    /// The lines printed before the first trial.
    static func header(plan: SearchPlan, remaining: Int, studyFolder: String) -> String {
        let configuration = plan.configuration
        let objective = configuration.objective
        let searched = Set(configuration.space.dimensions.filter { $0.domain.isVariable }.map(\.name)).count
        let aims = objective.objectives.map {
            "\($0.goal == .maximize ? "maximising" : "minimising") \($0.metric) (\($0.point) value)"
        }
        var lines = [
            "Study \(plan.studyName): \(configuration.strategy.rawValue) search over \(searched) parameter\(searched == 1 ? "" : "s"), "
                + (aims.count > 1 ? "trading off " : "") + aims.joined(separator: " and "),
            "  \(remaining) trial(s) to run"
                + (plan.existingStudy != nil ? " to reach \(configuration.trialBudget)" : "")
                + (configuration.runsPerTrial > 1 ? ", \(configuration.runsPerTrial) runs each" : "")
                + ", \(configuration.parallel) at a time; runs in \(studyFolder)/",
        ]
        if configuration.strategy == .grid, let size = configuration.space.gridSize, let asked = configuration.trials,
            asked > size
        {
            lines.append("  note: \(asked) trials asked, but the grid has only \(size) points: each runs once")
        }
        return lines.joined(separator: "\n")
    }

    /// The closing summary: counts by state, the best trial, the best few as a table, and what to run next.
    static func summary(
        study trials: [Trial], record: StudyRecord, configuration: SearchConfiguration, exhausted: Bool, stopped: Bool
    ) -> String {
        let count = { (state: TrialState) in trials.filter { $0.state == state }.count }
        let parameterOrder = configuration.space.parameterNames
        var text =
            "\nStudy \(record.name.escapingControlCharacters): \(trials.count) trials — \(count(.completed)) completed, \(count(.failed)) failed, "
            + "\(count(.pruned)) pruned, \(count(.interrupted)) interrupted"
        let gridDone =
            configuration.strategy == .grid && configuration.space.gridSize.map { trials.count >= $0 } == true
        let everyPointTried = exhausted || gridDone
        let infeasible = trials.filter { $0.state == .completed && !$0.isFeasible }.count
        if infeasible > 0 { text += " (\(infeasible) of the completed break a constraint)" }
        if everyPointTried { text += " (every grid point was tried)" }
        if stopped { text += " (stopped early)" }
        text += "\n"
        let goal = record.goal
        if record.isMultiObjective {
            let front = TrialParetoFront(trials, goals: record.objectives.map(\.goal))
            if front.front.isEmpty {
                text += "No trial completed: see the messages above and the trial folders' stderr.log.\n"
            } else {
                text +=
                    "Pareto front: \(front.front.count) of \(front.completed) completed trials"
                    + (front.hypervolume.map {
                        ", hypervolume \(NumberFormatting.metric($0)) (up to the worst values seen)"
                    }
                        ?? "") + "\n\n"
                text += ParetoTrialRendering.frontTable(
                    front, objectives: record.objectives, parameterOrder: parameterOrder
                ).renderText()
            }
        } else if let best = trials.best(goal: goal) {
            text += "Best: trial \(best.number), \(record.metric) \(TrialRendering.valueText(best))\n"
            text += "  " + TrialRendering.paramsText(best.params, order: parameterOrder) + "\n\n"
            text += TrialRendering.table(
                trials, goal: goal, metric: record.metric, parameterOrder: parameterOrder, limit: 5
            ).renderText()
        } else {
            text += "No trial completed: see the messages above and the trial folders' stderr.log.\n"
        }
        let (study, metric) = (CommandLineText.shellQuoted(record.name), CommandLineText.shellQuoted(record.metric))
        let selection = CommandLineText.whereStudy(record.name)
        var next = [
            "hyperscope runs \(selection)"
        ]
        if record.isMultiObjective {
            let metrics = record.objectives.map { "\($0.metric)=\($0.goal.rawValue)" }.joined(separator: ",")
            next.append("hyperscope pareto \(selection) --metrics \(CommandLineText.shellQuoted(metrics))")
        }
        next += [
            "hyperscope sweep \(selection) --metric \(metric)",
            "hyperscope importance \(selection) --metric \(metric)",
            "hyperscope report \(study) --format html --output \(CommandLineText.shellQuoted(record.name + ".html"))",
        ]
        // A grid whose every point ran has nothing left to resume; one stopped early resumes to its last point.
        if !everyPointTried {
            let more = configuration.strategy == .grid ? "" : " --trials \(configuration.trialBudget + 20)"
            next.append("hyperscope search --resume --study \(study)\(more)")
        }
        text += "\nNext:\n" + next.map { "  " + $0 }.joined(separator: "\n")
        return text
    }
}
