import Foundation
import HyperscopeAnalysis
import HyperscopeCore
import HyperscopeIngest
import Yams

/// Reads a search configuration from YAML, in Hyperscope's layout or in the sampler-bench dialect.
///
/// ```yaml
/// study: lr-search
/// objective:
///   command: [python, train.py, --lr, "{lr}", --optimizer, "{optimizer}", --seed, "{seed}"]
///   metric: val/acc
///   goal: max          # or min; default from the metric's name
///   at: last           # or best, or a point such as epoch=10
///   timeout: 600       # seconds
///   retries: 1
///   max_consecutive_failures: 5   # stop when this many trials in a row fail the same way; 0: never
///   env: {CUDA_VISIBLE_DEVICES: "0"}
///   workdir: .
/// parameters:
///   lr: {type: float, low: 1.0e-4, high: 1.0, log: true}
///   optimizer: [sgd, adam]
/// derived:
///   scaled_lr: "lr * batch_size / 256"
/// strategy: tpe        # grid, random, sobol, tpe, gp, nsga2, motpe; auto (the default): tpe, motpe, nsga2 by objectives
/// constraints: ["memory_gb <= 16"]   # a trial breaking one is infeasible: never best, never on the front
/// objectives:          # instead of objective.metric, for a search of trade-offs (no pruner then)
///   - {metric: val/recall, goal: max}
///   - {metric: train_time_s, goal: min, at: last}
/// trials: 50
/// repeats: 3
/// parallel: 2
/// seed: 0
/// preflight: [[curl, -sf, "http://localhost:8000/health"]]
/// sampler: {startup_trials: 10, multivariate: true, candidates: 24}   # TPE's settings; GP uses startup_trials
///   # NSGA-II: {population_size: 50}
/// pruner: {type: median, startup_trials: 5, warmup_steps: 2}
///   # or {type: asha, min_resource: 1, reduction_factor: 3, min_early_stopping_rate: 0}
///   # or {type: hyperband, min_resource: 1, max_resource: 27, reduction_factor: 3}
///   # or {type: patience, patience: 3, min_delta: 0.001}
/// sections:
///   quick_test: {trials: 5, repeats: 1}
/// results: {...}     # what `hyperscope report --export` wrote about the study; not read here
/// ```
///
/// A section chosen with `--section` replaces the root's keys it names; `--set key.path=value`
/// overrides any key after that. Every mistake is a ``ConfigurationError`` naming the file, line,
/// column and key path.
public enum SearchConfigurationFile {
    /// The keys of Hyperscope's layout.
    static let nativeKeys = [
        "study", "objective", "objectives", "constraints", "parameters", "derived", "strategy", "trials", "repeats",
        "repeat_over", "parallel", "seed", "preflight", "sampler",
        "pruner", "sections", "results",
    ]

    /// Reads the configuration at `path`.
    ///
    /// - Parameters:
    ///   - section: The named section to apply, if any.
    ///   - overrides: `key.path=value` assignments applied last (values are read as YAML).
    /// - Throws: ``ConfigurationError`` with the location of the mistake.
    public static func load(
        path: String, section: String? = nil, overrides: [String] = []
    ) throws -> SearchConfiguration {
        let text = try ConfigurationText.read(path, what: "the search configuration")
        return try parse(text, path: path, section: section, overrides: overrides)
    }

    /// Reads a configuration from text; `path` names it in errors.
    public static func parse(
        _ text: String, path: String, section: String? = nil, overrides: [String] = []
    ) throws -> SearchConfiguration {
        var reader = YAMLReader(path: path)
        guard let root = try reader.document(text: text) else {
            throw ConfigurationError(.invalidValue, "the search configuration is empty", at: ErrorLocation(file: path))
        }
        var pairs = try reader.mapping(root, at: "")
        let dialect = try SamplerBenchDialect.isUsed(by: pairs, reader: reader)
        let sections = try sectionsOf(pairs, dialect: dialect, reader: reader)
        pairs.removeAll { pair in
            guard let name = pair.0.string else { return false }
            return name == "sections" || (dialect && sections[name] != nil)
        }
        if let section {
            guard let chosen = sections[section] else {
                let known = sections.keys.sorted()
                throw ConfigurationError(
                    .invalidValue, inFile: path,
                    "no section '\(section)'"
                        + (known.isEmpty
                            ? "; the file has no sections" : "; sections: \(known.joined(separator: ", "))"))
            }
            pairs = merge(pairs, with: try reader.mapping(chosen, at: section))
        }
        for assignment in overrides {
            let (keyPath, value) = try parseOverride(assignment)
            pairs = set(value, at: keyPath.split(separator: ".").map(String.init), in: pairs)
            reader.overriddenKeyPaths.append(keyPath)
        }
        let merged = Node.mapping(Node.Mapping(pairs))
        var configuration =
            dialect
            ? try SamplerBenchDialect.configuration(merged, reader: reader)
            : try nativeConfiguration(merged, reader: reader)
        configuration.resolved = YAMLDocument.value(of: merged)
        return configuration
    }

