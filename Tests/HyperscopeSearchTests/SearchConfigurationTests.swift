import Foundation
import HyperscopeAnalysis
import HyperscopeCore
import HyperscopeSearch
import TestSupport
import Testing

@Suite("Search configuration files")
struct SearchConfigurationTests {
    static let full = """
        study: lr-search
        objective:
          command: [python, train.py, --lr, "{lr}", "--bs={batch_size}", --seed, "{seed}"]
          metric: val/acc
          at: best
          timeout: 60
          retries: 2
          env: {CUDA_VISIBLE_DEVICES: "0"}
          workdir: "{trial_dir}"
        parameters:
          lr: {type: float, low: 1.0e-4, high: 1.0, log: true}
          dropout: {low: 0.0, high: 0.5, step: 0.1}
          batch_size: {type: int, low: 16, high: 256, log: true}
          optimizer: [sgd, adam]
          activation: {type: categorical, choices: [relu, gelu]}
          epochs: 10
          sampler_type:
            top_p: {temperature: {low: 0.6, high: 1.3}, top_p: [0.9, 0.95]}
            min_p: {temperature: {low: 0.7, high: 1.6}, min_p: {low: 0.01, high: 0.1, log: true}}
        derived:
          scaled_lr: "lr * batch_size / 256"
          steps: "epochs * 100"
        strategy: gp
        trials: 30
        repeats: 3
        parallel: 2
        seed: 11
        preflight: [[curl, -sf, "http://localhost:8000/health"]]
        sampler: {startup_trials: 5, multivariate: false}
        pruner: {type: hyperband, min_resource: 1, max_resource: 27}
        sections:
          quick_test: {trials: 4, repeats: 1}
        """

