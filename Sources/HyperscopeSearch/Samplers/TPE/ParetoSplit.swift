import HyperscopeAnalysis
import HyperscopeCore
import SystemLibC

/// How TPE with several objectives (Ozaki et al. 2020, 2022) tells good trials from bad: whole
/// non-dominated fronts in turn, and from the front that does not fit the members that add most
/// hypervolume (greedy hypervolume subset selection), the members of the first front that reach the
/// best trade-offs and spread along it.
enum ParetoSplit {
    /// The order in which TPE takes its good trials from `points` (each objective to minimise): the
    /// fronts in turn, each in the order greedy hypervolume subset selection picks its members, so any
    /// prefix is whole fronts and then the subset of the next that adds most hypervolume.
    ///
    /// Only the first `needed` positions are ordered so; the rest follow in input order.
    static func order(_ points: [[Double]], needed: Int) -> [Int] {
        let minimise = [MetricGoal](repeating: .minimize, count: points.first?.count ?? 0)
        var remaining = Array(points.indices)
        var order: [Int] = []
        while order.count < needed, !remaining.isEmpty {
            let front = ParetoDominance.front(remaining.map { points[$0] }, goals: minimise).map { remaining[$0] }
            let frontPoints = front.map { points[$0] }
            let picked = greedySubset(
                frontPoints, count: min(front.count, needed - order.count), reference: reference(frontPoints))
            let pickedSet = Set(picked)
            order += picked.map { front[$0] } + front.indices.filter { !pickedSet.contains($0) }.map { front[$0] }
            let taken = Set(front)
            remaining.removeAll { taken.contains($0) }
        }
        return order + remaining
    }

    /// `count` members of `front` (positions), chosen one by one: each time the one that adds most
    /// hypervolume up to `reference` to those already chosen (ties to the earlier position). With more
    /// than three objectives, where the hypervolume is not computed, the members closest to the ideal
    /// point once each objective is scaled to [0, 1].
    static func greedySubset(_ front: [[Double]], count: Int, reference: [Double]) -> [Int] {
        let minimise = [MetricGoal](repeating: .minimize, count: reference.count)
        guard reference.count <= 3 else {
            let scaled = ParetoDominance.scaledToUnit(front, goals: minimise)
            let distance = scaled.map { $0.reduce(0) { $0 + $1 * $1 } }
            return Array(front.indices.sorted { (distance[$0], $0) < (distance[$1], $1) }.prefix(count))
        }
        var chosen: [Int] = []
        var unchosen = Array(front.indices)
        while chosen.count < count, !unchosen.isEmpty {
            let selected = chosen.map { front[$0] }
            var best = 0
            var bestVolume = -Double.infinity
            for (offset, candidate) in unchosen.enumerated() {
                let volume = Hypervolume.of(selected + [front[candidate]], reference: reference, goals: minimise) ?? 0
                if volume > bestVolume { (best, bestVolume) = (offset, volume) }
            }
            chosen.append(unchosen.remove(at: best))
        }
        return chosen
    }

    /// The reference point of a front's hypervolume: 10% beyond its worst value of each objective (a
    /// worst value of 0 moved just above it), so the front's extremes add volume too.
    static func reference(_ front: [[Double]]) -> [Double] {
        guard let first = front.first else { return [] }
        return first.indices.map { k in
            let worst = front.map { $0[k] }.max()!
            let beyond = worst + 0.1 * abs(worst)
            return beyond == 0 ? 1e-12 : beyond
        }
    }
}