    // MARK: - Hyperscope's layout

    private static func nativeConfiguration(_ root: Node, reader: YAMLReader) throws -> SearchConfiguration {
        let given = try reader.fields(root, at: "", allowed: nativeKeys)
        guard let parametersNode = given["parameters"]?.value else {
            throw reader.error(root, at: "parameters", "the search needs parameters: {name: range, ...}")
        }
        let parameters = try reader.searchParameters(parametersNode, at: "parameters")
        guard !parameters.isEmpty else {
            throw reader.error(parametersNode, at: "parameters", "expected at least one parameter")
        }
        let known = Set(SearchSpace(parameters: parameters).dimensions.map(\.name))
        let derived =
            try given["derived"].map { try reader.derivedParameters($0.value, at: "derived", known: known) } ?? []
        guard let objectiveNode = given["objective"]?.value else {
            throw reader.error(root, at: "objective", "the search needs objective: {command: [...], metric: ...}")
        }
        var configuration = SearchConfiguration(
            space: SearchSpace(parameters: parameters, derived: derived),
            objective: try objective(objectiveNode, at: "objective", reader: reader))
        try readCommonKeys(given, into: &configuration, reader: reader)
        if let study = given["study"] { configuration.study = try reader.valueText(study.value, at: "study") }
        try readObjectives(given, into: &configuration, reader: reader)
        if let node = given["constraints"]?.value {
            guard case .sequence(let items) = node else {
                throw reader.error(
                    node, at: "constraints", "expected a list such as [\"memory_gb <= 16\", \"val/loss < 1\"]")
            }
            configuration.constraints = try items.enumerated().map { index, item in
                let text = try reader.valueText(item, at: "constraints[\(index)]")
                guard let constraint = MetricConstraint(parsing: text) else {
                    throw reader.error(
                        item, at: "constraints[\(index)]",
                        "expected METRIC OP NUMBER with OP one of <=, <, >=, > (such as memory_gb <= 16); got '\(text)'"
                    )
                }
                return constraint
            }
        }
        if let trials = given["trials"] {
            configuration.trials = try reader.integer(trials.value, at: "trials", minimum: 1)
        }
        if let repeats = given["repeats"] {
            configuration.repeats = try reader.integer(repeats.value, at: "repeats", minimum: 1)
        }
        if let axis = given["repeat_over"] {
            let pairs = try reader.mapping(axis.value, at: "repeat_over")
            guard pairs.count == 1, let (nameNode, valuesNode) = pairs.first, case .sequence(let values) = valuesNode,
                !values.isEmpty
            else {
                throw reader.error(
                    axis.value, at: "repeat_over",
                    "expected one name and its list of values, such as {prompt: [\"a\", \"b\"]}")
            }
            configuration.repeatAxis = RepeatAxis(
                name: try reader.key(nameNode, at: "repeat_over"), values: values.map(YAMLDocument.value(of:)))
        }
        return configuration
    }

    /// Reads the keys both layouts share: parallel, seed, preflight, sampler, pruner.
    static func readCommonKeys(
        _ given: [String: (key: Node, value: Node)], into configuration: inout SearchConfiguration, reader: YAMLReader
    ) throws {
        if let parallel = given["parallel"] {
            configuration.parallel = try reader.integer(parallel.value, at: "parallel", minimum: 1)
        }
        if let seed = given["seed"] {
            configuration.seed = UInt64(try reader.integer(seed.value, at: "seed", minimum: 0))
        }
        if let preflight = given["preflight"] {
            configuration.preflight = try commands(preflight.value, at: "preflight", reader: reader)
        }
        if let tpe = given["sampler"] {
            let fields = try reader.fields(
                tpe.value, at: "sampler", allowed: ["multivariate", "startup_trials", "candidates", "population_size"])
            if let value = fields["population_size"] {
                configuration.sampler.populationSize = try reader.integer(
                    value.value, at: "sampler.population_size", minimum: 2)
            }
            if let value = fields["multivariate"] {
                configuration.sampler.multivariate = try reader.bool(value.value, at: "sampler.multivariate")
            }
            if let value = fields["startup_trials"] {
                configuration.sampler.startupTrials = try reader.integer(
                    value.value, at: "sampler.startup_trials", minimum: 0)
            }
            if let value = fields["candidates"] {
                configuration.sampler.candidates = try reader.integer(value.value, at: "sampler.candidates", minimum: 1)
            }
        }
        if let pruner = given["pruner"] { configuration.pruner = try Self.pruner(pruner.value, reader: reader) }
    }

