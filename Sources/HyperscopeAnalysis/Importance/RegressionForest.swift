import HyperscopeCore

/// A random forest of regression trees (Breiman 2001): bootstrap samples, a random subset of
/// features tried at each split, splits that minimise the squared error. The surrogate model fANOVA
/// decomposes (Hutter, Hoos & Leyton-Brown 2014).
public struct RegressionForest: Sendable {
    /// A node of a tree: a split on a feature at a threshold, or a leaf with a value.
    enum Node: Sendable {
        case split(feature: Int, threshold: Double, left: Int, right: Int)
        case leaf(value: Double)
    }

    /// One tree, its nodes in an array; node 0 is the root.
    struct Tree: Sendable {
        var nodes: [Node]

        func predict(_ x: [Double]) -> Double {
            var index = 0
            while true {
                switch nodes[index] {
                case .leaf(let value): return value
                case .split(let feature, let threshold, let left, let right): index = x[feature] <= threshold ? left : right
                }
            }
        }
    }

    /// The trees.
    let trees: [Tree]
    /// The number of features.
    public let featureCount: Int

    /// Fits a forest.
    ///
    /// - Parameters:
    ///   - x: One row of feature values per sample (all rows the same length, finite values).
    ///   - y: The target of each row.
    ///   - treeCount: How many trees.
    ///   - minimumLeafSize: The fewest samples a leaf may hold.
    ///   - featuresPerSplit: How many features each split tries; `nil` tries them all, as fANOVA's
    ///     forests do (random subsets let noise features win splits and blur small effects).
    ///   - seed: The seed of the bootstrap and feature sampling.
    /// - Complexity: O(*trees* × *features* × *n* × (log *n* + depth)).
    public init(x: [[Double]], y: [Double], treeCount: Int = 32, minimumLeafSize: Int = 2, featuresPerSplit: Int? = nil, seed: UInt64 = 0) {
        featureCount = x.first?.count ?? 0
        let columns = (0..<featureCount).map { feature in x.map { $0[feature] } }
        var generator = SplitMix64(seed: seed)
        var trees: [Tree] = []
        for _ in 0..<max(1, treeCount) {
            let sample = (0..<x.count).map { _ in Int.random(in: 0..<x.count, using: &generator) }
            let tried = featuresPerSplit ?? featureCount
            var builder = TreeBuilder(columns: columns, y: y, minimumLeafSize: max(1, minimumLeafSize), featuresPerSplit: tried)
            builder.grow(sample, using: &generator)
            trees.append(Tree(nodes: builder.nodes))
        }
        self.trees = trees
    }

    /// The forest's prediction: the mean of its trees'.
    public func predict(_ x: [Double]) -> Double {
        trees.reduce(0) { $0 + $1.predict(x) } / Double(trees.count)
    }
}

/// Grows one tree by recursive best splits.
///
/// The samples are sorted by each feature once, at the root; a split divides every sorted list
/// into its left and right parts keeping their order, so no node sorts again. Ties keep the
/// samples' order, as a stable sort of each node's samples would.
private struct TreeBuilder {
    /// Each feature's value of every row.
    let columns: [[Double]]
    let y: [Double]
    let minimumLeafSize: Int
    let featuresPerSplit: Int
    var nodes: [RegressionForest.Node] = []

    init(columns: [[Double]], y: [Double], minimumLeafSize: Int, featuresPerSplit: Int) {
        self.columns = columns
        self.y = y
        self.minimumLeafSize = minimumLeafSize
        self.featuresPerSplit = featuresPerSplit
    }

    /// Grows the tree over `samples` (row numbers, repeated as the bootstrap drew them).
    mutating func grow(_ samples: [Int], using generator: inout SplitMix64) {
        let sorted = columns.map { column in samples.sorted { column[$0] < column[$1] } }
        _ = build(samples, sortedByFeature: sorted, using: &generator)
    }

    /// Builds the node of `samples`, given in their drawn order and sorted by each feature.
    private mutating func build(_ samples: [Int], sortedByFeature: [[Int]], using generator: inout SplitMix64) -> Int {
        let index = nodes.count
        let mean = samples.reduce(0) { $0 + y[$1] } / Double(samples.count)
        nodes.append(.leaf(value: mean))
        guard samples.count >= 2 * minimumLeafSize, let split = bestSplit(samples, sortedByFeature: sortedByFeature, using: &generator) else { return index }
        let column = columns[split.feature]
        let goesLeft = { (row: Int) in column[row] <= split.threshold }
        let (left, right) = Self.partition(samples, by: goesLeft)
        var leftSorted: [[Int]] = []
        var rightSorted: [[Int]] = []
        for list in sortedByFeature {
            let (leftPart, rightPart) = Self.partition(list, by: goesLeft)
            leftSorted.append(leftPart)
            rightSorted.append(rightPart)
        }
        let leftIndex = build(left, sortedByFeature: leftSorted, using: &generator)
        let rightIndex = build(right, sortedByFeature: rightSorted, using: &generator)
        nodes[index] = .split(feature: split.feature, threshold: split.threshold, left: leftIndex, right: rightIndex)
        return index
    }

    /// The rows for which `goesLeft` holds and the others, each in their order.
    private static func partition(_ rows: [Int], by goesLeft: (Int) -> Bool) -> (left: [Int], right: [Int]) {
        var left: [Int] = []
        var right: [Int] = []
        left.reserveCapacity(rows.count)
        right.reserveCapacity(rows.count)
        for row in rows {
            if goesLeft(row) { left.append(row) } else { right.append(row) }
        }
        return (left, right)
    }

    private func bestSplit(_ samples: [Int], sortedByFeature: [[Int]], using generator: inout SplitMix64) -> (feature: Int, threshold: Double)? {
        var features = Array(0..<columns.count)
        features.shuffle(using: &generator)
        var best: (feature: Int, threshold: Double, score: Double)?
        let total = samples.reduce(0) { $0 + y[$1] }
        let totalSquares = samples.reduce(0) { $0 + y[$1] * y[$1] }
        let parentError = totalSquares - total * total / Double(samples.count)
        for feature in features.prefix(max(1, featuresPerSplit)) {
            let ordered = sortedByFeature[feature]
            let column = columns[feature]
            var leftSum = 0.0
            var leftSquares = 0.0
            for position in 0..<(ordered.count - 1) {
                let value = y[ordered[position]]
                leftSum += value
                leftSquares += value * value
                let leftCount = position + 1
                let rightCount = ordered.count - leftCount
                let here = column[ordered[position]]
                let next = column[ordered[position + 1]]
                guard here < next, leftCount >= minimumLeafSize, rightCount >= minimumLeafSize else { continue }
                let rightSum = total - leftSum
                let error = (leftSquares - leftSum * leftSum / Double(leftCount))
                    + (totalSquares - leftSquares - rightSum * rightSum / Double(rightCount))
                if error < parentError - 1e-12, best.map({ error < $0.score }) ?? true {
                    best = (feature, (here + next) / 2, error)
                }
            }
        }
        return best.map { ($0.feature, $0.threshold) }
    }
}
