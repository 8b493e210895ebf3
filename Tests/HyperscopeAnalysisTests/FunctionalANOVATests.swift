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
        let x0 = FunctionalANOVA.marginalVariance(of: 0, leaves: Self.leaves, lower: 0, upper: 1, mean: 2.5)
        let x1 = FunctionalANOVA.marginalVariance(of: 1, leaves: Self.leaves, lower: 0, upper: 1, mean: 2.5)
        #expect(abs(x0 - 2.25) < 1e-12)
        #expect(abs(x1 - 0.25) < 1e-12)
        #expect(abs(x0 / 2.75 - 9.0 / 11) < 1e-12)
        // A feature of no width explains nothing.
        #expect(FunctionalANOVA.marginalVariance(of: 0, leaves: Self.leaves, lower: 1, upper: 1, mean: 2.5) == 0)
    }
}
