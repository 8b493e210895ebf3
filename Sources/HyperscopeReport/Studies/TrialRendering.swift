import HyperscopeAnalysis
import HyperscopeCore

/// Renders search trials: one line per finished trial, the progress line's detail, and the final
/// table of a study's best trials.
public enum TrialRendering {
    /// A trial's value with its spread when repeated: `0.9412 ± 0.0031 (std n−1, n=3, 95% CI 0.9336–0.9488)`.
    public static func valueText(_ trial: Trial) -> String {
        guard let value = trial.value else { return "–" }
        var text = NumberFormatting.metric(value)
        if let summary = trial.valueSummary, summary.count > 1 {
            var details = "n=\(summary.count)"
            if let deviation = summary.standardDeviation {
                text += " ± " + NumberFormatting.metric(deviation)
                details = "std n−1, " + details
            }
            text += " (" + details
            if let interval = summary.confidenceInterval95 {
                text +=
                    ", 95% CI " + NumberFormatting.metric(interval.lowerBound) + "–"
                    + NumberFormatting.metric(interval.upperBound)
            }
            text += ")"
        }
        return text
    }

    /// `lr=0.003363, optimizer=adam`: the keys in the given order (derived ones included), floats
    /// to four significant digits.
    public static func paramsText(_ params: [String: Value], order: [String]) -> String {
        let known = order.filter { params[$0] != nil }
        let rest = params.keys.filter { !order.contains($0) }.sorted()
        return (known + rest).map { "\($0)=\(params[$0]!.shortText())".escapingControlCharacters }.joined(
            separator: ", ")
    }

    /// One line about a finished trial: `trial 3 ✔ val/acc 0.9412 · lr=0.03, optimizer=adam · 12.3s`
    /// (``reasonLines(_:style:)`` gives the reason of one that did not complete).
    public static func finishedLine(
        _ trial: Trial, metric: String, parameterOrder: [String], style: TerminalStyle = .plain
    ) -> String {
        let duration = trial.durationSeconds.map { " · " + NumberFormatting.duration($0) } ?? ""
        let params = paramsText(trial.params, order: parameterOrder)
        switch trial.state {
        case .completed:
            return "trial \(trial.number) " + style.green("✔") + " \(metric) \(valueText(trial)) · \(params)\(duration)"
                + infeasibility(trial, style: style)
        case .pruned:
            let step = trial.intermediateValues.last.map { " at step \(NumberFormatting.metric($0.step))" } ?? ""
            return "trial \(trial.number) " + style.yellow("✂ pruned\(step)") + " · \(params)\(duration)"
        case .failed:
            return "trial \(trial.number) " + style.red("✘ failed") + " · \(params)\(duration)"
        case .interrupted:
            return "trial \(trial.number) " + style.yellow("⏹ interrupted") + " · \(params)\(duration)"
        case .running:
            return "trial \(trial.number) running · \(params)"
        }
    }

    /// ` · infeasible: memory_gb = 18, needs <= 16` for a completed trial that breaks a constraint, else nothing.
    package static func infeasibility(_ trial: Trial, style: TerminalStyle = .plain) -> String {
        trial.isFeasible ? "" : " · " + style.yellow((trial.message ?? "infeasible").escapingControlCharacters)
    }

    /// The detail of the search's progress line: running, failed, pruned, and the best so far with
    /// its parameters (or, when `parameterOrder` is `nil`, its trial number).
    ///
    /// - Parameter counts: How many of the study's trials are in each state.
    package static func progressDetail(
        counts: [TrialState: Int], best: Trial?, metric: String, parameterOrder: [String]?
    ) -> String {
        let count = { (state: TrialState) in counts[state] ?? 0 }
        var parts = ["\(count(.running)) running", "\(count(.failed)) failed", "\(count(.pruned)) pruned"]
        if let best, let value = best.value {
            let which = parameterOrder.map { paramsText(best.params, order: $0) } ?? "trial \(best.number)"
            parts.append("best \(metric) \(NumberFormatting.metric(value)) (\(which))")
        }
        return parts.joined(separator: " · ")
    }

    /// The study's trials as a table, best first: number, state, value, spread and parameters.
    public static func table(
        _ trials: [Trial], goal: MetricGoal, metric: String, parameterOrder: [String], limit: Int = 10
    ) -> TextTable {
        let ranked = trials.rankedPositions(goal: goal)
        let keys = parameterOrder.filter { key in ranked.contains { trials[$0].params[key] != nil } }
        let numbers = ["trial", metric + (goal == .maximize ? " ↑" : " ↓"), SampleSummary.standardDeviationLabel, "n"]
            .map { TextTable.Column($0, alignment: .right) }
        var table = TextTable(columns: numbers + keys.map { TextTable.Column($0) })
        for trial in ranked.prefix(limit).map({ trials[$0] }) {
            table.rows.append(
                [
                    "\(trial.number)", NumberFormatting.metric(trial.value),
                    NumberFormatting.metric(trial.valueSummary?.standardDeviation),
                    "\(trial.valueSummary?.count ?? 1)",
                ] + keys.map { trial.params[$0]?.shortText() ?? "" })
        }
        return table
    }

    /// Why a trial did not complete, indented under its line; empty for completed trials.
    public static func reasonLines(_ trial: Trial, style: TerminalStyle = .plain) -> String {
        guard trial.state != .completed, let message = trial.message else { return "" }
        // The message's lines (a child's stderr), each with its control characters written as escapes.
        let lines = message.split(separator: "\n", omittingEmptySubsequences: false).map {
            String($0).escapingControlCharacters
        }
        return "\n    " + style.dim(lines.joined(separator: "\n    "))
    }
}
