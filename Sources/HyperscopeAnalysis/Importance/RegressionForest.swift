import HyperscopeCore

/// A random forest of regression trees (Breiman 2001): bootstrap samples, a random subset of
/// features tried at each split, splits that minimise the squared error. The surrogate model fANOVA
/// decomposes (Hutter, Hoos & Leyton-Brown 2014).
package struct RegressionForest: Sendable {
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
                case .split(let feature, let threshold, let left, let right):
                    index = x[feature] <= threshold ? left : right
                }
            }
        }
    }

    /// The trees.
    let trees: [Tree]
    /// The number of features.
    package let featureCount: Int

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
    package init(
        x: [[Double]], y: [Double], treeCount: Int = 32, minimumLeafSize: Int = 2, featuresPerSplit: Int? = nil,
        seed: UInt64 = 0
    ) {
        featureCount = x.first?.count ?? 0
        let columns = (0..<featureCount).map { feature in x.map { $0[feature] } }
        // Each feature's rows in the order of its values, sorted once for every tree.
        let rowsByFeature = columns.map { column in (0..<x.count).sorted { column[$0] < column[$1] } }
        // Each tree has a seed of its own, drawn in order from the forest's, so the trees grow
        // on every core and the forest is still a pure function of its seed.
        let treeSeeds = SplitMix64.seeds(max(1, treeCount), from: seed)
        let tried = featuresPerSplit ?? featureCount
        let leafSize = max(1, minimumLeafSize)
        let trees = treeSeeds.concurrentMap { treeSeed in
            var generator = SplitMix64(seed: treeSeed)
            let sample = (0..<x.count).map { _ in Int.random(in: 0..<x.count, using: &generator) }
            var builder = TreeBuilder(
                columns: columns, rowsByFeature: rowsByFeature, y: y, samples: sample, minimumLeafSize: leafSize,
                featuresPerSplit: tried)
            builder.grow(using: &generator)
            return Tree(nodes: builder.nodes)
        }
        self.trees = trees
    }

    /// The forest's prediction: the mean of its trees'.
    package func predict(_ x: [Double]) -> Double {
        trees.reduce(0) { $0 + $1.predict(x) } / Double(trees.count)
    }
}

/// Grows one tree by recursive best splits.
///
/// A row the bootstrap drew k times is kept once, with weight k (a third of the draws repeat a
/// row): sums and counts weigh it k times, which is the tree the repeated draws make. The drawn
/// rows are put in the order of each feature once, at the root, from the forest's rows sorted by
/// each feature. A node is a range of positions in those lists and in the list of drawn rows; a
/// split divides the range of every list in place into its left and right parts, each in its
/// order, so no node sorts again and none allocates. Splits fall only between different values,
/// so the order among ties cannot change one.
private struct TreeBuilder {
    /// Each feature's value of every row.
    let columns: [[Double]]
    let minimumLeafSize: Int
    let featuresPerSplit: Int
    private(set) var nodes: [RegressionForest.Node] = []
    /// How many times the bootstrap drew each row, and each row's target times that.
    private let drawn: [Int]
    private let weightedY: [Double]
    /// The rows drawn, once each, within each node in no particular order. Rows are 32-bit,
    /// which halves the memory the partitions move.
    private var samples: [Int32]
    /// For each feature, the rows drawn in the order of its values within each node.
    private var sortedByFeature: [[Int32]]
    /// Whether a row goes to the left child, for the rows of the node being split.
    private var goesLeft: [Bool]
    /// 1/k for each count k of draws (0 for k = 0), so the scan multiplies instead of dividing.
    private let reciprocals: [Double]
    /// Room for the right part of a range while it is partitioned.
    private var scratch: [Int32]

    /// - Parameter rowsByFeature: For each feature, every row in the order of its values.
    init(
        columns: [[Double]], rowsByFeature: [[Int]], y: [Double], samples: [Int], minimumLeafSize: Int,
        featuresPerSplit: Int
    ) {
        self.columns = columns
        self.minimumLeafSize = minimumLeafSize
        self.featuresPerSplit = featuresPerSplit
        var drawn = [Int](repeating: 0, count: y.count)
        for row in samples { drawn[row] += 1 }
        self.drawn = drawn
        weightedY = zip(drawn, y).map { Double($0) * $1 }
        self.samples = drawn.indices.filter { drawn[$0] > 0 }.map { Int32($0) }
        sortedByFeature = rowsByFeature.map { rows in rows.filter { drawn[$0] > 0 }.map { Int32($0) } }
        goesLeft = [Bool](repeating: false, count: y.count)
        reciprocals = (0...samples.count).map { $0 == 0 ? 0 : 1 / Double($0) }
        scratch = [Int32](repeating: 0, count: self.samples.count)
    }

    /// Grows the tree over all the samples.
    mutating func grow(using generator: inout SplitMix64) {
        _ = build(0..<samples.count, draws: drawn.reduce(0, +), using: &generator)
    }

