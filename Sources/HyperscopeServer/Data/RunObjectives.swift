import HyperscopeAnalysis
import HyperscopeCore
import Synchronization

/// Every stored run's objective for each selection asked for, read once per snapshot of the runs:
/// a new filter then picks its runs' objectives rather than reading 100,000 curves again.
final class RunObjectives: Sendable {
    /// The most selections kept; past it they are all dropped and read again as asked (each is a
    /// value per run).
    static let maximumKept = 32

    private let runs: [Run]
    private let kept = Mutex<[MetricSelection: [Double?]]>([:])

    /// Objectives of `runs`, read as they are asked for.
    init(_ runs: [Run]) {
        self.runs = runs
    }

    /// Each run's value under `selection`, `nil` for a run without it, in the runs' order.
    ///
    /// - Complexity: O(*runs*) the first time for a selection (on every core), O(1) after.
    func values(_ selection: MetricSelection) -> [Double?] {
        // Read under the lock, so that requests for the same selection wait for one reading.
        kept.withLock { kept in
            if let known = kept[selection] { return known }
            let values = selection.values(in: runs).map { try? $0.get() }
            if kept.count >= Self.maximumKept { kept.removeAll() }
            kept[selection] = values
            return values
        }
    }
}
