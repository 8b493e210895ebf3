import HyperscopeAnalysis
import HyperscopeCore

/// Renders a ``RunParetoFront``: a table, a line per front member that could be dominated within noise,
/// and the JSON of `hyperscope pareto` (``ParetoChartSVG`` draws it).
public enum ParetoRendering {
    /// One row per configuration shown (the front, or every one with `includingDominated`): its front
    /// number, its parameters, each objective's mean ± std (n), and whether it is the knee.
    public static func table(_ front: RunParetoFront, includingDominated: Bool = false) -> TextTable {
        let shown = includingDominated ? Array(front.configurations.indices) : front.front
        var columns = [TextTable.Column("front", alignment: .right)]
        columns += front.varying.map { TextTable.Column($0) }
        columns += front.objectives.map { objective in
            TextTable.Column("\(objective.metric) \(objective.goal == .maximize ? "↑" : "↓")", alignment: .right)
        }
        columns.append(TextTable.Column("note"))
        let rows = shown.map { index -> [String] in
            let configuration = front.configurations[index]
            var row = [String(configuration.rank + 1)]
            row += front.varying.map { configuration.params[$0]??.displayText ?? "–" }
            row += configuration.summaries.map { summary in
                NumberFormatting.metric(summary.mean)
                    + (summary.standardDeviation.map { " ± " + NumberFormatting.metric($0) } ?? "")
                    + " (\(summary.count))"
            }
            row.append(note(front, index))
            return row
        }
        return TextTable(columns: columns, rows: rows)
    }

    /// The lines under the table: the objectives, the hypervolume, and what was left out.
    public static func footer(_ front: RunParetoFront) -> String {
        var lines = [
            "\(front.front.count) of \(front.configurations.count) configurations on the Pareto front of "
                + front.objectives.map { "\($0.metric) at \($0.point) (\($0.goal == .maximize ? "max" : "min"))" }
                .joined(separator: ", ")
                + "; each configuration by its mean over its runs (mean ± std (n))"
        ]
        if let volume = front.hypervolume {
            lines.append(
                "hypervolume \(NumberFormatting.metric(volume)), up to the worst mean of each objective")
        }
        lines.append(
            "within noise: another front member is better, or worse by less than 1.96 standard errors of the "
                + "difference, on every objective (not judged with one run on either side)")
        lines += front.leftOut.prefix(10).map { "left out: " + $0 }
        if front.leftOut.count > 10 { lines.append("left out: … and \(front.leftOut.count - 10) more") }
        return "\n" + lines.map(\.escapingControlCharacters).joined(separator: "\n") + "\n"
    }

    /// `knee`, and which front members could dominate this one within noise.
    private static func note(_ front: RunParetoFront, _ index: Int) -> String {
        var parts: [String] = []
        if front.knee == index { parts.append("knee") }
        let others = front.configurations[index].withinNoiseOf
        if !others.isEmpty {
            parts.append(
                "within noise of being dominated by "
                    + others.map { other in
                        front.varying.map { "\($0)=\(front.configurations[other].params[$0]??.displayText ?? "–")" }
                            .joined(separator: " ")
                    }.joined(separator: "; "))
        }
        return parts.joined(separator: "; ")
    }

    /// The JSON: `objectives` (`metric`, `at`, `goal`), `varying`, `configurations` (each with `params`,
    /// `front` (1 for the Pareto front), `knee`, `values` (per metric `mean`, `std`, `n`, `ci95`) and
    /// `within_noise_of` (positions in this list)), `hypervolume` and `left_out`.
    public static func json(_ front: RunParetoFront, includingDominated: Bool = false) -> Value {
        let shown = includingDominated ? Array(front.configurations.indices) : front.front
        let position = Dictionary(uniqueKeysWithValues: shown.enumerated().map { ($1, $0) })
        let configurations = shown.map { index -> Value in
            let configuration = front.configurations[index]
            return .object([
                Value.Field(
                    "params",
                    .object(front.varying.map { Value.Field($0, (configuration.params[$0] ?? nil) ?? .null) })),
                Value.Field("front", .int(Int64(configuration.rank + 1))),
                Value.Field("knee", .bool(front.knee == index)),
                Value.Field(
                    "values",
                    .object(
                        zip(front.objectives, configuration.summaries).map { objective, summary in
                            Value.Field(
                                objective.metric.description,
                                .object([
                                    Value.Field("mean", .float(summary.mean)),
                                    Value.Field("std", summary.standardDeviation.map(Value.float) ?? .null),
                                    Value.Field("n", .int(Int64(summary.count))),
                                    Value.Field(
                                        "ci95",
                                        summary.confidenceInterval95.map {
                                            .list([.float($0.lowerBound), .float($0.upperBound)])
                                        } ?? .null),
                                ]))
                        })),
                Value.Field(
                    "within_noise_of",
                    .list(configuration.withinNoiseOf.compactMap { position[$0] }.map { .int(Int64($0)) })),
            ])
        }
        return .object([
            Value.Field(
                "objectives",
                .list(
                    front.objectives.map { objective in
                        .object([
                            Value.Field("metric", .string(objective.metric.description)),
                            Value.Field("at", .string(objective.point.description)),
                            Value.Field("goal", .string(objective.goal == .maximize ? "max" : "min")),
                        ])
                    })),
            Value.Field("varying", .list(front.varying.map(Value.string))),
            Value.Field("configurations", .list(configurations)),
            Value.Field("hypervolume", front.hypervolume.map(Value.float) ?? .null),
            Value.Field("left_out", .list(front.leftOut.map(Value.string))),
        ])
    }
}
