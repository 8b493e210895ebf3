extension RunTable {
    /// The JSON document of the run in `row` (see ``Run/document(goals:includingCurves:)``, which
    /// is made here too): everything but its attributes comes from the table, so listing runs as
    /// JSON decodes no run and no curve.
    ///
    /// - Parameter attributes: The run's attributes, which the table does not hold.
    package func document(row: Int, goals: MetricGoals, attributes: [String: Value]) -> Value {
        document(row: row, metricGoals: metricKeys.map(goals.goal(for:)), attributes: attributes)
    }

    /// The JSON document of the run in `row`, given each metric's goal in ``metricKeys`` order: for
    /// many rows, each goal is found once.
    package func document(row: Int, metricGoals: [MetricGoal], attributes: [String: Value]) -> Value {
        func number(_ value: Double) -> Value { value.isNaN ? .null : .float(value) }
        func optional(_ value: Double?) -> Value { value.map(Value.float) ?? .null }
        let metricFields = zip(zip(metricKeys, metricGoals), metrics).compactMap { pair, column -> Value.Field? in
            let (key, goal) = pair
            guard let summary = column.summary(run: row, goal: goal) else { return nil }
            return Value.Field(
                key.description,
                .object([
                    Value.Field("last", optional(summary.last)), Value.Field("best", optional(summary.best)),
                    Value.Field("count", .int(Int64(summary.count))), Value.Field("min", optional(summary.min)),
                    Value.Field("max", optional(summary.max)), Value.Field("goal", .string(goal.rawValue)),
                ]))
        }
        let parameterFields = zip(parameterKeys, parameters).compactMap { key, column in
            column.value(run: row).map { Value.Field(key, $0) }
        }
        return .object([
            Value.Field("id", .int(ids[row])),
            Value.Field("name", .string(names[row])),
            Value.Field("source", .string(sources[row])),
            Value.Field("format", .string(formats[row].rawValue)),
            Value.Field("status", .string(statuses[row].rawValue)),
            Value.Field("status_reason", statusReasons.value(run: row) ?? .null),
            Value.Field("params", .object(parameterFields)),
            Value.Field("metrics", .object(metricFields)),
            Value.Field("started_at", number(startedAt[row])),
            Value.Field("ended_at", number(endedAt[row])),
            Value.Field("training_seconds", number(trainingSeconds[row])),
            Value.Field("git_commit", gitCommits.value(run: row) ?? .null),
            Value.Field(
                "attributes", Value.object(sortedByKey: attributes)),
        ])
    }
}
