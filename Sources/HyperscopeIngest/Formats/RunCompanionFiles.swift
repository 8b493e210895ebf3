import Foundation

/// The files other tools write beside a run's own file and that are read with it: a change to any of
/// them reads the run again, as a change to the file itself does.
///
/// - a Sacred `run.json`: `config.json`, `metrics.json`, `info.json` (``SacredRunReading``);
/// - a DVCLive `metrics.json`: `plots/metrics/**` and `params.yaml` (``DVCLiveReading``);
/// - an MLflow `meta.yaml`: the run's `metrics/`, `params/` and `tags/` (``MLflowRunReading``);
/// - a folder's first TensorBoard event file: the folder's other ones (``TensorBoardEventReading``);
/// - a one-run log: the configuration beside it (``RunConfigFile``), found separately since it is
///   also read separately.
enum RunCompanionFiles {
    /// The latest modification time among the companions of the run file at `path`; `nil` when it
    /// has none.
    static func latestModification(ofRunFile path: String) -> Double? {
        let times: [Double]
        if path.hasSuffix("/" + SacredRunReading.runFileName) {
            times = SacredRunReading.companions(of: path).map(\.modifiedAt)
        } else if DVCLiveReading.isRunFile(path) {
            times = DVCLiveReading.companions(of: path).map(\.modifiedAt)
        } else if TensorBoardEventReading.isEventFile((path as NSString).lastPathComponent) {
            times = TensorBoardEventReading.eventFiles(besides: path).map(\.modifiedAt)
        } else if path.hasSuffix("/" + MLflowRunReading.metaFileName) {
            times = MLflowRunReading.files(ofRunAt: path).map(\.modifiedAt)
        } else {
            times = []
        }
        return times.max()
    }
}
