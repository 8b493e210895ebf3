extension Array where Element == Double {
    /// The positions of the numbers in increasing order, equal numbers (−0 and 0 among them) in the
    /// order given: what a stable sort by value gives, for numbers that are not NaN.
    ///
    /// A least-significant-digit radix sort on the numbers' bits made order-preserving, a byte a
    /// pass (a pass whose byte every number shares moves nothing and is skipped): at 100,000 numbers
    /// it is several times quicker than the standard library's sort with a comparison closure.
    ///
    /// - Complexity: O(*n*), eight passes at most.
    package var ascendingPositions: [Int] {
        map(\.orderPreservingBits).ascendingPositions
    }
}

extension Double {
    /// The number's bits made to compare as the numbers do, for radix sorting numbers that are not
    /// NaN: −0 counts as 0, negative numbers are reversed and placed below the positive ones.
    package var orderPreservingBits: UInt64 {
        let bits = (self + 0).bitPattern
        return bits >> 63 == 1 ? ~bits : bits | (1 << 63)
    }
}

extension Array where Element == UInt64 {
    /// The positions of the keys in increasing order, equal keys in the order given: what a stable
    /// sort gives, by the numbers' radix sort (a byte a pass, passes that move nothing skipped).
    ///
    /// - Complexity: O(*n*), eight passes at most.
    package var ascendingPositions: [Int] {
        var order = [Int](indices)
        guard count > 1 else { return order }
        var keys = self
        var nextKeys = [UInt64](repeating: 0, count: count)
        var nextOrder = [Int](repeating: 0, count: count)
        var starts = [Int](repeating: 0, count: 257)
        let n = count
        for shift in stride(from: UInt64(0), to: 64, by: 8) {
            let moved = starts.withUnsafeMutableBufferPointer { starts -> Bool in
                keys.withUnsafeBufferPointer { keys in
                    for bucket in 0..<257 { starts[bucket] = 0 }
                    for key in keys { starts[Int((key >> shift) & 0xFF) + 1] += 1 }
                    if starts.contains(n) { return false }
                    for bucket in 1...256 { starts[bucket] += starts[bucket - 1] }
                    order.withUnsafeBufferPointer { order in
                        nextKeys.withUnsafeMutableBufferPointer { nextKeys in
                            nextOrder.withUnsafeMutableBufferPointer { nextOrder in
                                for index in 0..<n {
                                    let digit = Int((keys[index] >> shift) & 0xFF)
                                    let target = starts[digit]
                                    starts[digit] = target + 1
                                    nextKeys[target] = keys[index]
                                    nextOrder[target] = order[index]
                                }
                            }
                        }
                    }
                    return true
                }
            }
            if moved {
                swap(&keys, &nextKeys)
                swap(&order, &nextOrder)
            }
        }
        return order
    }
}
