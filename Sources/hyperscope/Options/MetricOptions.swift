import ArgumentParser
import Hyperscope

/// `--metric`, `--at` and `--goal` for the commands that aggregate one metric.
struct MetricOptions: ParsableArguments {
    @Option(
        name: .long, help: ArgumentHelp("The metric, as SPLIT/NAME (val/acc) or NAME (objective).", valueName: "metric")
    )
    var metric: String?

    @Option(
        name: .long,
        help: ArgumentHelp("Where on the curve: last, best, or AXIS=VALUE (epoch=10, step=5000).", valueName: "point"))
    var at: String = "last"

    /// The selection for these runs: the metric given, else the first preferred metric the runs have
    /// (``MetricSelection/preferredMetrics``); its goal from `--goal` (see ``RunSelectionOptions``), else from its
    /// name.
    ///
    /// - Throws: ``CommandFailure`` naming the metrics the runs do have when none fits.
    func selection(for runs: [Run], goals: MetricGoals) throws -> MetricSelection {
        switch MetricSelection.choose(metric: metric, at: at, goals: goals, runs: runs) {
        case .success(let selection): return selection
        case .failure(let why) where CurvePoint(parsing: at) == nil: throw ValidationError("--at: \(why.reason)")
        case .failure(let why):
            throw CommandFailure(
                why.reason.replacingOccurrences(of: "choose a metric;", with: "choose a metric with --metric;"))
        }
    }
}

extension OutputOptions {
    /// Writes a table in the chosen format; `json` is produced by `json()` instead.
    func emit(table: TextTable, json: () -> Value, footer: String = "") throws {
        switch format {
        case .json: try emit(Output.json(json()))
        case .csv: try emit(table.renderCSV())
        case .markdown: try emit(table.renderMarkdown() + (footer.isEmpty ? "" : "\n" + footer))
        case .table: try emit(table.renderText(style: style) + footer)
        }
    }
}
