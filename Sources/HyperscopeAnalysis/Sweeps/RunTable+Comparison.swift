import HyperscopeCore

extension ComparisonSide {
    /// A side made of the runs at `rows` of a table: what ``init(label:runs:selection:pairing:includeIncomplete:epochKeys:)``
    /// gives for those runs, given each run of the table's value of the selection (``MetricSelection/values(in:)``).
    ///
    /// - Complexity: O(*rows × metrics*).
    public init(
        label: String, table: RunTable, rows: [Int], values: [Result<Double, NotComputable>],
        selection: MetricSelection, pairing: RunPairing, includeIncomplete: Bool = false
    ) {
        let completeness = TableCompleteness(table: table, metric: selection.metric)
        let expected = completeness.expectedLength(of: rows)
        var kept: [Double] = []
        var keys: [Value?] = []
        for row in rows {
            if !includeIncomplete, completeness.shortfall(row: row, expectedLength: expected) != nil { continue }
            guard case .success(let value) = values[row] else { continue }
            kept.append(value)
            keys.append(pairing.key(row: row, in: table))
        }
        self.init(label: label, values: kept, pairingKeys: keys, pairingFields: pairing.fields)
    }
}

extension RunPairing {
    /// The pairing key of the run at `row` of a table, as ``key(of:)`` gives it for that run.
    public func key(row: Int, in table: RunTable) -> Value? {
        guard let seedKey, let seed = table.parameterColumn(seedKey)?.value(run: row) else { return nil }
        return .list([seed] + otherKeys.map { table.parameterColumn($0)?.value(run: row) ?? .null })
    }
}

extension RunGrouping {
    /// The rows of a table that have `key`, one group per value, in the order ``byValue(_:of:columns:)``
    /// gives the groups of the table's runs.
    ///
    /// - Complexity: O(*runs* + *groups* log *groups*).
    public static func byValue(_ table: RunTable, of key: String) -> [(value: Value, rows: [Int])] {
        guard let column = table.parameterColumn(key) else { return [] }
        var rowsOfCode = [[Int]](repeating: [], count: column.values.count)
        for (row, code) in column.codes.enumerated() where code >= 0 { rowsOfCode[Int(code)].append(row) }
        return zip(column.values, rowsOfCode).map { (value: $0, rows: $1) }.sorted { inValueOrder($0.value, $1.value) }
    }
}

/// What decides under ``CompletenessRule/automatic`` whether the runs of a table are complete for
/// one metric: its summaries, the epochs of every curve, the configured epochs and the formats.
struct TableCompleteness {
    let table: RunTable
    let column: RunTable.MetricColumn?
    let epochKeys: [String]

    init(table: RunTable, metric: MetricKey) {
        self.table = table
        column = table.metricColumn(metric)
        epochKeys = SweepSummary.epochKeys(among: table.parameterKeys)
    }

    /// The length the rule expects of the curves of the runs at `rows`: the longest one's.
    func expectedLength(of rows: some Sequence<Int>) -> Int {
        guard let column else { return 0 }
        return rows.map { max(0, Int(column.counts[$0])) }.max() ?? 0
    }

    /// How the run at `row` falls short of complete, or `nil` when it is complete.
    func shortfall(row: Int, expectedLength: Int) -> SweepSummary.Shortfall? {
        guard let column, column.counts[row] >= 0 else { return .noMetric }
        let epochs = { (column: RunTable.MetricColumn) -> SweepSummary.EpochsLogged? in
            guard column.epochCounts[row] >= 0 else { return nil }
            let last = column.lastEpochs[row]
            return SweepSummary.EpochsLogged(count: Int(column.epochCounts[row]), last: last.isNaN ? nil : last)
        }
        return SweepSummary.automaticShortfall(
            count: Int(column.counts[row]), epochs: epochs(column),
            otherCurves: table.metrics.lazy.filter { $0.counts[row] >= 0 }.compactMap(epochs),
            configuredEpochs: SweepSummary.configuredEpochs(
                of: { table.parameterColumn($0)?.value(run: row) }, keys: epochKeys),
            logsCurves: table.formats[row].logsCurves, expectedLength: expectedLength)
    }
}
