import ArgumentParser
import Hyperscope

/// `hyperscope importance`: which parameters matter to the metric.
struct ImportanceCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "importance",
        abstract: "Parameter importance by fANOVA over random forests (with its spread over seeds) and PED-ANOVA.",
        discussion: """
            fANOVA (Hutter et al. 2014) fits a random forest to the runs and reports the share of its variance each \
            parameter explains on its own, averaged over several forest seeds; the ± column shows how stable that is. \
            PED-ANOVA (Watanabe et al. 2023) compares each parameter's distribution among the top 10% of runs with \
            all runs. Wide-ranging positive numbers are taken on a log scale, text values as categories, and a \
            missing (conditional) parameter as a value of its own.
            """)

    @OptionGroup var analysis: AnalysisOptions
    @OptionGroup var output: OutputOptions

    @Option(name: .long, help: "Forest seeds to average over.")
    var seeds: Int = ParameterImportance.standardSeeds.count

    @Option(name: .long, help: "Trees per forest.")
    var trees: Int = ParameterImportance.standardTreeCount

    func validate() throws {
        if seeds < 1 || trees < 1 { throw ValidationError("--seeds and --trees must be at least 1") }
    }

    func run() async throws {
        let input = try await analysis.loadTable()
        let (settings, chosen) = (input.settings, input.metric)
        let result = ParameterImportance.compute(
            input.table, objectives: input.values[0], selection: chosen, detection: input.detection,
            seeds: (0..<UInt64(seeds)).map { $0 }, treeCount: trees)
        switch result {
        case .failure(let why): throw why
        case .success(let importance):
            let names = settings.displayNames
            let sampled =
                importance.runCount < importance.scoredRunCount
                ? " (an even spread of \(importance.scoredRunCount))" : ""
            let footer =
                "\n\(importance.runCount) runs\(sampled), \(chosen.metric) at \(chosen.point); fANOVA averaged over \(seeds) forests of \(trees) trees\n"
                + (importance.classification.note.map { $0 + "\n" } ?? "")
            try output.emit(
                table: ImportanceRendering.table(importance, names: names),
                json: { ImportanceRendering.json(importance, names: names) }, footer: footer)
        }
    }
}
