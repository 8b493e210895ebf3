import ArgumentParser
import Foundation
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
    /// - Throws: ``CommandFailure`` naming the metrics the runs do have when none fits; a validation
    ///   error for a list of metrics, which only `compare` takes.
    func selection(for runs: [Run], goals: MetricGoals) throws -> MetricSelection {
        try selection(among: Self.metrics(of: runs), anyRun: !runs.isEmpty, goals: goals)
    }

    /// The selection for the runs of a table, as ``selection(for:goals:)`` chooses it.
    func selection(for table: RunTable, goals: MetricGoals) throws -> MetricSelection {
        try selection(among: Set(table.metricKeys.map(\.description)), anyRun: table.count > 0, goals: goals)
    }

    /// The selections of a comma-separated `--metric` list (`test/acc,test/ece`), each with its own goal, or the
    /// one selection of ``selection(for:goals:)``.
    func selections(for runs: [Run], goals: MetricGoals) throws -> [MetricSelection] {
        try selections(among: Self.metrics(of: runs), anyRun: !runs.isEmpty, goals: goals)
    }

    /// The selections for the runs of a table, as ``selections(for:goals:)`` chooses them.
    func selections(for table: RunTable, goals: MetricGoals) throws -> [MetricSelection] {
        try selections(among: Set(table.metricKeys.map(\.description)), anyRun: table.count > 0, goals: goals)
    }

    /// The names of the metrics any of the runs has.
    private static func metrics(of runs: [Run]) -> Set<String> {
        Set(runs.lazy.flatMap(\.curves).map(\.key.description))
    }

    private func selection(among available: Set<String>, anyRun: Bool, goals: MetricGoals) throws -> MetricSelection {
        if let metric, metric.contains(",") {
            throw ValidationError("--metric: give one metric; only compare takes a list (test/acc,test/ece)")
        }
        return try selection(of: metric, among: available, anyRun: anyRun, goals: goals)
    }

    private func selections(among available: Set<String>, anyRun: Bool, goals: MetricGoals) throws -> [MetricSelection]
    {
        guard let metric, metric.contains(",") else {
            return [try selection(of: metric, among: available, anyRun: anyRun, goals: goals)]
        }
        let names = metric.split(separator: ",", omittingEmptySubsequences: false).map {
            $0.trimmingCharacters(in: .whitespaces)
        }
        guard !names.contains(where: \.isEmpty) else { throw ValidationError("--metric: an empty name in '\(metric)'") }
        guard Set(names).count == names.count else {
            throw ValidationError("--metric: a metric is named twice in '\(metric)'")
        }
        return try names.map { try selection(of: $0, among: available, anyRun: anyRun, goals: goals) }
    }

    private func selection(
        of metric: String?, among available: Set<String>, anyRun: Bool, goals: MetricGoals
    ) throws -> MetricSelection {
        switch MetricSelection.choose(metric: metric, at: at, goals: goals, available: available, anyRun: anyRun) {
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
        case .table:
            try emit { sink in
                try table.writeText(style: style, to: sink)
                try footer.write(to: sink)
            }
        }
    }
}
