import HyperscopeCore

/// The Sobol low-discrepancy sequence (Sobol 1967) in up to ``maximumDimensions`` dimensions, with
/// Joe & Kuo's direction numbers (new-joe-kuo-6.21201, 2008) and optional scrambling by a random
/// linear matrix and a digital shift (Matoušek 1998; Owen 1998), as SciPy's `qmc.Sobol` does.
///
/// Unscrambled points equal SciPy's `qmc.Sobol(d, scramble=False)`; scrambled points keep the
/// sequence's even coverage while removing its artefacts (the point at the origin, aligned rows).
package struct SobolSequence: Sendable {
    /// The number of dimensions the built-in direction numbers cover.
    package static let maximumDimensions = primitivePolynomials.count + 1

    private static let bits = 32
    /// (degree s, coefficients a, initial direction numbers m) for dimensions 2, 3, …
    private static let primitivePolynomials: [(Int, UInt32, [UInt32])] = [
        (1, 0, [1]), (2, 1, [1, 3]), (3, 1, [1, 3, 1]), (3, 2, [1, 1, 1]), (4, 1, [1, 1, 3, 3]), (4, 4, [1, 3, 5, 13]),
        (5, 2, [1, 1, 5, 5, 17]), (5, 4, [1, 1, 5, 5, 5]), (5, 7, [1, 1, 7, 11, 19]), (5, 11, [1, 1, 5, 1, 1]),
        (5, 13, [1, 1, 1, 3, 11]),
        (5, 14, [1, 3, 5, 5, 31]), (6, 1, [1, 3, 3, 9, 7, 49]), (6, 13, [1, 1, 1, 15, 21, 21]),
        (6, 16, [1, 3, 1, 13, 27, 49]),
        (6, 19, [1, 1, 1, 15, 7, 5]), (6, 22, [1, 3, 1, 15, 13, 25]), (6, 25, [1, 1, 5, 5, 19, 61]),
        (7, 1, [1, 3, 7, 11, 23, 15, 103]),
        (7, 4, [1, 3, 7, 13, 13, 15, 69]), (7, 7, [1, 1, 3, 13, 7, 35, 63]), (7, 8, [1, 3, 5, 9, 1, 25, 53]),
        (7, 14, [1, 3, 1, 13, 9, 35, 107]),
        (7, 19, [1, 3, 1, 5, 27, 61, 31]), (7, 21, [1, 1, 5, 11, 19, 41, 61]), (7, 28, [1, 3, 5, 3, 3, 13, 69]),
        (7, 31, [1, 1, 7, 13, 1, 19, 1]),
        (7, 32, [1, 3, 7, 5, 13, 19, 59]), (7, 37, [1, 1, 3, 9, 25, 29, 41]), (7, 41, [1, 3, 5, 13, 23, 1, 55]),
        (7, 42, [1, 3, 7, 3, 13, 59, 17]),
        (7, 50, [1, 3, 1, 3, 5, 53, 69]), (7, 55, [1, 1, 5, 5, 23, 33, 13]), (7, 56, [1, 1, 7, 7, 1, 61, 123]),
        (7, 59, [1, 1, 7, 9, 13, 61, 49]),
        (7, 62, [1, 3, 3, 5, 3, 55, 33]), (8, 14, [1, 3, 1, 15, 31, 13, 49, 245]),
        (8, 21, [1, 3, 5, 15, 31, 59, 63, 97]),
        (8, 22, [1, 3, 1, 11, 11, 11, 77, 249]),
    ]

    /// The number of dimensions.
    package let dimensions: Int
    private let directions: [[UInt32]]
    private let shift: [UInt32]

    /// Creates the sequence.
    ///
    /// - Parameters:
    ///   - dimensions: 1…``maximumDimensions``.
    ///   - scrambleSeed: Scrambles the sequence with this seed; `nil` for the plain sequence.
    package init(dimensions: Int, scrambleSeed: UInt64?) {
        precondition(
            dimensions >= 1 && dimensions <= Self.maximumDimensions,
            "Sobol dimensions must be in 1...\(Self.maximumDimensions)")
        self.dimensions = dimensions
        var directions = [(0..<Self.bits).map { UInt32(1) << UInt32(Self.bits - 1 - $0) }]
        for (degree, coefficients, initial) in Self.primitivePolynomials.prefix(dimensions - 1) {
            var v = [UInt32](repeating: 0, count: Self.bits)
            for i in 0..<degree { v[i] = initial[i] << UInt32(Self.bits - 1 - i) }
            for i in degree..<Self.bits {
                var x = v[i - degree] ^ (v[i - degree] >> UInt32(degree))
                for k in 1..<degree where (coefficients >> UInt32(degree - 1 - k)) & 1 == 1 { x ^= v[i - k] }
                v[i] = x
            }
            directions.append(v)
        }
        guard let scrambleSeed else {
            self.directions = directions
            shift = Array(repeating: 0, count: dimensions)
            return
        }
        var generator = SplitMix64(seed: scrambleSeed)
        // Linear matrix scrambling: a random lower-triangular bit matrix with a unit diagonal
        // applied to every direction number, then a random digital shift per dimension.
        self.directions = directions.map { column in
            let matrix = (0..<Self.bits).map { row -> UInt32 in
                let below = row == 0 ? 0 : UInt32(truncatingIfNeeded: generator.next()) >> UInt32(Self.bits - row)
                return (below << UInt32(Self.bits - row)) | (UInt32(1) << UInt32(Self.bits - 1 - row))
            }
            return column.map { direction in
                var scrambled: UInt32 = 0
                for row in 0..<Self.bits where (matrix[row] & direction).nonzeroBitCount % 2 == 1 {
                    scrambled |= UInt32(1) << UInt32(Self.bits - 1 - row)
                }
                return scrambled
            }
        }
        shift = (0..<dimensions).map { _ in UInt32(truncatingIfNeeded: generator.next()) }
    }

    /// The point at `index` (0, 1, 2, …), each coordinate in [0, 1).
    ///
    /// - Complexity: O(*d*·log *index*).
    package func point(at index: Int) -> [Double] {
        var gray = UInt64(index) ^ (UInt64(index) >> 1)
        var coordinates = shift
        var bit = 0
        while gray != 0 {
            if gray & 1 == 1 {
                for dimension in 0..<dimensions { coordinates[dimension] ^= directions[dimension][bit] }
            }
            gray >>= 1
            bit += 1
        }
        return coordinates.map { Double($0) / 4_294_967_296.0 }
    }
}
