import Foundation
import HyperscopeCore

/// The `wandb-metadata.json` W&B writes beside a run's history or summary, read into the run: the
/// git commit, the start time (when the run has none), and the host, program and arguments as
/// attributes.
///
/// ```
/// {"os": "Linux-6.1", "python": "3.11.4", "startedAt": "2024-05-18T02:40:00.123456",
///  "program": "train.py", "args": ["--lr", "0.001"], "git": {"remote": "…", "commit": "9f3c2e1"},
///  "host": "gpu-3", …}
/// ```
enum WandbMetadata {
    /// Gives `run` what the metadata beside the file at `path` holds; nothing when there is none or it
    /// cannot be read (it describes the run, the run stands without it).
    static func apply(besides path: String, to run: inout Run) {
        let file = (path as NSString).deletingLastPathComponent + "/" + FolderConventions.wandbMetadataName
        guard FileManager.default.fileExists(atPath: file), let bytes = try? SourceFile.readAll(file, limit: 1 << 20),
            let metadata = try? JSONParser.parse(bytes)
        else { return }
        if let commit = metadata["git"]?["commit"]?.stringValue { run.gitCommit = commit }
        if run.startedAt == nil { run.startedAt = metadata["startedAt"].flatMap(Timestamp.seconds(from:)) }
        for field in ["host", "program", "args"] {
            if let value = metadata[field], value != .null { run.attributes["wandb." + field] = value }
        }
    }
}
