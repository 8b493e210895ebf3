/// fANOVA (Hutter, Hoos & Leyton-Brown 2014): the share of a regression forest's variance over the
/// configuration space that each feature explains on its own, computed exactly from each tree's
/// partition of the space into boxes and averaged over the trees.
public enum FunctionalANOVA {
    /// The main-effect importance of each feature: Var(f_d) / Var(f), averaged over trees with variance.
    ///
    /// - Parameters:
    ///   - forest: The fitted forest.
    ///   - lower: The lower end of each feature's range (the space is uniform over the box).
    ///   - upper: The upper end of each feature's range.
    /// - Returns: One importance per feature, each in [0, 1].
    /// - Complexity: O(*trees* × *features* × *leaves* log *leaves*).
    public static func mainEffects(_ forest: RegressionForest, lower: [Double], upper: [Double]) -> [Double] {
        // Each tree's shares, on every core; `nil` for a tree that does not vary.
        let perTree = forest.trees.concurrentMap { tree -> [Double]? in
            let leaves = Self.leaves(of: tree, lower: lower, upper: upper)
            let mean = leaves.reduce(0) { $0 + $1.volume * $1.value }
            let variance = leaves.reduce(0) { $0 + $1.volume * ($1.value - mean) * ($1.value - mean) }
            guard variance > 1e-15 else { return nil }
            return (0..<forest.featureCount).map { feature in
                marginalVariance(of: feature, leaves: leaves, lower: lower[feature], upper: upper[feature], mean: mean) / variance
            }
        }.compactMap { $0 }
        var sums = [Double](repeating: 0, count: forest.featureCount)
        for shares in perTree {
            for feature in sums.indices { sums[feature] += shares[feature] }
        }
        return sums.map { perTree.isEmpty ? 0 : min(1, max(0, $0 / Double(perTree.count))) }
    }

    /// A leaf as a box with its value and its volume as a fraction of the whole space.
    struct Leaf {
        var lower: [Double]
        var upper: [Double]
        var value: Double
        var volume: Double
    }

    static func leaves(of tree: RegressionForest.Tree, lower: [Double], upper: [Double]) -> [Leaf] {
        var result: [Leaf] = []
        func walk(_ index: Int, _ low: [Double], _ high: [Double]) {
            switch tree.nodes[index] {
            case .leaf(let value):
                var volume = 1.0
                for feature in low.indices {
                    let width = upper[feature] - lower[feature]
                    volume *= width > 0 ? max(0, high[feature] - low[feature]) / width : 1
                }
                if volume > 0 { result.append(Leaf(lower: low, upper: high, value: value, volume: volume)) }
            case .split(let feature, let threshold, let left, let right):
                var leftHigh = high
                leftHigh[feature] = min(high[feature], max(low[feature], threshold))
                var rightLow = low
                rightLow[feature] = max(low[feature], min(high[feature], threshold))
                walk(left, low, leftHigh)
                walk(right, rightLow, high)
            }
        }
        walk(0, lower, upper)
        return result
    }

    /// Var over feature d of the marginal f_d(v) = E[f | x_d = v], exact for a piecewise-constant tree.
    static func marginalVariance(of feature: Int, leaves: [Leaf], lower: Double, upper: Double, mean: Double) -> Double {
        let width = upper - lower
        guard width > 0 else { return 0 }
        // Each leaf adds value × volume / extent to the marginal over its side [low, high): a sweep
        // over the sides' ends in order keeps the marginal of each piece between cuts.
        var ends: [(position: Double, change: Double)] = []
        ends.reserveCapacity(2 * leaves.count + 2)
        for leaf in leaves {
            let (low, high) = (leaf.lower[feature], leaf.upper[feature])
            let share = leaf.value * leaf.volume / ((high - low) / width)
            ends.append((low, share))
            ends.append((high, -share))
        }
        ends.sort { $0.position < $1.position }
        var cuts = ends.map(\.position) + [lower, upper]
        cuts.sort()
        var variance = 0.0
        var marginal = 0.0
        var next = 0
        for (start, end) in zip(cuts, cuts.dropFirst()) where end > start {
            while next < ends.count, ends[next].position <= start {
                marginal += ends[next].change
                next += 1
            }
            variance += (end - start) / width * (marginal - mean) * (marginal - mean)
        }
        return variance
    }
}
