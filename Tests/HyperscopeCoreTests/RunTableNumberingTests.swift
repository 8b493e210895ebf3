import HyperscopeCore
import Testing

@Suite("Run table value numbering")
struct RunTableNumberingTests {
    @Test("a column numbers its values in order of first appearance, equal values once, as equality says")
    func numbering() {
        let values: [Value] = [
            .float(0.5), .int(1), .float(1.0), .float(-0.0), .float(0.0), .float(.nan), .float(.nan), .int(1),
            .string("1"), .float(0.5), .int(-1), .float(.infinity), .bool(true), .float(.infinity),
        ]
        let runs = values.enumerated().map { index, value in
            Run(
                id: Int64(index + 1), key: "k\(index)", name: "r\(index)", source: "s", format: .hyperscope,
                params: ["x": value])
        }
        let column = RunTable(runs).parameterColumn("x")!
        // Every run's value reads back; equal values share a number, a NaN equals nothing.
        for (row, value) in values.enumerated() {
            let read = column.values[Int(column.codes[row])]
            #expect(read == value || (read.numericValue?.isNaN == true && value.numericValue?.isNaN == true))
        }
        #expect(column.codes == [0, 1, 2, 3, 3, 4, 5, 1, 6, 0, 7, 8, 9, 8])
        #expect(column.values.count == 10)
    }
}
