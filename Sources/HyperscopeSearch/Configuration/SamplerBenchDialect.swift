import HyperscopeCore
import HyperscopeIngest
import Yams

/// The sampler-bench layout of a search configuration, read as it is so its users need not rewrite it:
///
/// ```yaml
/// search_strategy: bayesian         # grid, random or bayesian (TPE)
/// n_iterations: 50                  # trials
/// samples_per_config: 3             # repeats
/// seed: 42
/// max_length: 512                   # any other scalar: a fixed parameter ({max_length})
/// sampler_types: [top_p, min_p]     # the branching parameter {sampler_type}
/// parameter_ranges:
///   top_p: {temperature: [0.6, 0.8, 1.0], top_p: [0.9, 0.95]}
///   min_p: {temperature: [0.7, 1.0], min_p: [0.01, 0.05]}
/// test_prompts: ["Write …", "Create …"]   # every configuration runs every prompt ({prompt})
/// quick_test:                       # a section: selected with --section quick_test
///   search_strategy: random
///   n_iterations: 10
/// ```
///
/// Hyperscope's own `objective`, `parallel`, `preflight`, `study`, `sampler` and `pruner` keys may be added; the
/// command may also be given on the command line after `--`.
enum SamplerBenchDialect {
    /// Keys only this dialect uses; one of them at the top level selects it.
    static let markerKeys = [
        "search_strategy", "n_iterations", "samples_per_config", "sampler_types", "parameter_ranges",
    ]
    /// Every key with a meaning in the dialect (the rest are sections or fixed parameters).
    static let knownKeys =
        markerKeys + [
            "seed", "test_prompts", "objective", "parallel", "preflight", "study", "sampler", "pruner", "sections",
            "strategy", "trials", "repeats",
        ]

    /// Whether a top-level mapping is in this dialect.
    static func isUsed(by pairs: [(Node, Node)], reader: YAMLReader) throws -> Bool {
        try pairs.contains { markerKeys.contains(try reader.key($0.0, at: "")) }
    }

    /// Whether a top-level key of the dialect is a section: an unknown key holding a mapping.
    static func isSection(name: String, value: Node) -> Bool {
        guard !knownKeys.contains(name), case .mapping = value else { return false }
        return true
    }

    /// The configuration the dialect's (merged) root describes.
    static func configuration(_ root: Node, reader: YAMLReader) throws -> SearchConfiguration {
        var given: [String: (key: Node, value: Node)] = [:]
        var fixed: [SearchParameter] = []
        for (keyNode, value) in try reader.mapping(root, at: "") {
            let name = try reader.key(keyNode, at: "")
            if knownKeys.contains(name) {
                given[name] = (keyNode, value)
            } else {
                fixed.append(SearchParameter(name: name, domain: .fixed(YAMLDocument.value(of: value))))
            }
        }
        let branches = try samplerBranches(given, reader: reader)
        var parameters = fixed
        if !branches.isEmpty {
            parameters.insert(
                SearchParameter(name: "sampler_type", domain: .categorical(branches.map(\.choice)), branches: branches),
                at: 0)
        }
        guard SearchSpace(parameters: parameters).dimensions.contains(where: { $0.domain.isVariable }) else {
            throw reader.error(
                root, at: "parameter_ranges",
                "nothing to search: give sampler_types and parameter_ranges with more than one value")
        }
        let objective = try given["objective"].map {
            try SearchConfigurationFile.objective($0.value, at: "objective", reader: reader)
        }
        var configuration = SearchConfiguration(
            space: SearchSpace(parameters: parameters), objective: objective ?? ObjectiveSettings(command: []))
        try SearchConfigurationFile.readCommonKeys(given, into: &configuration, reader: reader)
        if let study = given["study"] { configuration.study = try reader.valueText(study.value, at: "study") }
        if let strategy = given["search_strategy"] ?? given["strategy"] {
            configuration.strategy = try SearchConfigurationFile.strategy(
                strategy.value, at: reader.key(strategy.key, at: ""), reader: reader)
        }
        if let trials = given["n_iterations"] ?? given["trials"] {
            configuration.trials = try reader.integer(trials.value, at: reader.key(trials.key, at: ""), minimum: 1)
        }
        if let repeats = given["samples_per_config"] ?? given["repeats"] {
            configuration.repeats = try reader.integer(repeats.value, at: reader.key(repeats.key, at: ""), minimum: 1)
        }
        if let prompts = given["test_prompts"] {
            guard case .sequence(let items) = prompts.value, !items.isEmpty else {
                throw reader.error(prompts.value, at: "test_prompts", "expected a list of prompts")
            }
            configuration.repeatAxis = RepeatAxis(name: "prompt", values: items.map(YAMLDocument.value(of:)))
        }
        // Grid search in sampler-bench means every point once, whatever n_iterations says.
        if configuration.strategy == .grid { configuration.trials = nil }
        return configuration
    }

    private static func samplerBranches(
        _ given: [String: (key: Node, value: Node)], reader: YAMLReader
    ) throws -> [SearchBranch] {
        let ranges = try given["parameter_ranges"].map { try reader.mapping($0.value, at: "parameter_ranges") } ?? []
        let types: [String]
        if let declared = given["sampler_types"] {
            types = try reader.strings(declared.value, at: "sampler_types")
        } else {
            types = try ranges.map { try reader.key($0.0, at: "parameter_ranges") }
        }
        return try types.map { type in
            let rangesNode = ranges.first { $0.0.string == type }?.1
            let parameters =
                try rangesNode.map { try reader.searchParameters($0, at: "parameter_ranges.\(type)") } ?? []
            return SearchBranch(choice: .string(type), parameters: parameters)
        }
    }
}
