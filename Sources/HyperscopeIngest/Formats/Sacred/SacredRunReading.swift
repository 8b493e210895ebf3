import Foundation
import HyperscopeCore

/// Reads a run folder of Sacred's `FileStorageObserver` (`runs/1/`) as one run: `run.json` says how
/// the run went, `config.json` holds its configuration and `metrics.json` the values it logged.
///
/// ```
/// run.json      {"experiment": {"name": "mnist"}, "status": "COMPLETED", "result": 0.93,
///                "start_time": "2024-05-18T02:40:00.000000", "stop_time": "…", "host": {…}, …}
/// config.json   {"lr": 0.01, "optimizer": {"name": "adam"}, "seed": 1234}
/// metrics.json  {"train.loss": {"steps": [0, 1], "timestamps": […], "values": [2.3, 1.9]}, …}
/// ```
///
/// The run is read from `run.json` (the file Sacred always writes); the other two are its companions
/// (``companionNames``), passed over by the scan and read with it. Each metric is a curve over
/// `step`; a number `result` is the metric `result`; the first of the experiment's `repositories`
/// gives the git commit; `status` gives the run's status (a `RUNNING`
/// run whose folder is no longer written to is incomplete: its process died without a word).
enum SacredRunReading {
    /// The file Sacred writes for every run, which the run is read from.
    static let runFileName = "run.json"
    /// The files of a run folder read with `run.json`, or passed over beside it.
    static let companionNames: Set<String> = ["config.json", "metrics.json", "info.json"]

    /// Whether a JSON document at `path` is a Sacred `run.json`.
    static func recognises(_ document: Value, path: String) -> Bool {
        guard path.hasSuffix("/" + runFileName) || path == runFileName, case .object? = document["experiment"],
            case .string? = document["status"]
        else { return false }
        return true
    }

    /// Whether a folder holding these file names is a Sacred run folder, by its `run.json`'s start
    /// (`prefix`): read only when the names make it likely.
    static func isRunFolder(names: Set<String>, runFilePrefix prefix: () -> [UInt8]?) -> Bool {
        guard names.contains(runFileName), !names.isDisjoint(with: companionNames), let start = prefix() else {
            return false
        }
        let text = String(decoding: start, as: UTF8.self)
        return text.contains("\"experiment\"") && text.contains("\"status\"")
    }

    /// The companions of the run file at `path` that exist, with their modification times.
    static func companions(of path: String) -> [(path: String, modifiedAt: Double)] {
        let folder = (path as NSString).deletingLastPathComponent
        return companionNames.sorted().compactMap { name in
            let companion = (folder as NSString).appendingPathComponent(name)
            return (try? SourceFile.status(of: companion)).map { (companion, $0.modifiedAt) }
        }
    }

    /// Reads the run of the `run.json` at `source`, named `name`; `looksAlive` when its folder was
    /// written to within the running window.
    static func read(
        _ document: Value, source: String, name: String, looksAlive: Bool, maximumBytes: Int
    ) -> (runs: [Run], problems: [IngestProblem]) {
        var run = Run(key: source, name: name, source: source, format: .sacred, status: .incomplete)
        var problems: [IngestProblem] = []
        let folder = (source as NSString).deletingLastPathComponent
        func companion(_ name: String) -> Value? {
            let path = (folder as NSString).appendingPathComponent(name)
            guard FileManager.default.fileExists(atPath: path) else { return nil }
            do throws(SourceReadError) {
                let bytes = try SourceFile.readAll(path, limit: maximumBytes)
                do throws(JSONSyntaxError) {
                    return try JSONParser.parse(bytes)
                } catch {
                    throw SourceReadError("malformed JSON at column \(error.column): \(error.reason)")
                }
            } catch {
                problems.append(IngestProblem(file: source, reason: "the run's \(name) was not read: \(error.reason)"))
                return nil
            }
        }
        readStatus(document, into: &run, looksAlive: looksAlive)
        if let experiment = document["experiment"]?["name"]?.stringValue {
            run.attributes["sacred.experiment"] = .string(experiment)
        }
        if let host = document["host"]?["hostname"]?.stringValue { run.attributes["sacred.host"] = .string(host) }
        if let command = document["command"]?.stringValue { run.attributes["sacred.command"] = .string(command) }
        if case .list(let repositories)? = document["experiment"]?["repositories"],
            let commit = repositories.lazy.compactMap({ $0["commit"]?.stringValue }).first
        {
            run.gitCommit = commit
        }
        run.startedAt = document["start_time"].flatMap(Timestamp.seconds(from:))
        run.endedAt = document["stop_time"].flatMap(Timestamp.seconds(from:))
        if let config = companion("config.json") {
            if case .object = config {
                run.setParams(fromConfig: config)
            } else {
                problems.append(
                    IngestProblem(
                        file: source, reason: "the run's config.json is a \(config.typeName), expected an object"))
            }
        }
        var curves = CurveAccumulator()
        if let metrics = companion("metrics.json") {
            readMetrics(metrics, into: &curves, source: source, problems: &problems)
        }
        if let result = document["result"]?.numericValue { curves.append(result, to: MetricKey(parsing: "result")) }
        run.curves = curves.curves
        return ([run], problems)
    }

    /// The run's status from `status` (and `fail_trace`'s last line for a failed run).
    private static func readStatus(_ document: Value, into run: inout Run, looksAlive: Bool) {
        let word = document["status"]?.stringValue ?? ""
        switch RunStatus(loosely: word) {
        case .running?:
            run.status = looksAlive ? .running : .incomplete
            if !looksAlive { run.statusReason = "run.json says RUNNING, but its folder is no longer written to" }
        case let status?:
            run.status = status
            if status == .failed, case .list(let trace)? = document["fail_trace"],
                let last = trace.last?.stringValue?.trimmingCharacters(in: .whitespacesAndNewlines)
            {
                run.statusReason = last
            }
        case nil:
            run.statusReason = "unknown status \(word)"
        }
    }

    /// Each metric of `metrics.json`: its `values` over its `steps`.
    private static func readMetrics(
        _ metrics: Value, into curves: inout CurveAccumulator, source: String, problems: inout [IngestProblem]
    ) {
        guard case .object(let fields) = metrics else {
            problems.append(
                IngestProblem(
                    file: source, reason: "the run's metrics.json is a \(metrics.typeName), expected an object"))
            return
        }
        for field in fields {
            guard case .list(let values)? = field.value["values"] else {
                problems.append(
                    IngestProblem(
                        file: source,
                        reason: "metrics.json: \"\(field.key)\" has no list of \"values\"; passed over"))
                continue
            }
            let steps: [Value] = if case .list(let steps)? = field.value["steps"] { steps } else { [] }
            let key = MetricKey(parsing: field.key)
            var skipped = 0
            for (index, value) in values.enumerated() {
                guard let number = value.numericValue else {
                    if value != .null { skipped += 1 }
                    continue
                }
                let step = index < steps.count ? steps[index].numericValue : nil
                curves.append(number, to: key, at: step.map { [("step", $0)] } ?? [])
            }
            if skipped > 0 {
                problems.append(
                    IngestProblem(
                        file: source,
                        reason: "metrics.json: \(skipped) values of \"\(field.key)\" are not numbers; passed over"))
            }
        }
    }
}
