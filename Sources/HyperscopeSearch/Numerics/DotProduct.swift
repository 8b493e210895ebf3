/// Σ aᵢ·bᵢ over `count` contiguous doubles, four lanes at a time: the inner loop of the Cholesky
/// factorisation, the triangular solves and the inverse.
///
/// The sum is accumulated in a different order than a plain loop would, so results can differ from
/// one in the last bits.
///
/// - Complexity: O(count).
@inline(__always)
func dotProduct(_ a: UnsafePointer<Double>, _ b: UnsafePointer<Double>, count: Int) -> Double {
    var first = SIMD4<Double>()
    var second = SIMD4<Double>()
    var index = 0
    let rawA = UnsafeRawPointer(a)
    let rawB = UnsafeRawPointer(b)
    while index + 8 <= count {
        first +=
            rawA.loadUnaligned(fromByteOffset: index * 8, as: SIMD4<Double>.self)
            * rawB.loadUnaligned(fromByteOffset: index * 8, as: SIMD4<Double>.self)
        second +=
            rawA.loadUnaligned(fromByteOffset: (index + 4) * 8, as: SIMD4<Double>.self)
            * rawB.loadUnaligned(fromByteOffset: (index + 4) * 8, as: SIMD4<Double>.self)
        index += 8
    }
    var sum = (first + second).sum()
    while index < count {
        sum += a[index] * b[index]
        index += 1
    }
    return sum
}
