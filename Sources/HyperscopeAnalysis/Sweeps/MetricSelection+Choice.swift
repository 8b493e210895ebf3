import HyperscopeCore

extension MetricSelection {
    /// The metrics tried, in order, when none is named.
    public static let preferredMetrics = [
        "objective", "val/acc", "val/accuracy", "value", "val/acc1", "eval/acc", "val/loss", "mean_score",
    ]

    /// The selection for some runs: the metric named, else the first preferred metric the runs have;
    /// the point parsed from `at` (`last`, `best`, `epoch=10`); the goal from `goals`.
    ///
    /// - Returns: The selection, or why there is none, naming the metrics the runs do have.
    public static func choose(
        metric: String?, at point: String, goals: MetricGoals, runs: [Run]
    ) -> Result<MetricSelection, NotComputable> {
        var keys: Set<MetricKey> = []
        for index in runs.indices {
            for curve in runs[index].curves { keys.insert(curve.key) }
        }
        return choose(
            metric: metric, at: point, goals: goals, available: Set(keys.map(\.description)), anyRun: !runs.isEmpty)
    }

    /// The selection among the metrics some runs have, given by name (as ``MetricKey/description``):
    /// what ``choose(metric:at:goals:runs:)`` gives when the caller knows the runs' metrics already.
    ///
    /// - Parameter anyRun: Whether there are runs at all (with none, a named metric is taken as it is).
    public static func choose(
        metric: String?, at point: String, goals: MetricGoals, available: Set<String>, anyRun: Bool
    ) -> Result<MetricSelection, NotComputable> {
        guard let curvePoint = CurvePoint(parsing: point) else {
            return .failure(
                NotComputable("invalid point '\(point)': expected last, best, or AXIS=VALUE such as epoch=10"))
        }
        let name: String
        if let metric {
            guard available.contains(metric) || !anyRun else {
                return .failure(
                    NotComputable(
                        "no run has the metric '\(metric)'; the runs have: \(available.sorted().joined(separator: ", "))"
                    ))
            }
            name = metric
        } else if let preferred = preferredMetrics.first(where: available.contains) {
            name = preferred
        } else {
            return .failure(
                NotComputable("choose a metric; the runs have: \(available.sorted().joined(separator: ", "))"))
        }
        let key = MetricKey(parsing: name)
        return .success(MetricSelection(metric: key, point: curvePoint, goal: goals.goal(for: key)))
    }
}
