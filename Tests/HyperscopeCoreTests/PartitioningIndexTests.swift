import HyperscopeCore
import Testing

@Suite("Sorted insertion index")
struct SortedInsertionIndexTests {
    @Test("the index is the first element not less than the value, for every value around a sorted array with ties")
    func matchesLinearSearch() {
        let sorted = [1, 3, 3, 3, 7, 9, 12]
        for value in -1...14 {
            let expected = sorted.firstIndex { $0 >= value } ?? sorted.endIndex
            #expect(sorted.insertionIndex(of: value) == expected, "value \(value)")
        }
        #expect([Int]().insertionIndex(of: 5) == 0)
        // A slice keeps its own indices.
        let slice = sorted[2...5]
        #expect(slice.insertionIndex(of: 7) == 4 && slice.insertionIndex(of: 100) == slice.endIndex && slice.insertionIndex(of: 0) == 2)
    }
}
