import HyperscopeAnalysis
import HyperscopeCore

/// A study as HTML: the self-contained report file of `hyperscope report --format html`, and the
/// sections the dashboard's study page shows. Plots are inline SVG; nothing runs or loads from elsewhere.
public enum StudyHTML {
    /// The whole report as one HTML document.
    ///
    /// - Parameter bestTrialRuns: The runs of the best trial; the calibration of the predictions they
    ///   named (reliability diagram, bins, triage) follows the report's sections.
    public static func document(_ report: StudyReport, generatedAt: Double, bestTrialRuns: [Run] = []) -> String {
        var body =
            "<p class=\"muted\">Generated \(Timestamp.iso8601(generatedAt)) by hyperscope report.</p>\n"
            + sections(report, trialLink: nil)
        let best = report.trials.best(goal: report.study.goal).map { " (trial \($0.number))" } ?? ""
        for (index, run) in bestTrialRuns.enumerated() {
            for (artifact, calibration) in RunCalibration.stored(in: run) {
                let repeatLabel = bestTrialRuns.count > 1 ? ", repeat \(index)" : ""
                body += HTMLPage.section(
                    "Calibration of the best trial\(best)\(repeatLabel), \(calibration.split)",
                    "<p class=\"muted\">From \(Markup.escape(artifact.path)).</p>\n" + CalibrationHTML.body(calibration)
                )
            }
        }
        return HTMLPage.document(title: "Study \(report.study.name)", body: body)
    }

    /// Several studies side by side: the comparison table, then each study's history.
    public static func comparisonDocument(_ reports: [StudyReport], generatedAt: Double) -> String {
        var body =
            "<p class=\"muted\">Generated \(Timestamp.iso8601(generatedAt)) by hyperscope report --compare.</p>\n"
        body += HTMLPage.section(
            "Side by side", id: "comparison", HTMLTable.render(StudyReportTables.comparisonTable(reports)))
        for report in reports {
            var content = HTMLPage.list(StudyReportTables.overviewLines(report))
            let history = OptimizationHistory(trials: report.trials, goal: report.study.goal)
            if !history.points.isEmpty {
                content += HTMLPage.figure(StudyChartSVG.history(history, metric: report.study.metric))
            }
            body += HTMLPage.section(report.study.name, content)
        }
        return HTMLPage.document(title: "Studies compared", body: body)
    }

    /// The report's sections: overview, recommendations, branches, plots, importance, ranges, insights, trials.
    ///
    /// - Parameters:
    ///   - trialLink: The href of a trial's page, when trials link somewhere (the dashboard).
    ///   - includingTrials: Whether to end with the table of every trial.
    public static func sections(
        _ report: StudyReport, trialLink: ((Trial) -> String)?, includingTrials: Bool = true
    ) -> String {
        var html = HTMLPage.section("Overview", id: "overview", HTMLPage.list(StudyReportTables.overviewLines(report)))
        if !report.recommendations.isEmpty {
            html += HTMLPage.section(
                "Recommendations", id: "recommendations",
                HTMLPage.list(report.recommendations.map(\.text), className: "recommendations"))
        }
        if let front = report.paretoFront { html += paretoSection(report, front: front) }
        if let branches = report.branches {
            html += HTMLPage.section(
                "Branches (\(branches.parameter))", id: "branches",
                HTMLTable.render(StudyReportTables.branchTable(branches)))
        }
        // The plots read the trials independently: each is drawn on whichever core is free (over
        // 100,000 trials each takes a tenth of a second or more), then they are put in order.
        let plots: [@Sendable (StudyReport) -> String] = [
            historySection, parallelSection, importanceSection, slicesSection,
        ]
        html += plots.concurrentMap { $0(report) }.joined()
        if let curves = StudyChartSVG.intermediateValues(
            report.trials, metric: report.study.metric, goal: report.study.goal)
        {
            html += HTMLPage.section("Intermediate values", id: "intermediate", HTMLPage.figure(curves))
        }
        if !report.optimalRanges.isEmpty {
            html += HTMLPage.section(
                StudyReportTables.optimalRangesTitle(report), id: "ranges",
                HTMLTable.render(StudyReportTables.rangeTable(report.optimalRanges)))
        }
        for (index, branch) in report.branchRanges.enumerated() {
            html += HTMLPage.section(
                StudyReportTables.branchRangesTitle(branch, report: report), id: "ranges-branch-\(index)",
                HTMLTable.render(StudyReportTables.rangeTable(branch.ranges)))
        }
        if case .success(let insights) = report.insights {
            html += HTMLPage.section("Insights", id: "insights", InsightCardsHTML.render(insights))
        }
        if includingTrials {
            let shown =
                report.trials.count > maximumTrialRows
                ? report.trials.rankedPositions(goal: report.study.goal).prefix(maximumTrialRows).map {
                    report.trials[$0]
                }
                : report.trials
            let title =
                shown.count < report.trials.count
                ? "Trials (the \(NumberFormatting.grouped(shown.count)) best of \(NumberFormatting.grouped(report.trials.count)); the JSON report lists them all)"
                : "Trials"
            html += HTMLPage.section(title, id: "trials", trialsTable(report, trials: shown, link: trialLink))
        }
        return html
    }

