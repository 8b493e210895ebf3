import HyperscopeAnalysis
import HyperscopeCore

/// Everything a search needs: the space, the objective command, the strategy and the budget.
///
/// Read from YAML by ``SearchConfigurationFile`` (in Hyperscope's own layout or the sampler-bench
/// dialect), or built in code for the library API.
public struct SearchConfiguration: Sendable {
    /// The study's name; the CLI's `--study` overrides it, and a name is made up when neither gives one.
    public var study: String?
    /// What may be tried.
    public var space: SearchSpace
    /// The command to run and the metric to read from it.
    public var objective: ObjectiveSettings
    /// How configurations are chosen.
    public var strategy: SearchStrategy
    /// How many trials to run; `nil` means the whole grid for grid search, else 20.
    public var trials: Int?
    /// How many times each configuration runs (seeds 0…K−1); the trial's value is their mean.
    public var repeats: Int
    /// Values each repeat also cycles through, such as test prompts (`{prompt}`): every configuration
    /// runs every value `repeats` times.
    public var repeatAxis: RepeatAxis?
    /// How many commands run at once.
    public var parallel: Int
    /// The seed of the sampler: the same seed and history give the same configurations.
    public var seed: UInt64
    /// Commands that must succeed before the search starts (is the model server up?).
    public var preflight: [[String]]
    /// The model-based samplers' settings.
    public var sampler: SamplerSettings
    /// How running trials are pruned; `nil` lets every trial run to its end.
    public var pruner: PrunerSettings?
    /// Bounds on logged metrics a trial must keep to be feasible; a trial that breaks one is never
    /// the best nor on the Pareto front.
    public var constraints: [MetricConstraint] = []
    /// The resolved configuration as read (after sections and overrides), stored with the study.
    public var resolved: Value

    /// Creates a configuration.
    public init(
        study: String? = nil, space: SearchSpace, objective: ObjectiveSettings, strategy: SearchStrategy = .tpe,
        trials: Int? = nil,
        repeats: Int = 1, repeatAxis: RepeatAxis? = nil, parallel: Int = 1, seed: UInt64 = 0,
        preflight: [[String]] = [],
        sampler: SamplerSettings = SamplerSettings(), pruner: PrunerSettings? = nil, resolved: Value = .object([])
    ) {
        self.study = study
        self.space = space
        self.objective = objective
        self.strategy = strategy
        self.trials = trials
        self.repeats = repeats
        self.repeatAxis = repeatAxis
        self.parallel = parallel
        self.seed = seed
        self.preflight = preflight
        self.sampler = sampler
        self.pruner = pruner
        self.resolved = resolved
    }

    /// The number of trials to run: ``trials``, else the grid's size for grid search, else 20.
    public var trialBudget: Int {
        if let trials { return trials }
        if strategy == .grid, let size = space.gridSize { return size }
        return 20
    }

    /// The number of runs each trial makes: ``repeats`` times the repeat axis's length.
    public var runsPerTrial: Int {
        repeats * max(1, repeatAxis?.values.count ?? 1)
    }
}

/// How a search chooses configurations.
public enum SearchStrategy: String, Sendable, Hashable, CaseIterable {
    /// Every point of the grid once.
    case grid
    /// Independent uniform draws (log-uniform for log ranges).
    case random
    /// Random, with scrambled Sobol quasi-random points that cover the space more evenly.
    case sobol
    /// The Tree-structured Parzen Estimator (Bergstra et al. 2011; Watanabe 2023).
    case tpe
    /// Gaussian-process Bayesian optimisation with log expected improvement.
    case gp
    /// NSGA-II (Deb et al. 2002), the evolutionary search for the best trade-offs of several objectives.
    case nsga2
    /// Multi-objective TPE (Ozaki et al. 2020, 2022): TPE whose good trials are the best fronts.
    case motpe

    /// Reads a strategy name, also as other tools spell it (`bayesian` is TPE, `quasi_random` Sobol).
    public init?(loosely name: String) {
        switch name.lowercased() {
        case "grid", "grid_search": self = .grid
        case "random", "random_search": self = .random
        case "sobol", "quasi_random", "qmc": self = .sobol
        case "tpe", "bayesian", "optuna": self = .tpe
        case "gp", "gp_bo", "gaussian_process", "bo": self = .gp
        case "nsga2", "nsga_ii", "nsgaii", "nsga-ii": self = .nsga2
        case "motpe", "mo_tpe", "mo-tpe", "multi_objective_tpe": self = .motpe
        default: return nil
        }
    }
}

