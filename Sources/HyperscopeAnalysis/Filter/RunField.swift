import HyperscopeCore

/// A named value of a run that expressions and tables refer to: run metadata, a parameter, or a
/// statistic of a metric curve.
///
/// Names resolve in this order: the metadata fields (``metadataNames``), then a parameter with
/// exactly that key, then a metric: `val/acc.best` (a statistic of ``MetricSummary``) or
/// `val/acc` alone (its last value).
public enum RunField {
    /// The run metadata names: `id`, `name`, `status`, `status_reason`, `source`, `format`,
    /// `git_commit`, `training_seconds`, `started_at`, `ended_at`, and for search trials `study`
    /// and `trial`.
    public static let metadataNames: Set<String> = [
        "id", "name", "status", "status_reason", "source", "format", "git_commit", "training_seconds", "started_at",
        "ended_at", "study", "trial",
    ]

    /// The value of the field `name` in `run`, or `nil` when the run does not have it.
    ///
    /// - Parameter goal: The goal of a metric, for `best`.
    public static func value(_ name: String, in run: Run, goal: (MetricKey) -> MetricGoal) -> Value? {
        if metadataNames.contains(name) { return metadata(name, of: run) }
        if let parameter = run.params[name] { return parameter }
        if let curve = run.curve(MetricKey(parsing: name)) {
            return curve.summary(goal: goal(curve.key)).last.map(Value.float)
        }
        guard let dot = name.lastIndex(of: ".") else { return nil }
        let statistic = String(name[name.index(after: dot)...])
        guard MetricSummary.statisticNames.contains(statistic),
            let curve = run.curve(MetricKey(parsing: String(name[..<dot])))
        else {
            return nil
        }
        return curve.summary(goal: goal(curve.key)).statistic(named: statistic).map(Value.float)
    }

    /// The metric `name` refers to in `run` (`val/acc` or `val/acc.best` give `val/acc`), or `nil`
    /// when it names metadata, a parameter, or nothing the run has.
    public static func metricKey(_ name: String, in run: Run) -> MetricKey? {
        if metadataNames.contains(name) || run.params[name] != nil { return nil }
        let whole = MetricKey(parsing: name)
        if run.curve(whole) != nil { return whole }
        guard let dot = name.lastIndex(of: "."),
            MetricSummary.statisticNames.contains(String(name[name.index(after: dot)...]))
        else {
            return nil
        }
        let key = MetricKey(parsing: String(name[..<dot]))
        return run.curve(key) != nil ? key : nil
    }

    /// Whether `name` can name something in at least one of `runs`: used to catch typos in `--where`.
    public static func isKnown(_ name: String, in runs: [Run]) -> Bool {
        if metadataNames.contains(name) { return true }
        return runs.contains { run in
            if run.params[name] != nil || run.curve(MetricKey(parsing: name)) != nil { return true }
            guard let dot = name.lastIndex(of: ".") else { return false }
            return MetricSummary.statisticNames.contains(String(name[name.index(after: dot)...]))
                && run.curve(MetricKey(parsing: String(name[..<dot]))) != nil
        }
    }

    private static func metadata(_ name: String, of run: Run) -> Value? {
        switch name {
        case "id": run.id.map(Value.int)
        case "name": .string(run.name)
        case "status": .string(run.status.rawValue)
        case "status_reason": run.statusReason.map(Value.string)
        case "source": .string(run.source)
        case "format": .string(run.format.rawValue)
        case "git_commit": run.gitCommit.map(Value.string)
        case "study": run.attributes["study"] ?? run.params["study"]
        case "trial": run.attributes["trial"] ?? run.params["trial"]
        case "training_seconds": run.trainingSeconds.map(Value.float)
        case "started_at": run.startedAt.map(Value.float)
        case "ended_at": run.endedAt.map(Value.float)
        default: nil
        }
    }
}
