import HyperscopeCore

/// Reads the `wandb-summary.json` of a W&B run folder that has no `wandb-history.jsonl` (W&B keeps
/// the history of its newer runs in a binary `.wandb` file): one run whose metrics are the summary's
/// final values.
///
/// ```
/// {"_step": 1999, "_runtime": 612.5, "_timestamp": 1716000612.5, "train/loss": 0.21,
///  "val": {"acc": 0.93}, "best_val_acc": {"max": 0.94}, "_wandb": {"runtime": 612}}
/// ```
///
/// Each number is the metric of its name (a nested one named by its path: `val/acc`,
/// `best_val_acc/max`) at the run's last `_step`; `_runtime` and `_timestamp` are kept as the run's
/// duration and end time. W&B's own `_wandb` is passed over; media and other values that are not
/// numbers (`{"_type": "histogram", …}`) are reported once each. The parameters come from the
/// `config.yaml` beside it (``RunConfigFile``). A summary does not say how its run ended: the run
/// is completed once the file is no longer written to, with that said as its status reason.
enum WandbSummaryReading {
    /// The file name W&B gives a run's summary.
    static let fileName = "wandb-summary.json"

    /// Reads the run of a summary named `baseName`.
    static func read(_ document: Value, source: String, baseName: String) -> (runs: [Run], problems: [IngestProblem]) {
        guard case .object(let fields) = document else {
            return ([], [IngestProblem(file: source, reason: "a W&B summary must be an object of final values")])
        }
        var run = Run(key: source, name: baseName, source: source, format: .wandbSummary)
        run.setEndlessStatus(recordedBy: "a W&B summary", looksAlive: false)
        if let runtime = document["_runtime"]?.numericValue { run.attributes["wandb.runtime_s"] = .float(runtime) }
        if let end = document["_timestamp"]?.numericValue {
            run.attributes["wandb.timestamp"] = .float(end)
            if let runtime = document["_runtime"]?.numericValue { run.startedAt = end - runtime }
        }
        var metrics: [(name: String, value: Value)] = []
        if let step = document["_step"] { metrics.append(("_step", step)) }
        for field in fields where !field.key.hasPrefix("_") {
            collect(field.value, named: field.key, into: &metrics)
        }
        var reader = MetricRecordReader(axes: ["_step"])
        var problems: [IngestProblem] = []
        for field in reader.read(metrics) {
            problems.append(
                IngestProblem(
                    file: source,
                    reason: MetricRecordReader.nonNumericReason(
                        "summary field \"\(field.name)\"", typeName: field.typeName)))
        }
        run.curves = reader.curves.curves
        return ([run], problems)
    }

    /// The values of a field, a nested object's numbers named by their path; a media object
    /// (`_type`) stays whole, to be reported.
    private static func collect(_ value: Value, named name: String, into metrics: inout [(name: String, value: Value)])
    {
        guard case .object(let fields) = value, value[HyperscopeLogParser.mediaTypeField] == nil, !fields.isEmpty else {
            metrics.append((name, value))
            return
        }
        for field in fields { collect(field.value, named: name + "/" + field.key, into: &metrics) }
    }
}
