import HyperscopeAnalysis
import HyperscopeCore

/// Renders an ``InsightReport``: category blocks for a terminal, a flat CSV table, and the JSON of
/// DESIGN.md's `GET /api/experiments/hyperparameter-analysis/`.
public enum InsightRendering {
    /// The metric's name made identifier-safe for JSON keys (`val/acc` → `val_acc`), or the alias.
    public static func metricIdentifier(_ selection: MetricSelection, alias: String?) -> String {
        if let alias, !alias.isEmpty { return alias }
        let text = selection.metric.description.map { $0.isLetter || $0.isNumber ? $0 : "_" }
        return String(text).split(separator: "_").joined(separator: "_").lowercased()
    }

    /// `{"success": true, "analysis": {"<category>": [{"param", "field", "values": [{"value", "raw_value",
    /// "tpe_score", "avg_<metric>", "best_<metric>", "count", "good_count", "confidence"}]}], "feature_details",
    /// "good_threshold", "total_experiments", "good_experiments"}}`.
    public static func json(
        _ report: InsightReport, names: DisplayNames = DisplayNames(), alias: String? = nil
    ) -> Value {
        let metric = metricIdentifier(report.selection, alias: alias)
        var categories: [String] = []
        var byCategory: [String: [Value]] = [:]
        var featureDetails: [Value.Field] = []
        for parameter in report.parameters {
            if byCategory[parameter.category] == nil { categories.append(parameter.category) }
            let values = parameter.values.map { value in
                Value.object([
                    Value.Field("value", .string(displayLabel(value, key: parameter.key, names: names))),
                    Value.Field("raw_value", value.rawValue ?? .null),
                    Value.Field("tpe_score", .float(value.score)),
                    Value.Field("avg_\(metric)", .float(value.meanObjective)),
                    Value.Field("best_\(metric)", .float(value.bestObjective)),
                    Value.Field("count", .int(Int64(value.count))),
                    Value.Field("good_count", .int(Int64(value.goodCount))),
                    Value.Field("confidence", .string(value.confidence.rawValue)),
                ])
            }
            byCategory[parameter.category, default: []].append(
                .object([
                    Value.Field("param", .string(names.name(of: parameter.key))),
                    Value.Field("field", .string(parameter.key)),
                    Value.Field("aliases", .list(parameter.aliases.map(Value.string))),
                    Value.Field("values", .list(values)),
                ]))
            if parameter.exploded {
                featureDetails.append(
                    Value.Field(
                        parameter.key,
                        .list(
                            parameter.values.map { value in
                                .object([
                                    Value.Field("item", value.rawValue ?? .null),
                                    Value.Field("label", .string(value.label)),
                                    Value.Field("count", .int(Int64(value.count))),
                                ])
                            })))
            }
        }
        var analysis = categories.map { Value.Field($0, .list(byCategory[$0]!)) }
        analysis += [
            Value.Field("feature_details", .object(featureDetails)),
            Value.Field("good_threshold", .float(report.goodThreshold)),
            Value.Field("total_experiments", .int(Int64(report.totalRuns))),
            Value.Field("good_experiments", .int(Int64(report.goodRuns))),
            Value.Field("metric", .string(report.selection.metric.description)),
            Value.Field("goal", .string(report.selection.goal.rawValue)),
        ]
        return .object([Value.Field("success", .bool(true)), Value.Field("analysis", .object(analysis))])
    }

