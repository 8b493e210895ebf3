import Foundation
import HyperscopeAnalysis
import HyperscopeCore
import Testing

@Suite("Parameter axis scale")
struct ParameterAxisScaleTests {
    @Test("a log scale for log-spread numbers only: not for many uniform draws that happen to reach small values")
    func logarithmic() {
        var generator = SplitMix64(seed: 3)
        let uniform = (0..<1_000).map { _ in Double.random(in: 0..<1, using: &generator) }.filter { $0 > 0 }
        #expect(uniform.min()! < uniform.max()! / 100, "the draws reach two decades below the largest")
        #expect(!ParameterAxis.isLogarithmic(uniform))
        #expect(ParameterAxis(key: "x", values: uniform.map { .float($0) }).scale == .linear)
        let logUniform = (0..<1_000).map { _ in pow(10, Double.random(in: -5 ..< -1, using: &generator)) }
        #expect(ParameterAxis.isLogarithmic(logUniform))
        // Grids: four decades, and three repeated over seeds, read as logarithmic; epochs 1 to 200 do not.
        #expect(ParameterAxis.isLogarithmic([1e-4, 1e-3, 1e-2, 1e-1]))
        #expect(ParameterAxis.isLogarithmic(Array(repeating: [0.001, 0.01, 0.1], count: 5).flatMap { $0 }))
        #expect(!ParameterAxis.isLogarithmic((1...200).map(Double.init)))
        #expect(!ParameterAxis.isLogarithmic([0, 1e-3, 1]), "zero has no logarithm")
    }

    @Test("distinct numbers with counts are judged as the numbers repeated; a number counted 0 times is not there")
    func logarithmicCounted() {
        let numbers = [1e-4, 1e-3, 1e-2, 0.5, 1]
        var generator = SplitMix64(seed: 5)
        for _ in 0..<200 {
            let counts = numbers.map { _ in Int.random(in: 0...4, using: &generator) }
            let repeated = zip(numbers, counts).flatMap { Array(repeating: $0, count: $1) }
            #expect(
                ParameterAxis.isLogarithmic(numbers, counts: counts) == ParameterAxis.isLogarithmic(repeated),
                "counts \(counts)")
        }
        // Counted: 0.001 three times and 1 twice is crowded low (60%); 0 counted never does not spoil it.
        #expect(ParameterAxis.isLogarithmic([0, 1e-3, 1], counts: [0, 3, 2]))
        #expect(!ParameterAxis.isLogarithmic([0, 1e-3, 1], counts: [1, 3, 2]))
    }
}
