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
        switch reference.count {
        case 2: return greedySubsetOfTwo(front, count: count, reference: reference)
        case 3: return lazyGreedySubset(front, count: count, reference: reference)
        default:
            let minimise = [MetricGoal](repeating: .minimize, count: reference.count)
            let scaled = ParetoDominance.scaledToUnit(front, goals: minimise)
            let distance = scaled.map { $0.reduce(0) { $0 + $1 * $1 } }
            return Array(front.indices.sorted { (distance[$0], $0) < (distance[$1], $1) }.prefix(count))
        }
    }

    /// Greedy selection on a two-objective front in O(count × front): along the front (first objective
    /// up, second down) a member's own area is the box from it to the nearest chosen members on either
    /// side, kept as one far corner per member and shrunk as members are chosen.
    private static func greedySubsetOfTwo(_ front: [[Double]], count: Int, reference: [Double]) -> [Int] {
        var corners = front.map { _ in (reference[0], reference[1]) }
        var unchosen = Set(front.indices)
        var chosen: [Int] = []
        while chosen.count < count, !unchosen.isEmpty {
            let best = unchosen.max { a, b in
                let (x, y) = (area(front[a], corners[a]), area(front[b], corners[b]))
                return x < y || (x == y && a > b)
            }!
            chosen.append(best)
            unchosen.remove(best)
            let point = front[best]
            for other in unchosen {
                if (front[other][0], front[other][1]) < (point[0], point[1]) {
                    corners[other].0 = min(corners[other].0, point[0])
                } else {
                    corners[other].1 = min(corners[other].1, point[1])
                }
            }
        }
        return chosen
    }

    /// The area of the box from `point` to `corner` (0 when the corner is not beyond it).
    private static func area(_ point: [Double], _ corner: (Double, Double)) -> Double {
        max(0, corner.0 - point[0]) * max(0, corner.1 - point[1])
    }

    /// Greedy selection with three objectives, lazily: what a member adds only shrinks as others are
    /// chosen (the hypervolume is submodular), so each round recomputes the largest stale gain until it
    /// stays the largest, rather than every member's.
    private static func lazyGreedySubset(_ front: [[Double]], count: Int, reference: [Double]) -> [Int] {
        let minimise = [MetricGoal](repeating: .minimize, count: reference.count)
        var gains = front.map { Hypervolume.of([$0], reference: reference, goals: minimise) ?? 0 }
        var fresh = Array(repeating: true, count: front.count)
        var unchosen = Set(front.indices)
        var chosen: [Int] = []
        var volume = 0.0
        while chosen.count < count, !unchosen.isEmpty {
            while true {
                let top = unchosen.max { (gains[$0], -$0) < (gains[$1], -$1) }!
                if fresh[top] {
                    chosen.append(top)
                    unchosen.remove(top)
                    volume += gains[top]
                    for other in unchosen { fresh[other] = false }
                    break
                }
                let with = Hypervolume.of(
                    chosen.map { front[$0] } + [front[top]], reference: reference, goals: minimise)
                gains[top] = (with ?? volume) - volume
                fresh[top] = true
            }
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
