import HyperscopeAnalysis
import HyperscopeCore

/// Renders a search of several objectives: a trial's values, the progress line's front, and the table
/// of the Pareto-optimal trials.
package enum ParetoTrialRendering {
    /// `val/recall 0.8123 · train_time_s 41.2`, each with its spread when repeated.
    package static func valuesText(_ trial: Trial, objectives: [StudyObjective]) -> String {
        guard let values = trial.values, values.count == objectives.count else { return "–" }
        return objectives.indices.map { index in
            var text = "\(objectives[index].metric) \(NumberFormatting.metric(values[index]))"
            if let deviation = trial.valueSummaries?[index].standardDeviation {
                text += " ± " + NumberFormatting.metric(deviation)
            }
            return text
        }.joined(separator: " · ")
    }

    /// One line about a finished trial, as ``TrialRendering/finishedLine(_:metric:parameterOrder:style:)``
    /// with every objective's value.
    package static func finishedLine(
        _ trial: Trial, objectives: [StudyObjective], parameterOrder: [String], style: TerminalStyle = .plain
    ) -> String {
        guard trial.state == .completed else {
            return TrialRendering.finishedLine(trial, metric: "", parameterOrder: parameterOrder, style: style)
        }
        let duration = trial.durationSeconds.map { " · " + NumberFormatting.duration($0) } ?? ""
        return "trial \(trial.number) " + style.green("✔") + " \(valuesText(trial, objectives: objectives)) · "
            + TrialRendering.paramsText(trial.params, order: parameterOrder) + duration
            + TrialRendering.infeasibility(trial, style: style)
    }

    /// The progress line's detail: running, failed, and the front's size and hypervolume so far.
    ///
    /// - Parameters:
    ///   - counts: How many of the study's trials are in each state.
    ///   - completed: The study's completed trials.
    package static func progressDetail(
        counts: [TrialState: Int], completed: [Trial], objectives: [StudyObjective]
    ) -> String {
        let count = { (state: TrialState) in counts[state] ?? 0 }
        var parts = ["\(count(.running)) running", "\(count(.failed)) failed"]
        let front = TrialParetoFront(completed, goals: objectives.map(\.goal))
        if !front.front.isEmpty {
            parts.append("front \(front.front.count) of \(front.completed)")
            if let volume = front.hypervolume { parts.append("hypervolume \(NumberFormatting.metric(volume))") }
        }
        return parts.joined(separator: " · ")
    }

    /// The Pareto-optimal trials: number, each objective (the mean and its 95% CI when repeated),
    /// repeats, the knee, and the parameters.
    package static func frontTable(
        _ front: TrialParetoFront, objectives: [StudyObjective], parameterOrder: [String]
    ) -> TextTable {
        let keys = parameterOrder.filter { key in front.front.contains { $0.params[key] != nil } }
        var columns = [TextTable.Column("trial", alignment: .right)]
        columns += objectives.map {
            TextTable.Column("\($0.metric) \($0.goal == .maximize ? "↑" : "↓")", alignment: .right)
        }
        columns += [TextTable.Column("n", alignment: .right), TextTable.Column("note")]
        columns += keys.map { TextTable.Column($0) }
        // In order of the first objective, best first.
        let ordered = front.front.sorted { left, right in
            objectives[0].goal.prefers(left.values?[0] ?? .nan, over: right.values?[0] ?? .nan)
        }
        let rows = ordered.map { trial -> [String] in
            let values = objectives.indices.map { index -> String in
                guard let value = trial.values?[index] else { return "–" }
                guard let interval = trial.valueSummaries?[index].confidenceInterval95 else {
                    return NumberFormatting.metric(value)
                }
                return NumberFormatting.metric(value) + " [" + NumberFormatting.metric(interval.lowerBound) + ", "
                    + NumberFormatting.metric(interval.upperBound) + "]"
            }
            return ["\(trial.number)"] + values + [
                "\(trial.valueSummaries?.first?.count ?? 1)", front.knee?.number == trial.number ? "knee" : "",
            ] + keys.map { trial.params[$0]?.shortText() ?? "" }
        }
        return TextTable(columns: columns, rows: rows)
    }
}
