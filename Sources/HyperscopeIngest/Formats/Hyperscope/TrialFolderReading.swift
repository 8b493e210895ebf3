import Foundation
import HyperscopeCore

/// Reads a folder a Hyperscope search wrote for a trial's repeat (``TrialFolderLayout``) back as that
/// repeat's run: from its `run.json`, under the key the search stored it by, so that ingesting a
/// search's runs folder into the search's own database finds the runs it holds (no copy of each), and
/// into another database brings them with their parameters, metrics and status.
///
/// The folder's `stdout.jsonl`, `params.json` and `stderr.log` are read with it (passed over by the
/// scan); a folder without `run.json` is a repeat still running, whose run its search stores.
enum TrialFolderReading {
    /// Whether a folder holding these names is a search's trial folder.
    static func isTrialFolder(names: Set<String>) -> Bool {
        names.contains(TrialFolderLayout.logName) && names.contains(TrialFolderLayout.paramsName)
    }

    /// The folder's files the scan passes over: all but `run.json`, which the run is read from.
    static let companionNames: Set<String> = [
        TrialFolderLayout.logName, TrialFolderLayout.paramsName, TrialFolderLayout.errorsName,
    ]

    /// Whether a JSON document at `path` is a trial folder's `run.json`.
    static func recognises(_ document: Value, path: String) -> Bool {
        path.hasSuffix("/" + TrialFolderLayout.runDocumentName) && document["format"]?.stringValue == "trial"
            && document["attributes"]?["study"]?.stringValue != nil
    }

    /// The run of a trial folder's `run.json` document at `source`.
    static func read(_ document: Value, source: String) -> (runs: [Run], problems: [IngestProblem]) {
        guard let study = document["attributes"]?["study"]?.stringValue,
            let trial = document["attributes"]?["trial"]?.numericValue,
            let repeatIndex = document["attributes"]?["repeat"]?.numericValue
        else {
            return ([], [IngestProblem(file: source, reason: "a trial's run.json without its study, trial and repeat")])
        }
        let logPath = (source as NSString).deletingLastPathComponent + "/" + TrialFolderLayout.logName
        var run = Run(
            key: TrialFolderLayout.runKey(study: study, trial: Int(trial), repeat: Int(repeatIndex)),
            name: document["name"]?.stringValue ?? study, source: document["source"]?.stringValue ?? logPath,
            format: .trial,
            status: document["status"]?.stringValue.flatMap(RunStatus.init(rawValue:)) ?? .incomplete)
        run.statusReason = document["status_reason"]?.stringValue
        if case .object(let params)? = document["params"] {
            for param in params { run.params[param.key] = param.value }
        }
        if case .object(let attributes)? = document["attributes"] {
            for attribute in attributes { run.attributes[attribute.key] = attribute.value }
        }
        run.startedAt = document["started_at"]?.numericValue
        run.endedAt = document["ended_at"]?.numericValue
        run.trainingSeconds = document["training_seconds"]?.numericValue
        run.gitCommit = document["git_commit"]?.stringValue
        if case .list(let messages)? = document["messages"] {
            run.messages = messages.compactMap { message in
                message["text"]?.stringValue.map {
                    RunMessage(
                        text: $0, line: message["line"]?.numericValue.map(Int.init), time: message["time"]?.numericValue
                    )
                }
            }
        }
        var problems: [IngestProblem] = []
        if case .object(let metrics)? = document["metrics"] {
            run.curves = metrics.compactMap { metric -> MetricCurve? in
                guard case .list(let items)? = metric.value["values"] else { return nil }
                let values = items.compactMap(\.numericValue)
                var axes: [CurveAxis] = []
                if case .object(let given)? = metric.value["axes"] {
                    axes = given.compactMap { axis in
                        guard case .list(let points) = axis.value else { return nil }
                        let coordinates = points.compactMap(\.numericValue)
                        return coordinates.count == values.count ? CurveAxis(name: axis.key, values: coordinates) : nil
                    }
                }
                guard values.count == items.count else {
                    problems.append(
                        IngestProblem(
                            file: source, reason: "metric \"\(metric.key)\" holds values that are not numbers"))
                    return nil
                }
                return MetricCurve(key: MetricKey(parsing: metric.key), values: values, axes: axes)
            }
        }
        return ([run], problems)
    }
}
