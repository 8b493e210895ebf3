import HyperscopeAnalysis
import HyperscopeCore
import Testing

@Suite("Parameter columns")
struct ParameterColumnsTests {
    /// Runs with a missing key, an int and a float that print alike, a NaN and a constant key.
    static func runs() -> [Run] {
        let params: [[String: Value]] = [
            ["opt": .string("adam"), "lr": .float(0.1), "depth": .int(1), "const": .bool(true)],
            ["opt": .string("sgd"), "lr": .float(0.1), "depth": .float(1), "const": .bool(true)],
            ["opt": .string("adam"), "lr": .float(0.1), "const": .bool(true)],
            ["opt": .string("adam"), "lr": .float(.nan), "depth": .int(1), "const": .bool(true)],
            ["opt": .string("adam"), "lr": .float(0.1), "depth": .int(1), "const": .bool(true)],
        ]
        return params.enumerated().map { index, params in
            Run(id: Int64(index + 1), key: "k\(index)", name: "r\(index)", source: "s", format: .hyperscope, params: params)
        }
    }

    @Test("columns keep each run's value by number, -1 for a missing key, in sorted key order")
    func columns() throws {
        let runs = Self.runs()
        let columns = ParameterColumns(runs)
        #expect(columns.keys == ["const", "depth", "lr", "opt"])
        let depth = try #require(columns.column(of: "depth"))
        #expect(columns.codes[depth] == [0, 1, -1, 0, 0])
        #expect(columns.values[depth] == [.int(1), .float(1)])
        #expect(columns.value(depth, run: 2) == nil)
        #expect(columns.column(of: "absent") == nil)
        // A key missing from one run varies; a constant key does not; NaN never equals itself.
        #expect(columns.varyingKeys == ["depth", "lr", "opt"])
        #expect(ParameterVariation.varyingKeys(in: runs) == ParameterVariation.varyingKeys(in: runs.map(\.params)))
        #expect(ParameterColumns(Array(runs.prefix(1))).varyingKeys == ["const", "depth", "lr", "opt"])
    }

    @Test("grouping by columns matches grouping by looking each run's values up")
    func grouping() throws {
        let runs = Self.runs()
        let groups = RunGrouping.group(runs, by: ["opt", "depth", "missing"])
        #expect(groups.map { $0.runs.map(\.id!) } == [[1, 4, 5], [2], [3]])
        #expect(groups.map(\.combination) == [[.string("adam"), .int(1), nil], [.string("sgd"), .float(1), nil], [.string("adam"), nil, nil]])
        // Run 4 has the same opt and depth as run 1, but its NaN learning rate is a group of its own.
        let byRate = RunGrouping.group(runs, by: ["lr"])
        #expect(byRate.map { $0.runs.map(\.id!) } == [[1, 2, 3, 5], [4]])
        #expect(RunGrouping.group([], by: ["opt"]).isEmpty)
        #expect(RunGrouping.group(runs, by: []).map(\.runs.count) == [5])
    }
}