    private static func pruner(_ node: Node, reader: YAMLReader) throws -> PrunerSettings? {
        if case .scalar = node, try reader.valueText(node, at: "pruner") == "none" { return nil }
        let given = try reader.fields(
            node, at: "pruner",
            allowed: [
                "type", "startup_trials", "warmup_steps", "min_resource", "max_resource", "reduction_factor",
                "min_early_stopping_rate", "patience", "min_delta",
            ])
        guard let typeNode = given["type"]?.value else {
            throw reader.error(node, at: "pruner", "expected type: median, asha, hyperband, patience or none")
        }
        func number(_ key: String, default value: Double?, above minimum: Double) throws -> Double {
            guard let field = given[key] else {
                guard let value else { throw reader.error(node, at: "pruner", "this pruner needs \(key)") }
                return value
            }
            let number = try reader.number(field.value, at: "pruner.\(key)")
            guard number > minimum else {
                throw reader.error(
                    field.value, at: "pruner.\(key)", "expected a number above \(Value.formatFloat(minimum))")
            }
            return number
        }
        func allowOnly(_ keys: [String]) throws {
            if let extra = given.first(where: { $0.key != "type" && !keys.contains($0.key) }) {
                throw reader.error(
                    extra.value.key, at: "pruner.\(extra.key)",
                    "not a setting of this pruner; expected \(keys.joined(separator: ", "))")
            }
        }
        switch try reader.valueText(typeNode, at: "pruner.type") {
        case "none": return nil
        case "median":
            try allowOnly(["startup_trials", "warmup_steps"])
            let startup =
                try given["startup_trials"].map {
                    try reader.integer($0.value, at: "pruner.startup_trials", minimum: 1)
                } ?? 5
            return .median(startupTrials: startup, warmupSteps: try number("warmup_steps", default: 0, above: -1))
        case "asha", "successive_halving":
            try allowOnly(["min_resource", "reduction_factor", "min_early_stopping_rate"])
            let rate =
                try given["min_early_stopping_rate"].map {
                    try reader.integer($0.value, at: "pruner.min_early_stopping_rate", minimum: 0)
                } ?? 0
            return .successiveHalving(
                minimumResource: try number("min_resource", default: 1, above: 0),
                reductionFactor: try number("reduction_factor", default: 3, above: 1),
                minimumEarlyStoppingRate: rate)
        case "hyperband":
            try allowOnly(["min_resource", "max_resource", "reduction_factor"])
            let minimum = try number("min_resource", default: 1, above: 0)
            let maximum = try number("max_resource", default: nil, above: minimum)
            return .hyperband(
                minimumResource: minimum, maximumResource: maximum,
                reductionFactor: try number("reduction_factor", default: 3, above: 1))
        case "patience":
            try allowOnly(["patience", "min_delta"])
            let steps =
                try given["patience"].map { try reader.integer($0.value, at: "pruner.patience", minimum: 1) } ?? 3
            return .patience(steps: steps, minimumDelta: try number("min_delta", default: 0, above: -1e-300))
        case let other:
            throw reader.error(
                typeNode, at: "pruner.type",
                "unknown pruner '\(other)'; expected median, asha, hyperband, patience or none")
        }
    }

    /// The keys `objective:` takes.
    static let objectiveKeys = [
        "command", "metric", "goal", "at", "timeout", "retries", "max_consecutive_failures", "env", "workdir",
    ]

    /// Reads `objective: {command, metric, goal, at, timeout, retries, max_consecutive_failures, env, workdir}`.
    static func objective(_ node: Node, at keyPath: String, reader: YAMLReader) throws -> ObjectiveSettings {
        let given = try reader.fields(node, at: keyPath, allowed: objectiveKeys)
        let command =
            try given["command"].map { try argv($0.value, at: YAMLReader.join(keyPath, "command"), reader: reader) }
            ?? []
        let metric =
            try given["metric"].map { try reader.valueText($0.value, at: YAMLReader.join(keyPath, "metric")) }
            ?? "objective"
        var settings = ObjectiveSettings(command: command, metric: metric)
        if let goal = given["goal"] {
            settings.goal = try Self.goal(goal.value, at: YAMLReader.join(keyPath, "goal"), reader: reader)
        }
        if let point = given["at"] {
            settings.point = try Self.point(point.value, at: YAMLReader.join(keyPath, "at"), reader: reader)
        }
        if let timeout = given["timeout"] {
            let seconds = try reader.number(timeout.value, at: YAMLReader.join(keyPath, "timeout"))
            guard seconds > 0 else {
                throw reader.error(
                    timeout.value, at: YAMLReader.join(keyPath, "timeout"), "expected a number of seconds above 0")
            }
            settings.timeoutSeconds = seconds
        }
        if let retries = given["retries"] {
            settings.retries = try reader.integer(retries.value, at: YAMLReader.join(keyPath, "retries"), minimum: 0)
        }
        if let limit = given["max_consecutive_failures"] {
            settings.maximumConsecutiveFailures = try reader.integer(
                limit.value, at: YAMLReader.join(keyPath, "max_consecutive_failures"), minimum: 0)
        }
        if let environment = given["env"] {
            for (nameNode, valueNode) in try reader.mapping(environment.value, at: YAMLReader.join(keyPath, "env")) {
                let name = try reader.key(nameNode, at: YAMLReader.join(keyPath, "env"))
                settings.environment[name] = try reader.valueText(
                    valueNode, at: YAMLReader.join(keyPath, "env.\(name)"))
            }
        }
        if let folder = given["workdir"] {
            settings.workingDirectory = try reader.valueText(folder.value, at: YAMLReader.join(keyPath, "workdir"))
        }
        return settings
    }

