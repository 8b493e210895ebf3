import ArgumentParser
import Foundation
import Hyperscope

/// `hyperscope pareto`: the best trade-offs among stored runs.
struct ParetoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pareto",
        abstract:
            "The Pareto front of stored runs on several metrics: the configurations nothing beats on all of them.",
        discussion: """
            Runs with the same configuration are aggregated over seeds first (as `sweep` groups them), and a \
            configuration is on the front by its means. Each front member says which others could dominate it \
            within noise; the knee is the balanced member; the hypervolume measures the whole front.

            Examples:
              hyperscope pareto --metrics val/recall=max,train_time_s=min
              hyperscope pareto --metrics test/acc,test/ece --where 'optim.name = adam' --svg front.svg
              hyperscope pareto --metrics val/acc,val/loss,train_time_s --all --format json
            """)

    @Option(
        name: .long,
        help: ArgumentHelp(
            "The objectives: METRIC=max|min, comma-separated (a goal left out comes from --goal or the name).",
            valueName: "metrics"))
    var metrics: String

    @Option(
        name: .long,
        help: ArgumentHelp("Where on each curve: last, best, or AXIS=VALUE (epoch=10).", valueName: "point"))
    var at: String = "last"

    @Flag(name: .long, help: "List every configuration with its front number, not only the Pareto front.")
    var all = false

    @Option(
        name: .long,
        help: ArgumentHelp(
            "Also write the front as SVG: a scatter of two metrics, a scatter matrix of three or more.",
            valueName: "file")
    )
    var svg: String?

    @OptionGroup var store: StoreOptions
    @OptionGroup var selection: RunSelectionOptions
    @OptionGroup var configuration: ConfigOptions
    @OptionGroup var detection: DetectionOptions
    @OptionGroup var statuses: StatusOptions
    @OptionGroup var output: OutputOptions

    func run() async throws {
        let settings = try configuration.settings()
        let (loaded, goals) = try await selection.load(from: store)
        let judged = try statuses.resolved(whereExpression: selection.whereExpression)
        let runs = try statuses.select(loaded, whereExpression: selection.whereExpression)
        let objectives = try self.objectives(for: runs, goals: goals)
        let front = RunParetoFront(
            runs: runs, objectives: objectives, detection: detection.detection(settings), statuses: judged)
        guard !front.configurations.isEmpty else {
            throw CommandFailure(
                "no configuration has a value of every metric"
                    + (front.leftOut.first.map { " (for example, \($0))" } ?? ""))
        }
        if let svg, let document = ParetoChartSVG.render(front) { try Output.emit(document, to: svg) }
        try output.emit(
            table: ParetoRendering.table(front, includingDominated: all),
            json: { ParetoRendering.json(front, includingDominated: all) }, footer: ParetoRendering.footer(front))
    }

    /// The objectives of `--metrics`, each `METRIC[=max|min]`, at `--at`.
    private func objectives(for runs: [Run], goals: MetricGoals) throws -> [MetricSelection] {
        let items = metrics.split(separator: ",", omittingEmptySubsequences: false).map {
            $0.trimmingCharacters(in: .whitespaces)
        }
        guard items.count >= 2, !items.contains(where: \.isEmpty) else {
            throw ValidationError(
                "--metrics needs two or more metrics, comma-separated: val/recall=max,train_time_s=min")
        }
        let selections = try items.map { item -> MetricSelection in
            var name = item
            var goal: MetricGoal?
            if let equals = item.lastIndex(of: "=") {
                let suffix = String(item[item.index(after: equals)...])
                guard let given = MetricGoal(rawValue: suffix) else {
                    throw ValidationError("--metrics: '\(item)': the goal after = must be max or min")
                }
                goal = given
                name = String(item[..<equals])
            }
            switch MetricSelection.choose(metric: name, at: at, goals: goals, runs: runs) {
            case .success(var selection):
                if let goal { selection.goal = goal }
                return selection
            case .failure(let why) where CurvePoint(parsing: at) == nil: throw ValidationError("--at: \(why.reason)")
            case .failure(let why): throw CommandFailure(why.reason)
            }
        }
        guard Set(selections.map(\.metric)).count == selections.count else {
            throw ValidationError("--metrics: a metric is named twice in '\(metrics)'")
        }
        return selections
    }
}
