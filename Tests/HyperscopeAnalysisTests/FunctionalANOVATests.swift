import Testing

@testable import HyperscopeAnalysis

@Suite("fANOVA")
struct FunctionalANOVATests {
    /// The boxes of the tree "x0 ≤ 0.5 ? (x1 ≤ 0.5 ? 0 : 2) : 4" over the unit square.
    ///
    /// Worked by hand: the mean is 2.5 and the variance 2.75. Over x0 the marginal is 1 then 4,
    /// a variance of 2.25 (share 9/11); over x1 it is 2 then 3, a variance of 0.25 (share 1/11).
    static let leaves = [
        FunctionalANOVA.Leaf(lower: [0, 0], upper: [0.5, 0.5], value: 0, volume: 0.25),
        FunctionalANOVA.Leaf(lower: [0, 0.5], upper: [0.5, 1], value: 2, volume: 0.25),
        FunctionalANOVA.Leaf(lower: [0.5, 0], upper: [1, 1], value: 4, volume: 0.5),
    ]

    @Test("the marginal variance of each feature matches the values worked by hand")
    func marginalVariances() {
        let x0 = FunctionalANOVA.marginalVariance(
            of: 0, leaves: Self.leaves, cuts: [0, 0.5, 1], lower: 0, upper: 1, mean: 2.5)
        let x1 = FunctionalANOVA.marginalVariance(
            of: 1, leaves: Self.leaves, cuts: [0, 0.5, 1], lower: 0, upper: 1, mean: 2.5)
        #expect(abs(x0 - 2.25) < 1e-12)
        #expect(abs(x1 - 0.25) < 1e-12)
        #expect(abs(x0 / 2.75 - 9.0 / 11) < 1e-12)
        // A feature of no width explains nothing.
        #expect(
            FunctionalANOVA.marginalVariance(of: 0, leaves: Self.leaves, cuts: [1], lower: 1, upper: 1, mean: 2.5) == 0)
    }

    @Test("a tree's leaves are its boxes, and each feature's cuts are its thresholds within the range, once each")
    func leavesAndCuts() {
        let tree = RegressionForest.Tree(nodes: [
            .split(feature: 0, threshold: 0.5, left: 1, right: 4),
            .split(feature: 1, threshold: 0.5, left: 2, right: 3),
            .leaf(value: 0), .leaf(value: 2), .leaf(value: 4),
        ])
        let leaves = FunctionalANOVA.leaves(of: tree, lower: [0, 0], upper: [1, 1])
        #expect(leaves.map(\.lower) == Self.leaves.map(\.lower) && leaves.map(\.upper) == Self.leaves.map(\.upper))
        #expect(leaves.map(\.value) == [0, 2, 4] && leaves.map(\.volume) == [0.25, 0.25, 0.5])
        #expect(FunctionalANOVA.cuts(of: 0, in: tree, lower: 0, upper: 1) == [0, 0.5, 1])
        // A repeated threshold counts once; one outside the range (the range of another sample) not at all.
        let repeated = RegressionForest.Tree(nodes: [
            .split(feature: 0, threshold: 0.25, left: 1, right: 2),
            .split(feature: 0, threshold: 0.25, left: 3, right: 4),
            .split(feature: 0, threshold: 1.5, left: 5, right: 6),
            .leaf(value: 0), .leaf(value: 1), .leaf(value: 2), .leaf(value: 3),
        ])
        #expect(FunctionalANOVA.cuts(of: 0, in: repeated, lower: 0, upper: 1) == [0, 0.25, 1])
        #expect(FunctionalANOVA.cuts(of: 1, in: repeated, lower: 0, upper: 1) == [0, 1])
    }
}
