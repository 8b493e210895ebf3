import HyperscopeCore
import Testing

@Suite("Select element")
struct SelectElementTests {
    @Test("the element at each rank is the sorted one's, for random, tied, sorted and reversed arrays, either order")
    func matchesSorting() {
        var generator = SplitMix64(seed: 7)
        let arrays: [[Int]] = [
            (0..<200).map { _ in Int.random(in: 0..<1_000, using: &generator) },
            (0..<200).map { _ in Int.random(in: 0..<3, using: &generator) },
            Array(0..<150), Array((0..<150).reversed()), [Int](repeating: 4, count: 90), [5],
        ]
        for array in arrays {
            for order in [{ (a: Int, b: Int) in a < b }, { (a: Int, b: Int) in a > b }] {
                let sorted = array.sorted(by: order)
                for rank in array.indices {
                    var copy = array
                    #expect(
                        copy.selectElement(atRank: rank, by: order) == sorted[rank], "rank \(rank) of \(array.count)")
                    // Those before it come no later in the order, those after no earlier, and none is lost.
                    #expect(
                        copy[..<rank].allSatisfy { !order(copy[rank], $0) }
                            && copy[(rank + 1)...].allSatisfy { !order($0, copy[rank]) })
                    #expect(copy.sorted(by: order) == sorted)
                }
            }
        }
    }
}
