import Foundation

/// The runs other tools give a folder of their own (a W&B run's `files/`, Lightning's
/// `version_N`, a Sacred or MLflow run, a DVCLive folder, a TensorBoard run, a `Trainer`'s output):
/// which folder is the run, so that pages group such runs by the folder that holds them.
package enum RunFolders {
    /// The name of a W&B run's history of logged values.
    package static let wandbHistoryName = "wandb-history.jsonl"
    /// The name Lightning gives a run's CSV log.
    package static let lightningLogName = "metrics.csv"

    /// The folder that is the run read from `source` in `format`, when its tool gives each run a
    /// folder of its own (W&B's `files` left out); `nil` for a log among others in its folder, or a
    /// table of runs.
    package static func runFolder(ofSource source: String, format: LogFormat) -> String? {
        let name = (source as NSString).lastPathComponent
        let isRunFolder: Bool
        switch format {
        case .sacred, .mlflow, .dvclive, .tensorboard, .wandbSummary, .huggingFaceTrainerState: isRunFolder = true
        case .hyperscope: isRunFolder = name == wandbHistoryName
        case .csvLog: isRunFolder = name == lightningLogName
        case .drGen, .csvTable, .jsonTable, .samplerBench, .trial, .optunaJournal: isRunFolder = false
        }
        guard isRunFolder else { return nil }
        let folder = (source as NSString).deletingLastPathComponent
        let parent = (folder as NSString).deletingLastPathComponent
        return (folder as NSString).lastPathComponent == "files" && !parent.isEmpty ? parent : folder
    }
}
