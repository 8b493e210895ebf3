/// Many runs as columns: their metadata, their parameters (each key's values numbered, so a column
/// is an array of small integers) and a summary of each metric (last, smallest, largest, count, and
/// the epochs reached), without the runs' keys, messages, attributes or curves (a run's id finds it
/// whole in its store). The columns are read-only outside the module: they stay aligned.
///
/// It is what listings, filters, sweeps, comparisons, insights, suggestions and importance read: a
/// store keeps it up to date as runs are written (``Store/runTable()``), so a command over 100,000
/// runs reads a few arrays instead of decoding every run and its curves. ``init(_:)`` builds it from
/// runs, which is the one definition of its contents; every store's table equals the one built from
/// its runs. Tables are equal when their numbers are equal bit for bit (NaN marks a missing one).
public struct RunTable: Sendable, Equatable {
    /// The runs' store ids (0 for a run never stored), in the table's order.
    public internal(set) var ids: [Int64]
    /// The runs' names.
    public internal(set) var names: [String]
    /// The files the runs were read from.
    public internal(set) var sources: [String]
    /// The formats the runs were read as.
    public internal(set) var formats: [LogFormat]
    /// Where each run stands.
    public internal(set) var statuses: [RunStatus]
    /// When each run started, NaN when unknown.
    public internal(set) var startedAt: [Double]
    /// When each run ended, NaN when unknown.
    public internal(set) var endedAt: [Double]
    /// Each run's training time in seconds, NaN when unknown.
    public internal(set) var trainingSeconds: [Double]
    /// Each run's git commit, when known (strings).
    public internal(set) var gitCommits: ParameterColumn
    /// Why each run has its status, when given (strings).
    public internal(set) var statusReasons: ParameterColumn
    /// The study of each search trial's run: its `study` attribute, else its `study` parameter.
    public internal(set) var studies: ParameterColumn
    /// The trial number of each search trial's run: its `trial` attribute, else its `trial` parameter.
    public internal(set) var trials: ParameterColumn
    /// The parameter keys any run has, sorted.
    public internal(set) var parameterKeys: [String]
    /// One column per parameter key, in ``parameterKeys`` order.
    public internal(set) var parameters: [ParameterColumn]
    /// The metrics any run has, sorted.
    public internal(set) var metricKeys: [MetricKey]
    /// One column of summaries per metric, in ``metricKeys`` order.
    public internal(set) var metrics: [MetricColumn]

    /// One parameter's values over the runs: each run's value as a number into ``values``.
    public struct ParameterColumn: Sendable, Hashable {
        /// For each run, its value's position in ``values``, or -1 when the run lacks the key.
        public internal(set) var codes: [Int32]
        /// The key's distinct values, in order of first appearance.
        public internal(set) var values: [Value]

        /// Creates a column.
        package init(codes: [Int32], values: [Value]) {
            self.codes = codes
            self.values = values
        }
    }

    /// One metric's summary over the runs (see ``MetricSummary``), NaN values of the curves ignored.
    public struct MetricColumn: Sendable, Equatable {
        /// Each run's number of points (NaN included), or -1 when the run has no such curve.
        public internal(set) var counts: [Int32]
        /// Each run's last value that is not NaN; NaN when it has none.
        public internal(set) var last: [Double]
        /// Each run's smallest value; NaN when it has none.
        public internal(set) var minimum: [Double]
        /// Each run's largest value; NaN when it has none.
        public internal(set) var maximum: [Double]
        /// How many distinct epochs each run's curve was logged at (its `epoch` axis, NaN ignored), or
        /// -1 when the curve has no `epoch` axis: what tells a run that stopped short of its configured
        /// epochs.
        public internal(set) var epochCounts: [Int32]
        /// The last epoch each run's curve reached; NaN when it has no `epoch` axis or none logged.
        public internal(set) var lastEpochs: [Double]

