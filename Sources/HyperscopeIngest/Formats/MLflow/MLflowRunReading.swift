import Foundation
import HyperscopeCore

/// Reads a run folder of MLflow's file store (`mlruns/<experiment>/<run id>/`) as one run:
///
/// ```
/// meta.yaml           run_name: bright-fox-12, status: 3, start_time: 1716000000123, end_time: …,
///                     lifecycle_stage: active, experiment_id: '0', run_id: 3f2a…
/// params/lr           0.001
/// metrics/val/acc     1716000000500 0.61 0        (milliseconds, value, step: a line a logged value)
/// tags/mlflow.runName bright-fox-12
/// ```
///
/// The run is read from `meta.yaml` (the scan finds it in a folder with `metrics/` or `params/` and
/// does not go into those); a parameter's text is read as a typed value (`0.001` a number, `adam`
/// a string); each metric file is a curve over `step` (0 when a line has none), its name the file's
/// path under `metrics/`; the tag `mlflow.source.git.commit` is the run's git commit. `status` 1 is running (incomplete once the folder is no longer written
/// to), 2 scheduled, 3 finished, 4 failed, 5 killed. A run deleted in MLflow is passed over. The
/// experiment's name comes from the `meta.yaml` of the folder above.
enum MLflowRunReading {
    /// The file MLflow writes for every run, which the run is read from.
    static let metaFileName = "meta.yaml"
    /// The folders of a run, read with its `meta.yaml` and not scanned.
    static let runFolders: Set<String> = ["metrics", "params", "tags", "artifacts"]

    /// Whether a folder holding these entries (`isFolder` telling folders apart) is an MLflow run.
    static func isRunFolder(names: Set<String>, isFolder: (String) -> Bool) -> Bool {
        names.contains(metaFileName) && ["metrics", "params"].contains { names.contains($0) && isFolder($0) }
    }

    /// The files under the run's `metrics/`, `params/` and `tags/`, relative to each, with their
    /// modification times.
    static func files(ofRunAt metaPath: String) -> [(folder: String, name: String, modifiedAt: Double)] {
        let run = (metaPath as NSString).deletingLastPathComponent
        var found: [(folder: String, name: String, modifiedAt: Double)] = []
        let manager = FileManager.default
        for folder in ["metrics", "params", "tags"] {
            let root = (run as NSString).appendingPathComponent(folder)
            guard let names = manager.enumerator(atPath: root) else { continue }
            for case let name as String in names {
                guard let status = try? SourceFile.status(of: root + "/" + name), status.isRegularFile else { continue }
                found.append((folder, name, status.modifiedAt))
            }
        }
        return found.sorted { ($0.folder, $0.name) < ($1.folder, $1.name) }
    }

    /// Why a run's `meta.yaml` yields no run, when it does not: deleted in MLflow.
    static func passedOverReason(metaBytes: [UInt8]) -> String? {
        guard let root = try? YAMLDocument.compose(String(decoding: metaBytes, as: UTF8.self)),
            YAMLDocument.value(of: root)["lifecycle_stage"]?.stringValue == "deleted"
        else { return nil }
        return "an MLflow run deleted in MLflow (lifecycle_stage: deleted)"
    }

