import HyperscopeAnalysis
import HyperscopeCore

/// The best configurations of a study as a YAML search configuration: `hyperscope search --config`
/// re-runs the best one with more repeats, to confirm it (in a conditional search, the best of each
/// branch: one grid point per branch), and the user's own scripts read the figures under `results`.
///
/// ```yaml
/// study: lr-search-best
/// objective: {command: [...], metric: val/acc, goal: max}
/// strategy: grid
/// trials: 1
/// repeats: 5
/// parameters: {lr: 0.0031, optimizer: adam}
/// results:
///   study: lr-search
///   best: {trial: 7, value: 0.9412, std: 0.0031, n: 3, ci95: [0.9336, 0.9488], params: {...}}
///   branches: {adam: {...}}
/// ```
public enum BestConfigurationExport {
    /// The YAML text; `nil` when the study has no completed trial.
    ///
    /// - Parameters:
    ///   - repeats: How many repeats the exported search runs per configuration.
    ///   - exportedAt: When the export was made, in seconds since 1970.
    public static func yaml(_ report: StudyReport, repeats: Int = 5, exportedAt: Double, toolVersion: String) -> String?
    {
        guard let best = report.best else { return nil }
        let study = report.study
        var fields = [Value.Field("study", .string(study.name + "-best"))]
        if let objective = objective(of: study) { fields.append(Value.Field("objective", objective)) }
        if let axis = study.configuration["resolved"]?["repeat_over"] {
            fields.append(Value.Field("repeat_over", axis))
        }
        let branches = report.branches?.branches.filter { $0.best != nil } ?? []
        let parameters: Value
        if let parameter = report.branches?.parameter, !branches.isEmpty {
            parameters = .object([
                Value.Field(
                    parameter,
                    .object(
                        branches.map { branch in
                            Value.Field(branch.value.displayText, Self.parameters(branch.best!, leavingOut: parameter))
                        }))
            ])
        } else {
            parameters = Self.parameters(best, leavingOut: nil)
        }
        fields += [
            Value.Field("strategy", .string("grid")), Value.Field("trials", .int(Int64(max(1, branches.count)))),
            Value.Field("repeats", .int(Int64(repeats))), Value.Field("parameters", parameters),
        ]
        var results = [
            Value.Field("study", .string(study.name)), Value.Field("metric", .string(study.metric)),
            Value.Field("goal", .string(study.goal.rawValue)),
            Value.Field("strategy", .string(study.strategy)),
            Value.Field("exported_at", .string(Timestamp.iso8601(exportedAt))),
            Value.Field("exported_by", .string("hyperscope \(toolVersion)")),
            Value.Field("std_convention", .string("sample standard deviation, divisor n - 1 (numpy.std ddof=1)")),
        ]
        if let commit = study.gitCommit { results.append(Value.Field("git_commit", .string(commit))) }
        results.append(
            Value.Field("completed_trials", .int(Int64(report.trials.filter { $0.state == .completed }.count))))
        results.append(Value.Field("best", performance(best)))
        if let parameter = report.branches?.parameter, !branches.isEmpty {
            results.append(Value.Field("branch_parameter", .string(parameter)))
            results.append(
                Value.Field(
                    "branches",
                    .object(
                        branches.map { branch in
                            var entry = performance(branch.best!)
                            if case .object(var items) = entry, let summary = branch.summary {
                                items.append(Value.Field("branch_mean", .float(summary.mean)))
                                items.append(
                                    Value.Field("branch_std", summary.standardDeviation.map(Value.float) ?? .null))
                                items.append(Value.Field("branch_trials", .int(Int64(summary.count))))
                                entry = .object(items)
                            }
                            return Value.Field(branch.value.displayText, entry)
                        })))
        }
        fields.append(Value.Field("results", .object(results)))
        let comments = [
            "Best configurations of \(study.name) (\(study.goal == .maximize ? "maximise" : "minimise") \(study.metric)), exported by hyperscope \(toolVersion).",
            branches.isEmpty
                ? "hyperscope search --config THIS_FILE re-runs the best configuration (trial \(best.number)) \(repeats) times."
                : "hyperscope search --config THIS_FILE re-runs the best configuration of each branch \(repeats) times (the best overall is trial \(best.number)).",
            "Scripts read the figures under results: (search ignores that key).",
        ]
        return YAMLWriter.document(.object(fields), comments: comments)
    }

    /// The parameters as a search reads them: scalars as fixed values, lists and objects as `{value: ...}`.
    private static func parameters(_ trial: Trial, leavingOut left: String?) -> Value {
        .object(
            trial.params.filter { $0.key != left }.sorted { $0.key < $1.key }.map { key, value in
                switch value {
                case .list, .object: Value.Field(key, .object([Value.Field("value", value)]))
                default: Value.Field(key, value)
                }
            })
    }

    private static func performance(_ trial: Trial) -> Value {
        .object([
            Value.Field("trial", .int(Int64(trial.number))),
            Value.Field("value", trial.value.map(Value.float) ?? .null),
            Value.Field("std", trial.valueSummary?.standardDeviation.map(Value.float) ?? .null),
            Value.Field("n", .int(Int64(trial.valueSummary?.count ?? 1))),
            Value.Field(
                "ci95",
                trial.valueSummary?.confidenceInterval95.map { .list([.float($0.lowerBound), .float($0.upperBound)]) }
                    ?? .null),
            Value.Field(
                "params", Value.object(sortedByKey: trial.params)),
        ])
    }

    /// The study's objective settings: the command it ran, the metric and the goal; for a collection
    /// of runs (an imported file) the metric and goal alone, so that the search given a command
    /// after `--` optimises the same metric the same way.
    private static func objective(of study: StudyRecord) -> Value? {
        var fields = [Value.Field("metric", .string(study.metric)), Value.Field("goal", .string(study.goal.rawValue))]
        guard case .list(let command)? = study.configuration["command"], !command.isEmpty else {
            return .object(fields)
        }
        fields.insert(Value.Field("command", .list(command)), at: 0)
        if case .object(let given)? = study.configuration["resolved"]?["objective"] {
            fields += given.filter { ["at", "timeout", "retries", "env", "workdir"].contains($0.key) }
        }
        return .object(fields)
    }

    /// The command that runs the exported file again, as printed after the export: with the study's
    /// own command it needs nothing more; for a collection of runs, which has no command, a
    /// template after `--` with a placeholder for each exported parameter (optional, `{name?}`, for
    /// a parameter only some branches set).
    public static func rerunCommand(_ report: StudyReport, path: String) -> String {
        if case .list(let command)? = report.study.configuration["command"], !command.isEmpty {
            return "hyperscope search --config \(path)"
        }
        let branches = report.branches?.branches.compactMap(\.best) ?? []
        let configurations = branches.isEmpty ? [report.best].compactMap { $0 } : branches
        let keys = Set(configurations.flatMap(\.params.keys)).sorted()
        let arguments = keys.map { key in
            let optional = !configurations.allSatisfy { $0.params[key] != nil }
            return "--\(key)={\(key)\(optional ? "?" : "")}"
        }
        return "hyperscope search --config \(path) -- YOUR_COMMAND " + arguments.joined(separator: " ")
    }
}
