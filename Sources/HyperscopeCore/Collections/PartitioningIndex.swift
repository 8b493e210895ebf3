extension RandomAccessCollection where Element: Comparable {
    /// The first index whose element is not less than `value`, or `endIndex` when every element
    /// is: where `value` is, or would go, in a collection sorted in increasing order.
    ///
    /// - Complexity: O(log *n*). Inlinable, so callers in other modules get it specialised to their
    ///   element type instead of going through generic witnesses on every comparison.
    @inlinable
    public func insertionIndex(of value: Element) -> Index {
        var low = startIndex
        var count = self.count
        while count > 0 {
            let half = count / 2
            let middle = index(low, offsetBy: half)
            if self[middle] < value {
                low = index(after: middle)
                count -= half + 1
            } else {
                count = half
            }
        }
        return low
    }
}
