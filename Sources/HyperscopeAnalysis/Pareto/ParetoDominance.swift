import HyperscopeCore

/// Which points are best on several objectives at once: a point is dominated when another is at least
/// as good on every objective and better on one, and the Pareto front is the points nothing dominates.
/// Pure functions over value vectors, one goal per objective.
public enum ParetoDominance {
    /// Whether `a` dominates `b`: no worse on any objective under its goal, better on at least one.
    /// A NaN is worse than any number.
    public static func dominates(_ a: [Double], _ b: [Double], goals: [MetricGoal]) -> Bool {
        var better = false
        for index in goals.indices {
            let (x, y) = (minimised(a[index], goals[index]), minimised(b[index], goals[index]))
            if x > y { return false }
            if x < y { better = true }
        }
        return better
    }

    /// The positions of the points on the Pareto front (nothing dominates them), in input order; equal
    /// points are on it together.
    ///
    /// The points are visited in lexicographic order of their objectives (a point can only be dominated
    /// by one before it), each compared with the front found so far.
    /// - Complexity: O(*n* log *n* + *n* × *front* × *objectives*).
    public static func front(_ points: [[Double]], goals: [MetricGoal]) -> [Int] {
        let order = lexicographicOrder(points, goals: goals)
        var front: [Int] = []
        for index in order where !front.contains(where: { dominates(points[$0], points[index], goals: goals) }) {
            front.append(index)
        }
        return front.sorted()
    }

    /// Each point's front number (Deb et al. 2002, fast non-dominated sorting): 0 for the Pareto front,
    /// 1 for the front of what remains without it, and so on.
    /// - Complexity: O(*objectives* × *n*²).
    public static func ranks(_ points: [[Double]], goals: [MetricGoal]) -> [Int] {
        var dominatedBy = [Int](repeating: 0, count: points.count)
        var dominating = [[Int]](repeating: [], count: points.count)
        for i in points.indices {
            for j in points.indices where j > i {
                if dominates(points[i], points[j], goals: goals) {
                    dominating[i].append(j)
                    dominatedBy[j] += 1
                } else if dominates(points[j], points[i], goals: goals) {
                    dominating[j].append(i)
                    dominatedBy[i] += 1
                }
            }
        }
        var ranks = [Int](repeating: 0, count: points.count)
        var current = points.indices.filter { dominatedBy[$0] == 0 }
        var rank = 0
        while !current.isEmpty {
            var next: [Int] = []
            for i in current {
                ranks[i] = rank
                for j in dominating[i] {
                    dominatedBy[j] -= 1
                    if dominatedBy[j] == 0 { next.append(j) }
                }
            }
            current = next
            rank += 1
        }
        return ranks
    }

    /// The knee of a front: the member closest to the ideal point once each objective is scaled to
    /// [0, 1] over the front (0 its best value), the balanced compromise; `nil` for an empty front.
    public static func knee(of front: [[Double]], goals: [MetricGoal]) -> Int? {
        let scaled = scaledToUnit(front, goals: goals)
        func distance(_ point: [Double]) -> Double { point.reduce(0) { $0 + $1 * $1 } }
        return scaled.indices.min { distance(scaled[$0]) < distance(scaled[$1]) }
    }

    /// The points with each objective minimised and scaled to [0, 1] over them (0 the best value; 0
    /// throughout for an objective on which they are all equal).
    package static func scaledToUnit(_ points: [[Double]], goals: [MetricGoal]) -> [[Double]] {
        guard !points.isEmpty else { return [] }
        let turned = points.map { point in goals.indices.map { minimised(point[$0], goals[$0]) } }
        let lows = goals.indices.map { k in turned.map { $0[k] }.min()! }
        let highs = goals.indices.map { k in turned.map { $0[k] }.max()! }
        return turned.map { point in
            goals.indices.map { k in highs[k] > lows[k] ? (point[k] - lows[k]) / (highs[k] - lows[k]) : 0 }
        }
    }

    /// The least preferred value of each objective among `points`: the reference point hypervolumes of
    /// stored results are measured up to. Empty points give an empty answer.
    package static func worst(_ points: [[Double]], goals: [MetricGoal]) -> [Double] {
        guard !points.isEmpty else { return [] }
        return goals.indices.map { k in points.map { $0[k] }.min { goals[k].prefers($1, over: $0) }! }
    }

    /// A value as a quantity to minimise: negated when the goal is to maximise, NaN as +∞.
    static func minimised(_ value: Double, _ goal: MetricGoal) -> Double {
        guard !value.isNaN else { return .infinity }
        return goal == .maximize ? -value : value
    }

    /// The positions of the points in lexicographic order of their minimised objectives (ties in input order).
    static func lexicographicOrder(_ points: [[Double]], goals: [MetricGoal]) -> [Int] {
        let keys = points.map { point in goals.indices.map { minimised(point[$0], goals[$0]) } }
        return points.indices.sorted { left, right in
            for k in goals.indices where keys[left][k] != keys[right][k] { return keys[left][k] < keys[right][k] }
            return left < right
        }
    }
}
