import ArgumentParser
import Foundation
import Hyperscope

/// `--strategy`: a sampler's name (as the configuration file accepts it), or `auto`.
enum StrategyArgument: ExpressibleByArgument {
    case automatic
    case named(SearchStrategy)

    init?(argument: String) {
        if argument.lowercased() == "auto" {
            self = .automatic
        } else if let strategy = SearchStrategy(loosely: argument) {
            self = .named(strategy)
        } else {
            return nil
        }
    }

    /// The sampler named, or `nil` for `auto`.
    var strategy: SearchStrategy? {
        if case .named(let strategy) = self { return strategy }
        return nil
    }

    static var allValueStrings: [String] { SearchStrategy.allCases.map(\.rawValue) + ["auto"] }
}

/// `hyperscope search`: runs the user's training command over configurations chosen by a sampler.
struct SearchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "search",
        abstract: "Search for better hyperparameters by running your training command.",
        discussion: """
            The configuration (YAML) gives the parameters, the command and the metric; see the README. \
            The command runs without a shell, once per trial and repeat, with {name} placeholders filled in \
            and the parameters also in HYPERSCOPE_PARAM_<NAME> variables and params.json. It reports the \
            metric as JSON lines on standard output, such as {"val/acc": 0.91, "epoch": 3}.

            Every finished trial is stored before the next starts. Ctrl-C stops scheduling and waits for the \
            running trials (Ctrl-C again stops them); --resume continues a study.

            Examples:
              hyperscope search --config search.yaml
              hyperscope search --config search.yaml --section quick_test --trials 5
              hyperscope search --config bench.yaml -- python judge.py --t {temperature}
              hyperscope search --resume --study lr-search --trials 40
            """)

    @Option(name: .long, help: ArgumentHelp("The search configuration (YAML).", valueName: "file"))
    var config: String?

    @Option(
        name: .long,
        help: ArgumentHelp("A named section of the configuration that overrides its root.", valueName: "name"))
    var section: String?

    @Option(
        name: .long,
        help:
            "The sampler: grid, random, sobol, tpe, gp, nsga2, motpe, or auto (tpe for one objective, motpe for two, nsga2 for more)."
    )
    var strategy: StrategyArgument?

    @Option(name: .long, help: "The number of trials in the study (for --resume: in all).")
    var trials: Int?

    @Option(name: .long, help: "Runs per configuration, with seeds 0…K−1; the trial's value is their mean.")
    var repeats: Int?

    @Option(name: .long, help: "Commands run at once.")
    var parallel: Int?

    @Option(name: .long, help: "The sampler's seed: the same seed and history give the same configurations.")
    var seed: UInt64?

    @Option(
        name: .long,
        help: ArgumentHelp(
            "The study's name (default: the configuration's study, else search-DATE-TIME).", valueName: "name"))
    var study: String?

    @Flag(
        name: .long, help: "Continue the study named by --study (or the configuration) with its stored configuration.")
    var resume = false

    @Flag(name: .long, help: "With --resume: run the trials that were interrupted again first.")
    var requeue = false

    @Option(
        name: .customLong("set"),
        help: ArgumentHelp("Override a configuration key (repeatable).", valueName: "key.path=value"))
    var overrides: [String] = []

    @Option(
        name: .customLong("runs-dir"),
        help: ArgumentHelp("Where trial folders go (default: runs/ beside the database).", valueName: "folder"))
    var runsDirectory: String?

    @OptionGroup var store: StoreOptions

    @Argument(
        parsing: .postTerminator,
        help: ArgumentHelp("The command, when the configuration has none (after --).", valueName: "command"))
    var command: [String] = []

    func validate() throws {
        if config == nil, !resume {
            throw ValidationError("give the search configuration with --config FILE (or --resume --study NAME)")
        }
        if requeue, !resume { throw ValidationError("--requeue only applies with --resume") }
        for (name, value) in [("--trials", trials), ("--repeats", repeats), ("--parallel", parallel)]
        where value.map({ $0 < 1 }) == true {
            throw ValidationError("\(name) must be at least 1")
        }
    }

    func run() async throws {
        let database = try store.openStore()
        let plan: SearchPlan
        let outcome: SearchOutcome
        do {
            plan = try await self.plan(store: database)
            outcome = try await SearchConsole.run(
                plan, store: database, databasePath: store.databasePath, runsDirectory: runsDirectory, requeue: requeue)
        } catch let error as SearchPlanError {
            throw error.withCommandLineAdvice
        }
        print(
            SearchDisplay.summary(
                study: outcome.trials, record: outcome.record, configuration: plan.configuration,
                exhausted: outcome.exhausted, stopped: outcome.stopped))
        // Stopped by the user before the budget was spent: not a finished search, whatever ran.
        if outcome.interrupted || outcome.leftTrialsUnrun { throw ExitCode(ExitStatus.interrupted) }
        if let reason = outcome.session.failureReason { throw CommandFailure(reason) }
    }

    /// The options that change the configuration.
    private var changes: SearchPlan.Changes {
        var changes = SearchPlan.Changes(
            command: command.isEmpty ? nil : command, strategy: strategy?.strategy, trials: trials, repeats: repeats,
            parallel: parallel, seed: seed,
            commandLabel: "the command after --")
        if case .automatic? = strategy { changes.automaticStrategy = true }
        return changes
    }

    /// The plan: the study named by --study (or the configuration) resumed, or a new one from --config.
    private func plan(store database: any Store) async throws -> SearchPlan {
        guard resume else {
            return try await SearchPlan.newStudy(
                configurationFile: config!, section: section, overrides: overrides, changes: changes, studyName: study,
                store: database)
        }
        guard
            let name = try study
                ?? config.flatMap({
                    try SearchConfigurationFile.load(path: $0, section: section, overrides: overrides).study
                })
        else {
            throw CommandFailure("--resume needs the study's name: --study NAME")
        }
        let plan = try await SearchPlan.resume(studyNamed: name, changes: changes, store: database)
        if config != nil || section != nil || !overrides.isEmpty {
            print("Resuming with \(plan.sourceName); --config, --section and --set are not read again.")
        }
        return plan
    }
}
