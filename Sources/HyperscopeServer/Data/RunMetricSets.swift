import HyperscopeCore

/// Which metrics each stored run logged, as a number per run naming one of the few distinct sets:
/// the metrics a filter's runs have are then the union of the sets their numbers name, found
/// without reading 100,000 runs' curves again.
struct RunMetricSets: Sendable {
    /// Each run's set, by number into `sets`.
    private let setOfRun: [Int32]
    /// The distinct sets of metric names (as ``MetricKey/description``).
    private let sets: [Set<String>]

    /// Numbers the metric sets of `runs`.
    ///
    /// - Complexity: O(*runs × curves*).
    init(_ runs: [Run]) {
        var numberOfSet: [[MetricKey]: Int32] = [:]
        var sets: [Set<String>] = []
        setOfRun = runs.map { run in
            let keys = run.curves.map(\.key)
            if let known = numberOfSet[keys] { return known }
            numberOfSet[keys] = Int32(sets.count)
            sets.append(Set(keys.map(\.description)))
            return Int32(sets.count - 1)
        }
        self.sets = sets
    }

    /// The metrics any of the runs at `positions` has; every run's when `positions` is `nil`.
    ///
    /// - Complexity: O(*positions*) plus the union of the distinct sets among them.
    func available(at positions: [Int]?) -> Set<String> {
        var used = [Bool](repeating: positions == nil, count: sets.count)
        for position in positions ?? [] { used[Int(setOfRun[position])] = true }
        return sets.indices.filter { used[$0] }.reduce(into: Set<String>()) { $0.formUnion(sets[$1]) }
    }
}