    /// The best value so far after each trial, unless the study has several objectives (the
    /// hypervolume history of the Pareto section is then its progress).
    private static func historySection(_ report: StudyReport) -> String {
        guard report.paretoFront == nil else { return "" }
        let history = OptimizationHistory(trials: report.trials, goal: report.study.goal)
        guard !history.points.isEmpty else { return "" }
        let note = drawnNote(
            history.points.count, of: history.completedCount, extra: "every improvement of the best value")
        return HTMLPage.section(
            "Optimisation history", id: "history",
            HTMLPage.figure(StudyChartSVG.history(history, metric: report.study.metric)) + note)
    }

    /// The parallel coordinates of the completed trials, most important parameters first.
    private static func parallelSection(_ report: StudyReport) -> String {
        guard
            let parallel = ParallelCoordinates(
                trials: report.trials, columns: report.columns, goal: report.study.goal,
                parameterOrder: report.parameterOrder)
        else { return "" }
        let note = drawnNote(parallel.lines.count, of: parallel.completedCount)
        return HTMLPage.section(
            "Parallel coordinates", id: "parallel",
            HTMLPage.figure(StudyChartSVG.parallelCoordinates(parallel, metric: report.study.metric)) + note)
    }

    /// The parameters' importance (per objective too) and the contour of the two most important,
    /// or why there is none.
    private static func importanceSection(_ report: StudyReport) -> String {
        let (metric, goal, order) = (report.study.metric, report.study.goal, report.parameterOrder)
        guard let importance = report.importance else {
            return report.importanceUnavailable.map {
                HTMLPage.section("Importance", id: "importance", "<p class=\"muted\">\(Markup.escape($0))</p>")
            } ?? ""
        }
        var content = ""
        if report.objectiveImportances.count > 1 {
            content +=
                HTMLTable.render(ImportanceRendering.objectivesTable(report.objectiveImportances, order: order))
                + "<p class=\"muted\">fANOVA share of each objective's variance (± its spread over seeds). The chart and the plots below are of \(Markup.escape(metric)), the first objective.</p>\n"
        }
        content += HTMLPage.figure(StudyChartSVG.importance(importance))
        if order.count >= 2,
            let contour = ContourPlot(
                trials: report.trials, columns: report.columns, goal: goal, xKey: order[0], yKey: order[1], keys: order)
        {
            content += HTMLPage.figure(StudyChartSVG.contour(contour, metric: metric))
        }
        return HTMLPage.section("Importance", id: "importance", content)
    }

    /// The slice plots of the twelve most important parameters.
    private static func slicesSection(_ report: StudyReport) -> String {
        let (metric, goal) = (report.study.metric, report.study.goal)
        let slices = SlicePlot.plots(
            trials: report.trials, columns: report.columns, keys: Array(report.parameterOrder.prefix(12)), goal: goal)
        guard !slices.isEmpty else { return "" }
        let figures = slices.map { HTMLPage.figure(StudyChartSVG.slice($0, metric: metric, goal: goal)) }.joined()
        let note = slices.lazy.map { drawnNote($0.points.count, of: $0.completedCount) }.first { !$0.isEmpty } ?? ""
        return HTMLPage.section("Slices", id: "slices", "<div class=\"grid\">\n\(figures)</div>" + note)
    }

