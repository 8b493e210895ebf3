import ArgumentParser
import Hyperscope

/// The options of every command that judges stored runs by one metric (sweep, compare, insights,
/// importance, suggest): the database, `--config`, `--where` and `--goal`, `--metric` and `--at`,
/// `--exclude` and `--include`, and `--status`.
struct AnalysisOptions: ParsableArguments {
    @OptionGroup var store: StoreOptions
    @OptionGroup var selection: RunSelectionOptions
    @OptionGroup var metric: MetricOptions
    @OptionGroup var configuration: ConfigOptions
    @OptionGroup var detection: DetectionOptions
    @OptionGroup var statuses: StatusOptions

    /// What an analysis works on.
    struct Input {
        /// The project's settings.
        var settings: AnalysisSettings
        /// The runs `--where` and `--status` keep, with their curves.
        var runs: [Run]
        /// The goals of `--goal`.
        var goals: MetricGoals
        /// The metric and the point of its curve judged (the first of ``metrics``).
        var metric: MetricSelection
        /// Every metric named, in order: one unless `load(severalMetrics: true)` read a list.
        var metrics: [MetricSelection]
        /// Which keys count as parameters.
        var detection: SweepDetection
    }

    /// What a columnar analysis works on: the runs as a table, and each metric's value of each.
    struct TableInput {
        /// The project's settings.
        var settings: AnalysisSettings
        /// The runs `--where` and `--status` keep, as columns.
        var table: RunTable
        /// The goals of `--goal`.
        var goals: MetricGoals
        /// The metric and the point of its curve judged (the first of ``metrics``).
        var metric: MetricSelection
        /// Every metric named, in order: one unless `loadTable(severalMetrics: true)` read a list.
        var metrics: [MetricSelection]
        /// For each of ``metrics``, each run's value, or why it has none.
        var values: [[Result<Double, NotComputable>]]
        /// Which keys count as parameters.
        var detection: SweepDetection
    }

    /// Reads the settings and the runs these options keep as the store's run table (what `--status`
    /// left out is noted on standard error), chooses the metric and reads each run's value of it:
    /// from the table's summaries, or from the runs' curves for a point of an axis (`--at epoch=10`).
    ///
    /// - Parameter severalMetrics: Whether `--metric` may name a comma-separated list.
    func loadTable(severalMetrics: Bool = false) async throws -> TableInput {
        let settings = try configuration.settings()
        let (matching, goals) = try await selection.loadTable(from: store)
        let kept = try statuses.select(statuses: matching.statuses, whereExpression: selection.whereExpression)
        let table = kept.count == matching.count ? matching : matching.rows(kept)
        let metrics =
            severalMetrics
            ? try metric.selections(for: table, goals: goals) : [try metric.selection(for: table, goals: goals)]
        var values = metrics.compactMap { $0.values(in: table) }
        if values.count < metrics.count {
            // A point of an axis is read from the curves of the runs kept, matched by id: a run
            // deleted since the table was read has no value.
            let ids = Set(table.ids)
            var runsByID: [Int64: Run] = [:]
            for run in try await store.openStore().runs(includingCurves: true) where ids.contains(run.id ?? 0) {
                runsByID[run.id ?? 0] = run
            }
            let runs = table.ids.compactMap { runsByID[$0] }
            let found = table.ids.map { runsByID[$0] != nil }
            values = metrics.map { selection in
                var read = selection.values(in: runs).makeIterator()
                return found.map { $0 ? read.next()! : .failure(NotComputable("was deleted while being read")) }
            }
        }
        return TableInput(
            settings: settings, table: table, goals: goals, metric: metrics[0], metrics: metrics, values: values,
            detection: detection.detection(settings))
    }

    /// Reads the settings and the runs these options keep (what `--status` left out is noted on
    /// standard error), and chooses the metric.
    ///
    /// - Parameter severalMetrics: Whether `--metric` may name a comma-separated list.
    func load(severalMetrics: Bool = false) async throws -> Input {
        let settings = try configuration.settings()
        let (loaded, goals) = try await selection.load(from: store)
        let runs = try statuses.select(loaded, whereExpression: selection.whereExpression)
        let metrics =
            severalMetrics
            ? try metric.selections(for: runs, goals: goals) : [try metric.selection(for: runs, goals: goals)]
        return Input(
            settings: settings, runs: runs, goals: goals, metric: metrics[0], metrics: metrics,
            detection: detection.detection(settings))
    }
}