        /// Creates a column.
        package init(
            counts: [Int32], last: [Double], minimum: [Double], maximum: [Double], epochCounts: [Int32],
            lastEpochs: [Double]
        ) {
            self.counts = counts
            self.last = last
            self.minimum = minimum
            self.maximum = maximum
            self.epochCounts = epochCounts
            self.lastEpochs = lastEpochs
        }

        /// Whether two columns hold the same summaries, numbers compared bit for bit.
        public static func == (left: Self, right: Self) -> Bool {
            left.counts == right.counts && RunTable.sameBits(left.last, right.last)
                && RunTable.sameBits(left.minimum, right.minimum) && RunTable.sameBits(left.maximum, right.maximum)
                && left.epochCounts == right.epochCounts && RunTable.sameBits(left.lastEpochs, right.lastEpochs)
        }

        /// The summary of a run's curve under `goal`, or `nil` when the run has no such curve.
        public func summary(run: Int, goal: MetricGoal) -> MetricSummary? {
            guard counts[run] >= 0 else { return nil }
            let finite = !last[run].isNaN
            return MetricSummary(
                last: finite ? last[run] : nil, min: finite ? minimum[run] : nil, max: finite ? maximum[run] : nil,
                count: Int(counts[run]), goal: goal)
        }
    }

    /// The number of runs.
    public var count: Int { ids.count }

    /// Whether two tables hold the same runs, numbers compared bit for bit.
    public static func == (left: RunTable, right: RunTable) -> Bool {
        left.ids == right.ids && left.names == right.names && left.sources == right.sources
            && left.formats == right.formats && left.statuses == right.statuses
            && sameBits(left.startedAt, right.startedAt) && sameBits(left.endedAt, right.endedAt)
            && sameBits(left.trainingSeconds, right.trainingSeconds) && left.gitCommits == right.gitCommits
            && left.statusReasons == right.statusReasons && left.studies == right.studies && left.trials == right.trials
            && left.parameterKeys == right.parameterKeys && left.parameters == right.parameters
            && left.metricKeys == right.metricKeys && left.metrics == right.metrics
    }

    static func sameBits(_ left: [Double], _ right: [Double]) -> Bool {
        left.count == right.count && zip(left, right).allSatisfy { $0.bitPattern == $1.bitPattern }
    }

    /// The table of `runs`, in their order.
    ///
    /// - Complexity: O(*runs × (parameters + points)*).
    public init(_ runs: [Run]) {
        let (keys, columns) = Self.parameterColumns(runs.map(\.params))
        self.init(runs, parameterKeys: keys, parameters: columns)
    }

    /// The table of `runs` whose parameter columns the caller has already (``parameterColumns(_:keys:)``
    /// of the runs' parameters), so they are not built again.
    package init(_ runs: [Run], parameterKeys: [String], parameters: [ParameterColumn]) {
        ids = runs.map { $0.id ?? 0 }
        names = runs.map(\.name)
        sources = runs.map(\.source)
        formats = runs.map(\.format)
        statuses = runs.map(\.status)
        startedAt = runs.map { $0.startedAt ?? .nan }
        endedAt = runs.map { $0.endedAt ?? .nan }
        trainingSeconds = runs.map { $0.trainingSeconds ?? .nan }
        gitCommits = ParameterColumn(runs.map { $0.gitCommit.map(Value.string) })
        statusReasons = ParameterColumn(runs.map { $0.statusReason.map(Value.string) })
        studies = ParameterColumn(runs.map { $0.attributes["study"] ?? $0.params["study"] })
        trials = ParameterColumn(runs.map { $0.attributes["trial"] ?? $0.params["trial"] })
        self.parameterKeys = parameterKeys
        self.parameters = parameters
        var metricBuilder = ColumnBuilder<MetricKey, MetricColumn>(runCount: runs.count)
        for (row, run) in runs.enumerated() {
            for curve in run.curves {
                metricBuilder.update(curve.key, make: MetricColumn.init(runCount:)) { $0.record(curve, run: row) }
            }
        }
        (metricKeys, metrics) = metricBuilder.sorted { $0 }
    }

