import HyperscopeCore

/// The parameters of many runs as columns: for each key, every run's value as a small integer that
/// names one of the key's distinct values.
///
/// The columns are built in one pass that visits each run's parameters once, while they are in
/// cache (one pass per core over its share of many runs, the shares then joined key by key);
/// finding what varies, grouping runs and counting values then work on integers. Over 100,000 runs
/// of 30 parameters this is several times faster than looking keys up run by run.
public struct ParameterColumns: Sendable, Hashable {
    /// The keys of any run, sorted.
    public let keys: [String]
    /// For each key (in ``keys`` order), each run's value number into ``values``, or -1 when the
    /// run lacks the key.
    public let codes: [[Int32]]
    /// For each key, its distinct values in order of first appearance.
    public let values: [[Value]]
    /// The number of runs.
    public let runCount: Int
    /// For each key, its values that are finite numbers in increasing order; `nil` until
    /// ``withNumericOrder()`` computes it. Rows taken with ``rows(_:)`` keep it without sorting
    /// again, which is what a dashboard's filters over one set of columns need (insights bin
    /// numbers by their quantiles).
    public let numericOrders: [NumericOrder]?

    /// A column's values that are finite numbers, in increasing order of their number.
    public struct NumericOrder: Sendable, Hashable {
        /// The values' codes (codes of equal numbers, like 3 and 3.0, in either order).
        public let codes: [Int32]
        /// Their numbers, in the same order: walked without reading a ``Value`` each.
        public let numbers: [Double]
    }

    /// Builds the columns of `runs`: of every key, or only of `keys` (those no run has are left out).
    ///
    /// - Complexity: O(*runs × keys*).
    public init(_ runs: [Run], keys wanted: [String]? = nil) {
        self.init(configurations: runs.map(\.params), keys: wanted)
    }

    /// Builds the columns of parameter configurations (a study's trials', say), one row each: of
    /// every key, or only of `keys`.
    ///
    /// - Complexity: O(*configurations × keys*).
    public init(configurations: [[String: Value]], keys wanted: [String]? = nil) {
        let (keys, columns) = RunTable.parameterColumns(configurations, keys: wanted)
        self.init(
            keys: keys, codes: columns.map(\.codes), values: columns.map(\.values), runCount: configurations.count)
    }

    /// The parameter columns of a run table: its own, shared without copying.
    public init(_ table: RunTable) {
        self.init(
            keys: table.parameterKeys, codes: table.parameters.map(\.codes), values: table.parameters.map(\.values),
            runCount: table.count)
    }

    /// These columns with ``numericOrders``.
    ///
    /// - Complexity: O(*values* log *values*) for each key.
    public func withNumericOrder() -> ParameterColumns {
        ParameterColumns(
            keys: keys, codes: codes, values: values, runCount: runCount,
            numericOrders: keys.indices.map(numericOrder(of:)))
    }

    /// The columns of some of the runs, in the order given: what building them from those runs
    /// gives (keys none of them has left out, values numbered in order of first appearance among
    /// them), found without reading any run's parameters again.
    ///
    /// - Parameters:
    ///   - positions: Distinct run positions into these columns.
    ///   - wanted: The keys to keep; every key when `nil`.
    /// - Complexity: O(*positions × keys*).
    public func rows(_ positions: [Int], keys wanted: [String]? = nil) -> ParameterColumns {
        let columns = wanted.map { Set($0.compactMap(column(of:))).sorted() } ?? Array(keys.indices)
        // The columns are independent: each is cut on whichever core is free.
        let cut = columns.concurrentMap { column -> (codes: [Int32], values: [Value], order: NumericOrder?)? in
            let (subset, renumbered) = RunTable.ParameterColumn(codes: codes[column], values: values[column]).cut(
                positions)
            guard !subset.values.isEmpty else { return nil }
            let order = numericOrders.map { orders -> NumericOrder in
                var codes: [Int32] = []
                var numbers: [Double] = []
                codes.reserveCapacity(subset.values.count)
                numbers.reserveCapacity(subset.values.count)
                for (code, number) in zip(orders[column].codes, orders[column].numbers) where renumbered[Int(code)] >= 0
                {
                    codes.append(renumbered[Int(code)])
                    numbers.append(number)
                }
                return NumericOrder(codes: codes, numbers: numbers)
            }
            return (subset.codes, subset.values, order)
        }
        let kept = cut.indices.filter { cut[$0] != nil }
        return ParameterColumns(
            keys: kept.map { keys[columns[$0]] }, codes: kept.map { cut[$0]!.codes },
            values: kept.map { cut[$0]!.values }, runCount: positions.count,
            numericOrders: numericOrders == nil ? nil : kept.map { cut[$0]!.order! })
    }

    /// Columns given as they are: `codes` and `values` per key, keys sorted.
    init(keys: [String], codes: [[Int32]], values: [[Value]], runCount: Int, numericOrders: [NumericOrder]? = nil) {
        self.keys = keys
        self.codes = codes
        self.values = values
        self.runCount = runCount
        self.numericOrders = numericOrders
    }