    /// Category blocks: each parameter's values as `value  score(n)` rows, best first; low-confidence
    /// values marked with `•` and dimmed.
    public static func text(
        _ report: InsightReport, names: DisplayNames = DisplayNames(), style: TerminalStyle = .plain
    ) -> String {
        var bytes: [UInt8] = []
        writeText(report, names: names, style: style) { bytes += $0 }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// The text of ``text(_:names:style:)`` handed to `sink` a parameter's block at a time, so that
    /// hundreds of thousands of exact values' lines are written out without joining them.
    package static func writeText(
        _ report: InsightReport, names: DisplayNames = DisplayNames(), style: TerminalStyle = .plain,
        to sink: TextSink
    ) rethrows {
        let direction = report.selection.goal == .maximize ? "≥" : "≤"
        var header = "\(report.goodRuns) of \(report.totalRuns) runs are good: \(report.selection.metric) \(direction) "
        header +=
            NumberFormatting.metric(report.goodThreshold)
            + " (score = good/bad ratio, Laplace-smoothed; • = fewer than 3 runs)\n"
        try header.write(to: sink)
        // Each parameter's block on every core: with exact values there are hundreds of thousands of lines.
        let blocks = report.parameters.concurrentMap { blockBytes($0, names: names, style: style) }
        var currentCategory: String?
        for (parameter, block) in zip(report.parameters, blocks) {
            if parameter.category != currentCategory {
                currentCategory = parameter.category
                try ("\n" + style.bold(parameter.category.uppercased()) + "\n").write(to: sink)
            }
            try block.write(to: sink)
        }
    }

    /// One parameter's values as `value  score(n)` rows under its name, written as bytes and made
    /// text once.
    public static func block(
        _ parameter: ParameterInsight, names: DisplayNames = DisplayNames(), style: TerminalStyle = .plain
    ) -> String {
        String(decoding: blockBytes(parameter, names: names, style: style), as: UTF8.self)
    }

    /// ``block(_:names:style:)``'s text as UTF-8 bytes.
    static func blockBytes(_ parameter: ParameterInsight, names: DisplayNames, style: TerminalStyle) -> [UInt8] {
        let title =
            "  " + style.bold(names.name(of: parameter.key) + parameter.aliasSuffix)
            + (parameter.exploded ? style.dim(" (items)") : "") + "\n"
        let labels = readableLabels(parameter, names: names)
        let widths = labels.map(\.terminalWidth)
        let width = widths.max() ?? 0
        let dim = style.dimEscapes
        var output = Array(title.utf8)
        output.reserveCapacity(output.count + parameter.values.count * (width + 48))
        for ((value, label), shown) in zip(zip(parameter.values, labels), widths) {
            let low = value.confidence == .low
            if low { output += dim.start.utf8 }
            output += (low ? "    • " : "      ").utf8
            output += label.utf8
            output.append(contentsOf: repeatElement(UInt8(ascii: " "), count: width - shown + 2))
            NumberFormatting.appendFixed(value.score, decimals: 2, to: &output)
            output += "(".utf8
            NumberFormatting.appendInteger(Int64(value.count), to: &output)
            output += ")  mean ".utf8
            NumberFormatting.appendMetric(value.meanObjective, to: &output)
            output += ", best ".utf8
            NumberFormatting.appendMetric(value.bestObjective, to: &output)
            if low { output += dim.end.utf8 }
            output.append(UInt8(ascii: "\n"))
        }
        return output
    }

    /// The trend table: for each parameter and step, the best-scored value and its score.
    public static func trendTable(_ trends: [InsightTrend], names: DisplayNames = DisplayNames()) -> TextTable {
        TextTable(
            columns: [
                TextTable.Column("param"), TextTable.Column("through run", alignment: .right),
                TextTable.Column("runs", alignment: .right),
                TextTable.Column("best value"), TextTable.Column("score", alignment: .right),
                TextTable.Column("n", alignment: .right),
            ],
            rows: trends.flatMap { trend in
                trend.steps.map { step in
                    [
                        names.name(of: trend.key), String(step.throughRun), String(step.runsConsidered), step.bestValue,
                        NumberFormatting.fixed(step.score, decimals: 2), String(step.count),
                    ]
                }
            })
    }

    /// `[{"param", "steps": [{"through_run", "runs", "best_value", "score", "count"}], "stable_from"}]`.
    public static func trendJSON(_ trends: [InsightTrend]) -> Value {
        .list(
            trends.map { trend in
                .object([
                    Value.Field("param", .string(trend.key)),
                    Value.Field(
                        "steps",
                        .list(
                            trend.steps.map { step in
                                .object([
                                    Value.Field("through_run", .int(Int64(step.throughRun))),
                                    Value.Field("runs", .int(Int64(step.runsConsidered))),
                                    Value.Field("best_value", .string(step.bestValue)),
                                    Value.Field("score", .float(step.score)),
                                    Value.Field("count", .int(Int64(step.count))),
                                ])
                            })),
                    Value.Field("stable_from", trend.stableFrom.map { .int(Int64($0)) } ?? .null),
                ])
            })
    }

    /// One row per parameter value: category, parameter, value, score, count, good count, mean, best, confidence.
    public static func table(_ report: InsightReport, names: DisplayNames = DisplayNames()) -> TextTable {
        TextTable(
            columns: [
                "category", "param", "field", "value", "tpe_score", "count", "good_count", "mean", "best", "confidence",
            ].map { TextTable.Column($0) },
            rows: report.parameters.flatMap { parameter in
                parameter.values.map { value in
                    [
                        parameter.category, names.name(of: parameter.key), parameter.key,
                        displayLabel(value, key: parameter.key, names: names),
                        "\(value.score)", String(value.count), String(value.goodCount), "\(value.meanObjective)",
                        "\(value.bestObjective)",
                        value.confidence.rawValue,
                    ]
                }
            })
    }

    /// The labels people read, one per value: a configured display name, else exact values as
    /// floats to four significant digits (more where two would read alike), else the label (a bin,
    /// an item, "not set").
    static func readableLabels(_ parameter: ParameterInsight, names: DisplayNames) -> [String] {
        // Only exact values (labelled with their own text) are shortened: a bin's lower edge or a
        // list item keeps its label. A float's text is made once per value: 100,000 of them cost.
        let exact = parameter.values.map { value in
            value.rawValue.map { parameter.labelsAreValues || value.label == $0.displayText } ?? false
        }
        // Finding the digits writes each float at them: those are its labels.
        let shortTexts = Value.shortTexts(parameter.values.map { $0.rawValue ?? .null }, counted: exact).texts
        let named = names.values[parameter.key] != nil || names.values["*"] != nil
        return zip(parameter.values, exact).enumerated().map { position, pair in
            let (value, isExact) = pair
            guard let raw = value.rawValue else { return value.label }
            if named {
                let renamed = names.value(raw, of: parameter.key)
                if renamed != (isExact ? value.label : raw.displayText) { return renamed }
            }
            return isExact ? shortTexts[position] : value.label
        }
    }

    private static func displayLabel(_ value: ValueInsight, key: String, names: DisplayNames) -> String {
        guard let raw = value.rawValue else { return value.label }
        let renamed = names.value(raw, of: key)
        return renamed == raw.displayText ? value.label : renamed
    }
}
