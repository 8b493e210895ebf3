import HyperscopeCore

/// fANOVA (Hutter, Hoos & Leyton-Brown 2014): the share of a regression forest's variance over the
/// configuration space that each feature explains on its own, computed exactly from each tree's
/// partition of the space into boxes and averaged over the trees.
package enum FunctionalANOVA {
    /// The main-effect importance of each feature: Var(f_d) / Var(f), averaged over trees with variance.
    ///
    /// - Parameters:
    ///   - forest: The fitted forest.
    ///   - lower: The lower end of each feature's range (the space is uniform over the box).
    ///   - upper: The upper end of each feature's range.
    /// - Returns: One importance per feature, each in [0, 1].
    /// - Complexity: O(*trees* × *features* × *leaves* log *splits*).
    package static func mainEffects(_ forest: RegressionForest, lower: [Double], upper: [Double]) -> [Double] {
        // Each tree's shares, on every core; `nil` for a tree that does not vary.
        let perTree = forest.trees.concurrentMap { tree -> [Double]? in
            let leaves = Self.leaves(of: tree, lower: lower, upper: upper)
            let mean = leaves.reduce(0) { $0 + $1.volume * $1.value }
            let variance = leaves.reduce(0) { $0 + $1.volume * ($1.value - mean) * ($1.value - mean) }
            guard variance > 1e-15 else { return nil }
            return (0..<forest.featureCount).map { feature in
                let cuts = Self.cuts(of: feature, in: tree, lower: lower[feature], upper: upper[feature])
                return marginalVariance(
                    of: feature, leaves: leaves, cuts: cuts, lower: lower[feature], upper: upper[feature], mean: mean)
                    / variance
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
    ///
    /// - Parameter cuts: Where the leaves' sides along the feature may end, in increasing order,
    ///   `lower` and `upper` included: the tree's thresholds on the feature (``cuts(of:in:lower:upper:)``).
    static func marginalVariance(
        of feature: Int, leaves: [Leaf], cuts: [Double], lower: Double, upper: Double, mean: Double
    ) -> Double {
        let width = upper - lower
        guard width > 0, cuts.count >= 2 else { return 0 }
        // Each leaf adds value × volume / extent to the marginal over its side [low, high): the
        // changes at each cut, summed in order, give the marginal between one cut and the next.
        var changes = [Double](repeating: 0, count: cuts.count)
        for leaf in leaves {
            let (low, high) = (leaf.lower[feature], leaf.upper[feature])
            let share = leaf.value * leaf.volume / ((high - low) / width)
            changes[cuts.partitioningIndex { $0 >= low }] += share
            changes[cuts.partitioningIndex { $0 >= high }] -= share
        }
        var variance = 0.0
        var marginal = 0.0
        for index in cuts.indices.dropLast() {
            marginal += changes[index]
            variance += (cuts[index + 1] - cuts[index]) / width * (marginal - mean) * (marginal - mean)
        }
        return variance
    }

    /// Where a leaf's side along `feature` may end: the range's ends and the tree's thresholds on
    /// the feature within them, each once, in increasing order.
    ///
    /// A side is the range cut down by the splits on its path, each end a threshold or the range's
    /// own end, so every leaf's ends are among these.
    static func cuts(of feature: Int, in tree: RegressionForest.Tree, lower: Double, upper: Double) -> [Double] {
        var cuts = [lower, upper]
        for case .split(feature, let threshold, _, _) in tree.nodes where threshold > lower && threshold < upper {
            cuts.append(threshold)
        }
        cuts.sort()
        return cuts.enumerated().compactMap { index, cut in index > 0 && cuts[index - 1] == cut ? nil : cut }
    }
}
