import HyperscopeAnalysis
import HyperscopeCore

/// Renders a ``StudyReport`` for a terminal, as Markdown and as JSON.
public enum StudyReportRendering {
    /// The report for a terminal: overview, branches, importance, optimal ranges, recommendations.
    public static func text(_ report: StudyReport, style: TerminalStyle = .plain) -> String {
        var output = style.bold("STUDY \(report.study.name)") + "\n"
        output += StudyReportTables.overviewLines(report).map { "  " + $0 }.joined(separator: "\n") + "\n"
        for (title, table) in tables(report) {
            output += "\n" + style.bold(title.uppercased()) + "\n" + table.renderText(style: style)
        }
        if let why = report.importanceUnavailable {
            output += "\n" + style.bold("IMPORTANCE") + "\n  " + style.dim(why) + "\n"
        }
        if !report.recommendations.isEmpty {
            output += "\n" + style.bold("RECOMMENDATIONS") + "\n"
            output += report.recommendations.map { "  • " + $0.text }.joined(separator: "\n") + "\n"
        }
        return output
    }

    /// The report as Markdown: a heading per part, tables as pipe tables.
    public static func markdown(_ report: StudyReport) -> String {
        var output =
            "# Study \(report.study.name)\n\n"
            + StudyReportTables.overviewLines(report).map { "- " + $0.trimmingLeadingSpaces() }.joined(separator: "\n")
            + "\n"
        for (title, table) in tables(report) {
            output += "\n## \(title)\n\n" + table.renderMarkdown()
        }
        if let why = report.importanceUnavailable { output += "\n## Importance\n\n\(why)\n" }
        if !report.recommendations.isEmpty {
            output +=
                "\n## Recommendations\n\n" + report.recommendations.map { "- " + $0.text }.joined(separator: "\n")
                + "\n"
        }
        return output
    }

    /// Several studies side by side, for a terminal or as Markdown.
    public static func comparison(_ reports: [StudyReport], markdown: Bool, style: TerminalStyle = .plain) -> String {
        let table = StudyReportTables.comparisonTable(reports)
        var output = markdown ? "# Studies compared\n\n" + table.renderMarkdown() : table.renderText(style: style)
        for report in reports {
            guard let best = report.best else { continue }
            let line =
                "\(report.study.name): best trial \(best.number) · " + TrialRendering.paramsText(best.params, order: [])
            output += markdown ? "\n- " + line : "\n  " + line
        }
        return output + "\n"
    }

    private static func tables(_ report: StudyReport) -> [(String, TextTable)] {
        var parts: [(String, TextTable)] = []
        if let front = report.paretoFront {
            parts.append(
                (
                    "Pareto front",
                    ParetoTrialRendering.frontTable(
                        front, objectives: report.study.objectives, parameterOrder: report.parameterOrder)
                ))
        }
        if let branches = report.branches {
            parts.append(("Branches (\(branches.parameter))", StudyReportTables.branchTable(branches)))
        }
        if report.objectiveImportances.count > 1 {
            parts.append(
                (
                    "Importance for each objective",
                    ImportanceRendering.objectivesTable(report.objectiveImportances, order: report.parameterOrder)
                ))
        } else if let importance = report.importance {
            parts.append(("Importance", ImportanceRendering.table(importance)))
        }
        if !report.optimalRanges.isEmpty {
            parts.append(
                (StudyReportTables.optimalRangesTitle(report), StudyReportTables.rangeTable(report.optimalRanges)))
        }
        for branch in report.branchRanges {
            parts.append(
                (
                    StudyReportTables.branchRangesTitle(branch, report: report),
                    StudyReportTables.rangeTable(branch.ranges)
                ))
        }
        // With several objectives the front above is the answer; the best by the first would mislead.
        if report.paretoFront == nil {
            parts.append(
                (
                    "Best trials",
                    TrialRendering.table(
                        report.trials, goal: report.study.goal, metric: report.study.metric,
                        parameterOrder: report.parameterOrder)
                ))
        }
        return parts
    }

