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
        lower.withUnsafeBufferPointer { l in
            for i in 0..<order {
                var sum = x[i]
                for k in 0..<i { sum -= l[i * order + k] * x[k] }
                x[i] = sum / l[i * order + i]
            }
        }
        return x
    }

    /// Solves Lᵀ·x = b.
    public func solveUpper(_ b: [Double]) -> [Double] {
        var x = b
        lower.withUnsafeBufferPointer { l in
            for i in stride(from: order - 1, through: 0, by: -1) {
                var sum = x[i]
                for k in (i + 1)..<max(i + 1, order) { sum -= l[k * order + i] * x[k] }
                x[i] = sum / l[i * order + i]
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
    /// - Complexity: O(n³).
    public func inverse() -> [Double] {
        // Invert L (lower triangular), then A⁻¹ = L⁻ᵀ·L⁻¹.
        var inverseLower = [Double](repeating: 0, count: order * order)
        lower.withUnsafeBufferPointer { l in
            inverseLower.withUnsafeMutableBufferPointer { m in
                for j in 0..<order {
                    m[j * order + j] = 1 / l[j * order + j]
                    for i in (j + 1)..<max(j + 1, order) {
                        var sum = 0.0
                        for k in j..<i { sum -= l[i * order + k] * m[k * order + j] }
                        m[i * order + j] = sum / l[i * order + i]
                    }
                }
            }
        }
        var result = [Double](repeating: 0, count: order * order)
        inverseLower.withUnsafeBufferPointer { m in
            result.withUnsafeMutableBufferPointer { r in
                for i in 0..<order {
                    for j in 0...i {
                        var sum = 0.0
                        for k in i..<order { sum += m[k * order + i] * m[k * order + j] }
                        r[i * order + j] = sum
                        r[j * order + i] = sum
                    }
                }
            }
        }
        return result
    }
}
