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
