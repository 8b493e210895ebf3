extension Run {
    /// The run as a JSON document (for `runs --format json`, `show`, the API and each search run's
    /// `run.json`): `id`, `name`, `source`, `format`, `status`, `status_reason`,
    /// `params` (flattened, typed), `metrics` (`{"val/acc": {"last", "best", "count", "min", "max", "goal"}}`),
    /// times, git commit and attributes. With `includingCurves`, each metric also carries its
    /// `values` and x-axes.
    public func document(goals: MetricGoals, includingCurves: Bool = false) -> Value {
        guard case .object(var fields) = RunTable([self]).document(row: 0, goals: goals, attributes: attributes)
        else { return .null }
        // A run not stored yet has no id (the table's is a placeholder).
        if id == nil, let index = fields.firstIndex(where: { $0.key == "id" }) { fields[index].value = .null }
        guard includingCurves else { return .object(fields) }
        // Each metric's first curve, as the table summarises it.
        var curvesByName: [String: MetricCurve] = [:]
        for curve in curves where curvesByName[curve.key.description] == nil {
            curvesByName[curve.key.description] = curve
        }
        if let index = fields.firstIndex(where: { $0.key == "metrics" }),
            case .object(let metrics) = fields[index].value
        {
            fields[index].value = .object(
                metrics.map { metric in
                    guard let curve = curvesByName[metric.key], case .object(var summary) = metric.value
                    else { return metric }
                    summary.append(Value.Field("values", .list(curve.values.map(Value.float))))
                    summary.append(
                        Value.Field(
                            "axes", .object(curve.axes.map { Value.Field($0.name, .list($0.values.map(Value.float))) }))
                    )
                    return Value.Field(metric.key, .object(summary))
                })
        }
        let messages = Value.list(
            messages.map { message in
                .object([
                    Value.Field("text", .string(message.text)),
                    Value.Field("line", message.line.map { .int(Int64($0)) } ?? .null),
                    Value.Field("time", message.time.map(Value.float) ?? .null),
                ])
            })
        fields.insert(Value.Field("messages", messages), at: fields.count - 1)
        return .object(fields)
    }
}
