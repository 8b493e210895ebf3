import HyperscopeCore

/// Turns the rows of a trial table into runs, deciding what each column is.
///
/// It knows two dialects and a generic fallback:
/// - Optuna's `trials_dataframe()`: `number`, `value` or `values_0…`, `params_*`, `user_attrs_*`,
///   `system_attrs_*`, `datetime_start`, `datetime_complete`, `duration`, `state`;
/// - sweep exports in the style of W&B: `config.*` (or `params.*`) columns for parameters and
///   `summary.*` columns for metrics, or nested `config`/`summary` objects in JSON records;
/// - anything else: the columns named with `--metric-columns` (and columns named `split/metric`)
///   are metrics, the rest parameters.
///
/// Run metadata columns (`name`, `state`/`status`, start and end times, durations) are recognised in
/// every dialect. Each metric cell becomes a one-point curve.
struct TableRunMapping {
    /// The columns the user named as metrics; `nil` when not given.
    var metricColumns: Set<String>?

    private static let nameColumns: Set<String> = ["name", "Name", "run_name", "trial_name", "id", "run_id", "ID"]
    private static let statusColumns: Set<String> = ["state", "State", "status", "Status"]
    private static let startColumns: Set<String> = [
        "datetime_start", "start_time", "started_at", "created_at", "Created",
    ]
    private static let endColumns: Set<String> = ["datetime_complete", "end_time", "ended_at", "finished_at"]
    private static let durationColumns: Set<String> = [
        "duration", "Runtime", "runtime", "train_time_s", "training_seconds",
    ]

    /// What one column of a table holds.
    enum Role: Equatable {
        case parameter(String)
        case metric(MetricKey)
        case attribute(String)
        case nestedParameters
        case nestedMetrics
        case name, trialNumber, status, start, end, duration
        /// Optuna's `duration`: a pandas timedelta, written as text in CSV and as milliseconds in JSON.
        case optunaDuration
    }

    /// Decides each column's role from all the table's column names.
    func roles(for columns: [String]) -> [String: Role] {
        let hasPrefixedParams = columns.contains {
            $0.hasPrefix("params_") || $0.hasPrefix("config.") || $0.hasPrefix("params.") || $0 == "config"
                || $0 == "params"
        }
        let isOptuna =
            columns.contains("number")
            && columns.contains { $0 == "value" || $0.hasPrefix("values_") || $0.hasPrefix("params_") }
        var roles: [String: Role] = [:]
        for column in columns {
            roles[column] = role(of: column, hasPrefixedParams: hasPrefixedParams, isOptuna: isOptuna)
        }
        return roles
    }

    /// A problem to report when no column of a table holds metrics, so the user learns to name them.
    func missingMetricsProblem(roles: [String: Role], source: String) -> IngestProblem? {
        let hasMetrics = roles.values.contains { role in
            switch role {
            case .metric, .nestedMetrics: true
            default: false
            }
        }
        guard !hasMetrics else { return nil }
        return IngestProblem(
            file: source, line: 1,
            reason:
                "no metric columns recognised, so every column was read as a parameter; name them with --metric-columns (for example --metric-columns \"val/acc,loss\")"
        )
    }

