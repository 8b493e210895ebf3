import ArgumentParser
import Hyperscope

/// `hyperscope sweep`: what a sweep varied and how each combination did across seeds.
struct SweepCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sweep",
        abstract: "Summarise a sweep: one row per combination of the varying parameters, aggregated over seeds.",
        discussion: """
            Varying parameters are detected; noise keys (paths.*, *seed*, timestamps, output folders, …) are left out \
            unless --include names them. Each row gives n, seeds, mean, std, standard error, 95% CI (Student t), \
            median, min and max of the metric. Runs with curves shorter than expected (the config's epochs, the \
            longest run of the group, or --expect) are listed and left out unless --include-incomplete.
            """)

    @OptionGroup var analysis: AnalysisOptions
    @OptionGroup var output: OutputOptions

    @Option(
        name: .long,
        help: ArgumentHelp("A run is complete when the metric reaches AXIS=VALUE (epoch=50).", valueName: "point"))
    var expect: String?

    @Flag(name: .customLong("include-incomplete"), help: "Aggregate incomplete runs too (they are still listed).")
    var includeIncomplete = false

    func run() async throws {
        let settings = try analysis.configuration.settings()
        let atAxisPoint = CurvePoint(parsing: analysis.metric.at).map { !$0.readsSummary } ?? false
        let summary =
            expect != nil || atAxisPoint
            ? try await summaryOfRuns(settings: settings) : try await summaryOfTable(settings: settings)
        let names = settings.displayNames
        try output.emit(
            table: SweepRendering.table(summary, names: names), json: { SweepRendering.json(summary, names: names) },
            footer: Self.footer(summary, style: output.style))
    }

    /// The summary read from the store's run table: no run is decoded.
    private func summaryOfTable(settings: AnalysisSettings) async throws -> SweepSummary {
        let (table, goals) = try await analysis.selection.loadTable(from: analysis.store)
        guard table.count > 0 else { throw CommandFailure("no runs to summarise in \(analysis.store.databasePath)") }
        let selection = try analysis.metric.selection(for: table, goals: goals)
        return SweepSummary(
            table: table, values: selection.values(in: table) ?? [], selection: selection,
            detection: analysis.detection.detection(settings), includeIncomplete: includeIncomplete,
            statuses: try analysis.statuses.resolved(whereExpression: analysis.selection.whereExpression))
    }

    /// The summary read from whole runs: with `--expect`, or at a point of an axis (`--at epoch=10`),
    /// which the run table does not keep.
    private func summaryOfRuns(settings: AnalysisSettings) async throws -> SweepSummary {
        let (runs, goals) = try await analysis.selection.load(from: analysis.store)
        guard !runs.isEmpty else { throw CommandFailure("no runs to summarise in \(analysis.store.databasePath)") }
        var completeness = CompletenessRule.automatic
        if let expect {
            guard case .axis(let axis, let value)? = CurvePoint(parsing: expect) else {
                throw ValidationError("invalid --expect '\(expect)': expected AXIS=VALUE such as epoch=50")
            }
            completeness = .expect(axis: axis, value: value)
        }
        let summary = SweepSummary(
            runs: runs, selection: try analysis.metric.selection(for: runs, goals: goals),
            detection: analysis.detection.detection(settings),
            completeness: completeness, includeIncomplete: includeIncomplete,
            statuses: try analysis.statuses.resolved(whereExpression: analysis.selection.whereExpression))
        if let unreached = summary.unreachedPoint(in: runs) { throw CommandFailure(unreached.reason) }
        return summary
    }

    /// The lines under the table: what was aggregated, what was left out, and the incomplete runs.
    static func footer(_ summary: SweepSummary, style: TerminalStyle) -> String {
        let goal = summary.selection.goal == .maximize ? "higher is better" : "lower is better"
        var text = "\(summary.selection.metric) at \(summary.selection.point) (\(goal)); varying: "
        text +=
            summary.varying.isEmpty
            ? "nothing" : summary.varying.map(summary.classification.label(of:)).joined(separator: ", ")
        if let note = summary.classification.note { text += "; " + note }
        text += "\n"
        let groups = summary.groups
        let single = groups.indices.filter { groups.aggregatedCount(at: $0) == 1 }.count
        if single > 0 {
            text +=
                "\(single) group\(single == 1 ? " has" : "s have") one run: no standard deviation or CI (run more seeds)\n"
        }
        let empty = groups.indices.filter { groups.aggregatedCount(at: $0) == 0 }.count
        if empty > 0 { text += "\(empty) group\(empty == 1 ? " has" : "s have") no run with the metric\n" }
        if !summary.incomplete.isEmpty {
            text +=
                "\n"
                + style.yellow("\(summary.incomplete.count) run\(summary.incomplete.count == 1 ? "" : "s") left out:")
                + "\n"
            text += SweepRendering.incompleteTable(summary).renderText(style: style)
        }
        return text
    }
}
