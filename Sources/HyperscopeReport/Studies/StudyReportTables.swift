import HyperscopeAnalysis
import HyperscopeCore

/// The parts of a ``StudyReport`` as lines and tables, shared by its text, Markdown and HTML renderings.
public enum StudyReportTables {
    /// The overview: what the study optimised, with what, where, and how its trials ended.
    public static func overviewLines(_ report: StudyReport) -> [String] {
        let study = report.study
        let aims = study.objectives.map { "\($0.goal == .maximize ? "maximise" : "minimise") \($0.metric)" }
        var lines = [
            (study.isMultiObjective ? "trade off: " : "") + aims.joined(separator: " and ")
                + " · strategy \(study.strategy)"
        ]
        var provenance: [String] = []
        if !study.toolVersion.isEmpty { provenance.append("hyperscope \(study.toolVersion)") }
        if let commit = study.gitCommit {
            provenance.append("commit \(commit.prefix(12))" + (study.gitDirty == true ? " (uncommitted changes)" : ""))
        }
        if !study.host.isEmpty { provenance.append("host \(study.host)") }
        if study.startedAt > 0 { provenance.append("started \(Timestamp.iso8601(study.startedAt))") }
        if !provenance.isEmpty { lines.append(provenance.joined(separator: " · ")) }
        var counts = "trials: " + report.stateCounts.map { "\($0.count) \($0.state.rawValue)" }.joined(separator: " · ")
        if report.trials.isEmpty { counts = "trials: none yet" }
        if let wall = report.wallSeconds { counts += " · wall time " + NumberFormatting.duration(wall) }
        lines.append(counts)
        if let front = report.paretoFront {
            lines.append(
                "Pareto front: \(front.front.count) of \(front.completed) completed feasible trials"
                    + (front.knee.map { ", knee trial \($0.number)" } ?? "")
                    + (front.hypervolume.map {
                        ", hypervolume \(NumberFormatting.metric($0)) (up to the worst values seen)"
                    } ?? ""))
        } else if let best = report.best {
            lines.append("best: trial \(best.number), \(study.metric) \(TrialRendering.valueText(best))")
            lines.append("      " + TrialRendering.paramsText(best.params, order: []))
        }
        lines += report.notes.map { "note: " + $0 }
        return lines
    }

    /// One row per branch: trials, completed, mean ± std, range, best trial and its configuration.
    public static func branchTable(_ branches: BranchPerformance) -> TextTable {
        var table = TextTable(columns: [
            TextTable.Column(branches.parameter), TextTable.Column("trials", alignment: .right),
            TextTable.Column("completed", alignment: .right),
            TextTable.Column("mean", alignment: .right),
            TextTable.Column(SampleSummary.standardDeviationLabel, alignment: .right),
            TextTable.Column("min", alignment: .right),
            TextTable.Column("max", alignment: .right), TextTable.Column("best trial", alignment: .right),
            TextTable.Column("best configuration"),
        ])
        for branch in branches.branches {
            let summary = branch.summary
            let best =
                branch.best.map {
                    TrialRendering.paramsText($0.params.filter { $0.key != branches.parameter }, order: [])
                } ?? ""
            table.rows.append([
                branch.value.displayText, "\(branch.trialCount)", "\(summary?.count ?? 0)",
                NumberFormatting.metric(summary?.mean),
                NumberFormatting.metric(summary?.standardDeviation), NumberFormatting.metric(summary?.minimum),
                NumberFormatting.metric(summary?.maximum),
                branch.best.map { "\($0.number)" } ?? "–", best,
            ])
        }
        return table
    }

    /// One row per parameter: its span among the top configurations against the explored span.
    public static func rangeTable(_ ranges: [OptimalRange]) -> TextTable {
        var table = TextTable(columns: [
            TextTable.Column("param"), TextTable.Column("top configurations"), TextTable.Column("explored"),
            TextTable.Column("covered", alignment: .right),
        ])
        for range in ranges {
            table.rows.append([
                range.key + (range.logarithmic ? " (log)" : ""),
                (range.top.map(spanText) ?? "(not in the top configurations)")
                    + (range.isConditional
                        ? " (top \(range.topCount) of the \(range.configurationCount) that set it)" : ""),
                spanText(range.explored),
                NumberFormatting.fixed(100 * range.coveredFraction, decimals: 0) + "%",
            ])
        }
        return table
    }

