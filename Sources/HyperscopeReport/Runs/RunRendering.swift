import HyperscopeAnalysis
import HyperscopeCore

/// Renders runs: the listing of `hyperscope runs` as a table, CSV or JSON, and one run whole for
/// `hyperscope show`.
public enum RunRendering {
    /// The JSON object of a run (see ``HyperscopeCore/Run/document(goals:includingCurves:)``).
    public static func json(_ run: Run, goals: MetricGoals, includingCurves: Bool = false) -> Value {
        run.document(goals: goals, includingCurves: includingCurves)
    }

    /// The listing table: id, name, status, the parameters that vary across the runs (floats to four
    /// significant digits, more where two runs would otherwise read alike), and each
    /// metric's best value (its header names the goal: `val/acc ↑`).
    public static func listing(_ runs: [Run], goals: MetricGoals) -> TextTable {
        listing(RunTable(runs), goals: goals)
    }

    /// The listing table of the runs of a table, as ``listing(_:goals:)`` shows runs.
    public static func listing(_ table: RunTable, goals: MetricGoals) -> TextTable {
        let columns = ParameterColumns(table)
        let parameterColumns = columns.varyingKeys.map { columns.column(of: $0)! }
        var header = [TextTable.Column("id", alignment: .right), TextTable.Column("name"), TextTable.Column("status")]
        header += parameterColumns.map { TextTable.Column(columns.keys[$0]) }
        header += table.metricKeys.map { key in
            TextTable.Column("\(key) \(goals.goal(for: key) == .maximize ? "↑" : "↓")", alignment: .right)
        }
        // A column's distinct values are those its runs take: each is written once, at the digits
        // that tell the column's floats apart, and each run's cell is its value's text. Columns and
        // pieces of rows are made on every core.
        let texts = parameterColumns.concurrentMap { Value.shortTexts(columns.values[$0]).texts }
        let metricGoals = table.metricKeys.map(goals.goal(for:))
        let rows = concurrentPieces(of: table.count) { range in
            range.map { row in
                var cells = [id(table, row), table.names[row], table.statuses[row].rawValue]
                cells += zip(parameterColumns, texts).map { column, texts in
                    let code = columns.codes[column][row]
                    return code < 0 ? "–" : texts[Int(code)]
                }
                cells += zip(metricGoals, table.metrics).map { goal, metric in
                    NumberFormatting.metric(metric.summary(run: row, goal: goal)?.best)
                }
                return cells
            }
        }.flatMap { $0 }
        return TextTable(columns: header, rows: rows)
    }

    /// The CSV form of the listing: every parameter, and `last`, `best` and `count` of every metric.
    public static func csvTable(_ runs: [Run], goals: MetricGoals) -> TextTable {
        csvTable(RunTable(runs), goals: goals)
    }

    /// The CSV form of the listing of the runs of a table, as ``csvTable(_:goals:)`` gives runs.
    public static func csvTable(_ table: RunTable, goals: MetricGoals) -> TextTable {
        var header = ["id", "name", "status", "status_reason", "source", "training_seconds"].map {
            TextTable.Column($0)
        }
        header += table.parameterKeys.map { TextTable.Column($0) }
        for key in table.metricKeys {
            header += ["last", "best", "count"].map { TextTable.Column("\(key).\($0)") }
        }
        let rows = (0..<table.count).map { row in
            let seconds = table.trainingSeconds[row]
            var cells = [
                id(table, row), table.names[row], table.statuses[row].rawValue,
                table.statusReasons.value(run: row)?.stringValue ?? "", table.sources[row],
                seconds.isNaN ? "" : "\(seconds)",
            ]
            cells += table.parameters.map { $0.value(run: row).map(csvCell) ?? "" }
            for (key, metric) in zip(table.metricKeys, table.metrics) {
                let summary = metric.summary(run: row, goal: goals.goal(for: key))
                cells += [
                    summary?.last.map { "\($0)" } ?? "", summary?.best.map { "\($0)" } ?? "",
                    summary.map { "\($0.count)" } ?? "",
                ]
            }
            return cells
        }
        return TextTable(columns: header, rows: rows)
    }

    /// A run's id as a table shows it: empty for a run never stored.
    private static func id(_ table: RunTable, _ row: Int) -> String {
        table.ids[row] == 0 ? "" : String(table.ids[row])
    }

