import ArgumentParser
import Hyperscope

/// `hyperscope runs`: list runs with their parameters, status and metric summaries.
struct RunsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "runs",
        abstract: "List runs with their parameters, status and metrics.",
        discussion: """
            The table shows the parameters that vary across the listed runs and each metric's best value (↑ larger is \
            better, ↓ smaller). --format json gives every run with all parameters (typed) and metric summaries \
            {"val/acc": {"last", "best", "count", "min", "max", "goal"}}; csv gives one row per run.
            """)

    @OptionGroup var store: StoreOptions
    @OptionGroup var selection: RunSelectionOptions
    @OptionGroup var output: OutputOptions

    @Option(
        name: .long,
        help: "Sort by this field (a parameter, metric such as val/acc.best, or id); best first for metrics.")
    var sort: String?

    func run() async throws {
        switch output.format {
        case .json:
            // Each run's document from the run table and the runs' attributes (no run or curve is
            // decoded), written as text without a value tree and streamed: at 100,000 runs the whole
            // text would be hundreds of megabytes.
            let (table, goals) = try await sortedTable()
            let attributes = try await store.openStore().runAttributes(ids: table.ids)
            let metricGoals = table.metricKeys.map(goals.goal(for:))
            let parameterFields = table.parameterFields(writer: Output.jsonWriter)
            try Output.emitJSONList(
                count: table.count,
                writeElement: { row, sink in
                    table.writeDocument(
                        row: row, metricGoals: metricGoals, attributes: attributes[table.ids[row]] ?? [:],
                        parameterFields: parameterFields, to: &sink)
                }, to: output.output)
        case .csv:
            let (table, goals) = try await sortedTable()
            try output.emit(RunRendering.csvTable(table, goals: goals).renderCSV())
        case .markdown:
            let (table, goals) = try await sortedTable()
            try output.emit(RunRendering.listing(table, goals: goals).renderMarkdown())
        case .table:
            let (table, goals) = try await sortedTable()
            if table.count == 0 {
                try output.emit(
                    selection.whereExpression == nil
                        ? "No runs yet in \(store.databasePath). Add some with `hyperscope ingest LOGS/` or try `hyperscope quickstart`.\n"
                        : "No run matches the --where expression.\n")
            } else {
                let listing = RunRendering.listing(table, goals: goals)
                try output.emit { sink in
                    try listing.writeText(style: output.style, to: sink)
                    try "\(table.count) run\(table.count == 1 ? "" : "s")\n".write(to: sink)
                }
            }
        }
    }

    /// The runs `--where` keeps, as the store's run table (no run is decoded), in `--sort` order.
    private func sortedTable() async throws -> (table: RunTable, goals: MetricGoals) {
        guard let sort else { return try await selection.loadTable(from: store) }
        // Sorted among the whole table's rows, then cut once (each cut renumbers 30 columns).
        let (whole, matching, goals) = try await selection.loadMatching(from: store)
        return (whole.rows(RunOrdering.sortedPositions(in: whole, among: matching, by: sort, goals: goals)), goals)
    }
}
