import HyperscopeAnalysis
import HyperscopeCore
import Synchronization

/// Every stored run's objective for each selection asked for, read once per snapshot of the runs:
/// from the run table's summaries (the last or best value), or from the runs' curves for a point
/// of an axis. A new filter then picks its runs' objectives rather than reading them again.
final class RunObjectives: Sendable {
    /// The most selections kept; past it they are all dropped and read again as asked (each is a
    /// value per run).
    static let maximumKept = 32

    private let table: RunTable
    private let whole: WholeRuns
    private let kept = Mutex<[MetricSelection: [Result<Double, NotComputable>]]>([:])

    /// Objectives of the runs of `table` (whose curves `whole` reads), read as they are asked for.
    init(_ table: RunTable, whole: WholeRuns) {
        self.table = table
        self.whole = whole
    }

    /// Each run's value under `selection`, or why it has none, in the table's order.
    ///
    /// - Complexity: O(*runs*) the first time for a selection, plus reading every run's curves for a
    ///   point of an axis; O(1) after.
    func values(_ selection: MetricSelection) async throws -> [Result<Double, NotComputable>] {
        if let known = kept.withLock({ $0[selection] }) { return known }
        let values: [Result<Double, NotComputable>]
        if let fromTable = selection.values(in: table) {
            values = fromTable
        } else {
            values = selection.values(in: try await whole.runs())
        }
        kept.withLock { kept in
            if kept.count >= Self.maximumKept { kept.removeAll() }
            kept[selection] = values
        }
        return values
    }
}
