import HyperscopeAnalysis
import HyperscopeCore

/// A study of several objectives exported as a YAML search configuration: one front member (the knee,
/// or the one a preference picks) re-run with more repeats on every objective, and the whole front
/// under `results` for scripts.
///
/// ```yaml
/// study: zdt-front
/// objective: {command: [...]}
/// objectives: [{metric: f1, goal: min}, {metric: f2, goal: min}]
/// strategy: grid
/// trials: 1
/// repeats: 5
/// parameters: {x: 0.068, y: 0.0017}
/// results:
///   study: zdt
///   chosen: {trial: 6, by: knee, values: {f1: 0.068, f2: 0.75}, params: {...}}
///   front: [{trial: 6, values: {...}, params: {...}}, ...]
///   hypervolume: 5.54
/// ```
public enum FrontConfigurationExport {
    /// The YAML text; `nil` when the study has no feasible completed trial.
    ///
    /// - Parameters:
    ///   - preference: Which front member is re-run.
    ///   - preferenceText: How the preference was given (`knee`, `f1`, `f1=0.7,f2=0.3`), for the results.
    public static func yaml(
        _ report: StudyReport, preference: TrialParetoFront.Preference, preferenceText: String, repeats: Int = 5,
        exportedAt: Double, toolVersion: String
    ) -> String? {
        let study = report.study
        let goals = study.objectives.map(\.goal)
        guard let front = report.paretoFront, let chosen = front.chosen(preference, goals: goals) else { return nil }
        var objective: [Value.Field] = []
        if case .list(let command)? = study.configuration["command"], !command.isEmpty {
            objective.append(Value.Field("command", .list(command)))
            if case .object(let given)? = study.configuration["resolved"]?["objective"] {
                objective += given.filter { ["timeout", "retries", "env", "workdir"].contains($0.key) }
            }
        }
        var fields = [Value.Field("study", .string(study.name + "-front"))]
        if !objective.isEmpty { fields.append(Value.Field("objective", .object(objective))) }
        fields.append(Value.Field("objectives", StudyObjective.value(of: study.objectives)))
        if let constraints = study.configuration["resolved"]?["constraints"] {
            fields.append(Value.Field("constraints", constraints))
        }
        fields += [
            Value.Field("strategy", .string("grid")), Value.Field("trials", .int(1)),
            Value.Field("repeats", .int(Int64(repeats))),
            Value.Field(
                "parameters",
                .object(
                    chosen.params.sorted { $0.key < $1.key }.map { key, value in
                        switch value {
                        case .list, .object: Value.Field(key, .object([Value.Field("value", value)]))
                        default: Value.Field(key, value)
                        }
                    })),
        ]
        func member(_ trial: Trial) -> [Value.Field] {
            [
                Value.Field("trial", .int(Int64(trial.number))),
                Value.Field(
                    "values",
                    .object(
                        zip(study.objectives, trial.values ?? []).map { Value.Field($0.metric, .float($1)) })),
                Value.Field(
                    "params", Value.object(sortedByKey: trial.params)),
            ]
        }
        let results: [Value.Field] = [
            Value.Field("study", .string(study.name)),
            Value.Field("exported_at", .string(Timestamp.iso8601(exportedAt))),
            Value.Field("exported_by", .string("hyperscope \(toolVersion)")),
            Value.Field("chosen", .object([Value.Field("by", .string(preferenceText))] + member(chosen))),
            Value.Field("front", .list(front.front.map { .object(member($0)) })),
            Value.Field("hypervolume", front.hypervolume.map(Value.float) ?? .null),
        ]
        fields.append(Value.Field("results", .object(results)))
        let comments = [
            "The Pareto front of \(study.name) (\(study.objectives.map { "\($0.goal == .maximize ? "max" : "min") \($0.metric)" }.joined(separator: ", "))), exported by hyperscope \(toolVersion).",
            "hyperscope search --config THIS_FILE re-runs trial \(chosen.number) (chosen by \(preferenceText)) \(repeats) times on every objective.",
            "The whole front, \(front.front.count) trials, is under results: front (search ignores results).",
        ]
        return YAMLWriter.document(.object(fields), comments: comments)
    }
}
