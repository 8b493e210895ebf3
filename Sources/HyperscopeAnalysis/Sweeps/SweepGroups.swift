import Foundation
import HyperscopeCore

/// The groups of a sweep summary in order, best mean first: a collection whose rows are made when
/// they are read.
///
/// A random search over 100,000 runs makes 100,000 groups of one run, and a page shows 50 of them.
/// The summary keeps its groups as columns (each group's runs and values one range of shared flat
/// arrays) and makes a ``SweepGroup`` only for a row read. A slice keeps the columns, so the rows
/// of a page cost what the page shows.
public struct SweepGroups: RandomAccessCollection, Sendable, Hashable {
    /// The groups' columns.
    private let table: SweepTable
    /// The numbers of the groups into `table`, in order.
    private let order: ArraySlice<Int32>

    init(table: SweepTable, order: ArraySlice<Int32>) {
        self.table = table
        self.order = order
    }

    /// The position of the first group.
    public var startIndex: Int { order.startIndex }
    /// The position after the last group.
    public var endIndex: Int { order.endIndex }

    /// The group at a position, made from the columns.
    public subscript(position: Int) -> SweepGroup { table.group(Int(order[position])) }

    /// How many runs the group at a position aggregates (those with the metric), without making its row.
    package func aggregatedCount(at position: Int) -> Int { table.aggregatedCount(Int(order[position])) }

    /// The distinct values of the `varying`-th varying key (in the summary's ``SweepSummary/varying``
    /// order), numbered by the codes ``combinationCodes(varying:)`` gives.
    package func distinctValues(varying: Int) -> [Value] {
        table.columns.values[table.varyingColumns[varying]]
    }

    /// The code of each group's value of the `varying`-th varying key, in order (-1 where its runs
    /// lack the key): a table of many groups writes each distinct value once and each cell by code,
    /// without making the groups' rows (a column at a time, which reads memory in order).
    package func combinationCodes(varying: Int) -> [Int32] {
        let codes = table.columns.codes[table.varyingColumns[varying]]
        return order.map { codes[Int(table.representatives[Int($0)])] }
    }

    /// The statistics and the seeds of the group at a position, without the rest of its row.
    package func statistics(at position: Int) -> (summary: SampleSummary?, seeds: [Value]) {
        table.statistics(Int(order[position]))
    }

    /// The groups at `bounds`, sharing these columns (positions are kept, as in any slice).
    public subscript(bounds: Range<Int>) -> SweepGroups { SweepGroups(table: table, order: order[bounds]) }

    /// Whether both hold the same groups in the same order.
    public static func == (left: SweepGroups, right: SweepGroups) -> Bool {
        left.count == right.count && left.elementsEqual(right)
    }

    /// Hashes the groups in order.
    public func hash(into hasher: inout Hasher) {
        hasher.combine(count)
        for group in self { hasher.combine(group) }
    }
}

/// A sweep's groups as columns: the runs each group aggregates and their metric values, group
/// after group in flat arrays, and what makes each group's combination and seeds when asked.
final class SweepTable: Sendable {
    /// The varying keys.
    let keys: [String]
    /// The ids of the runs summarised (0 for a run never stored), and their parameter columns.
    let runIDs: [Int64]
    let columns: ParameterColumns
    /// The columns of the varying keys (in `keys` order) and of the seed key.
    let varyingColumns: [Int]
    let seedColumn: Int?
    /// For each group, the position of one of its runs: its values of the varying keys are the group's.
    let representatives: [Int32]
    /// Where each group's runs start in `aggregated` and `values`, and one more entry where the last ends.
    let starts: [Int32]
    /// The positions of the runs aggregated, group after group, each group's in id order.
    let aggregated: [Int32]
    /// Their metric values.
    let values: [Double]

    init(
        keys: [String], runIDs: [Int64], columns: ParameterColumns, varyingColumns: [Int], seedColumn: Int?,
        representatives: [Int32],
        starts: [Int32], aggregated: [Int32], values: [Double]
    ) {
        self.keys = keys
        self.runIDs = runIDs
        self.columns = columns
        self.varyingColumns = varyingColumns
        self.seedColumn = seedColumn
        self.representatives = representatives
        self.starts = starts
        self.aggregated = aggregated
        self.values = values
    }

    /// How many runs a group aggregates.
    func aggregatedCount(_ number: Int) -> Int { Int(starts[number + 1] - starts[number]) }

    /// A group's row.
    func group(_ number: Int) -> SweepGroup {
        let range = Int(starts[number])..<Int(starts[number + 1])
        let values = Array(self.values[range])
        let representative = Int(representatives[number])
        return SweepGroup(
            keys: keys, combination: varyingColumns.map { columns.value($0, run: representative) },
            runIDs: aggregated[range].map { runIDs[Int($0)] }.filter { $0 != 0 }, seeds: seeds(number),
            summary: SampleSummary(values), values: values)
    }

    /// A group's statistics and seeds.
    func statistics(_ number: Int) -> (summary: SampleSummary?, seeds: [Value]) {
        let range = Int(starts[number])..<Int(starts[number + 1])
        return (SampleSummary(Array(values[range])), seeds(number))
    }

    /// The seeds of a group's runs, in natural order.
    private func seeds(_ number: Int) -> [Value] {
        guard let seedColumn else { return [] }
        let members = aggregated[Int(starts[number])..<Int(starts[number + 1])]
        return Self.sortedSeeds(members.compactMap { columns.value(seedColumn, run: Int($0)) })
    }

    /// Seeds in natural order (2 before 10); a group usually holds a few, so one or none skips the sort.
    private static func sortedSeeds(_ seeds: [Value]) -> [Value] {
        guard seeds.count > 1 else { return seeds }
        return seeds.sorted { $0.displayText.localizedStandardCompare($1.displayText) == .orderedAscending }
    }
}
