import HyperscopeCore

/// Which metrics each stored run logged, as a number per run naming one of the few distinct sets:
/// the metrics a filter's runs have are then the union of the sets their numbers name, found
/// without looking at every metric of every run again.
struct RunMetricSets: Sendable {
    /// Each run's set, by number into `sets`.
    private let setOfRun: [Int32]
    /// The distinct sets of metric names (as ``MetricKey/description``).
    private let sets: [Set<String>]

    /// Numbers the metric sets of the runs of `table`: a run has a metric when its summary counts
    /// its points.
    ///
    /// - Complexity: O(*runs × metrics*).
    init(_ table: RunTable) {
        var numberOfSet: [[Int]: Int32] = [:]
        var sets: [Set<String>] = []
        var setOfRun = [Int32](repeating: 0, count: table.count)
        var members: [Int] = []
        for row in 0..<table.count {
            members.removeAll(keepingCapacity: true)
            for (index, metric) in table.metrics.enumerated() where metric.counts[row] >= 0 { members.append(index) }
            if let known = numberOfSet[members] {
                setOfRun[row] = known
                continue
            }
            numberOfSet[members] = Int32(sets.count)
            sets.append(Set(members.map { table.metricKeys[$0].description }))
            setOfRun[row] = Int32(sets.count - 1)
        }
        self.setOfRun = setOfRun
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
