import HyperscopeCore

/// Tells a CSV log of one run's training (Lightning's `metrics.csv`, Keras' and fastai's
/// `CSVLogger`: a row per step or epoch) from a table of runs, and reads it as one run.
///
/// ```
/// epoch,step,train_loss,val_loss,val_acc
/// 0,49,1.61,,
/// 0,199,,0.50,0.60
/// ```
///
/// A table is such a log when it has an x-axis column (``axisColumns``: `epoch`, `step`, …),
/// no column that names or numbers runs (a name, a trial number, a status, `params_*`, `config.*`),
/// and its first axis column never decreases down at least two rows. Each numeric cell of another
/// column is then a point of the metric named by the column, at the row's axis values; an empty
/// cell is no point.
enum CSVCurveLog {
    /// The columns read as x-axes: training progress only (a `batch` or `time` column of a table of
    /// runs is more often a batch size or a duration).
    static let axisColumns: Set<String> = ["epoch", "step", "global_step", "iteration", "iter", "_step"]

    /// Whether a table with these columns, their roles and rows is a log of one run.
    static func isCurveLog(
        columns: [String], roles: [String: TableRunMapping.Role], rows: [[String]]
    ) -> Bool {
        guard rows.count >= 2, let axis = columns.firstIndex(where: axisColumns.contains) else {
            return false
        }
        let namesRuns = columns.contains { column in
            if column.hasPrefix("params_") || column.hasPrefix("config.") || column.hasPrefix("params.") {
                return true
            }
            switch roles[column] {
            case .name?, .trialNumber?, .status?, .nestedParameters?, .nestedMetrics?: return true
            default: return false
            }
        }
        guard !namesRuns else { return false }
        var previous = -Double.infinity
        for row in rows {
            guard axis < row.count, let value = TableCell.value(of: row[axis])?.numericValue, value >= previous else {
                return false
            }
            previous = value
        }
        return true
    }

    /// The run of a CSV log: rows in order, each row's axis cells its coordinates.
    static func read(
        columns: [String], rows: [(fields: [String], line: Int)], source: String, name: String
    ) -> (run: Run, problems: [IngestProblem]) {
        var run = Run(key: source, name: name, source: source, format: .csvLog)
        run.setEndlessStatus(recordedBy: "a CSV log", looksAlive: false)
        var reader = MetricRecordReader(axes: axisColumns)
        var problems: [IngestProblem] = []
        for row in rows {
            let cells = zip(columns, row.fields).compactMap { column, text in
                TableCell.value(of: text).map { (column, $0) }
            }
            for field in reader.read(cells) {
                problems.append(
                    IngestProblem(
                        file: source, line: row.line,
                        reason: MetricRecordReader.nonNumericReason(
                            "column \"\(field.name)\"", typeName: field.typeName)))
            }
        }
        run.curves = reader.curves.curves
        return (run, problems)
    }
}