    /// The number of draws of the rows at `range` of `samples`.
    private func draws(_ range: Range<Int>) -> Int {
        samples[range].reduce(0) { $0 + drawn[Int($1)] }
    }

    /// Builds the node of the rows at `range`, drawn `draws` times in all.
    private mutating func build(_ range: Range<Int>, draws: Int, using generator: inout SplitMix64) -> Int {
        let index = nodes.count
        let total = samples[range].reduce(0) { $0 + weightedY[Int($1)] }
        nodes.append(.leaf(value: total / Double(draws)))
        guard draws >= 2 * minimumLeafSize, let split = bestSplit(range, draws: draws, total: total, using: &generator)
        else { return index }
        let column = columns[split.feature]
        for row in samples[range] { goesLeft[Int(row)] = column[Int(row)] <= split.threshold }
        let middle = Self.partition(&samples, range, goesLeft: goesLeft, scratch: &scratch)
        let leftDraws = self.draws(range.lowerBound..<middle)
        // Children too small to split are leaves, which read only `samples`.
        if leftDraws >= 2 * minimumLeafSize || draws - leftDraws >= 2 * minimumLeafSize {
            for feature in sortedByFeature.indices {
                _ = Self.partition(&sortedByFeature[feature], range, goesLeft: goesLeft, scratch: &scratch)
            }
        }
        let leftIndex = build(range.lowerBound..<middle, draws: leftDraws, using: &generator)
        let rightIndex = build(middle..<range.upperBound, draws: draws - leftDraws, using: &generator)
        nodes[index] = .split(feature: split.feature, threshold: split.threshold, left: leftIndex, right: rightIndex)
        return index
    }

    /// Moves the rows at `range` of `list` that go left before those that go right, each in their
    /// order, and returns where the right ones start.
    ///
    /// It runs once per feature at every split, so it works through buffers and without a branch:
    /// each row is written to both sides and only its side's end moves on, since which way a row
    /// goes is as hard to predict as a coin toss.
    private static func partition(
        _ list: inout [Int32], _ range: Range<Int>, goesLeft: [Bool], scratch: inout [Int32]
    ) -> Int {
        list.withUnsafeMutableBufferPointer { list in
            scratch.withUnsafeMutableBufferPointer { scratch in
                goesLeft.withUnsafeBufferPointer { goesLeft in
                    var left = range.lowerBound
                    var right = 0
                    for position in range {
                        let row = list[position]
                        let step = goesLeft[Int(row)] ? 1 : 0
                        // `left` never passes `position`, so this write cannot clobber a row unread.
                        list[left] = row
                        scratch[right] = row
                        left += step
                        right += 1 - step
                    }
                    for offset in 0..<right { list[left + offset] = scratch[offset] }
                    return left
                }
            }
        }
    }

    /// The split of the node at `range` (its rows drawn `draws` times, their targets summing to
    /// `total`) that most reduces the squared error, or `nil` when none reduces it (all values tie,
    /// or the leaves would be too small).
    ///
    /// A split's squared error is Σy² − L²/n_L − R²/n_R for the sums L and R of its sides, so
    /// the best split is the one with the largest L²/n_L + R²/n_R, which needs no sum of squares.
    private func bestSplit(
        _ range: Range<Int>, draws: Int, total: Double, using generator: inout SplitMix64
    ) -> (feature: Int, threshold: Double)? {
        var features = Array(0..<columns.count)
        features.shuffle(using: &generator)
        var best: (feature: Int, threshold: Double, score: Double)?
        let parentScore = total * total / Double(draws)
        // The scan below is the forest's inner loop (features × rows × depth): it reads through
        // buffers, without a bounds check per read, and multiplies by reciprocals.
        weightedY.withUnsafeBufferPointer { weightedY in
            drawn.withUnsafeBufferPointer { drawn in
                reciprocals.withUnsafeBufferPointer { reciprocals in
                    for feature in features.prefix(max(1, featuresPerSplit)) {
                        sortedByFeature[feature].withUnsafeBufferPointer { ordered in
                            columns[feature].withUnsafeBufferPointer { column in
                                var leftSum = 0.0
                                var leftCount = 0
                                // Each value is read once: this position's is the last one's next.
                                var row = Int(ordered[range.lowerBound])
                                var here = column[row]
                                for position in range.dropLast() {
                                    leftSum += weightedY[row]
                                    leftCount += drawn[row]
                                    let rightCount = draws - leftCount
                                    row = Int(ordered[position + 1])
                                    let next = column[row]
                                    defer { here = next }
                                    guard here < next, leftCount >= minimumLeafSize, rightCount >= minimumLeafSize
                                    else { continue }
                                    let rightSum = total - leftSum
                                    let score =
                                        leftSum * leftSum * reciprocals[leftCount] + rightSum * rightSum
                                        * reciprocals[rightCount]
                                    if score > parentScore + 1e-12, best.map({ score > $0.score }) ?? true {
                                        best = (feature, (here + next) / 2, score)
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        return best.map { ($0.feature, $0.threshold) }
    }
}
