import Foundation
import HyperscopeCore

/// What other tools' layouts make of one folder found while scanning: files to read that the
/// extension rule would miss, and entries passed over without a word because another file of the
/// folder stands for them.
///
/// - W&B: `wandb-summary.json` beside `wandb-history.jsonl` (the history's last values), and
///   `wandb-metadata.json` beside either (the machine, not the run), are passed over.
/// - Hyperscope's own search: a trial folder's `stdout.jsonl`, `params.json` and `stderr.log` are
///   read with its `run.json` (``TrialFolderReading``).
/// - Sacred: `config.json`, `metrics.json` and `info.json` beside a Sacred `run.json` are read with it.
/// - MLflow: a run folder's `meta.yaml` is read, its `metrics/`, `params/`, `tags/` and `artifacts/`
///   are read with it or not at all.
/// - DVCLive: a run folder's `plots/` are read with its `metrics.json`.
/// - TensorBoard: a folder's first event file (`events.out.tfevents.*`) is read, with the others.
/// - Optuna: a `.log` file that starts as a journal (`{"op_code": …`) is read.
struct FolderConventions {
    /// Names of the folder's files to read besides those with a scanned extension.
    var extraFiles: [String] = []
    /// Names of the folder's entries (files or folders) to pass over.
    var passedOver: Set<String> = []

    /// The name of a W&B run's history of logged values (one JSON object a line).
    static let wandbHistoryName = RunFolders.wandbHistoryName
    /// The name of a W&B run's final values: its run when there is no history beside it.
    static let wandbSummaryName = "wandb-summary.json"
    /// The name of W&B's description of the machine a run ran on.
    static let wandbMetadataName = "wandb-metadata.json"

    /// How long a start of a `.log` file is read to tell an Optuna journal.
    private static let journalPrefixBytes = 64

    /// The conventions of the folder at `path` holding `names`.
    init(folder path: String, names: [String]) {
        let present = Set(names)
        if present.contains(Self.wandbHistoryName) { passedOver.insert(Self.wandbSummaryName) }
        if present.contains(Self.wandbHistoryName) || present.contains(Self.wandbSummaryName) {
            passedOver.insert(Self.wandbMetadataName)
        }
        let isSacredRun = SacredRunReading.isRunFolder(names: present) {
            try? SourceFile.readPrefix(path + "/" + SacredRunReading.runFileName, byteCount: 4096)
        }
        if isSacredRun { passedOver.formUnion(SacredRunReading.companionNames) }
        if TrialFolderReading.isTrialFolder(names: present) { passedOver.formUnion(TrialFolderReading.companionNames) }
        let isMLflowRun = MLflowRunReading.isRunFolder(names: present) { name in
            var isDirectory: ObjCBool = false
            return FileManager.default.fileExists(atPath: path + "/" + name, isDirectory: &isDirectory)
                && isDirectory.boolValue
        }
        if isMLflowRun {
            extraFiles.append(MLflowRunReading.metaFileName)
            passedOver.formUnion(MLflowRunReading.runFolders)
        }
        if DVCLiveReading.isRunFolder(path: path, names: present) {
            passedOver.insert(DVCLiveReading.plotsFolder)
        }
        if let first = names.filter(TensorBoardEventReading.isEventFile).min() { extraFiles.append(first) }
        for name in names where !name.hasPrefix(".") && (name as NSString).pathExtension.lowercased() == "log" {
            guard let start = try? SourceFile.readPrefix(path + "/" + name, byteCount: Self.journalPrefixBytes)
            else { continue }
            if String(decoding: start, as: UTF8.self).hasPrefix(#"{"op_code""#) { extraFiles.append(name) }
        }
    }
}
