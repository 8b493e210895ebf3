import Foundation
import HyperscopeCore

/// Reads the `trainer_state.json` that Hugging Face's `Trainer` writes into its output folder and
/// into every `checkpoint-N` folder: one run whose curves are the entries of `log_history`.
///
/// ```
/// {"global_step": 500, "max_steps": 500, "num_train_epochs": 5, "train_batch_size": 32,
///  "trial_params": {"learning_rate": 5e-05}, "best_metric": 0.91, "log_history": [
///   {"epoch": 0.1, "step": 10, "loss": 2.3, "learning_rate": 4.9e-05, "grad_norm": 1.2},
///   {"epoch": 1.0, "step": 100, "eval_loss": 1.1, "eval_accuracy": 0.61, "eval_runtime": 3.2}]}
/// ```
///
/// `step` and `epoch` are the x-axes; every other number of an entry is a point of the metric of
/// that name (`loss`, `eval_accuracy`, and the last entry's `train_loss`, `train_runtime`, …).
/// `trial_params` (a hyperparameter search's), `train_batch_size` and `num_train_epochs` are the
/// parameters; the state's other fields are kept as attributes. The run is completed when
/// `global_step` reached `max_steps`. Each checkpoint holds the history up to its step, so only the
/// latest snapshot of a training is read (``newerSnapshot(of:)``), under one key for the training.
enum TrainerStateReading {
    /// The file name the `Trainer` gives its state.
    static let fileName = "trainer_state.json"

    /// The state's fields read as parameters (besides `trial_params`).
    private static let parameterFields: Set<String> = ["train_batch_size", "num_train_epochs"]

    /// Whether a JSON document is a trainer state.
    static func recognises(_ document: Value) -> Bool {
        if case .list? = document["log_history"], document["global_step"] != nil { return true }
        return false
    }

    /// The training's output folder when `path` is a trainer state: the folder holding it, or the
    /// one above when it is in a `checkpoint-N` folder.
    static func outputFolder(of path: String) -> (folder: String, checkpointStep: Int?) {
        let folder = (path as NSString).deletingLastPathComponent
        if let step = checkpointStep(ofFolder: folder) {
            return ((folder as NSString).deletingLastPathComponent, step)
        }
        return (folder, nil)
    }

    /// The path of a later snapshot of the same training, when there is one: the output folder's own
    /// state (written at the end) beside a checkpoint's, or the state of a later checkpoint.
    static func newerSnapshot(of path: String) -> String? {
        guard (path as NSString).lastPathComponent == fileName else { return nil }
        let (folder, step) = outputFolder(of: path)
        guard let step else { return nil }
        let files = FileManager.default
        let final = (folder as NSString).appendingPathComponent(fileName)
        if files.fileExists(atPath: final) { return final }
        let later = ((try? files.contentsOfDirectory(atPath: folder)) ?? [])
            .compactMap { name in checkpointStep(ofFolder: name).map { (name, $0) } }
            .filter { $0.1 > step }
            .max { $0.1 < $1.1 }
            .map { (folder as NSString).appendingPathComponent($0.0 + "/" + fileName) }
        return later.flatMap { files.fileExists(atPath: $0) ? $0 : nil }
    }

    /// Reads the run of a trainer state. A `trainer_state.json` is the run of its output folder, named
    /// by it (the same run whichever checkpoint's state is read); a state file named otherwise is a
    /// run of its own, named `baseName`.
    static func read(_ document: Value, source: String, baseName: String) -> (runs: [Run], problems: [IngestProblem]) {
        guard case .object(let fields) = document, case .list(let entries)? = document["log_history"] else {
            return ([], [IngestProblem(file: source, reason: "\"log_history\" must be a list of logged entries")])
        }
        let folder = outputFolder(of: source).folder
        let isTrainerState = (source as NSString).lastPathComponent == fileName
        var run = Run(
            key: isTrainerState ? (folder as NSString).appendingPathComponent(fileName) : source,
            name: isTrainerState ? (folder as NSString).lastPathComponent : baseName, source: source,
            format: .huggingFaceTrainerState, status: .incomplete)
        var problems: [IngestProblem] = []
        for field in fields where field.key != "log_history" {
            switch field.key {
            case "trial_params": if case .object = field.value { run.setParams(fromConfig: field.value) }
            case _ where parameterFields.contains(field.key): run.params[field.key] = field.value
            default: if field.value != .null { run.attributes["hf." + field.key] = field.value }
            }
        }
        var reader = MetricRecordReader(axes: ["step", "epoch"])
        for (index, entry) in entries.enumerated() {
            guard case .object(let logged) = entry else {
                problems.append(
                    IngestProblem(
                        file: source,
                        reason: "log_history[\(index)] is a \(entry.typeName), expected an object; skipped"))
                continue
            }
            for field in reader.read(logged.map { ($0.key, $0.value) }) {
                let subject = "log_history[\(index)].\(field.name)"
                problems.append(
                    IngestProblem(
                        file: source, reason: MetricRecordReader.nonNumericReason(subject, typeName: field.typeName)))
            }
        }
        run.curves = reader.curves.curves
        if case .int(let step)? = document["global_step"], case .int(let maximum)? = document["max_steps"] {
            if maximum > 0, step >= maximum {
                run.status = .completed
            } else {
                run.statusReason = "the trainer state stops at step \(step) of \(maximum)"
            }
        }
        return ([run], problems)
    }

    /// The step of a `checkpoint-N` folder (a path or a name), if it is one.
    private static func checkpointStep(ofFolder folder: String) -> Int? {
        let name = (folder as NSString).lastPathComponent
        guard name.hasPrefix("checkpoint-") else { return nil }
        return Int(name.dropFirst("checkpoint-".count))
    }
}
