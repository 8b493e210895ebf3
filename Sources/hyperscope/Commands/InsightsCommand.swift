import ArgumentParser
import Foundation
import Hyperscope

/// `hyperscope insights`: which hyperparameter values go with good results, and how sure we are.
struct InsightsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "insights",
        abstract: "Score every hyperparameter value by how often it appears among the good runs.",
        discussion: """
            Good runs are the top γ (default 0.3) on the metric, at least one, ties at the threshold included. Each value \
            gets score = ((n_good+1)/(n+2)) / ((n_bad+1)/(n+2)), its mean and best objective, and a confidence: high \
            (n ≥ 5), medium (3–4), low (< 3, marked •). Categories, list explosion, binning and the metric's alias come \
            from hyperscope.yaml (insights:); --gamma and --bins override.
            """)

    @OptionGroup var analysis: AnalysisOptions
    @OptionGroup var output: OutputOptions

    @Option(name: .long, help: "The fraction of runs counted good (0 < γ < 1).")
    var gamma: Double?

    @Option(name: .long, help: "Bin numeric parameters with more than this many distinct values.")
    var bins: Int?

    @Option(
        name: .long,
        help: ArgumentHelp("Score pairs of values of two parameters, such as optim.lr,batch_size.", valueName: "a,b"))
    var pairs: String?

    @Flag(name: .long, help: "Show how each parameter's best value and score changed as runs accumulated.")
    var trend = false

    @Option(name: .customLong("order"), help: "With --trend: order runs by start time or by id (index).")
    var trendOrder: TrendOrder = .time

    @Option(name: .long, help: "With --trend: a sliding window of this many runs instead of all runs so far.")
    var window: Int?

    @Option(name: .long, help: "With --trend: recompute after every this many runs.")
    var every: Int = 1

    enum TrendOrder: String, ExpressibleByArgument {
        case time, index
    }

    func validate() throws {
        if let gamma, !(gamma > 0 && gamma < 1) {
            throw ValidationError("--gamma must be between 0 and 1, got \(gamma)")
        }
        if let bins, bins < 2 { throw ValidationError("--bins must be at least 2") }
        if let pairs, pairs.split(separator: ",").count != 2 {
            throw ValidationError("--pairs takes two parameters: a,b")
        }
        if let window, window < 2 { throw ValidationError("--window must be at least 2") }
        if every < 1 { throw ValidationError("--every must be at least 1") }
    }

    func run() async throws {
        guard pairs != nil || trend else {
            // The main report reads the store's run table: no run is decoded.
            let input = try await analysis.loadTable()
            let insightSettings = insightSettings(input.settings)
            switch InsightReport.analyse(
                input.table, objectives: input.values[0], selection: input.metric, settings: insightSettings,
                detection: input.detection)
            {
            case .success(let report):
                try emit(report, names: input.settings.displayNames, alias: insightSettings.alias)
            case .failure(let why): throw why
            }
            return
        }
        let input = try await analysis.load()
        let (settings, runs, chosen) = (input.settings, input.runs, input.metric)
        let insightSettings = insightSettings(settings)
        let names = settings.displayNames
        if let pairs {
            let keys = pairs.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
            switch InsightReport.pairs(
                runs, first: keys[0], second: keys[1], selection: chosen, settings: insightSettings)
            {
            case .failure(let why): throw why
            case .success(let report): try emit(report, names: names, alias: insightSettings.alias)
            }
            return
        }
        // --trend
        let ordered =
            trendOrder == .index
            ? runs.sorted { ($0.id ?? 0) < ($1.id ?? 0) }
            : runs.sorted { ($0.startedAt ?? .infinity, $0.id ?? 0) < ($1.startedAt ?? .infinity, $1.id ?? 0) }
        let trends = InsightTrend.compute(
            ordered, selection: chosen, settings: insightSettings, detection: input.detection, window: window,
            stride: every)
        let stability = trends.map { trend in
            "\(names.name(of: trend.key)): "
                + (trend.stableFrom.map { "best value \(trend.steps.last!.bestValue) since run \($0)" }
                    ?? "still changing")
        }.joined(separator: "\n")
        try output.emit(
            table: InsightRendering.trendTable(trends, names: names), json: { InsightRendering.trendJSON(trends) },
            footer: "\n" + stability + "\n")
    }

    /// The project's insight settings with `--gamma` and `--bins`.
    private func insightSettings(_ settings: AnalysisSettings) -> InsightSettings {
        var insightSettings = settings.insights
        if let gamma { insightSettings.gamma = gamma }
        if let bins { insightSettings.bins = bins }
        return insightSettings
    }

    private func emit(_ report: InsightReport, names: DisplayNames, alias: String?) throws {
        switch output.format {
        case .json: try output.emit(Output.json(InsightRendering.json(report, names: names, alias: alias)))
        case .csv: try output.emit(InsightRendering.table(report, names: names).renderCSV())
        case .markdown: try output.emit(InsightRendering.table(report, names: names).renderMarkdown())
        case .table:
            try output.emit { sink in
                try InsightRendering.writeText(report, names: names, style: output.style, to: sink)
            }
        }
    }
}
