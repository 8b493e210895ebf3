import HyperscopeAnalysis
import HyperscopeCore

/// Renders ``GroupComparison``s: a table, verdict lines, and the JSON of `hyperscope compare`.
public enum ComparisonRendering {
    /// One row per comparison: sides with n and mean ± std, the difference and its CI, Welch, Mann–Whitney,
    /// Hedges' g, the paired test, Holm's p and the seeds needed for 80% power.
    public static func table(_ comparisons: [GroupComparison]) -> TextTable {
        TextTable(columns: columns, rows: comparisons.map(row))
    }

    /// The table of comparisons on several metrics: one row per pair and metric, the metric first.
    public static func table(_ family: [MultiMetricComparison]) -> TextTable {
        let rows = family.flatMap { pair in
            pair.entries.map { entry in [entry.selection.metric.description] + row(entry.comparison) }
        }
        return TextTable(columns: [TextTable.Column("metric")] + columns, rows: rows)
    }

    private static let columns = [
        TextTable.Column("A"), TextTable.Column("B"), TextTable.Column("n A/B", alignment: .right),
        TextTable.Column("mean A ± std", alignment: .right), TextTable.Column("mean B ± std", alignment: .right),
        TextTable.Column("diff", alignment: .right), TextTable.Column("95% CI (bootstrap)", alignment: .right),
        TextTable.Column("Welch p", alignment: .right), TextTable.Column("MWU p", alignment: .right),
        TextTable.Column("paired p", alignment: .right), TextTable.Column("Holm p", alignment: .right),
        TextTable.Column("g", alignment: .right), TextTable.Column("seeds for 80%", alignment: .right),
    ]

    private static func row(_ comparison: GroupComparison) -> [String] {
        [
            comparison.a.label, comparison.b.label,
            "\(comparison.summaryA?.count ?? 0)/\(comparison.summaryB?.count ?? 0)",
            meanAndSpread(comparison.summaryA), meanAndSpread(comparison.summaryB),
            NumberFormatting.metric(comparison.difference),
            comparison.differenceInterval95.map {
                "[\(NumberFormatting.metric($0.lowerBound)), \(NumberFormatting.metric($0.upperBound))]"
            } ?? "–",
            (try? comparison.welch.get().p).map(NumberFormatting.pValue) ?? "–",
            (try? comparison.mannWhitney.get().p).map(NumberFormatting.pValue) ?? "–",
            (try? comparison.paired.get().p).map(NumberFormatting.pValue) ?? "–",
            comparison.holmP.map(NumberFormatting.pValue) ?? "–",
            (try? comparison.hedgesG.get()).map { NumberFormatting.metric($0, digits: 3) } ?? "–",
            comparison.seedsFor80PercentPower.map(String.init)
                ?? ((try? comparison.hedgesG.get()).map { $0 == 0 ? "–" : "> 100000" } ?? "–"),
        ]
    }

    /// `A vs B: verdict` lines.
    public static func verdicts(_ comparisons: [GroupComparison]) -> String {
        comparisons.map { "\($0.a.label) vs \($0.b.label): \($0.verdict)".escapingControlCharacters }.joined(
            separator: "\n") + "\n"
    }

    /// Per pair, one `A vs B on METRIC: verdict` line per metric, then `A vs B: summary`, the trade-off
    /// in words.
    public static func verdicts(_ family: [MultiMetricComparison]) -> String {
        family.map { pair in
            let lines = pair.entries.map { entry in
                "\(pair.labelA) vs \(pair.labelB) on \(entry.selection.metric): \(entry.comparison.verdict)"
            }
            return (lines + ["\(pair.labelA) vs \(pair.labelB): \(pair.summary)"]).map(\.escapingControlCharacters)
                .joined(separator: "\n")
        }.joined(separator: "\n\n") + "\n"
    }