    /// One run whole, for a terminal: metadata, parameters, curves with their axes, messages and attributes.
    public static func detail(_ run: Run, goals: MetricGoals, style: TerminalStyle = .plain) -> String {
        var output = style.bold("Run \(run.id.map(String.init) ?? "?") · \(run.name.escapingControlCharacters)") + "\n"
        var facts = [
            ("status", run.status.rawValue + (run.statusReason.map { " (\($0))" } ?? "")), ("source", run.source),
            ("format", run.format.rawValue),
        ]
        if let seconds = run.trainingSeconds { facts.append(("training time", NumberFormatting.duration(seconds))) }
        if let commit = run.gitCommit { facts.append(("git commit", commit)) }
        let width = facts.map(\.0.count).max() ?? 0
        for (name, value) in facts {
            output += "  " + name.padding(to: width) + "  " + value.escapingControlCharacters + "\n"
        }

        output += "\n" + style.bold("Parameters") + "\n"
        let parameters = TextTable(
            columns: [TextTable.Column("key"), TextTable.Column("value"), TextTable.Column("type")],
            rows: run.params.sorted { $0.key < $1.key }.map { [$0.key, $0.value.displayText, $0.value.typeName] })
        output += run.params.isEmpty ? "  (none)\n" : indent(parameters.renderText(style: style))

        output += "\n" + style.bold("Metrics") + "\n"
        let metrics = metricTable(run, goals: goals)
        output += run.curves.isEmpty ? "  (none)\n" : indent(metrics.renderText(style: style))

        if !run.messages.isEmpty {
            output += "\n" + style.bold("Messages") + "\n"
            for message in run.messages {
                output +=
                    "  " + (message.line.map { style.dim("line \($0): ") } ?? "")
                    + message.text.escapingControlCharacters + "\n"
            }
        }
        let artifacts = RunArtifact.artifacts(of: run)
        if !artifacts.isEmpty {
            output += "\n" + style.bold("Files the log named") + "\n"
            for artifact in artifacts {
                let notes = [artifact.split, artifact.attached ? "attached by calibrate --run" : nil].compactMap { $0 }
                output +=
                    "  \(artifact.kind)\(notes.isEmpty ? "" : " (\(notes.joined(separator: ", ")))"): \(artifact.path)"
                    .escapingControlCharacters + "\n"
                if let calibration = artifact.summary.flatMap(RunCalibration.init) {
                    output += indent(
                        CalibrationRendering.table(CalibrationHTML.reports(calibration)).renderText(style: style))
                    if let triage = calibration.triage {
                        output += indent(UncertaintyRendering.bucketTable(triage).renderText(style: style))
                        output += "  " + UncertaintyRendering.separationLine(triage) + "\n"
                    }
                }
            }
        }
        let others = run.attributes.filter { $0.key != RunArtifact.attribute }
        if !others.isEmpty {
            output += "\n" + style.bold("Other fields") + "\n"
            for (key, value) in others.sorted(by: { $0.key < $1.key }) {
                output += "  \(key) = \(value.displayText)\n"
            }
        }
        return output
    }

    /// A run's metrics: goal, points, last, best, min, max and x-axes of each curve.
    package static func metricTable(_ run: Run, goals: MetricGoals) -> TextTable {
        TextTable(
            columns: [
                TextTable.Column("metric"), TextTable.Column("goal"), TextTable.Column("points", alignment: .right),
                TextTable.Column("last", alignment: .right), TextTable.Column("best", alignment: .right),
                TextTable.Column("min", alignment: .right), TextTable.Column("max", alignment: .right),
                TextTable.Column("x-axes"),
            ],
            rows: run.curves.sorted { $0.key < $1.key }.map { curve in
                let goal = goals.goal(for: curve.key)
                let summary = curve.summary(goal: goal)
                return [
                    curve.key.description, goal.rawValue, String(summary.count), NumberFormatting.metric(summary.last),
                    NumberFormatting.metric(summary.best), NumberFormatting.metric(summary.min),
                    NumberFormatting.metric(summary.max),
                    curve.axes.map(\.name).joined(separator: ", "),
                ]
            })
    }

    private static func csvCell(_ value: Value) -> String {
        switch value {
        case .list, .object: JSONWriter().string(from: value)
        default: value.displayText
        }
    }

    private static func indent(_ text: String) -> String {
        text.split(separator: "\n", omittingEmptySubsequences: false).map { $0.isEmpty ? "" : "  " + $0 }.joined(
            separator: "\n")
    }
}