    /// `Optimal ranges (top 15 of 60 configurations)`, or with several objectives `Optimal ranges (the 12
    /// configurations on the Pareto front, of 60)`.
    static func optimalRangesTitle(_ report: StudyReport) -> String {
        let completed = report.trials.filter { $0.state == .completed && $0.value != nil }.count
        return "Optimal ranges (" + topText(report.optimalRanges[0].topCount, of: completed, report: report) + ")"
    }

    /// `Optimal ranges where sampler_type = min_p (top 2 of 6 configurations)`.
    public static func branchRangesTitle(_ branch: BranchRanges, report: StudyReport) -> String {
        let parameter = report.branches?.parameter ?? "branch"
        let top = branch.ranges.first.map { topText($0.topCount, of: $0.configurationCount, report: report) } ?? ""
        return "Optimal ranges where \(parameter) = \(branch.branch.displayText) (\(top))"
    }

    /// Which configurations the ranges are of: the top ones, or the Pareto front's.
    private static func topText(_ top: Int, of count: Int, report: StudyReport) -> String {
        report.paretoFront == nil
            ? "top \(top) of \(count) configurations" : "the \(top) on the Pareto front, of \(count) configurations"
    }

    /// A span as `0.001–0.03` or `adam ×3, sgd ×1`.
    public static func spanText(_ span: OptimalRange.Span) -> String {
        switch span {
        case .numeric(let low, let high):
            return low == high
                ? NumberFormatting.metric(low) : NumberFormatting.metric(low) + "–" + NumberFormatting.metric(high)
        case .values(let counts):
            let shown = counts.prefix(6).map { "\($0.value.displayText) ×\($0.count)" }
            return shown.joined(separator: ", ") + (counts.count > 6 ? ", … (\(counts.count) values)" : "")
        }
    }

    /// Several studies side by side: one column per study, one row per figure.
    public static func comparisonTable(_ reports: [StudyReport]) -> TextTable {
        var table = TextTable(
            columns: [TextTable.Column("")] + reports.map { TextTable.Column($0.study.name, alignment: .right) })
        func row(_ title: String, _ cell: (StudyReport) -> String) { table.rows.append([title] + reports.map(cell)) }
        row("metric") { "\($0.study.metric) \($0.study.goal == .maximize ? "↑" : "↓")" }
        row("strategy") { $0.study.strategy }
        row("trials") { "\($0.trials.count)" }
        row("completed") { report in "\(report.trials.filter { $0.state == .completed }.count)" }
        row("pruned / failed") { report in
            "\(report.trials.filter { $0.state == .pruned }.count) / \(report.trials.filter { $0.state == .failed }.count)"
        }
        row("best value") { NumberFormatting.metric($0.best?.value) }
        row("best 95% CI") { report in
            report.best?.valueSummary?.confidenceInterval95.map {
                NumberFormatting.metric($0.lowerBound) + "–" + NumberFormatting.metric($0.upperBound)
            } ?? "–"
        }
        row("best trial") { $0.best.map { "\($0.number)" } ?? "–" }
        row("top-quartile mean") { report in
            let ranked = report.trials.rankedPositions(goal: report.study.goal)
            let top = ranked.prefix(max(1, (ranked.count + 3) / 4)).compactMap { report.trials[$0].value }
            return NumberFormatting.metric(SampleSummary(top)?.mean)
        }
        row("most important") {
            $0.importance?.entries.first.map { "\($0.key) (\(NumberFormatting.fixed($0.fanova, decimals: 2)))" } ?? "–"
        }
        row("wall time") { $0.wallSeconds.map(NumberFormatting.duration) ?? "–" }
        return table
    }
}