    /// The parameter columns of configurations, one row each: of every key, or only of `wanted`
    /// (keys none has left out); keys sorted, each key's values numbered in order of first appearance.
    ///
    /// Many configurations (a study's 100,000 trials) are read in pieces, one per core, each visiting
    /// its configurations once; the pieces' columns are then joined a key at a time, on every core,
    /// the first piece with a key numbering the others' values where it left off (its own are not
    /// numbered again).
    ///
    /// - Complexity: O(*configurations × keys*).
    package static func parameterColumns(
        _ configurations: [[String: Value]], keys wanted: [String]? = nil
    ) -> (keys: [String], columns: [ParameterColumn]) {
        let pieces = concurrentPieces(of: configurations.count, minimumPiece: 8_192) { range in
            (rows: range.count, builders: columnBuilders(configurations[range], keys: wanted))
        }
        guard pieces.count > 1 else { return (pieces[0].builders.keys, pieces[0].builders.columns.map(\.column)) }
        let keys = Set(pieces.flatMap(\.builders.keys)).sorted()
        let columns = keys.concurrentMap { key in
            // The first piece with the key goes on with the others' values: its own are numbered.
            var builder: ParameterColumnBuilder?
            var offset = 0
            for (rows, (pieceKeys, pieceBuilders)) in pieces {
                let index = pieceKeys.partitioningIndex { $0 >= key }
                if index < pieceKeys.count, pieceKeys[index] == key {
                    if builder == nil {
                        builder = pieceBuilders[index]
                        builder!.widen(at: offset, runCount: configurations.count)
                    } else {
                        builder!.append(pieceBuilders[index].column, at: offset)
                    }
                }
                offset += rows
            }
            return builder!.column
        }
        return (keys, columns)
    }

    /// The column builders of some configurations, sorted by key, in one pass that visits each once.
    private static func columnBuilders(
        _ configurations: ArraySlice<[String: Value]>, keys wanted: [String]?
    ) -> (keys: [String], columns: [ParameterColumnBuilder]) {
        var builder = ColumnBuilder<String, ParameterColumnBuilder>(runCount: configurations.count)
        for (row, parameters) in configurations.enumerated() {
            if let wanted {
                for key in wanted {
                    guard let value = parameters[key] else { continue }
                    builder.update(key, make: ParameterColumnBuilder.init) { $0.record(value, run: row) }
                }
            } else {
                for (key, value) in parameters {
                    builder.update(key, make: ParameterColumnBuilder.init) { $0.record(value, run: row) }
                }
            }
        }
        return builder.sorted { $0 }
    }

    /// Creates a table from its columns, all as long as `ids`.
    package init(
        ids: [Int64], names: [String], sources: [String], formats: [LogFormat],
        statuses: [RunStatus], startedAt: [Double], endedAt: [Double], trainingSeconds: [Double],
        gitCommits: ParameterColumn, statusReasons: ParameterColumn, studies: ParameterColumn,
        trials: ParameterColumn, parameterKeys: [String], parameters: [ParameterColumn], metricKeys: [MetricKey],
        metrics: [MetricColumn]
    ) {
        self.ids = ids
        self.names = names
        self.sources = sources
        self.formats = formats
        self.statuses = statuses
        self.startedAt = startedAt
        self.endedAt = endedAt
        self.trainingSeconds = trainingSeconds
        self.gitCommits = gitCommits
        self.statusReasons = statusReasons
        self.studies = studies
        self.trials = trials
        self.parameterKeys = parameterKeys
        self.parameters = parameters
        self.metricKeys = metricKeys
        self.metrics = metrics
    }

    /// The column of a parameter key, or `nil` when no run has it.
    public func parameterColumn(_ key: String) -> ParameterColumn? {
        let index = parameterKeys.partitioningIndex { $0 >= key }
        return index < parameterKeys.count && parameterKeys[index] == key ? parameters[index] : nil
    }

    /// The summaries of a metric, or `nil` when no run has it.
    public func metricColumn(_ key: MetricKey) -> MetricColumn? {
        let index = metricKeys.partitioningIndex { $0 >= key }
        return index < metricKeys.count && metricKeys[index] == key ? metrics[index] : nil
    }