    @Test("every parameter shape, derived parameters, the objective and the search settings are read")
    func readsEverything() throws {
        let configuration = try SearchConfigurationFile.parse(Self.full, path: "search.yaml")
        #expect(configuration.study == "lr-search")
        let domains = Dictionary(
            configuration.space.dimensions.map { ($0.id, $0.domain) }, uniquingKeysWith: { first, _ in first })
        #expect(domains["lr"] == .float(low: 1e-4, high: 1, logarithmic: true, step: nil))
        #expect(domains["dropout"] == .float(low: 0, high: 0.5, logarithmic: false, step: 0.1))
        #expect(domains["batch_size"] == .integer(low: 16, high: 256, logarithmic: true, step: 1))
        #expect(domains["optimizer"] == .categorical([.string("sgd"), .string("adam")]))
        #expect(domains["activation"] == .categorical([.string("relu"), .string("gelu")]))
        #expect(domains["epochs"] == .fixed(.int(10)))
        #expect(domains["sampler_type=top_p/temperature"] == .float(low: 0.6, high: 1.3, logarithmic: false, step: nil))
        #expect(domains["sampler_type=min_p/temperature"] == .float(low: 0.7, high: 1.6, logarithmic: false, step: nil))
        #expect(domains["sampler_type=min_p/min_p"] == .float(low: 0.01, high: 0.1, logarithmic: true, step: nil))
        #expect(configuration.space.derived.map(\.name) == ["scaled_lr", "steps"])
        let objective = configuration.objective
        #expect(objective.command == ["python", "train.py", "--lr", "{lr}", "--bs={batch_size}", "--seed", "{seed}"])
        #expect(objective.metric == "val/acc" && objective.goal == .maximize && objective.point == .best)
        #expect(
            objective.timeoutSeconds == 60 && objective.retries == 2
                && objective.environment == ["CUDA_VISIBLE_DEVICES": "0"])
        #expect(
            configuration.strategy == .gp && configuration.trials == 30 && configuration.repeats == 3
                && configuration.parallel == 2)
        #expect(
            configuration.seed == 11 && configuration.preflight == [["curl", "-sf", "http://localhost:8000/health"]])
        #expect(configuration.sampler == SamplerSettings(multivariate: false, startupTrials: 5, candidates: 24))
        #expect(configuration.pruner == .hyperband(minimumResource: 1, maximumResource: 27, reductionFactor: 3))
        try configuration.validate()
    }

    @Test("derived parameters follow the linear scaling rule and stay integers when exact")
    func derivedValues() throws {
        let configuration = try SearchConfigurationFile.parse(Self.full, path: "search.yaml")
        let params = try configuration.space.withDerived([
            "lr": .float(0.1), "batch_size": .int(512), "epochs": .int(10),
        ])
        #expect(params["scaled_lr"] == .float(0.2))
        #expect(params["steps"] == .int(1000))
    }

    @Test("a section overrides the root's keys, and --set overrides any key path after it")
    func sectionsAndOverrides() throws {
        let quick = try SearchConfigurationFile.parse(
            Self.full, path: "s.yaml", section: "quick_test", overrides: ["parameters.lr.high=0.5", "strategy=random"])
        #expect(quick.trials == 4 && quick.repeats == 1 && quick.strategy == .random)
        #expect(
            quick.space.dimensions.first { $0.name == "lr" }?.domain
                == .float(low: 1e-4, high: 0.5, logarithmic: true, step: nil))
        #expect(quick.resolved["trials"] == .int(4))
        #expect(throws: ConfigurationError.self) {
            try SearchConfigurationFile.parse(Self.full, path: "s.yaml", section: "nope")
        }
    }

    @Test("the sampler-bench layout is read as written: branches, prompts as a repeat axis, sections")
    func samplerBenchDialect() throws {
        let path = TestSupport.fixture("search/sampler_bench_config.yaml")
        let configuration = try SearchConfigurationFile.load(path: path)
        #expect(
            configuration.strategy == .tpe && configuration.trials == 12 && configuration.repeats == 2
                && configuration.seed == 7)
        #expect(configuration.repeatAxis?.name == "prompt" && configuration.repeatAxis?.values.count == 3)
        #expect(configuration.runsPerTrial == 6)
        let sampler = try #require(configuration.space.parameters.first { $0.name == "sampler_type" })
        #expect(sampler.branches.map(\.choice) == [.string("top_p"), .string("min_p")])
        let minP = configuration.space.dimensions.filter { $0.conditions.first?.choice == .string("min_p") }
        #expect(minP.map(\.name) == ["temperature", "min_p", "max_tokens"])
        #expect(minP[2].domain == .fixed(.int(256)), "a one-value list is a fixed parameter")
        #expect(configuration.space.dimensions.contains { $0.name == "max_length" && $0.domain == .fixed(.int(256)) })
        #expect(configuration.objective.command.isEmpty, "the dialect has no command: it comes after --")
        #expect(throws: ConfigurationError.self) { try configuration.validate() }

        let grid = try SearchConfigurationFile.load(path: path, section: "intensive_search")
        #expect(grid.strategy == .grid && grid.trials == nil && grid.space.gridSize == 4 && grid.trialBudget == 4)
        let quick = try SearchConfigurationFile.load(path: path, section: "quick_test")
        #expect(quick.strategy == .random && quick.trials == 4 && quick.runsPerTrial == 1)
    }

    @Test(
        "mistakes name the file, line, column and key path",
        arguments: [
            (
                "parameters:\n  lr: {low: 1, high: 0.1}\nobjective: {command: [a]}",
                "s.yaml:2:22: parameters.lr.high: high (0.1) must be above low (1)"
            ),
            (
                "parameters:\n  n: {low: 5, high: 2}\nobjective: {command: [a]}",
                "s.yaml:2:21: parameters.n.high: high (2) must be above low (5)"
            ),
            (
                "parameters:\n  lr: {low: 0.0, high: 1.0, log: true}\nobjective: {command: [a]}",
                "s.yaml:2:13: parameters.lr.low: a log range needs low > 0"
            ),
            (
                "parameters:\n  lr: {type: floaty, low: 0, high: 1}\nobjective: {command: [a]}",
                "s.yaml:2:14: parameters.lr.type: unknown type 'floaty'"
            ),
            (
                "parameters:\n  n: {type: int, low: 1.5, high: 4}\nobjective: {command: [a]}",
                "s.yaml:2:23: parameters.n.low: expected a whole number"
            ),
            (
                "parameters:\n  x: [a, b, a]\nobjective: {command: [a]}",
                "s.yaml:2:13: parameters.x: the choice a is given twice"
            ),
            (
                "parameters: {x: [1, 2]}\nobjective: {command: python train.py}",
                "s.yaml:2:22: objective.command: expected the command as a list of arguments"
            ),
            ("parameters: {x: [1, 2]}\nobjective: {command: [a]}\ntrails: 5", "s.yaml:3:1: trails: unknown key"),
            (
                "parameters: {x: [1, 2]}\nobjective: {command: [a], goal: up}",
                "s.yaml:2:33: objective.goal: expected max or min"
            ),
            (
                "parameters: {x: [1, 2]}\nderived: {y: \"x * z\"}\nobjective: {command: [a]}",
                "s.yaml:2:14: derived.y: 'z' is not a parameter"
            ),
            (
                "parameters: {x: [1, 2]}\nobjective: {command: [a]}\npruner: {type: median, patience: 3}",
                "s.yaml:3:24: pruner.patience: not a setting of this pruner"
            ),
            ("parameters: {x: [1, 2]\nobjective: {}", "s.yaml: invalid YAML"),
        ])
    func locatedErrors(text: String, expected: String) {
        do {
            _ = try SearchConfigurationFile.parse(text, path: "s.yaml")
            Issue.record("expected an error containing \(expected)")
        } catch {
            #expect("\(error)".hasPrefix(expected), "\(error)")
        }
    }

    @Test("unknown placeholders and a missing command are caught before anything runs; --set errors name the option")
    func validation() throws {
        var configuration = try SearchConfigurationFile.parse(
            "parameters: {lr: [0.1, 0.2]}\nobjective: {command: [train, --lr, \"{lrr}\"]}", path: "s.yaml")
        #expect(throws: ConfigurationError.self) { try configuration.validate() }
        configuration.objective.command = ["train", "--lr", "{lr}", "--dir", "{trial_dir}", "{{literal}}"]
        try configuration.validate()
        let bench = try SearchConfigurationFile.load(path: TestSupport.fixture("search/sampler_bench_config.yaml"))
        var branchy = bench
        branchy.objective.command = ["judge", "{sampler_type}", "{temperature}", "{prompt}", "{min_p}"]
        do {
            try branchy.validate()
            Issue.record("{min_p} exists only in the min_p branch")
        } catch {
            #expect("\(error)".contains("{min_p} has a value only in some branches"), "\(error)")
        }
        branchy.objective.command = [
            "judge", "{sampler_type}", "{temperature}", "{prompt}", "--min_p={min_p?}", "--top_p={top_p?}",
            "{max_length}",
        ]
        try branchy.validate()
        #expect(bench.space.alwaysActiveNames == ["sampler_type", "temperature", "max_tokens", "max_length"])
        do {
            _ = try SearchConfigurationFile.parse(
                "parameters: {lr: [0.1, 0.2]}\nobjective: {command: [a]}", path: "s.yaml", overrides: ["trials=many"])
            Issue.record("expected an error")
        } catch {
            #expect("\(error)" == "s.yaml: --set trials: trials: expected a whole number of at least 1")
        }
    }

    @Test("command templates fill placeholders without a shell, each argument staying one argument")
    func commandTemplate() throws {
        let template = CommandTemplate(["run", "--lr={lr}", "{name}", "{{x}}", "{layers}", "--top_p={top_p?}"])
        #expect(template.placeholderNames == ["lr", "name", "layers", "top_p"])
        let filled = try template.filled(with: [
            "lr": .float(0.001), "name": .string("a b; rm -rf / $(x)"), "layers": .list([.int(64), .int(32)]),
        ])
        #expect(
            filled == ["run", "--lr=0.001", "a b; rm -rf / $(x)", "{x}", "[64,32]"], "the optional argument is left out"
        )
        #expect(
            try template.filled(with: ["lr": .int(1), "name": .string("n"), "layers": .null, "top_p": .float(0.9)]).last
                == "--top_p=0.9")
        #expect(CommandTemplate.environmentName(ofParameter: "optim.lr") == "HYPERSCOPE_PARAM_OPTIM_LR")
        #expect(throws: RunnerError.self) { try template.filled(with: [:]) }
    }
}