    /// Reads a strategy name.
    static func strategy(_ node: Node, at keyPath: String, reader: YAMLReader) throws -> SearchStrategy {
        let name = try reader.valueText(node, at: keyPath)
        guard let strategy = SearchStrategy(loosely: name) else {
            throw reader.error(
                node, at: keyPath,
                "unknown strategy '\(name)'; expected grid, random, sobol, tpe (or bayesian), gp, nsga2, motpe or auto")
        }
        return strategy
    }

    private static func argv(_ node: Node, at keyPath: String, reader: YAMLReader) throws -> [String] {
        guard case .sequence(let items) = node else {
            throw reader.error(
                node, at: keyPath,
                "expected the command as a list of arguments, such as [python, train.py, --lr, \"{lr}\"]; it never runs through a shell"
            )
        }
        let arguments = try items.map { try reader.valueText($0, at: keyPath) }
        guard !arguments.isEmpty else { throw reader.error(node, at: keyPath, "the command is empty") }
        return arguments
    }

    private static func commands(_ node: Node, at keyPath: String, reader: YAMLReader) throws -> [[String]] {
        guard case .sequence(let items) = node else {
            throw reader.error(node, at: keyPath, "expected a list of commands, each a list of arguments")
        }
        return try items.enumerated().map { index, item in try argv(item, at: "\(keyPath)[\(index)]", reader: reader) }
    }

    // MARK: - Sections and overrides

    private static func sectionsOf(_ pairs: [(Node, Node)], dialect: Bool, reader: YAMLReader) throws -> [String: Node]
    {
        var sections: [String: Node] = [:]
        for (keyNode, value) in pairs {
            let name = try reader.key(keyNode, at: "")
            if name == "sections" {
                for (sectionKey, body) in try reader.mapping(value, at: "sections") {
                    sections[try reader.key(sectionKey, at: "sections")] = body
                }
            } else if dialect, SamplerBenchDialect.isSection(name: name, value: value) {
                sections[name] = value
            }
        }
        return sections
    }

    private static func merge(_ base: [(Node, Node)], with overlay: [(Node, Node)]) -> [(Node, Node)] {
        var result = base
        for (key, value) in overlay {
            if let index = result.firstIndex(where: { $0.0 == key }) {
                result[index].1 = value
            } else {
                result.append((key, value))
            }
        }
        return result
    }

    private static func parseOverride(_ assignment: String) throws -> (String, Node) {
        guard let equals = assignment.firstIndex(of: "="), equals != assignment.startIndex else {
            throw ConfigurationError(
                .invalidValue, at: ErrorLocation(option: "--set \(assignment)"),
                "expected key.path=value, such as trials=20 or parameters.lr.high=0.5")
        }
        let keyPath = String(assignment[..<equals])
        let text = String(assignment[assignment.index(after: equals)...])
        let node = (try? Yams.compose(yaml: text)) ?? nil
        return (keyPath, node ?? Node(text))
    }

    private static func set(_ value: Node, at keys: [String], in pairs: [(Node, Node)]) -> [(Node, Node)] {
        guard let first = keys.first else { return pairs }
        let keyNode = Node(first)
        var result = pairs
        let index = result.firstIndex { $0.0.string == first }
        if keys.count == 1 {
            if let index { result[index].1 = value } else { result.append((keyNode, value)) }
            return result
        }
        let existing: [(Node, Node)]
        if let index, case .mapping(let mapping) = result[index].1 {
            existing = mapping.map { ($0.key, $0.value) }
        } else {
            existing = []
        }
        let nested = Node.mapping(Node.Mapping(set(value, at: Array(keys.dropFirst()), in: existing)))
        if let index { result[index].1 = nested } else { result.append((keyNode, nested)) }
        return result
    }
}
