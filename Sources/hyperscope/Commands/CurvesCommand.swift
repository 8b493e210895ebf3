import ArgumentParser
import Foundation
import Hyperscope

/// `hyperscope curves`: training dynamics by group, as a table and an SVG chart.
struct CurvesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "curves",
        abstract: "Mean learning curve and 95% CI band per group, as a table and an SVG line chart.",
        discussion: "Example: hyperscope curves --metric val/acc --by optim.name,optim.lr --x epoch --svg curves.svg")

    @OptionGroup var store: StoreOptions
    @OptionGroup var selection: RunSelectionOptions
    @OptionGroup var output: OutputOptions

    @Option(name: .long, help: ArgumentHelp("The metric, as SPLIT/NAME.", valueName: "metric"))
    var metric: String

    @Option(name: .long, help: ArgumentHelp("Group by these parameters (comma-separated).", valueName: "params"))
    var by: String = ""

    @Option(
        name: .customLong("x"),
        help: ArgumentHelp("The x-axis: epoch, step, time, …, or index (the point's position).", valueName: "axis"))
    var xAxis: String = "epoch"

    @Option(name: .long, help: ArgumentHelp("Also write the chart to this SVG file.", valueName: "file"))
    var svg: String?

    @Flag(name: .customLong("log-x"), help: "Logarithmic x-axis.")
    var logX = false

    @Flag(name: .customLong("log-y"), help: "Logarithmic y-axis.")
    var logY = false

    func run() async throws {
        let (runs, _) = try await selection.load(from: store)
        let keys = by.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        for key in keys where !runs.contains(where: { $0.params[key] != nil }) {
            throw CommandFailure("no run has the parameter '\(key)'")
        }
        let bands = CurveBands(runs: runs, metric: MetricKey(parsing: metric), groupedBy: keys, xAxis: xAxis)
        guard !bands.bands.isEmpty else {
            let reasons = Set(bands.skipped.map(\.reason)).sorted().joined(separator: "; ")
            throw CommandFailure(
                "no curve to draw for \(metric) against \(xAxis)\(reasons.isEmpty ? "" : ": " + reasons)")
        }
        if let svg {
            try Output.emit(SVGLineChart.render(CurveBandsRendering.chart(bands, logX: logX, logY: logY)), to: svg)
        }
        var footer = svg.map { "chart written to \($0)\n" } ?? ""
        if !bands.skipped.isEmpty {
            footer +=
                "\(bands.skipped.count) run(s) skipped: "
                + Set(bands.skipped.map(\.reason)).sorted().joined(separator: "; ") + "\n"
        }
        try output.emit(
            table: CurveBandsRendering.table(bands), json: { CurveBandsRendering.json(bands) }, footer: footer)
    }
}