    /// The most trials the report's table lists; beyond it, the best ones.
    public static let maximumTrialRows = 1_000

    /// A caption saying that a plot draws some of the trials, or nothing when it draws them all.
    private static func drawnNote(_ drawn: Int, of total: Int, extra: String? = nil) -> String {
        guard drawn < total else { return "" }
        let which = ["the best", extra, "an even spread of the others"].compactMap { $0 }
        return
            "<p class=\"muted\">\(NumberFormatting.grouped(drawn)) of \(NumberFormatting.grouped(total)) trials drawn: \(which.joined(separator: ", ")).</p>\n"
    }

    /// Every trial: number, state, value with spread, duration and parameters; states coloured.
    public static func trialsTable(_ report: StudyReport, trials: [Trial]? = nil, link: ((Trial) -> String)?) -> String
    {
        let shown = trials ?? report.trials
        let keys = report.parameterOrder
        let table = TextTable(
            columns: [
                TextTable.Column("trial", alignment: .right), TextTable.Column("state"),
                TextTable.Column(report.study.metric, alignment: .right),
                TextTable.Column(SampleSummary.standardDeviationLabel, alignment: .right),
                TextTable.Column("n", alignment: .right), TextTable.Column("duration", alignment: .right),
            ] + keys.map { TextTable.Column($0) },
            rows: shown.map { trial in
                [
                    "\(trial.number)", trial.state.rawValue, NumberFormatting.metric(trial.value),
                    NumberFormatting.metric(trial.valueSummary?.standardDeviation),
                    "\(trial.valueSummary?.count ?? (trial.value == nil ? 0 : 1))",
                    trial.durationSeconds.map(NumberFormatting.duration) ?? "",
                ] + keys.map { trial.params[$0]?.shortText() ?? "" }
            })
        var links: [Int: String] = [:]
        if let link { for (index, trial) in shown.enumerated() { links[index] = link(trial) } }
        let classes = Dictionary(
            uniqueKeysWithValues: shown.enumerated().map { ($0.offset, "state-" + $0.element.state.rawValue) })
        return HTMLTable.render(table, links: links, rowClasses: classes)
    }

    /// A study of several objectives: the scatter with the front (a scatter matrix and parallel
    /// coordinates of three or more), the front's table, and the hypervolume after each trial.
    private static func paretoSection(_ report: StudyReport, front: TrialParetoFront) -> String {
        let objectives = report.study.objectives
        let goals = objectives.map(\.goal)
        var content = ""
        if let scatter = ParetoChartSVG.render(
            front, trials: report.trials, objectives: objectives, parameterOrder: report.parameterOrder)
        {
            content += HTMLPage.figure(scatter)
        }
        if let lines = ParetoChartSVG.parallelCoordinates(
            front, trials: report.trials, objectives: objectives, parameterOrder: report.parameterOrder)
        {
            content += HTMLPage.figure(lines)
        }
        content += HTMLTable.render(
            ParetoTrialRendering.frontTable(front, objectives: objectives, parameterOrder: report.parameterOrder))
        let history = TrialParetoFront.hypervolumeHistory(report.trials, goals: goals)
        if history.count > 1 {
            let chart = LineChart(
                title: "Hypervolume after each trial", xLabel: "trial", yLabel: "hypervolume",
                series: [
                    LineChart.Series(
                        name: "hypervolume",
                        points: history.map { LineChart.Point(x: Double($0.trial), y: $0.hypervolume) })
                ])
            content +=
                HTMLPage.figure(SVGLineChart.render(chart, width: 760, height: 360))
                + "<p class=\"muted\">Up to the worst value of each objective among the completed feasible trials.</p>\n"
        }
        return HTMLPage.section("Pareto front", id: "pareto", content)
    }
}
