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

@Suite("Parameter columns of many configurations")
struct ManyConfigurationsColumnsTests {
    /// Each value's number in order of first appearance, equal values once and a NaN never equal
    /// to anything: the numbering written out plainly, one value at a time.
    static func referenceCodes(_ column: [Value?]) -> (codes: [Int32], values: [Value]) {
        var numbers: [Value: Int32] = [:]
        var values: [Value] = []
        let codes = column.map { value -> Int32 in
            guard let value else { return -1 }
            if value.numericValue?.isNaN != true, let known = numbers[value] { return known }
            values.append(value)
            if value.numericValue?.isNaN != true { numbers[value] = Int32(values.count - 1) }
            return Int32(values.count - 1)
        }
        return (codes, values)
    }

    @Test("read in pieces on every core, 20,000 configurations number their values as one pass would")
    func piecesJoinAsOnePass() throws {
        // Keys present throughout, only in the last rows (so only in the last piece), only in the
        // first rows; values that repeat across the pieces' boundaries, -0.0 and 0.0, NaNs, and an
        // int beside an equal float.
        let count = 20_000
        let configurations = (0..<count).map { row -> [String: Value] in
            var parameters: [String: Value] = [
                "cycle": .int(Int64(row % 7)),
                "float": row % 5 == 0 ? .float(.nan) : .float(Double(row % 101) / 8),
                "mixed": row % 3 == 0 ? .int(1) : row % 3 == 1 ? .float(1) : .string("1"),
                "zero": .float(row % 2 == 0 ? -0.0 : 0.0),
            ]
            if row >= count - 10 { parameters["late"] = .string("late \(row % 4)") }
            if row < 3 { parameters["early"] = .bool(row == 1) }
            if row % 11 == 0 { parameters["cycle"] = nil }
            return parameters
        }
        for wanted in [nil, ["zero", "late", "absent", "cycle"]] {
            let (keys, columns) = RunTable.parameterColumns(configurations, keys: wanted)
            let expectedKeys = ["cycle", "early", "float", "late", "mixed", "zero"].filter {
                wanted?.contains($0) ?? true
            }
            #expect(keys == expectedKeys)
            for (key, column) in zip(keys, columns) {
                let reference = Self.referenceCodes(configurations.map { $0[key] })
                // The first row numbered differently, if any (20,000 codes are too many to print).
                let differing = column.codes.indices.first { column.codes[$0] != reference.codes[$0] }
                #expect(column.codes.count == count && differing == nil, "\(key): row \(differing ?? -1)")
                #expect(column.values.count == reference.values.count, "\(key)")
                for (value, expected) in zip(column.values, reference.values) {
                    #expect(
                        value == expected || (value.numericValue?.isNaN == true && expected.numericValue?.isNaN == true)
                    )
                }
            }
        }
    }
}
