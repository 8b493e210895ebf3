extension MutableCollection where Self: RandomAccessCollection {
    /// The element that would be at offset `rank` from the start were the collection sorted by
    /// `areInIncreasingOrder`, found by quickselect: the collection is reordered so that element
    /// is at that offset, those before it come no later in the order and those after no earlier.
    ///
    /// - Precondition: `0 <= rank < count`.
    /// - Complexity: O(*n*) on average; a range that does not shrink fast enough is sorted instead,
    ///   so never worse than O(*n* log *n*).
    @inlinable
    package mutating func selectElement(
        atRank rank: Int, by areInIncreasingOrder: (Element, Element) -> Bool
    ) -> Element {
        precondition(rank >= 0 && rank < count, "rank \(rank) outside 0..<\(count)")
        let target = index(startIndex, offsetBy: rank)
        var low = startIndex
        var high = index(before: endIndex)
        // Each round should at least halve the range; after 2·log₂(n) rounds it is sorted instead.
        var roundsLeft = 2 * (Int.bitWidth - count.leadingZeroBitCount)
        while low < high {
            if roundsLeft == 0 {
                self[low...high].sort(by: areInIncreasingOrder)
                break
            }
            roundsLeft -= 1
            // The median of the first, middle and last elements as the pivot, moved to the end.
            let middle = index(low, offsetBy: distance(from: low, to: high) / 2)
            if areInIncreasingOrder(self[middle], self[low]) { swapAt(middle, low) }
            if areInIncreasingOrder(self[high], self[low]) { swapAt(high, low) }
            if areInIncreasingOrder(self[middle], self[high]) { swapAt(middle, high) }
            let pivot = self[high]
            // Lomuto partition: the elements before the pivot in the order come first.
            var store = low
            var scan = low
            while scan < high {
                if areInIncreasingOrder(self[scan], pivot) {
                    swapAt(scan, store)
                    formIndex(after: &store)
                }
                formIndex(after: &scan)
            }
            swapAt(store, high)
            if store == target { break }
            if target < store { high = index(before: store) } else { low = index(after: store) }
        }
        return self[target]
    }
}