    private func role(of column: String, hasPrefixedParams: Bool, isOptuna: Bool) -> Role {
        if let metricColumns, metricColumns.contains(column) { return .metric(MetricKey(parsing: column)) }
        for prefix in ["params_", "config.", "params.", "config/"] where column.hasPrefix(prefix) {
            return .parameter(String(column.dropFirst(prefix.count)))
        }
        for prefix in ["summary.", "metrics.", "summary_metrics.", "summary/"] where column.hasPrefix(prefix) {
            return .metric(MetricKey(parsing: String(column.dropFirst(prefix.count))))
        }
        for prefix in ["user_attrs_", "system_attrs_"] where column.hasPrefix(prefix) {
            return .attribute(column)
        }
        switch column {
        case "config", "params": return .nestedParameters
        case "summary", "metrics", "summary_metrics": return .nestedMetrics
        case "number" where isOptuna: return .trialNumber
        case "duration" where isOptuna: return .optunaDuration
        case "value" where isOptuna: return .metric(MetricKey(split: "", metric: "value"))
        case _ where isOptuna && column.hasPrefix("values_"): return .metric(MetricKey(split: "", metric: column))
        case _ where Self.nameColumns.contains(column): return .name
        case _ where Self.statusColumns.contains(column): return .status
        case _ where Self.startColumns.contains(column): return .start
        case _ where Self.endColumns.contains(column): return .end
        case _ where Self.durationColumns.contains(column): return .duration
        default: break
        }
        if column.contains("/") || (metricColumns == nil && hasPrefixedParams) {
            return .metric(MetricKey(parsing: column))
        }
        return .parameter(column)
    }

    /// Makes the run of one table row.
    ///
    /// - Parameters:
    ///   - cells: The row's cells by column, typed; missing cells are absent.
    ///   - roles: The column roles from ``roles(for:)``.
    ///   - rowNumber: The 1-based data row, used in the run's key when no trial number is given.
    ///   - line: The line the row starts on, for problems.
    ///   - source: The table file.
    ///   - baseName: The table's display name, which prefixes the run names.
    ///   - format: The table's format.
    ///   - problems: Where problems with the row's cells go.
    func run(
        cells: [(column: String, value: Value)], roles: [String: Role], rowNumber: Int, line: Int, source: String,
        baseName: String, format: LogFormat, problems: inout [IngestProblem]
    ) -> Run {
        var run = Run(
            key: "\(source)#\(rowNumber)", name: "\(baseName)#\(rowNumber)", source: source, format: format,
            status: .completed)
        var curves = CurveAccumulator()
        func addMetric(_ key: MetricKey, _ value: Value) {
            switch value {
            case .int, .float: curves.append(value.numericValue!, to: key)
            case .null: break
            default:
                problems.append(
                    IngestProblem(
                        file: source, line: line,
                        reason:
                            "metric column \(key) holds a \(value.typeName) (\(value.displayText)), expected a number"))
            }
        }
        for (column, value) in cells {
            switch roles[column] ?? .parameter(column) {
            case .parameter(let key):
                for (flatKey, flatValue) in value.flattened(prefix: key) { run.params[flatKey] = flatValue }
            case .nestedParameters:
                run.setParams(fromConfig: value)
            case .metric(let key):
                addMetric(key, value)
            case .nestedMetrics:
                for (key, metric) in value.flattened() where metric.numericValue != nil {
                    addMetric(MetricKey(parsing: key), metric)
                }
            case .attribute(let key):
                run.attributes[key] = value
            case .name:
                run.name = value.displayText
            case .trialNumber:
                run.key = "\(source)#\(value.displayText)"
                run.name = "\(baseName)#\(value.displayText)"
                run.attributes["number"] = value
            case .status:
                if let status = value.stringValue.flatMap(RunStatus.init(loosely:)) {
                    run.status = status
                } else {
                    problems.append(
                        IngestProblem(
                            file: source, line: line,
                            reason: "unknown state \(value.displayText); the run is marked incomplete"))
                    run.status = .incomplete
                    run.statusReason = "unknown state \(value.displayText)"
                }
            case .start:
                run.startedAt = Timestamp.seconds(from: value)
            case .end:
                run.endedAt = Timestamp.seconds(from: value)
            case .duration:
                run.trainingSeconds = Timestamp.duration(from: value)
            case .optunaDuration:
                run.trainingSeconds = value.numericValue.map { $0 / 1000 } ?? Timestamp.duration(from: value)
            }
        }
        run.curves = curves.curves
        if run.trainingSeconds == nil, let start = run.startedAt, let end = run.endedAt {
            run.trainingSeconds = end - start
        }
        return run
    }
}