    /// The runs at `positions`, in that order: the table ``init(_:)`` builds from those runs (keys
    /// and metrics none of them has left out, values numbered in order of first appearance).
    ///
    /// - Complexity: O(*positions × (parameters + metrics)*).
    public func rows(_ positions: [Int]) -> RunTable {
        // The parameters' columns, most of the work, on every core when there are many rows.
        let parameterCut =
            positions.count < 4_096
            ? parameters.map { $0.rows(positions) } : parameters.concurrentMap { $0.rows(positions) }
        let keptParameters = parameterCut.indices.filter { !parameterCut[$0].values.isEmpty }
        let metricCut = metrics.map { $0.rows(positions) }
        let keptMetrics = metricCut.indices.filter { metricCut[$0].counts.contains { $0 >= 0 } }
        return RunTable(
            ids: positions.map { ids[$0] }, names: positions.map { names[$0] },
            sources: positions.map { sources[$0] }, formats: positions.map { formats[$0] },
            statuses: positions.map { statuses[$0] }, startedAt: positions.map { startedAt[$0] },
            endedAt: positions.map { endedAt[$0] }, trainingSeconds: positions.map { trainingSeconds[$0] },
            gitCommits: gitCommits.rows(positions), statusReasons: statusReasons.rows(positions),
            studies: studies.rows(positions), trials: trials.rows(positions),
            parameterKeys: keptParameters.map { parameterKeys[$0] },
            parameters: keptParameters.map { parameterCut[$0] },
            metricKeys: keptMetrics.map { metricKeys[$0] }, metrics: keptMetrics.map { metricCut[$0] })
    }

    /// The tables one after the other: equal to the table built from all their runs in that order
    /// (a key's values numbered in order of first appearance over the whole).
    ///
    /// - Complexity: O(*runs × (parameters + metrics)*).
    package static func concatenating(_ parts: [RunTable]) -> RunTable {
        if parts.count == 1 { return parts[0] }
        let total = parts.reduce(0) { $0 + $1.count }
        var parameterBuilder = ColumnBuilder<String, ParameterColumnBuilder>(runCount: total)
        var metricBuilder = ColumnBuilder<MetricKey, MetricColumn>(runCount: total)
        var offset = 0
        for part in parts {
            for (key, column) in zip(part.parameterKeys, part.parameters) {
                parameterBuilder.update(key, make: ParameterColumnBuilder.init) { $0.append(column, at: offset) }
            }
            for (key, column) in zip(part.metricKeys, part.metrics) {
                metricBuilder.update(key, make: MetricColumn.init(runCount:)) { $0.append(column, at: offset) }
            }
            offset += part.count
        }
        let (parameterKeys, parameters) = parameterBuilder.sorted { $0.column }
        let (metricKeys, metrics) = metricBuilder.sorted { $0 }
        return RunTable(
            ids: parts.flatMap(\.ids), names: parts.flatMap(\.names),
            sources: parts.flatMap(\.sources), formats: parts.flatMap(\.formats), statuses: parts.flatMap(\.statuses),
            startedAt: parts.flatMap(\.startedAt), endedAt: parts.flatMap(\.endedAt),
            trainingSeconds: parts.flatMap(\.trainingSeconds),
            gitCommits: ParameterColumn(concatenating: parts.map(\.gitCommits)),
            statusReasons: ParameterColumn(concatenating: parts.map(\.statusReasons)),
            studies: ParameterColumn(concatenating: parts.map(\.studies)),
            trials: ParameterColumn(concatenating: parts.map(\.trials)),
            parameterKeys: parameterKeys, parameters: parameters, metricKeys: metricKeys, metrics: metrics)
    }
}

extension RunTable.ParameterColumn {
    /// The column of one value (or none) per run.
    package init(_ values: [Value?]) {
        var builder = ParameterColumnBuilder(runCount: values.count)
        for (run, value) in values.enumerated() {
            if let value { builder.record(value, run: run) }
        }
        self = builder.column
    }

