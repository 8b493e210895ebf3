import Foundation
import HyperscopeCore

/// A file found for ingestion, with the names it is shown by.
package struct SourceCandidate: Sendable, Hashable {
    /// The absolute path.
    package var path: String
    /// The path relative to the PATH the user gave (the file's name when the user named the file).
    package var displayPath: String
    /// Whether the user named this file directly rather than a folder holding it.
    package var isExplicit: Bool
    /// Why a folder found in the scan could not be listed; such a candidate is recorded as a
    /// problem (and looked at again next time) instead of its files.
    package var unreadableFolder: String? = nil

    /// The display path without its extension: the run name of a one-run log, and the prefix of the
    /// names of a table's runs.
    var runName: String {
        let stem = URL(fileURLWithPath: displayPath).deletingPathExtension().lastPathComponent
        let folder = (displayPath as NSString).deletingLastPathComponent
        return folder.isEmpty ? stem : folder + "/" + stem
    }

    /// The name of the one run the file holds in `format`: a file that a tool names the same in every
    /// run's folder (``runFolderFiles``) is named by its folder, without W&B's `files`
    /// (`wandb/run-20240101_120000-abc123`, `lightning_logs/version_0`); others by ``runName``.
    func oneRunName(format: LogFormat) -> String {
        var folder = (displayPath as NSString).deletingLastPathComponent
        let fileName = (displayPath as NSString).lastPathComponent
        let isToolsRunFile =
            Self.runFolderFiles.contains { $0.name == fileName && $0.format == format }
            || (format == .tensorboard && TensorBoardEventReading.isEventFile(fileName))
        guard !folder.isEmpty, isToolsRunFile else { return runName }
        if (folder as NSString).lastPathComponent == "files", (folder as NSString).deletingLastPathComponent != "" {
            folder = (folder as NSString).deletingLastPathComponent
        }
        return folder
    }

    /// The files tools write in every run's folder under one name, with the format that reads them:
    /// W&B's history and summary, Lightning's CSV log, Sacred's `run.json`, MLflow's `meta.yaml`,
    /// DVCLive's `metrics.json`.
    static let runFolderFiles: [(name: String, format: LogFormat)] = [
        (FolderConventions.wandbHistoryName, .hyperscope), (FolderConventions.wandbSummaryName, .wandbSummary),
        (RunFolders.lightningLogName, .csvLog), (SacredRunReading.runFileName, .sacred),
        (MLflowRunReading.metaFileName, .mlflow),
        (DVCLiveReading.summaryName, .dvclive),
    ]
}

/// Finds the files under the paths a user gives to `hyperscope ingest`.
package enum SourceScanner {
    /// File extensions read when scanning a folder; a file named directly is read whatever its extension.
    package static let extensions: Set<String> = ["jsonl", "ndjson", "json", "csv", "tsv"]

    /// The files to ingest under `paths`, each folder scanned recursively in name order.
    ///
    /// Hidden files and folders (names starting with `.`) are passed over.
    ///
    /// - Returns: The candidates, and the paths that do not exist.
    package static func scan(_ paths: [String]) -> (candidates: [SourceCandidate], missing: [String]) {
        var candidates: [SourceCandidate] = []
        var missing: [String] = []
        var seen: Set<String> = []
        let manager = FileManager.default
        for given in paths {
            let absolute = URL(fileURLWithPath: given).standardizedFileURL.path
            var isDirectory: ObjCBool = false
            guard manager.fileExists(atPath: absolute, isDirectory: &isDirectory) else {
                if (try? manager.destinationOfSymbolicLink(atPath: absolute)) != nil {
                    candidates.append(SourceCandidate(path: absolute, displayPath: given, isExplicit: true))
                } else {
                    missing.append(given)
                }
                continue
            }
            guard isDirectory.boolValue else {
                if seen.insert(absolute).inserted {
                    candidates.append(
                        SourceCandidate(
                            path: absolute, displayPath: (given as NSString).lastPathComponent, isExplicit: true))
                }
                continue
            }
            for (relative, problem) in walk(absolute) where seen.insert(absolute + "/" + relative).inserted {
                candidates.append(
                    SourceCandidate(
                        path: absolute + (relative.isEmpty ? "" : "/" + relative),
                        displayPath: relative.isEmpty ? given : relative,
                        isExplicit: false, unreadableFolder: problem))
            }
        }
        return (candidates, missing)
    }

    /// The files under `root`, relative to it, and the folders that could not be listed (with why).
    /// Folders reached twice through symbolic links (a link to a parent, say) are read once, so a
    /// link cycle cannot make the scan loop.
    private static func walk(_ root: String) -> [(relative: String, unreadable: String?)] {
        var found: [(relative: String, unreadable: String?)] = []
        var pending = [""]
        var visited: Set<String> = []
        let manager = FileManager.default
        while let relative = pending.popLast() {
            let folder = relative.isEmpty ? root : root + "/" + relative
            guard visited.insert(URL(fileURLWithPath: folder).resolvingSymlinksInPath().path).inserted else { continue }
            guard let names = try? manager.contentsOfDirectory(atPath: folder) else {
                let why = access(folder, R_OK | X_OK) == 0 ? "it could not be listed" : String(cString: strerror(errno))
                found.append((relative, "cannot list the folder: \(why)"))
                continue
            }
            let conventions = FolderConventions(folder: folder, names: names)
            found += conventions.extraFiles.map { (relative.isEmpty ? $0 : relative + "/" + $0, nil) }
            for name in names.sorted() where !name.hasPrefix(".") && !conventions.passedOver.contains(name) {
                let child = relative.isEmpty ? name : relative + "/" + name
                var isDirectory: ObjCBool = false
                let exists = manager.fileExists(atPath: root + "/" + child, isDirectory: &isDirectory)
                if exists, isDirectory.boolValue {
                    pending.append(child)
                } else if extensions.contains((name as NSString).pathExtension.lowercased()) {
                    found.append((child, nil))
                }
            }
        }
        return found.sorted { $0.relative < $1.relative }
    }
}
