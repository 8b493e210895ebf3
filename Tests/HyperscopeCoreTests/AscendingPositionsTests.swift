import HyperscopeCore
import Testing

@Suite("Ascending positions of numbers")
struct AscendingPositionsTests {
    @Test("the radix order is the stable sort's, with ties, signs, zeros, infinities and extremes")
    func matchesStableSort() {
        var generator = SystemRandomNumberGenerator()
        let special: [Double] = [
            0, -0.0, 1, -1, .infinity, -.infinity, .leastNonzeroMagnitude, -.leastNonzeroMagnitude,
            .greatestFiniteMagnitude, -.greatestFiniteMagnitude, 1e-300, -1e300,
        ]
        for count in [0, 1, 2, 3, 17, 1000, 20_000] {
            let numbers = (0..<count).map { _ -> Double in
                switch Int.random(in: 0..<4, using: &generator) {
                case 0: special.randomElement(using: &generator)!
                case 1: Double(Int.random(in: -5...5, using: &generator))
                case 2: Double.random(in: -1e6...1e6, using: &generator)
                default: Double(bitPattern: UInt64.random(in: 0...UInt64.max, using: &generator) & ~(0x7FF << 52))
                }
            }
            // The definition: sorted by value, equal values by position (−0 equals 0 under <).
            let expected = numbers.indices.sorted { (numbers[$0], $0) < (numbers[$1], $1) }
            #expect(numbers.ascendingPositions == expected, "\(count) numbers")
        }
    }

    @Test("reordering by a permutation puts element order[i] at position i, as gathering does")
    func reordered() {
        var generator = SplitMix64(seed: 23)
        for count in [0, 1, 2, 17, 1_000] {
            // Strings on the heap (past 15 bytes), so a move that lost or doubled one would show.
            let elements = (0..<count).map { "a value on the heap \($0)" }
            let order = Array(0..<count).shuffled(using: &generator)
            var moved = elements
            moved.reorder(by: order)
            #expect(moved == order.map { elements[$0] }, "\(count) elements")
            #expect(elements == (0..<count).map { "a value on the heap \($0)" }, "the copy it was made from is kept")
        }
    }
}