    /// The columns one after the other, values numbered in order of first appearance over the whole.
    init(concatenating parts: [Self]) {
        var builder = ParameterColumnBuilder(runCount: parts.reduce(0) { $0 + $1.codes.count })
        var offset = 0
        for part in parts {
            builder.append(part, at: offset)
            offset += part.codes.count
        }
        self = builder.column
    }

    /// A run's value, or `nil` when it has none.
    public func value(run: Int) -> Value? {
        let code = codes[run]
        return code < 0 ? nil : values[Int(code)]
    }

    /// The rows at `positions`, values renumbered in order of first appearance among them.
    func rows(_ positions: [Int]) -> Self {
        cut(positions).column
    }

    /// The rows at `positions`, values renumbered in order of first appearance among them, and the
    /// new number of each old value (-1 for a value none of them has).
    package func cut(_ positions: [Int]) -> (column: Self, renumbered: [Int32]) {
        var renumbered = [Int32](repeating: -1, count: values.count)
        var present: [Int] = []
        // Over buffers: a listing cuts every column of 100,000 runs, once to filter and once to sort.
        let cut = [Int32](unsafeUninitializedCapacity: positions.count) { cut, initialized in
            renumbered.withUnsafeMutableBufferPointer { renumbered in
                codes.withUnsafeBufferPointer { codes in
                    for (row, position) in positions.enumerated() {
                        let code = Int(codes[position])
                        if code >= 0, renumbered[code] < 0 {
                            renumbered[code] = Int32(present.count)
                            present.append(code)
                        }
                        cut[row] = code < 0 ? -1 : renumbered[code]
                    }
                }
            }
            initialized = positions.count
        }
        return (Self(codes: cut, values: present.map { values[$0] }), renumbered)
    }
}

extension RunTable.MetricColumn {
    /// A column in which no run has the metric yet.
    init(runCount: Int) {
        counts = [Int32](repeating: -1, count: runCount)
        last = [Double](repeating: .nan, count: runCount)
        minimum = last
        maximum = last
        epochCounts = counts
        lastEpochs = last
    }

    /// Records a run's curve; a second curve of the same metric is passed by, as ``Run/curve(_:)`` does.
    mutating func record(_ curve: MetricCurve, run: Int) {
        guard counts[run] < 0 else { return }
        let summary = MetricSummary(values: curve.values, goal: .maximize)
        counts[run] = Int32(clamping: summary.count)
        last[run] = summary.last ?? .nan
        minimum[run] = summary.min ?? .nan
        maximum[run] = summary.max ?? .nan
        if let epochs = curve.axis(named: "epoch") {
            let reached = Self.epochsReached(epochs)
            epochCounts[run] = Int32(clamping: reached.count)
            lastEpochs[run] = reached.last
        }
    }

    /// How many distinct epochs a curve's points are at, and the last (NaN when none), NaN left
    /// out: in one pass when they never decrease, as a log's epochs do, else through a set.
    static func epochsReached(_ epochs: [Double]) -> (count: Int, last: Double) {
        var count = 0
        var previous = Double.nan
        for epoch in epochs where !epoch.isNaN && epoch != previous {
            guard count == 0 || epoch > previous else {
                let known = epochs.filter { !$0.isNaN }
                return (Set(known).count, known.max() ?? .nan)
            }
            count += 1
            previous = epoch
        }
        return (count, previous)
    }

    /// The rows at `positions`.
    func rows(_ positions: [Int]) -> Self {
        Self(
            counts: positions.map { counts[$0] }, last: positions.map { last[$0] },
            minimum: positions.map { minimum[$0] }, maximum: positions.map { maximum[$0] },
            epochCounts: positions.map { epochCounts[$0] }, lastEpochs: positions.map { lastEpochs[$0] })
    }

