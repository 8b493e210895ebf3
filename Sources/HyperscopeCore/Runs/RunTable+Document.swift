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
        var builder = JSONValueBuilder()
        writeDocument(row: row, metricGoals: metricGoals, attributes: attributes, into: &builder)
        return builder.value
    }

    /// Writes the JSON text of the run in `row` to `sink`, as ``JSONWriter`` writes its document:
    /// a listing writes it this way without making its value first.
    ///
    /// - Parameter parameterFields: The runs' parameters as ``parameterFields(writer:)`` with the
    ///   sink's writer gives them: a listing of many runs writes each parameter's value once.
    package func writeDocument(
        row: Int, metricGoals: [MetricGoal], attributes: [String: Value], parameterFields: JSONFieldColumns? = nil,
        to sink: inout JSONTextSink
    ) {
        // Here, where the generic version is specialised for the text sink: called from another
        // module, it would take every field through the protocol's witnesses.
        writeDocument(
            row: row, metricGoals: metricGoals, attributes: attributes, parameterFields: parameterFields, into: &sink)
    }

    /// The runs' parameters as fields of their documents, each field's text as `writer` writes it
    /// (for each of a parameter's values: a table cut to some runs holds only theirs).
    package func parameterFields(writer: JSONWriter) -> JSONFieldColumns {
        JSONFieldColumns(
            keys: parameterKeys, codes: parameters.map(\.codes), values: parameters.map(\.values), writer: writer)
    }

    /// Writes the JSON document of the run in `row` to `sink`, field by field.
    private func writeDocument(
        row: Int, metricGoals: [MetricGoal], attributes: [String: Value], parameterFields: JSONFieldColumns? = nil,
        into sink: inout some JSONSink
    ) {
        func write(_ key: String, number value: Double?) {
            sink.key(key)
            if let value { sink.write(number: value) } else { sink.writeNull() }
        }
        func write(_ key: String, time value: Double) {
            write(key, number: value.isNaN ? nil : value)
        }
        func write(_ key: String, _ value: Value?) {
            sink.key(key)
            sink.write(value ?? .null)
        }
        func write(_ key: String, string text: String) {
            sink.key(key)
            sink.write(string: text)
        }
        sink.beginObject()
        sink.key("id")
        sink.write(integer: ids[row])
        write("name", string: names[row])
        write("source", string: sources[row])
        write("format", string: formats[row].rawValue)
        write("status", string: statuses[row].rawValue)
        write("status_reason", statusReasons.value(run: row))
        sink.key("params")
        sink.beginObject()
        if let parameterFields {
            sink.writeFields(parameterFields, row: row)
        } else {
            for (key, column) in zip(parameterKeys, parameters) {
                if let value = column.value(run: row) { write(key, value) }
            }
        }
        sink.endObject()
        sink.key("metrics")
        sink.beginObject()
        for ((key, goal), column) in zip(zip(metricKeys, metricGoals), metrics) {
            guard let summary = column.summary(run: row, goal: goal) else { continue }
            sink.key(key.description)
            sink.beginObject()
            write("last", number: summary.last)
            write("best", number: summary.best)
            sink.key("count")
            sink.write(integer: Int64(summary.count))
            write("min", number: summary.min)
            write("max", number: summary.max)
            write("goal", string: goal.rawValue)
            sink.endObject()
        }
        sink.endObject()
        write("started_at", time: startedAt[row])
        write("ended_at", time: endedAt[row])
        write("training_seconds", time: trainingSeconds[row])
        write("git_commit", gitCommits.value(run: row))
        write("attributes", Value.object(sortedByKey: attributes))
        sink.endObject()
    }
}
