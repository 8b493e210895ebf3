import HyperscopeAnalysis
import HyperscopeCore
import HyperscopeReport

/// `/runs/ID`: one run whole: where it came from, its parameters, its metrics and curves, the files
/// its log named, and, when those include predictions, their calibration: the figures before and after
/// temperature scaling, the reliability diagram, the bins and the triage of stochastic passes.
struct RunPage {
    let dashboard: Dashboard
    let id: Int64

    init(_ dashboard: Dashboard, id text: String) throws {
        guard let id = Int64(text), id > 0 else { throw DashboardError.notFound("'\(text)' is not a run id") }
        self.dashboard = dashboard
        self.id = id
    }

    func load() async throws -> Run {
        guard let run = try await dashboard.data.run(id: id) else {
            throw DashboardError.notFound("there is no run \(id)")
        }
        return run
    }

    /// One section per predictions file of the run with its calibration; `label` (`repeat 1`) is added
    /// to each title when given.
    static func calibrationSections(of run: Run, label: String? = nil) -> String {
        RunCalibration.stored(in: run).enumerated().map { index, found in
            let (artifact, calibration) = found
            let how = artifact.attached ? "hyperscope calibrate --run attached it" : "the log was read"
            return HTMLPage.section(
                "Calibration, \(calibration.split)" + (label.map { ", " + $0 } ?? ""),
                id: "calibration-\(label.map { $0.replacingOccurrences(of: " ", with: "-") + "-" } ?? "")\(index)",
                "<p class=\"muted\">From \(Markup.escape(artifact.path)), measured when \(how).</p>\n"
                    + CalibrationHTML.body(calibration))
        }.joined()
    }

    func html() async throws -> String {
        let run = try await load()
        let goals = MetricGoals(recorded: try await dashboard.data.recordedGoals())
        var facts = [
            "status: \(run.status.rawValue)" + (run.statusReason.map { " (\($0))" } ?? ""), "source: \(run.source)",
            "format: \(run.format.rawValue)",
        ]
        if let seconds = run.trainingSeconds { facts.append("training time: \(NumberFormatting.duration(seconds))") }
        if let commit = run.gitCommit { facts.append("git commit: \(commit)") }
        var body = HTMLPage.section("Run", id: "run", HTMLPage.list(facts.map(Markup.escape)))
        let parameters = TextTable(
            columns: [TextTable.Column("parameter"), TextTable.Column("value")],
            rows: run.params.sorted { $0.key < $1.key }.map { [$0.key, $0.value.displayText] })
        body += HTMLPage.section(
            "Parameters", id: "parameters",
            run.params.isEmpty ? "<p class=\"muted\">None.</p>" : HTMLTable.render(parameters))
        body += HTMLPage.section(
            "Metrics", id: "metrics", HTMLTable.render(RunRendering.metricTable(run, goals: goals)))
        body += Self.calibrationSections(of: run)
        // A one-point metric (a final test figure) is in the metrics table, not a chart.
        body += TrialPage.curvesSection(
            TrialPage.charts([run]).filter { chart in chart.series.contains { $0.points.count > 1 } })
        let artifacts = RunArtifact.artifacts(of: run)
        if !artifacts.isEmpty {
            let table = TextTable(
                columns: [
                    TextTable.Column("kind"), TextTable.Column("split"), TextTable.Column("path"),
                    TextTable.Column("from"),
                ],
                rows: artifacts.map {
                    [$0.kind, $0.split ?? "", $0.path, $0.attached ? "hyperscope calibrate --run" : "the log"]
                })
            body += HTMLPage.section("Files the log named", id: "artifacts", HTMLTable.render(table))
        }
        if !run.messages.isEmpty {
            body += HTMLPage.section(
                "Messages", id: "messages",
                HTMLPage.list(run.messages.map { Markup.escape(($0.line.map { "line \($0): " } ?? "") + $0.text) }))
        }
        return dashboard.page(title: "Run \(id) · \(run.name)", body: body)
    }

    /// The run as `hyperscope show --format json` gives it, its calibrations read back under `calibration`.
    func json() async throws -> Value {
        let run = try await load()
        guard
            case .object(let fields) = RunRendering.json(
                run, goals: MetricGoals(recorded: try await dashboard.data.recordedGoals()))
        else { return .null }
        let calibrations = RunCalibration.stored(in: run).map(\.calibration.value)
        return .object(
            [Value.Field("success", .bool(true))] + fields + [Value.Field("calibration", .list(calibrations))])
    }
}