    /// Copies another table's column in, its first run at `offset`.
    mutating func append(_ other: Self, at offset: Int) {
        let range = offset..<(offset + other.counts.count)
        counts.replaceSubrange(range, with: other.counts)
        last.replaceSubrange(range, with: other.last)
        minimum.replaceSubrange(range, with: other.minimum)
        maximum.replaceSubrange(range, with: other.maximum)
        epochCounts.replaceSubrange(range, with: other.epochCounts)
        lastEpochs.replaceSubrange(range, with: other.lastEpochs)
    }
}

/// A parameter column as it is filled: its values numbered in order of first appearance.
private struct ParameterColumnBuilder {
    var column: RunTable.ParameterColumn
    /// The numbers of the values that are not numbers.
    var numbers: [Value: Int32] = [:]
    /// The numbers of integers and floats, found by their bits and kind (1 for a float): a float
    /// column holds about one value per run, and hashing each as a ``Value`` was most of the time
    /// spent building columns.
    var numericNumbers = BitsNumbering()
    /// The column's number of each of ``numericNumbers``' numbers (the column numbers other values too).
    var columnNumbers: [Int32] = []

    init(runCount: Int) {
        column = RunTable.ParameterColumn(codes: [Int32](repeating: -1, count: runCount), values: [])
    }

    mutating func record(_ value: Value, run: Int) {
        column.codes[run] = number(of: value)
    }

    /// Makes the builder of a piece of runs that starts at `offset` the builder of `runCount` runs:
    /// its values keep their numbers, the runs outside the piece lack the parameter.
    mutating func widen(at offset: Int, runCount: Int) {
        guard offset > 0 || column.codes.count < runCount else { return }
        var codes = [Int32](repeating: -1, count: runCount)
        codes.replaceSubrange(offset..<offset + column.codes.count, with: column.codes)
        column.codes = codes
    }

    /// Copies another table's column in, its first run at `offset`, renumbering its values.
    mutating func append(_ other: RunTable.ParameterColumn, at offset: Int) {
        let renumbered = other.values.map { number(of: $0) }
        for (row, code) in other.codes.enumerated() where code >= 0 {
            column.codes[offset + row] = renumbered[Int(code)]
        }
    }

    private mutating func number(of value: Value) -> Int32 {
        switch value {
        case .float(let number) where !number.isNaN:
            // -0 and 0 are one value, as they are equal.
            return numbered(value, numericNumbers.number(of: (number == 0 ? 0 : number).bitPattern, 1))
        case .int(let integer):
            return numbered(value, numericNumbers.number(of: UInt64(bitPattern: integer), 0))
        default:
            // A NaN equals nothing, itself included: each is a value of its own, as in a dictionary.
            if let known = numbers[value] { return known }
            let number = appended(value)
            numbers[value] = number
            return number
        }
    }

    /// Appends a value not seen before, and returns its number.
    private mutating func appended(_ value: Value) -> Int32 {
        column.values.append(value)
        return Int32(column.values.count - 1)
    }

    /// The column's number of a numeric value found in ``numericNumbers``, appending the value
    /// when it is new.
    private mutating func numbered(_ value: Value, _ found: (number: Int32, isNew: Bool)) -> Int32 {
        if found.isNew { columnNumbers.append(appended(value)) }
        return columnNumbers[Int(found.number)]
    }
}

/// Columns found by key as runs are read, returned sorted by key.
private struct ColumnBuilder<Key: Hashable & Comparable, Column> {
    let runCount: Int
    var positions: [Key: Int] = [:]
    var keys: [Key] = []
    var columns: [Column] = []

    init(runCount: Int) {
        self.runCount = runCount
    }

    /// Changes the column of `key` with `change`, making it with `make` the first time.
    mutating func update(_ key: Key, make: (Int) -> Column, _ change: (inout Column) -> Void) {
        let position: Int
        if let known = positions[key] {
            position = known
        } else {
            position = keys.count
            positions[key] = position
            keys.append(key)
            columns.append(make(runCount))
        }
        change(&columns[position])
    }

    func sorted<Result>(_ finish: (Column) -> Result) -> ([Key], [Result]) {
        let order = keys.indices.sorted { keys[$0] < keys[$1] }
        return (order.map { keys[$0] }, order.map { finish(columns[$0]) })
    }
}
