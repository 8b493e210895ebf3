import Foundation
import Hyperscope

/// The quickstart's search: a short TPE search over the example trainer, from a configuration file
/// the quickstart writes so the user can edit it and run it again with `hyperscope search`.
enum QuickstartSearch {
    /// The configuration, as the quickstart writes it.
    static let configurationText = """
        # A TPE search over the example trainer, written by `hyperscope quickstart`.
        # Run it again:  hyperscope search --config hyperscope-quickstart/search.yaml --study another-name
        study: quickstart-tpe
        objective:
          # {hyperscope} is the running hyperscope program, which carries the example trainer; your own
          # command would be, for example, [python, train.py, --lr, "{lr}", --seed, "{seed}"].
          # The trainer also writes its test predictions into the trial's folder and names them in its log:
          # their calibration (test/ece, …) becomes metrics of the trial, and could be the objective.
          command: ["{hyperscope}", example-trainer, --optimizer, "{optimizer}", --lr, "{lr}", --batch-size, "{batch_size}",
                    --weight-decay, "{weight_decay}", --epochs, "{epochs}", --seed, "{seed}",
                    --predictions, "{trial_dir}/predictions.jsonl"]
          metric: val/acc      # a key of the JSON lines the command prints
          goal: max
          at: last
          timeout: 120
        parameters:
          optimizer: [sgd, momentum, adam]
          lr: {type: float, low: 0.001, high: 1.0, log: true}
          batch_size: {type: int, low: 8, high: 128, log: true}
          weight_decay: {type: float, low: 0.0, high: 0.01}
          epochs: 10
        strategy: tpe
        trials: 16
        seed: 0
        sampler: {startup_trials: 6}
        pruner: {type: median, startup_trials: 4, warmup_steps: 3}
        sections:
          seeds: {trials: 12, repeats: 3}   # --section seeds: every configuration over 3 seeds

        """

    /// Writes the configuration into `folder`, runs it as a new study, and returns how it went.
    static func run(
        in folder: String, store: SQLiteStore, databasePath: String, parallel: Int
    ) async throws -> SearchOutcome {
        let path = URL(fileURLWithPath: folder).appendingPathComponent("search.yaml").path
        try Data(configurationText.utf8).write(to: URL(fileURLWithPath: path))
        var configuration = try SearchConfigurationFile.load(path: path)
        configuration.parallel = parallel
        var name = configuration.study ?? "quickstart-tpe"
        var suffix = 2
        while try await store.study(named: name) != nil {
            name = (configuration.study ?? "quickstart-tpe") + "-\(suffix)"
            suffix += 1
        }
        let plan = try await SearchPlan.newStudy(name, configuration: configuration, sourceName: path, store: store)
        return try await SearchConsole.run(
            plan, store: store, databasePath: databasePath, runsDirectory: nil, requeue: false)
    }
}
