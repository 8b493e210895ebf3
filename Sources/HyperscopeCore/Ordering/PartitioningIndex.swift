extension RandomAccessCollection {
    /// The first index whose element satisfies `predicate`, or `endIndex` when none does, for a
    /// predicate that is false for a first part of the collection and true for the rest: the binary
    /// search of a sorted collection (`{ $0 >= value }` finds where `value` is or would go).
    ///
    /// - Complexity: O(log *n*) calls of `predicate`. Inlinable, so callers in other modules get it
    ///   specialised to their element type instead of going through generic witnesses.
    @inlinable
    package func partitioningIndex(where predicate: (Element) throws -> Bool) rethrows -> Index {
        var low = startIndex
        var count = self.count
        while count > 0 {
            let half = count / 2
            let middle = index(low, offsetBy: half)
            if try predicate(self[middle]) {
                count = half
            } else {
                low = index(after: middle)
                count -= half + 1
            }
        }
        return low
    }
}
