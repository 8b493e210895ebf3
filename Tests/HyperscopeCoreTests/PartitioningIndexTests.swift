import HyperscopeCore
import Testing

@Suite("Partitioning index")
struct PartitioningIndexTests {
    @Test("the index is the first element the predicate holds for, for every bound around a sorted array with ties")
    func matchesLinearSearch() {
        let sorted = [1, 3, 3, 3, 7, 9, 12]
        for value in -1...14 {
            #expect(
                sorted.partitioningIndex { $0 >= value } == (sorted.firstIndex { $0 >= value } ?? sorted.endIndex),
                "≥ \(value)")
            #expect(
                sorted.partitioningIndex { $0 > value } == (sorted.firstIndex { $0 > value } ?? sorted.endIndex),
                "> \(value)")
        }
        #expect([Int]().partitioningIndex { $0 >= 5 } == 0)
        // A slice keeps its own indices.
        let slice = sorted[2...5]
        #expect(
            slice.partitioningIndex { $0 >= 7 } == 4 && slice.partitioningIndex { $0 >= 100 } == slice.endIndex
                && slice.partitioningIndex { $0 >= 0 } == 2)
    }
}
