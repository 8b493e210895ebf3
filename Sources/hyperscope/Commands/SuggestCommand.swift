import ArgumentParser
import Foundation
import Hyperscope

/// `hyperscope suggest`: configurations worth trying next, from the TPE densities of the stored runs.
struct SuggestCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "suggest",
        abstract: "Suggest new configurations from the TPE good/bad densities fitted to the stored runs.",
        discussion: """
            The runs are split into good (top γ on the metric) and bad; a Parzen estimator per parameter is fitted to \
            each; candidates are drawn from the good densities and the ones with the highest l(x)/g(x) — the \
            expected-improvement ratio of TPE (Bergstra et al. 2011) — are shown, new configurations only.
            """)

    @OptionGroup var analysis: AnalysisOptions
    @OptionGroup var output: OutputOptions

    @Option(name: .short, help: "How many configurations.")
    var n: Int = 5

    @Option(name: .long, help: "The fraction of runs counted good.")
    var gamma: Double = 0.25

    @Option(name: .long, help: "Seed of the sampling; the same runs and seed give the same suggestions.")
    var seed: UInt64 = 0

    @Option(
        name: .long,
        help: ArgumentHelp(
            "Also write the suggestions to this YAML file, for a search to start from.", valueName: "file"))
    var export: String?

    func validate() throws {
        if n < 1 { throw ValidationError("-n must be at least 1") }
        if !(gamma > 0 && gamma < 1) { throw ValidationError("--gamma must be between 0 and 1") }
    }

    func run() async throws {
        let input = try await analysis.loadTable()
        let (settings, chosen) = (input.settings, input.metric)
        let suggestions: [Suggestion]
        switch TPESuggestions.suggest(
            input.table, objectives: input.values[0], selection: chosen, count: n, gamma: gamma, seed: seed,
            detection: input.detection)
        {
        case .success(let value): suggestions = value
        case .failure(let why): throw why
        }
        let keys = Array(Set(suggestions.flatMap(\.params.keys))).sorted()
        if let export {
            try Output.emit(
                Self.yaml(
                    suggestions, keys: keys,
                    header: "hyperscope suggest --metric \(chosen.metric) -n \(n) --gamma \(gamma) --seed \(seed)"),
                to: export)
        }
        let table = TextTable(
            columns: [TextTable.Column("#", alignment: .right)]
                + keys.map { TextTable.Column(settings.displayNames.name(of: $0)) }
                + [TextTable.Column("l(x)/g(x)", alignment: .right)],
            rows: suggestions.enumerated().map { index, suggestion in
                [String(index + 1)] + keys.map { key in suggestion.params[key].map { Self.shown($0) } ?? "–" }
                    + [NumberFormatting.metric(suggestion.improvementRatio, digits: 3)]
            })
        let footer = export.map { "\nwritten to \($0)\n" } ?? ""
        try output.emit(
            table: table,
            json: {
                .list(
                    suggestions.map { suggestion in
                        .object([
                            Value.Field(
                                "params",
                                .object(keys.compactMap { key in suggestion.params[key].map { Value.Field(key, $0) } })),
                            Value.Field("improvement_ratio", .float(suggestion.improvementRatio)),
                        ])
                    })
            }, footer: footer)
    }

    private static func shown(_ value: Value) -> String {
        if let number = value.numericValue, case .float = value { return NumberFormatting.metric(number, digits: 4) }
        return value.displayText
    }

    /// The suggestions as YAML (values in JSON flow style, which YAML reads as is).
    static func yaml(_ suggestions: [Suggestion], keys: [String], header: String) -> String {
        var text = "# Suggested by \(header.escapingControlCharacters)\nsuggestions:\n"
        let writer = JSONWriter()
        for suggestion in suggestions {
            text += "  - params:\n"
            for key in keys {
                guard let value = suggestion.params[key] else { continue }
                var quotedKey = ""
                JSONWriter.appendQuoted(key, to: &quotedKey)
                text += "      \(quotedKey): \(writer.string(from: value))\n"
            }
            text += "    improvement_ratio: \(suggestion.improvementRatio)\n"
        }
        return text
    }
}