    /// `{"study", "overview", "notes", "branches", "importance", "optimal_ranges", "branch_optimal_ranges",
    /// "recommendations", "trials"}`, and for several objectives `"objectives"`, `"pareto_front"` and `"importance_by_objective"`
    /// (`trials` with `number`, `values`, `confidence_intervals_95` when repeated, `params`; `knee`; `hypervolume`);
    /// without `"trials"` when `includingTrials` is false (the dashboard pages them itself).
    public static func json(_ report: StudyReport, includingTrials: Bool = true) -> Value {
        let study = report.study
        let overview = Value.object([
            Value.Field("metric", .string(study.metric)),
            Value.Field("goal", .string(study.goal.rawValue)),
            Value.Field("strategy", .string(study.strategy)),
            Value.Field("tool_version", study.toolVersion.isEmpty ? .null : .string(study.toolVersion)),
            Value.Field("host", study.host.isEmpty ? .null : .string(study.host)),
            Value.Field("git_commit", study.gitCommit.map(Value.string) ?? .null),
            Value.Field("git_dirty", study.gitDirty.map(Value.bool) ?? .null),
            Value.Field("started_at", study.startedAt > 0 ? .float(study.startedAt) : .null),
            Value.Field("wall_seconds", report.wallSeconds.map(Value.float) ?? .null),
            Value.Field(
                "trials", .object(report.stateCounts.map { Value.Field($0.state.rawValue, .int(Int64($0.count))) })),
            Value.Field("best", report.best.map(trialJSON) ?? .null),
        ])
        var fields = [
            Value.Field("study", .string(study.name)), Value.Field("overview", overview),
            Value.Field("notes", .list(report.notes.map(Value.string))),
        ]
        if report.objectiveImportances.count > 1 {
            fields.append(
                Value.Field(
                    "importance_by_objective", .list(report.objectiveImportances.map { ImportanceRendering.json($0) })))
        }
        if let front = report.paretoFront {
            fields.append(Value.Field("objectives", StudyObjective.value(of: study.objectives)))
            fields.append(
                Value.Field(
                    "pareto_front",
                    .object([
                        Value.Field(
                            "trials",
                            .list(
                                front.front.map { trial in
                                    .object([
                                        Value.Field("number", .int(Int64(trial.number))),
                                        Value.Field("values", .list((trial.values ?? []).map(Value.float))),
                                        Value.Field(
                                            "confidence_intervals_95",
                                            .list(
                                                (trial.valueSummaries ?? []).map { summary in
                                                    summary.confidenceInterval95.map {
                                                        .list([.float($0.lowerBound), .float($0.upperBound)])
                                                    } ?? .null
                                                })),
                                        Value.Field(
                                            "params",
                                            .object(
                                                trial.params.sorted { $0.key < $1.key }.map {
                                                    Value.Field($0.key, $0.value)
                                                })),
                                    ])
                                })),
                        Value.Field("knee", front.knee.map { .int(Int64($0.number)) } ?? .null),
                        Value.Field("hypervolume", front.hypervolume.map(Value.float) ?? .null),
                    ])))
        }
        fields.append(Value.Field("branches", report.branches.map(branchesJSON) ?? .null))
        fields.append(Value.Field("importance", report.importance.map { ImportanceRendering.json($0) } ?? .null))
        fields.append(Value.Field("importance_unavailable", report.importanceUnavailable.map(Value.string) ?? .null))
        fields.append(Value.Field("optimal_ranges", .list(report.optimalRanges.map(rangeJSON))))
        fields.append(
            Value.Field(
                "branch_optimal_ranges",
                .list(
                    report.branchRanges.map { branch in
                        .object([
                            Value.Field("branch", branch.branch),
                            Value.Field("ranges", .list(branch.ranges.map(rangeJSON))),
                        ])
                    })))
        fields.append(
            Value.Field(
                "recommendations",
                .list(
                    report.recommendations.map { recommendation in
                        .object([
                            Value.Field("kind", .string(recommendation.kind.rawValue)),
                            Value.Field("text", .string(recommendation.text)),
                        ])
                    })))
        if includingTrials { fields.append(Value.Field("trials", .list(report.trials.map(trialJSON)))) }
        return .object(fields)
    }

    /// A trial as JSON: number, state, value with its spread, parameters, times, message.
    public static func trialJSON(_ trial: Trial) -> Value {
        .object([
            Value.Field("number", .int(Int64(trial.number))),
            Value.Field("state", .string(trial.state.rawValue)),
            Value.Field("value", trial.value.map(Value.float) ?? .null),
            Value.Field("std", trial.valueSummary?.standardDeviation.map(Value.float) ?? .null),
            Value.Field("n", .int(Int64(trial.valueSummary?.count ?? (trial.value == nil ? 0 : 1)))),
            Value.Field(
                "ci95",
                trial.valueSummary?.confidenceInterval95.map { .list([.float($0.lowerBound), .float($0.upperBound)]) }
                    ?? .null),
            Value.Field(
                "params", Value.object(sortedByKey: trial.params)),
            Value.Field("started_at", trial.startedAt > 0 ? .float(trial.startedAt) : .null),
            Value.Field("duration_seconds", trial.durationSeconds.map(Value.float) ?? .null),
            Value.Field("message", trial.message.map(Value.string) ?? .null),
        ])
    }

    private static func branchesJSON(_ branches: BranchPerformance) -> Value {
        .object([
            Value.Field("parameter", .string(branches.parameter)),
            Value.Field("conditional_parameters", .list(branches.conditionalParameters.map(Value.string))),
            Value.Field(
                "branches",
                .list(
                    branches.branches.map { branch in
                        .object([
                            Value.Field("value", branch.value),
                            Value.Field("trials", .int(Int64(branch.trialCount))),
                            Value.Field("completed", .int(Int64(branch.summary?.count ?? 0))),
                            Value.Field("mean", branch.summary.map { .float($0.mean) } ?? .null),
                            Value.Field("std", branch.summary?.standardDeviation.map(Value.float) ?? .null),
                            Value.Field("min", branch.summary.map { .float($0.minimum) } ?? .null),
                            Value.Field("max", branch.summary.map { .float($0.maximum) } ?? .null),
                            Value.Field("best", branch.best.map(trialJSON) ?? .null),
                        ])
                    })),
        ])
    }

    private static func rangeJSON(_ range: OptimalRange) -> Value {
        func span(_ span: OptimalRange.Span?) -> Value {
            switch span {
            case nil: return .null
            case .numeric(let low, let high)?:
                return .object([Value.Field("low", .float(low)), Value.Field("high", .float(high))])
            case .values(let counts)?:
                return .object([
                    Value.Field(
                        "values",
                        .list(
                            counts.map {
                                .object([Value.Field("value", $0.value), Value.Field("count", .int(Int64($0.count)))])
                            }))
                ])
            }
        }
        return .object([
            Value.Field("param", .string(range.key)), Value.Field("top", span(range.top)),
            Value.Field("explored", span(range.explored)),
            Value.Field("log_scale", .bool(range.logarithmic)),
            Value.Field("covered_fraction", .float(range.coveredFraction)),
            Value.Field("top_count", .int(Int64(range.topCount))),
            Value.Field("configurations_setting_it", .int(Int64(range.configurationCount))),
            Value.Field("conditional", .bool(range.isConditional)),
        ])
    }
}

extension String {
    /// The string without its leading spaces.
    func trimmingLeadingSpaces() -> String {
        String(drop { $0 == " " })
    }
}