    /// The codes of a column's values that are finite numbers, in increasing order of their number:
    /// ``numericOrders`` when computed, else sorted now.
    ///
    /// - Complexity: O(*values*), or O(*values* log *values*) without ``numericOrders``.
    public func numericOrder(of column: Int) -> NumericOrder {
        if let numericOrders { return numericOrders[column] }
        // A radix sort, stable, so equal numbers keep the order of their codes: the standard sort with
        // a comparison closure was half of `insights --bins 10` at 100,000 runs.
        var codes: [Int32] = []
        var numbers: [Double] = []
        for (code, value) in values[column].enumerated() {
            if let number = value.numericValue, number.isFinite {
                codes.append(Int32(code))
                numbers.append(number)
            }
        }
        let order = numbers.ascendingPositions
        return NumericOrder(codes: order.map { codes[$0] }, numbers: order.map { numbers[$0] })
    }

    /// The column of a key, or `nil` when no run has it.
    public func column(of key: String) -> Int? {
        let index = keys.partitioningIndex { $0 >= key }
        return index < keys.count && keys[index] == key ? index : nil
    }

    /// A run's value in a column, or `nil` when it lacks the key.
    public func value(_ column: Int, run: Int) -> Value? {
        let code = codes[column][run]
        return code < 0 ? nil : values[column][Int(code)]
    }

    /// Whether the key takes more than one value, or is missing from some runs and present in others.
    public func varies(_ column: Int) -> Bool {
        values[column].count > 1 || (runCount > 1 && codes[column].contains(-1))
    }

    /// The keys whose values differ across the runs (see ``varies(_:)``), sorted; with one run, every key.
    public var varyingKeys: [String] {
        runCount <= 1 ? keys : keys.indices.filter(varies).map { keys[$0] }
    }

    /// The runs grouped by their values in `columns` (a missing value is a value of its own), as
    /// run positions; groups in order of first appearance, runs in their order.
    ///
    /// - Complexity: O(*runs × columns*), and often O(*runs*) for random searches.
    public func groups(by columns: [Int]) -> [[Int]] {
        let grouped = groupedRows(by: columns)
        return (0..<grouped.count).map { grouped.members(of: $0).map(Int.init) }
    }

    /// The runs grouped as ``groups(by:)`` groups them, in one flat list rather than an array per
    /// group: a random search of 100,000 runs makes 100,000 groups.
    ///
    /// The groups are refined one column at a time: each run's group so far and its code in the
    /// next column make its new group, numbered in order of first appearance. Once every run is a
    /// group of its own, as in a random search over continuous parameters, the remaining columns
    /// cannot split anything and are skipped.
    ///
    /// - Complexity: O(*runs × columns*), and often O(*runs*) for random searches.
    public func groupedRows(by columns: [Int]) -> RowGroups {
        guard runCount > 0 else { return RowGroups(runs: [], starts: [0]) }
        var groupOfRun = [Int32](repeating: 0, count: runCount)
        var groupCount = 1
        for column in columns where groupCount < runCount {
            let codes = self.codes[column]
            let width = values[column].count + 1
            var renumbering = Renumbering(pairs: groupCount * width, runCount: runCount)
            for run in 0..<runCount {
                groupOfRun[run] = renumbering.number(of: Int(groupOfRun[run]) * width + Int(codes[run]) + 1)
            }
            groupCount = renumbering.count
        }
        // A counting sort of the runs by group keeps each group's runs in their order.
        var starts = [Int32](repeating: 0, count: groupCount + 1)
        for group in groupOfRun { starts[Int(group) + 1] += 1 }
        for group in 0..<groupCount { starts[group + 1] += starts[group] }
        var next = starts
        var runs = [Int32](repeating: 0, count: runCount)
        for run in 0..<runCount {
            let group = Int(groupOfRun[run])
            runs[Int(next[group])] = Int32(run)
            next[group] += 1
        }
        return RowGroups(runs: runs, starts: starts)
    }

    /// New numbers, in order of first appearance, for (group, code) pairs encoded as integers
    /// below `pairs`: a table when there are few enough pairs, a dictionary otherwise.
    private struct Renumbering {
        private var table: [Int32]
        private var dictionary: [Int: Int32] = [:]
        private(set) var count = 0

        init(pairs: Int, runCount: Int) {
            table = pairs <= 4 * runCount + 1_024 ? [Int32](repeating: -1, count: pairs) : []
        }

        mutating func number(of pair: Int) -> Int32 {
            if !table.isEmpty {
                if table[pair] < 0 {
                    table[pair] = Int32(count)
                    count += 1
                }
                return table[pair]
            }
            if let known = dictionary[pair] { return known }
            dictionary[pair] = Int32(count)
            count += 1
            return Int32(count - 1)
        }
    }
}

/// Runs grouped, as one flat list: the runs of group *g* are `runs[starts[g]..<starts[g + 1]]`.
public struct RowGroups: Sendable, Hashable {
    /// The run positions, group after group, each group's in their order.
    public let runs: [Int32]
    /// Where each group starts in ``runs``, and one more entry where the last ends.
    public let starts: [Int32]

    /// The number of groups.
    public var count: Int { starts.count - 1 }

    /// The run positions of a group.
    public func members(of group: Int) -> ArraySlice<Int32> {
        runs[Int(starts[group])..<Int(starts[group + 1])]
    }
}
