import HyperscopeCore

extension RunField {
    /// The value of the field `name` for the run at `row` of a table: what ``value(_:in:goal:)``
    /// gives for that run, read from the table's columns.
    ///
    /// - Parameter goal: The goal of a metric, for `best`.
    public static func value(
        _ name: String, in table: RunTable, row: Int, goal: (MetricKey) -> MetricGoal
    ) -> Value? {
        reader(name, in: table, goal: goal)(row)
    }

    /// What ``value(_:in:row:goal:)`` gives for any row of a table, the name resolved once (its
    /// column, the metric it names and that metric's goal) rather than at every row: for sorting
    /// and filtering many rows by one field.
    ///
    /// - Parameter goal: The goal of a metric, for `best`.
    package static func reader(
        _ name: String, in table: RunTable, goal: (MetricKey) -> MetricGoal
    ) -> (Int) -> Value? {
        if metadataNames.contains(name) { return { metadata(name, in: table, row: $0) } }
        let parameter = table.parameterColumn(name)
        let whole = MetricKey(parsing: name)
        let wholeMetric = table.metricColumn(whole).map { (column: $0, goal: goal(whole)) }
        var statistic: (column: RunTable.MetricColumn, goal: MetricGoal, name: String)?
        if let dot = name.lastIndex(of: ".") {
            let statisticName = String(name[name.index(after: dot)...])
            let key = MetricKey(parsing: String(name[..<dot]))
            if MetricSummary.statisticNames.contains(statisticName), let column = table.metricColumn(key) {
                statistic = (column, goal(key), statisticName)
            }
        }
        return { row in
            if let value = parameter?.value(run: row) { return value }
            if let wholeMetric, let summary = wholeMetric.column.summary(run: row, goal: wholeMetric.goal) {
                return summary.last.map(Value.float)
            }
            guard let statistic, let summary = statistic.column.summary(run: row, goal: statistic.goal) else {
                return nil
            }
            return summary.statistic(named: statistic.name).map(Value.float)
        }
    }

    /// The metric `name` refers to for the run at `row` of a table: what ``metricKey(_:in:)`` gives
    /// for that run.
    public static func metricKey(_ name: String, in table: RunTable, row: Int) -> MetricKey? {
        if metadataNames.contains(name) || table.parameterColumn(name)?.value(run: row) != nil { return nil }
        let has = { (key: MetricKey) in (table.metricColumn(key)?.counts[row] ?? -1) >= 0 }
        let whole = MetricKey(parsing: name)
        if has(whole) { return whole }
        guard let dot = name.lastIndex(of: "."),
            MetricSummary.statisticNames.contains(String(name[name.index(after: dot)...]))
        else {
            return nil
        }
        let key = MetricKey(parsing: String(name[..<dot]))
        return has(key) ? key : nil
    }

    /// Whether `name` can name something in at least one run of a table: what ``isKnown(_:in:)``
    /// answers for its runs.
    public static func isKnown(_ name: String, in table: RunTable) -> Bool {
        if metadataNames.contains(name) { return true }
        if table.parameterColumn(name) != nil || table.metricColumn(MetricKey(parsing: name)) != nil { return true }
        guard let dot = name.lastIndex(of: ".") else { return false }
        return MetricSummary.statisticNames.contains(String(name[name.index(after: dot)...]))
            && table.metricColumn(MetricKey(parsing: String(name[..<dot]))) != nil
    }

    private static func metadata(_ name: String, in table: RunTable, row: Int) -> Value? {
        let number = { (numbers: [Double]) in numbers[row].isNaN ? nil : Value.float(numbers[row]) }
        return switch name {
        case "id": table.ids[row] == 0 ? nil : .int(table.ids[row])
        case "name": .string(table.names[row])
        case "status": .string(table.statuses[row].rawValue)
        case "status_reason": table.statusReasons.value(run: row)
        case "source": .string(table.sources[row])
        case "format": .string(table.formats[row].rawValue)
        case "git_commit": table.gitCommits.value(run: row)
        case "study": table.studies.value(run: row)
        case "trial": table.trials.value(run: row)
        case "training_seconds": number(table.trainingSeconds)
        case "started_at": number(table.startedAt)
        case "ended_at": number(table.endedAt)
        default: nil
        }
    }
}