    /// The JSON of comparisons on several metrics: `metrics` (`metric`, `at`, `goal`), `comparisons` (as
    /// ``json(_:)-([GroupComparison])`` with `metric` added to each, Holm over all of them) and
    /// `trade_offs`, one per pair: `a`, `b`, `trades_off`, `leaders` (metric → `a`, `b` or `neither`),
    /// `significant` (the metrics whose adjusted p is below 0.05) and `summary`.
    public static func json(_ family: [MultiMetricComparison]) -> Value {
        let metrics =
            family.first?.entries.map { entry in
                Value.object([
                    Value.Field("metric", .string(entry.selection.metric.description)),
                    Value.Field("at", .string(entry.selection.point.description)),
                    Value.Field("goal", .string(entry.selection.goal == .maximize ? "max" : "min")),
                ])
            } ?? []
        let comparisons = family.flatMap { pair in
            pair.entries.map { entry -> Value in
                guard case .object(let fields) = json(entry.comparison) else { return .null }
                return .object([Value.Field("metric", .string(entry.selection.metric.description))] + fields)
            }
        }
        let tradeOffs = family.map { pair in
            Value.object([
                Value.Field("a", .string(pair.labelA)), Value.Field("b", .string(pair.labelB)),
                Value.Field("trades_off", .bool(pair.tradesOff)),
                Value.Field(
                    "leaders",
                    .object(
                        pair.entries.map {
                            Value.Field(
                                $0.selection.metric.description, .string(MultiMetricComparison.leader(of: $0).rawValue))
                        })),
                Value.Field(
                    "significant",
                    .list(
                        pair.entries.filter(MultiMetricComparison.isSignificant).map {
                            .string($0.selection.metric.description)
                        })),
                Value.Field("summary", .string(pair.summary)),
            ])
        }
        return .object([
            Value.Field("metrics", .list(metrics)), Value.Field("comparisons", .list(comparisons)),
            Value.Field("trade_offs", .list(tradeOffs)),
        ])
    }

    /// The JSON list of comparisons with keys `a`, `b` (`label`, `n`, `mean`, `std`), `diff`, `diff_ci95`,
    /// `welch` (`t`, `df`, `p`), `mann_whitney` (`u`, `p`, `method`), `hedges_g`, `paired` (`t`, `df`, `p`, `n`,
    /// or null), `p_holm` (the deciding test's p, Holm-adjusted), `decided_by`, `verdict`,
    /// `seeds_for_80pct_power`; a statistic that does not apply is null, with the reason under `notes`
    /// (a null `paired` always has one).
    public static func json(_ comparisons: [GroupComparison]) -> Value {
        .list(comparisons.map(json))
    }

    private static func json(_ comparison: GroupComparison) -> Value {
        var notes: [Value] = []
        func side(_ side: ComparisonSide, _ summary: SampleSummary?) -> Value {
            .object([
                Value.Field("label", .string(side.label)),
                Value.Field("n", .int(Int64(summary?.count ?? 0))),
                Value.Field("mean", summary.map { .float($0.mean) } ?? .null),
                Value.Field("std", summary?.standardDeviation.map(Value.float) ?? .null),
            ])
        }
        func test(_ result: Result<TTestResult, NotComputable>?, pairs: Int? = nil) -> Value {
            switch result {
            case .success(let test)?:
                var fields = [
                    Value.Field("t", .float(test.t)), Value.Field("df", .float(test.degreesOfFreedom)),
                    Value.Field("p", .float(test.p)),
                ]
                if let pairs { fields.append(Value.Field("n", .int(Int64(pairs)))) }
                return .object(fields)
            case .failure(let why)?:
                notes.append(.string(why.reason))
                return .null
            case nil:
                return .null
            }
        }
        let welch = test(comparison.welch)
        let paired = test(comparison.paired, pairs: comparison.pairedCount)
        let mannWhitney: Value
        switch comparison.mannWhitney {
        case .success(let result):
            mannWhitney = .object([
                Value.Field("u", .float(result.u)), Value.Field("p", .float(result.p)),
                Value.Field("method", .string(result.method.rawValue)),
            ])
        case .failure(let why):
            notes.append(.string(why.reason))
            mannWhitney = .null
        }
        let hedges: Value
        switch comparison.hedgesG {
        case .success(let g): hedges = .float(g)
        case .failure(let why):
            notes.append(.string(why.reason))
            hedges = .null
        }
        return .object([
            Value.Field("a", side(comparison.a, comparison.summaryA)),
            Value.Field("b", side(comparison.b, comparison.summaryB)),
            Value.Field("diff", comparison.difference.map(Value.float) ?? .null),
            Value.Field(
                "diff_ci95",
                comparison.differenceInterval95.map { .list([.float($0.lowerBound), .float($0.upperBound)]) } ?? .null),
            Value.Field("welch", welch),
            Value.Field("mann_whitney", mannWhitney),
            Value.Field("hedges_g", hedges),
            Value.Field("paired", paired),
            Value.Field("p_holm", comparison.holmP.map(Value.float) ?? .null),
            Value.Field("decided_by", comparison.decisiveTest.map { .string($0.name) } ?? .null),
            Value.Field("verdict", .string(comparison.verdict)),
            Value.Field("seeds_for_80pct_power", comparison.seedsFor80PercentPower.map { .int(Int64($0)) } ?? .null),
            Value.Field("notes", .list(notes)),
        ])
    }

    private static func meanAndSpread(_ summary: SampleSummary?) -> String {
        guard let summary else { return "–" }
        return NumberFormatting.metric(summary.mean)
            + (summary.standardDeviation.map { " ± " + NumberFormatting.metric($0) } ?? "")
    }
}
