import SystemLibC

/// The Cholesky factor L of a symmetric positive-definite matrix A = L·Lᵀ, with solves, the log
/// determinant and the inverse.
///
/// Matrices are dense, row-major `[Double]` of n×n entries.
package struct CholeskyFactor: Sendable {
    /// The matrix order n.
    package let order: Int
    /// L, row-major, zero above the diagonal.
    package private(set) var lower: [Double]

    /// Factors `matrix`, of which only the lower triangle is read, in its own storage (no copy when
    /// the caller passes its last use); `nil` when it is not (numerically) positive definite.
    ///
    /// - Complexity: O(n³/3).
    package init?(matrix: consuming [Double], order: Int) {
        precondition(matrix.count == order * order, "the matrix must have order × order entries")
        self.order = order
        lower = matrix
        let succeeded = lower.withUnsafeMutableBufferPointer { a -> Bool in
            let base = a.baseAddress!
            for j in 0..<order {
                let rowJ = base + j * order
                let diagonal = rowJ[j] - dotProduct(rowJ, rowJ, count: j)
                guard diagonal > 0, diagonal.isFinite else { return false }
                let pivot = diagonal.squareRoot()
                rowJ[j] = pivot
                for i in (j + 1)..<max(j + 1, order) {
                    let rowI = base + i * order
                    rowI[j] = (rowI[j] - dotProduct(rowI, rowJ, count: j)) / pivot
                }
                for i in 0..<j { a[i * order + j] = 0 }
            }
            return true
        }
        guard succeeded else { return nil }
    }

    /// log det A = 2 Σ log Lᵢᵢ.
    package var logDeterminant: Double {
        (0..<order).reduce(0) { $0 + 2 * log(lower[$1 * order + $1]) }
    }

    /// Solves L·x = b.
    ///
    /// - Complexity: O(n²).
    package func solveLower(_ b: [Double]) -> [Double] {
        var x = b
        let n = order
        lower.withUnsafeBufferPointer { l in
            x.withUnsafeMutableBufferPointer { x in
                for i in 0..<n {
                    let row = l.baseAddress! + i * n
                    x[i] = (x[i] - dotProduct(row, x.baseAddress!, count: i)) / row[i]
                }
            }
        }
        return x
    }

    /// Solves Lᵀ·x = b.
    package func solveUpper(_ b: [Double]) -> [Double] {
        // Column by column: once xᵢ is known, subtract its share from every earlier entry (row i of L is contiguous).
        var x = b
        let n = order
        lower.withUnsafeBufferPointer { l in
            x.withUnsafeMutableBufferPointer { x in
                for i in stride(from: n - 1, through: 0, by: -1) {
                    let row = l.baseAddress! + i * n
                    x[i] /= row[i]
                    let value = x[i]
                    for k in 0..<i { x[k] -= row[k] * value }
                }
            }
        }
        return x
    }

    /// Solves A·x = b.
    package func solve(_ b: [Double]) -> [Double] {
        solveUpper(solveLower(b))
    }

    /// The lower triangle of A⁻¹ (entries i ≥ j, row-major; zero above the diagonal): all that a
    /// sum over the symmetric inverse needs.
    ///
    /// L⁻¹ is built column by column (each column stored as a row), then (A⁻¹)ᵢⱼ = Σ_k (L⁻¹)ₖᵢ (L⁻¹)ₖⱼ,
    /// both as contiguous dot products. From order ``parallelOrder`` on, the columns and then the
    /// rows are shared out over every core; each entry is computed the same way on any core, so the
    /// result does not depend on the number of cores.
    ///
    /// - Complexity: O(n³).
    package func inverseLowerTriangle() -> [Double] {
        let n = order
        // columns[j·n + i] = (L⁻¹)ᵢⱼ, nonzero for i ≥ j.
        var columns = [Double](repeating: 0, count: n * n)
        lower.withUnsafeBufferPointer { l in
            columns.withUnsafeMutableBufferPointer { c in
                let l = SharedPointer(l.baseAddress!)
                let c = SharedPointer(c.baseAddress!)
                InterleavedLoop.run(count: n, parallelFrom: Self.parallelOrder) { j in
                    let (l, c) = (l.base, c.base)
                    let column = j * n
                    c[column + j] = 1 / l[j * n + j]
                    for i in (j + 1)..<max(j + 1, n) {
                        let row = i * n
                        c[column + i] = -dotProduct(l + row + j, c + column + j, count: i - j) / l[row + i]
                    }
                }
            }
        }
        var result = [Double](repeating: 0, count: n * n)
        columns.withUnsafeBufferPointer { c in
            result.withUnsafeMutableBufferPointer { r in
                let c = SharedPointer(c.baseAddress!)
                let r = SharedPointer(r.baseAddress!)
                InterleavedLoop.run(count: n, parallelFrom: Self.parallelOrder) { i in
                    let (c, r) = (c.base, r.base)
                    // (A⁻¹)ᵢⱼ = Σ_k (L⁻¹)ₖᵢ (L⁻¹)ₖⱼ over k ≥ i (j ≤ i).
                    for j in 0...i { r[i * n + j] = dotProduct(c + i * n + i, c + j * n + i, count: n - i) }
                }
            }
        }
        return result
    }

    /// The order from which ``inverseLowerTriangle()`` uses every core: below it a thread costs more
    /// than it saves.
    static let parallelOrder = 128
}
