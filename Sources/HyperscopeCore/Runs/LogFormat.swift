/// The source formats Hyperscope reads runs from.
public enum LogFormat: String, Sendable, Hashable, CaseIterable, Codable {
    /// Hyperscope's own JSON-lines log (`{"event": "config" | "metrics" | ...}`).
    case hyperscope
    /// The dr_gen layout: a `dict_config` first line, `str` messages and `agg_stats` metric lines.
    case drGen = "dr_gen"
    /// A CSV table with one row per run (an Optuna `trials_dataframe()` export or a sweep export).
    case csvTable = "csv"
    /// A CSV log of one run, a row per step or epoch (Lightning's `metrics.csv`, Keras' `CSVLogger`).
    case csvLog = "csv_log"
    /// A JSON table with one object per run, as pandas writes with `orient="records"` or `"columns"`.
    case jsonTable = "json_table"
    /// The results file of a sampler-bench style search (`search_metadata`, `all_results`).
    case samplerBench = "sampler_bench"
    /// A search trial run by Hyperscope itself.
    case trial
    /// The `trainer_state.json` of a Hugging Face `Trainer` (its `log_history`).
    case huggingFaceTrainerState = "hf_trainer_state"
    /// The `wandb-summary.json` of a W&B run folder without a history: the run's final values.
    case wandbSummary = "wandb_summary"
    /// A run folder of Sacred's file storage observer (`run.json`, `config.json`, `metrics.json`).
    case sacred
    /// A run folder of MLflow's file store (`meta.yaml`, `metrics/`, `params/`, `tags/`).
    case mlflow
    /// The journal of an Optuna study kept with `JournalStorage` (an operation a line).
    case optunaJournal = "optuna_journal"
    /// The folder DVCLive writes for a run (`metrics.json`, `params.yaml`, `plots/metrics/*.tsv`).
    case dvclive
    /// The event files of TensorBoard's writers in a run's folder (`events.out.tfevents.*`).
    case tensorboard

    /// Whether a run of this format logs its metrics as curves over training. A row of a table
    /// (CSV, JSON or sampler-bench results) or a W&B summary holds one final value per metric instead, so its
    /// single point is the run's whole result, not a curve cut short.
    public var logsCurves: Bool {
        switch self {
        case .hyperscope, .drGen, .trial, .huggingFaceTrainerState, .csvLog, .sacred, .mlflow, .dvclive, .tensorboard:
            true
        case .csvTable, .jsonTable, .samplerBench, .wandbSummary, .optunaJournal: false
        }
    }
}
