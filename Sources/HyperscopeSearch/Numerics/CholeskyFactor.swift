#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The Cholesky factor L of a symmetric positive-definite matrix A = L·Lᵀ, with solves, the log
/// determinant and the inverse.
///
/// Matrices are dense, row-major `[Double]` of n×n entries.
public struct CholeskyFactor: Sendable {
    /// The matrix order n.
    public let order: Int
    /// L, row-major, zero above the diagonal.
    public private(set) var lower: [Double]

    /// Factors `matrix`; `nil` when it is not (numerically) positive definite.
    ///
    /// - Complexity: O(n³/3).
    public init?(matrix: [Double], order: Int) {
        precondition(matrix.count == order * order, "the matrix must have order × order entries")
        self.order = order
        var factor = matrix
        let succeeded = factor.withUnsafeMutableBufferPointer { a -> Bool in
            for j in 0..<order {
                var diagonal = a[j * order + j]
                for k in 0..<j { diagonal -= a[j * order + k] * a[j * order + k] }
                guard diagonal > 0, diagonal.isFinite else { return false }
                let pivot = diagonal.squareRoot()
                a[j * order + j] = pivot
                for i in (j + 1)..<max(j + 1, order) {
                    var sum = a[i * order + j]
                    for k in 0..<j { sum -= a[i * order + k] * a[j * order + k] }
                    a[i * order + j] = sum / pivot
                }
                for i in 0..<j { a[i * order + j] = 0 }
            }
            return true
        }
        guard succeeded else { return nil }
        lower = factor
    }

    /// log det A = 2 Σ log Lᵢᵢ.
    public var logDeterminant: Double {
        (0..<order).reduce(0) { $0 + 2 * log(lower[$1 * order + $1]) }
    }

    /// Solves L·x = b.
    ///
    /// - Complexity: O(n²).
    public func solveLower(_ b: [Double]) -> [Double] {
        var x = b
        let n = order
        lower.withUnsafeBufferPointer { l in
            x.withUnsafeMutableBufferPointer { x in
                for i in 0..<n {
                    let row = l.baseAddress! + i * n
                    var sum = x[i]
                    for k in 0..<i { sum -= row[k] * x[k] }
                    x[i] = sum / row[i]
                }
            }
        }
        return x
    }

    /// Solves Lᵀ·x = b.
    public func solveUpper(_ b: [Double]) -> [Double] {
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
    public func solve(_ b: [Double]) -> [Double] {
        solveUpper(solveLower(b))
    }

    /// A⁻¹, row-major.
    ///
    /// - Complexity: O(n³), as contiguous dot products: L⁻¹ is built column by column (each column
    ///   of L⁻¹ stored as a row), then A⁻¹ = L⁻ᵀ·L⁻¹ entry by entry.
    public func inverse() -> [Double] {
        let n = order
        // columns[j·n + i] = (L⁻¹)ᵢⱼ, nonzero for i ≥ j.
        var columns = [Double](repeating: 0, count: n * n)
        lower.withUnsafeBufferPointer { l in
            columns.withUnsafeMutableBufferPointer { c in
                for j in 0..<n {
                    let column = j * n
                    c[column + j] = 1 / l[j * n + j]
                    for i in (j + 1)..<max(j + 1, n) {
                        let row = i * n
                        var sum = 0.0
                        for k in j..<i { sum += l[row + k] * c[column + k] }
                        c[column + i] = -sum / l[row + i]
                    }
                }
            }
        }
        var result = [Double](repeating: 0, count: n * n)
        columns.withUnsafeBufferPointer { c in
            result.withUnsafeMutableBufferPointer { r in
                for i in 0..<n {
                    for j in 0...i {
                        // (A⁻¹)ᵢⱼ = Σ_k (L⁻¹)ₖᵢ (L⁻¹)ₖⱼ over k ≥ i (j ≤ i).
                        var sum = 0.0
                        for k in i..<n { sum += c[i * n + k] * c[j * n + k] }
                        r[i * n + j] = sum
                        r[j * n + i] = sum
                    }
                }
            }
        }
        return result
    }
}
