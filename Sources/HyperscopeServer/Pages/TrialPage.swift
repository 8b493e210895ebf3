import Foundation
import HyperscopeAnalysis
import HyperscopeCore
import HyperscopeReport

/// `/studies/NAME/trials/N`: one trial's parameters, value and spread, why it stopped, its
/// intermediate values, the curves of its repeats and the tail of their logs.
struct TrialPage {
    let dashboard: Dashboard
    let studyName: String
    let number: Int

    /// How many lines of each log the page shows.
    static let tailLines = 40

    init(_ dashboard: Dashboard, study: String, number: Int) {
        self.dashboard = dashboard
        self.studyName = study
        self.number = number
    }

    func load() async throws -> (study: StudyRecord, trial: Trial, runs: [Run]) {
        guard let found = try await dashboard.data.study(named: studyName) else {
            throw DashboardError.notFound("there is no study named '\(studyName)'")
        }
        guard let trial = found.trials.first(where: { $0.number == number }) else {
            throw DashboardError.notFound("study '\(studyName)' has no trial \(number) (it has \(found.trials.count))")
        }
        var runs: [Run] = []
        for key in trial.runKeys { if let run = try await dashboard.data.run(key: key) { runs.append(run) } }
        return (found.study, trial, runs)
    }

    /// The last lines of a log the store points at; `nil` when it is not a readable regular file.
    static func tail(of path: String) -> String? {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder), !isFolder.boolValue,
            let handle = FileHandle(forReadingAtPath: path)
        else { return nil }
        defer { try? handle.close() }
        let size = (try? handle.seekToEnd()) ?? 0
        let start = size > 65_536 ? size - 65_536 : 0
        try? handle.seek(toOffset: start)
        let text = String(decoding: handle.readDataToEndOfFile(), as: UTF8.self)
        return text.split(separator: "\n", omittingEmptySubsequences: false).suffix(tailLines + 1).joined(
            separator: "\n")
    }

    /// The logs of a run: its stdout (the run's source) and the stderr beside it.
    static func logs(of run: Run) -> [(name: String, text: String)] {
        let folder = (run.source as NSString).deletingLastPathComponent
        return [(run.source, tail(of: run.source)), (folder + "/stderr.log", tail(of: folder + "/stderr.log"))]
            .compactMap { name, text in
                text.map { (name, $0) }
            }
    }

    /// One chart per metric, one line per repeat, against epoch when logged, else the point's index.
    static func charts(_ runs: [Run]) -> [LineChart] {
        var order: [MetricKey] = []
        for run in runs { for curve in run.curves where !order.contains(curve.key) { order.append(curve.key) } }
        return order.map { key in
            let series = runs.enumerated().compactMap { index, run -> LineChart.Series? in
                guard let curve = run.curve(key) else { return nil }
                let xs =
                    curve.axis(named: "epoch") ?? curve.axis(named: "step") ?? curve.values.indices.map(Double.init)
                let points = zip(xs, curve.values).filter { !$0.0.isNaN && !$0.1.isNaN }.map {
                    LineChart.Point(x: $0.0, y: $0.1)
                }
                return LineChart.Series(name: "repeat \(index)", points: points)
            }
            let axis =
                runs.compactMap { $0.curve(key) }.first.map {
                    $0.axis(named: "epoch") != nil ? "epoch" : ($0.axis(named: "step") != nil ? "step" : "point")
                } ?? "point"
            return LineChart(title: key.description, xLabel: axis, yLabel: key.description, series: series)
        }
    }

    /// The charts in a grid under "Curves"; nothing without charts.
    static func curvesSection(_ charts: [LineChart]) -> String {
        guard !charts.isEmpty else { return "" }
        return HTMLPage.section(
            "Curves", id: "curves",
            "<div class=\"grid\">\n"
                + charts.map { HTMLPage.figure(SVGLineChart.render($0, width: 620, height: 340)) }.joined() + "</div>")
    }

    func html() async throws -> String {
        let (study, trial, runs) = try await load()
        let table = TextTable(
            columns: [TextTable.Column("parameter"), TextTable.Column("value")],
            rows: trial.params.sorted { $0.key < $1.key }.map { [$0.key, $0.value.displayText] })
        var facts = [
            "state: \(trial.state.rawValue)", "\(study.metric): \(TrialRendering.valueText(trial))",
            "attempts: \(trial.attempts)",
            "started: \(Timestamp.iso8601(trial.startedAt))",
        ]
        if let duration = trial.durationSeconds { facts.append("duration: \(NumberFormatting.duration(duration))") }
        var body = HTMLPage.section(
            "Outcome", id: "outcome",
            HTMLPage.list(facts) + (trial.message.map { "<pre>\(Markup.escape($0))</pre>" } ?? ""))
        body += HTMLPage.section("Parameters", id: "parameters", HTMLTable.render(table))
        if let intermediate = StudyChartSVG.intermediateValues([trial], metric: study.metric, goal: study.goal) {
            body += HTMLPage.section("Intermediate values", id: "intermediate", HTMLPage.figure(intermediate))
        }
        body += Self.curvesSection(Self.charts(runs))
        for (index, run) in runs.enumerated() {
            body += RunPage.calibrationSections(of: run, label: runs.count > 1 ? "repeat \(index)" : nil)
        }
        let logs = runs.flatMap(Self.logs)
        if !logs.isEmpty {
            body += HTMLPage.section(
                "Logs (last \(Self.tailLines) lines)", id: "logs",
                logs.map { "<h3>\(Markup.escape($0.name))</h3>\n<pre>\(Markup.escape($0.text))</pre>\n" }.joined())
        }
        body +=
            "<p><a href=\"/studies/\(Markup.escape(AccessPolicy.encode(studyName)))\">Back to study \(Markup.escape(studyName))</a></p>\n"
        return dashboard.page(
            title: "Study \(studyName) · trial \(number)", body: body,
            refreshSeconds: trial.state == .running ? dashboard.refreshSeconds : nil)
    }

    func json() async throws -> Value {
        let (_, trial, runs) = try await load()
        guard case .object(var fields) = StudyReportRendering.trialJSON(trial) else { return .null }
        fields.append(
            Value.Field(
                "intermediate_values",
                .list(trial.intermediateValues.map { .list([.float($0.step), .float($0.value)]) })))
        fields.append(
            Value.Field(
                "runs",
                .list(
                    runs.map { run in
                        .object([
                            Value.Field("key", .string(run.key)), Value.Field("status", .string(run.status.rawValue)),
                            Value.Field(
                                "curves",
                                .object(
                                    run.curves.map { curve in
                                        Value.Field(curve.key.description, .list(curve.values.map(Value.float)))
                                    })),
                            Value.Field(
                                "logs", .object(Self.logs(of: run).map { Value.Field($0.name, .string($0.text)) })),
                        ])
                    })))
        return .object([Value.Field("success", .bool(true))] + fields)
    }
}
