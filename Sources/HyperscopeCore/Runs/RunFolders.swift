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
        // Paths are cut at their last slash by hand: a home page of 100,000 runs asked Foundation's
        // path functions 300,000 times, a tenth of the dashboard's start.
        let isRunFolder: Bool
        switch format {
        case .sacred, .mlflow, .dvclive, .tensorboard, .wandbSummary, .huggingFaceTrainerState: isRunFolder = true
        case .hyperscope: isRunFolder = lastComponent(of: source) == wandbHistoryName
        case .csvLog: isRunFolder = lastComponent(of: source) == lightningLogName
        case .drGen, .csvTable, .jsonTable, .samplerBench, .trial, .optunaJournal: isRunFolder = false
        }
        guard isRunFolder else { return nil }
        let folder = self.folder(of: source)
        let parent = self.folder(of: folder)
        return lastComponent(of: folder) == "files" && !parent.isEmpty ? parent : folder
    }

    /// The part of a path after its last slash (the whole path when it has none).
    static func lastComponent(of path: String) -> Substring {
        let text = Substring(path)
        guard let slash = text.utf8.lastIndex(of: UInt8(ascii: "/")) else { return text }
        return text[text.utf8.index(after: slash)...]
    }

    /// The path of the folder holding `path`: the part before its last slash (`/` for a file at
    /// the root, empty for a path without a slash).
    static func folder(of path: String) -> String {
        let text = Substring(path)
        guard let slash = text.utf8.lastIndex(of: UInt8(ascii: "/")) else { return "" }
        return slash == text.startIndex ? "/" : String(text[..<slash])
    }
}
