extension Run {
    /// The run as a JSON document (for `runs --format json`, `show`, the API and each search run's
    /// `run.json`): `id`, `name`, `source`, `format`, `status`, `status_reason`,
    /// `params` (flattened, typed), `metrics` (`{"val/acc": {"last", "best", "count", "min", "max", "goal"}}`),
    /// times, git commit and attributes. With `includingCurves`, each metric also carries its
    /// `values` and x-axes.
    public func document(goals: MetricGoals, includingCurves: Bool = false) -> Value {
        var metrics: [Value.Field] = []
        for curve in curves.sorted(by: { $0.key < $1.key }) {
            let goal = goals.goal(for: curve.key)
            let summary = curve.summary(goal: goal)
            var fields = [
                Value.Field("last", summary.last.map(Value.float) ?? .null),
                Value.Field("best", summary.best.map(Value.float) ?? .null),
                Value.Field("count", .int(Int64(summary.count))),
                Value.Field("min", summary.min.map(Value.float) ?? .null),
                Value.Field("max", summary.max.map(Value.float) ?? .null),
                Value.Field("goal", .string(goal.rawValue)),
            ]
            if includingCurves {
                fields.append(Value.Field("values", .list(curve.values.map(Value.float))))
                fields.append(
                    Value.Field(
                        "axes", .object(curve.axes.map { Value.Field($0.name, .list($0.values.map(Value.float))) })))
            }
            metrics.append(Value.Field(curve.key.description, .object(fields)))
        }
        var fields: [Value.Field] = [
            Value.Field("id", id.map(Value.int) ?? .null),
            Value.Field("name", .string(name)),
            Value.Field("source", .string(source)),
            Value.Field("format", .string(format.rawValue)),
            Value.Field("status", .string(status.rawValue)),
            Value.Field("status_reason", statusReason.map(Value.string) ?? .null),
            Value.Field("params", Self.sortedObject(params)),
            Value.Field("metrics", .object(metrics)),
            Value.Field("started_at", startedAt.map(Value.float) ?? .null),
            Value.Field("ended_at", endedAt.map(Value.float) ?? .null),
            Value.Field("training_seconds", trainingSeconds.map(Value.float) ?? .null),
            Value.Field("git_commit", gitCommit.map(Value.string) ?? .null),
        ]
        if includingCurves {
            fields.append(
                Value.Field(
                    "messages",
                    .list(
                        messages.map { message in
                            .object([
                                Value.Field("text", .string(message.text)),
                                Value.Field("line", message.line.map { .int(Int64($0)) } ?? .null),
                                Value.Field("time", message.time.map(Value.float) ?? .null),
                            ])
                        })))
        }
        fields.append(Value.Field("attributes", Self.sortedObject(attributes)))
        return .object(fields)
    }

    /// An object of a dictionary's fields in key order, so documents read the same every time.
    private static func sortedObject(_ dictionary: [String: Value]) -> Value {
        .object(dictionary.sorted { $0.key < $1.key }.map { Value.Field($0.key, $0.value) })
    }
}