/// The objective: the command that trains, and how its result is read.
public struct ObjectiveSettings: Sendable, Hashable {
    /// The command as an argv list; `{name}` placeholders are replaced by parameter values, the
    /// repeat's `{seed}`, `{trial}`, `{repeat}`, `{trial_dir}` and `{study}`. It never runs through a shell.
    public var command: [String]
    /// The metric to optimise: a key of the child's JSON lines (`val/acc`, `objective`).
    public var metric: String
    /// Whether larger or smaller values are better.
    public var goal: MetricGoal
    /// Which point of the metric's curve is the trial's value (`last`, `best`, `epoch=10`).
    public var point: CurvePoint
    /// Seconds a run may take before it is stopped (SIGTERM, then SIGKILL); `nil` for no limit.
    public var timeoutSeconds: Double?
    /// How many times a failed run is started again before its trial counts as failed.
    public var retries: Int
    /// Variables added to the child's environment.
    public var environment: [String: String]
    /// The folder the command runs in; `nil` for the trial's own folder.
    public var workingDirectory: String?
    /// How many trials in a row may fail with the same cause before the search stops (default 5);
    /// 0 never stops it.
    public var maximumConsecutiveFailures: Int
    /// The objectives after the first (``metric``, ``goal``, ``point``) in a search of trade-offs; empty
    /// for one objective.
    public var additionalObjectives: [ObjectiveMetric]

    /// Every objective, the first being ``metric`` at ``point`` with ``goal``.
    public var objectives: [ObjectiveMetric] {
        [ObjectiveMetric(metric: metric, goal: goal, point: point)] + additionalObjectives
    }

    /// Every objective as the study records it (its metric and goal).
    package var studyObjectives: [StudyObjective] {
        objectives.map { StudyObjective(metric: $0.metric, goal: $0.goal) }
    }

    /// Creates objective settings; the goal defaults to what the metric's name suggests.
    public init(
        command: [String], metric: String = "objective", goal: MetricGoal? = nil, point: CurvePoint = .last,
        timeoutSeconds: Double? = nil,
        retries: Int = 0, environment: [String: String] = [:], workingDirectory: String? = nil,
        maximumConsecutiveFailures: Int = 5
    ) {
        self.command = command
        self.metric = metric
        self.goal = goal ?? MetricGoal.suggested(forMetricNamed: metric)
        self.point = point
        self.timeoutSeconds = timeoutSeconds
        self.retries = retries
        self.environment = environment
        self.workingDirectory = workingDirectory
        self.maximumConsecutiveFailures = maximumConsecutiveFailures
        additionalObjectives = []
    }
}

/// One objective of a search: the metric read from the command's JSON lines, which way is better,
/// and which point of its curve counts.
public struct ObjectiveMetric: Sendable, Hashable {
    /// The metric (`val/recall`, `train_time_s`).
    public var metric: String
    /// Whether larger or smaller values are better.
    public var goal: MetricGoal
    /// Which point of the metric's curve is the run's value.
    public var point: CurvePoint

    /// Creates an objective; the goal defaults to what the name suggests.
    public init(metric: String, goal: MetricGoal? = nil, point: CurvePoint = .last) {
        self.metric = metric
        self.goal = goal ?? MetricGoal.suggested(forMetricNamed: metric)
        self.point = point
    }
}

/// Values that every configuration is run on, one after another, such as test prompts.
public struct RepeatAxis: Sendable, Hashable {
    /// The placeholder's name (`prompt`).
    public var name: String
    /// The values.
    public var values: [Value]

    /// Creates an axis.
    public init(name: String, values: [Value]) {
        self.name = name
        self.values = values
    }
}

/// Settings of the model-based samplers (TPE and GP).
public struct SamplerSettings: Sendable, Hashable {
    /// TPE: model the parameters jointly (Watanabe 2023's multivariate TPE) rather than one by one.
    public var multivariate: Bool
    /// How many trials are drawn at random before the model (TPE's densities, GP's regression) is used.
    public var startupTrials: Int
    /// TPE: how many candidates are drawn from the good density and ranked by l(x)/g(x).
    public var candidates: Int
    /// NSGA-II: trials per generation.
    public var populationSize: Int

    /// Creates settings.
    public init(multivariate: Bool = true, startupTrials: Int = 10, candidates: Int = 24, populationSize: Int = 50) {
        self.multivariate = multivariate
        self.startupTrials = startupTrials
        self.candidates = candidates
        self.populationSize = populationSize
    }
}