    /// Reads the run whose `meta.yaml` at `metaPath` holds `metaBytes`; named by its `run_name`
    /// (else `tags/mlflow.runName`, else `baseName`).
    static func read(
        metaBytes: [UInt8], metaPath: String, baseName: String, looksAlive: Bool, maximumBytes: Int
    ) -> (runs: [Run], problems: [IngestProblem]) {
        let meta: Value
        do throws(YAMLDocument.ReadError) {
            meta =
                try YAMLDocument.compose(String(decoding: metaBytes, as: UTF8.self)).map(YAMLDocument.value(of:))
                ?? .null
        } catch {
            let reason = if case .syntax(let message) = error { message } else { YAMLDocument.tooLargeReason }
            return ([], [IngestProblem(file: metaPath, reason: "not valid YAML: \(reason)")])
        }
        guard case .object = meta else {
            return ([], [IngestProblem(file: metaPath, reason: "an MLflow meta.yaml must be a mapping")])
        }
        var run = Run(key: metaPath, name: baseName, source: metaPath, format: .mlflow, status: .incomplete)
        var problems: [IngestProblem] = []
        readStatus(meta["status"], into: &run, looksAlive: looksAlive)
        run.startedAt = meta["start_time"].flatMap(Timestamp.seconds(from:))
        run.endedAt = meta["end_time"].flatMap(Timestamp.seconds(from:))
        for field in ["experiment_id", "run_id", "user_id"] {
            if let value = meta[field], value != .null {
                run.attributes["mlflow." + field] = .string(value.displayText)
            }
        }
        let runFolder = (metaPath as NSString).deletingLastPathComponent
        if let experiment = experimentName(of: runFolder) { run.attributes["mlflow.experiment"] = .string(experiment) }
        var curves = CurveAccumulator()
        for file in files(ofRunAt: metaPath) {
            let path = "\(runFolder)/\(file.folder)/\(file.name)"
            let bytes: [UInt8]
            do throws(SourceReadError) {
                bytes = try SourceFile.readAll(path, limit: maximumBytes)
            } catch {
                problems.append(IngestProblem(file: metaPath, reason: "\(file.folder)/\(file.name): \(error.reason)"))
                continue
            }
            let text = String(decoding: bytes, as: UTF8.self)
            switch file.folder {
            case "params":
                run.params[file.name] = TableCell.value(of: text) ?? .string(text)
            case "tags":
                if file.name == "mlflow.runName" { run.name = text.trimmingCharacters(in: .whitespacesAndNewlines) }
                if file.name == "mlflow.source.git.commit" {
                    run.gitCommit = text.trimmingCharacters(in: .whitespacesAndNewlines)
                }
                if !file.name.hasPrefix("mlflow.") { run.attributes["mlflow.tags." + file.name] = .string(text) }
            default:
                readMetric(text, named: file.name, into: &curves, source: metaPath, problems: &problems)
            }
        }
        if let name = meta["run_name"]?.stringValue, !name.isEmpty { run.name = name }
        run.curves = curves.curves
        return ([run], problems)
    }

    /// The name of the experiment whose folder holds the run folder, from the experiment's `meta.yaml`.
    private static func experimentName(of runFolder: String) -> String? {
        let path = ((runFolder as NSString).deletingLastPathComponent as NSString).appendingPathComponent(metaFileName)
        guard let bytes = try? SourceFile.readAll(path, limit: 1 << 20),
            let root = try? YAMLDocument.compose(String(decoding: bytes, as: UTF8.self))
        else { return nil }
        return YAMLDocument.value(of: root)["name"]?.stringValue
    }

    /// The run's status from MLflow's number (or name) for it.
    private static func readStatus(_ status: Value?, into run: inout Run, looksAlive: Bool) {
        let word: String
        switch status {
        case .int(1)?: word = "RUNNING"
        case .int(2)?: word = "SCHEDULED"
        case .int(3)?: word = "FINISHED"
        case .int(4)?: word = "FAILED"
        case .int(5)?: word = "KILLED"
        default: word = status?.stringValue ?? status?.displayText ?? "none"
        }
        switch word {
        case "RUNNING":
            run.status = looksAlive ? .running : .incomplete
            if !looksAlive { run.statusReason = "meta.yaml says RUNNING, but the run's folder is no longer written to" }
        case "FINISHED": run.status = .completed
        case "FAILED": run.status = .failed
        case "KILLED": run.status = .interrupted
        case "SCHEDULED": run.statusReason = "scheduled, never started"
        default: run.statusReason = "unknown MLflow status \(word)"
        }
    }

    /// A metric file's lines, `timestamp value [step]`, as points over `step`.
    private static func readMetric(
        _ text: String, named name: String, into curves: inout CurveAccumulator, source: String,
        problems: inout [IngestProblem]
    ) {
        let key = MetricKey(parsing: name)
        for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated()
        where !line.isEmpty {
            let parts = line.split(separator: " ")
            guard parts.count == 2 || parts.count == 3, let value = Double(parts[1]),
                parts.count == 2 || Double(parts[2]) != nil
            else {
                problems.append(
                    IngestProblem(
                        file: source,
                        reason: "metrics/\(name) line \(index + 1): expected \"timestamp value step\"; skipped"))
                continue
            }
            let step = parts.count == 3 ? Double(parts[2])! : 0
            curves.append(value, to: key, at: [("step", step)])
        }
    }
}
