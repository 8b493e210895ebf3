/// Where a search keeps each trial repeat's files — `<runs>/<study>/<trial>-<repeat>/` — and the key
/// of the run stored for it: shared by the runner that writes them and the ingestion that reads such
/// folders back.
package enum TrialFolderLayout {
    /// The command's standard output: the repeat's log.
    package static let logName = "stdout.jsonl"
    /// The command's standard error.
    package static let errorsName = "stderr.log"
    /// The repeat's parameters, for the command to read.
    package static let paramsName = "params.json"
    /// The repeat's run as a document (``Run/document(goals:includingCurves:)``), written when it ends.
    package static let runDocumentName = "run.json"

    /// The key of the run stored for a trial's repeat.
    package static func runKey(study: String, trial: Int, repeat: Int) -> String {
        "search:\(study)/\(trial)-\(`repeat`)"
    }
}
