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
            Run(
                id: Int64(index + 1), key: "k\(index)", name: "r\(index)", source: "s", format: .hyperscope,
                params: params)
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

    @Test("the numeric order lists finite numbers' codes by number, and rows keep it as if sorted again")
    func numericOrder() throws {
        let values: [Value] = [.float(3), .string("x"), .int(-1), .float(.nan), .float(2.5), .int(3), .float(-7)]
        let runs = values.enumerated().map { index, value in
            Run(
                id: Int64(index + 1), key: "k\(index)", name: "r\(index)", source: "s", format: .hyperscope,
                params: ["v": value, "n": .int(Int64(index % 3))])
        }
        let columns = ParameterColumns(runs).withNumericOrder()
        let v = try #require(columns.column(of: "v"))
        // -7, -1, 2.5, then the two 3s in code order; the string and NaN are left out.
        #expect(columns.numericOrder(of: v).codes == [6, 2, 4, 0, 5])
        #expect(columns.numericOrder(of: v).numbers == [-7, -1, 2.5, 3, 3])
        #expect(ParameterColumns(runs).numericOrder(of: v) == columns.numericOrder(of: v))
        for positions in [[4, 0, 2], [1, 3], [6, 5, 4, 3, 2, 1, 0], [0]] {
            let rows = columns.rows(positions)
            let rebuilt = ParameterColumns(positions.map { runs[$0] })
            // Codes of equal numbers (3 and 3.0) may come in either order.
            for column in rows.keys.indices {
                let kept = try #require(rows.numericOrders?[column])
                let sorted = rebuilt.numericOrder(of: column)
                #expect(
                    kept.codes.map { rows.values[column][Int($0)].numericValue }
                        == sorted.codes.map { rebuilt.values[column][Int($0)].numericValue }, "rows \(positions)")
                #expect(kept.numbers == sorted.numbers, "rows \(positions)")
                #expect(Set(kept.codes) == Set(sorted.codes), "rows \(positions)")
            }
        }
    }

    @Test("grouping by columns matches grouping by looking each run's values up")
    func grouping() throws {
        let runs = Self.runs()
        let groups = RunGrouping.group(runs, by: ["opt", "depth", "missing"])
        #expect(groups.map { $0.runs.map(\.id!) } == [[1, 4, 5], [2], [3]])
        #expect(
            groups.map(\.combination) == [
                [.string("adam"), .int(1), nil], [.string("sgd"), .float(1), nil], [.string("adam"), nil, nil],
            ])
        // Run 4 has the same opt and depth as run 1, but its NaN learning rate is a group of its own.
        let byRate = RunGrouping.group(runs, by: ["lr"])
        #expect(byRate.map { $0.runs.map(\.id!) } == [[1, 2, 3, 5], [4]])
        #expect(RunGrouping.group([], by: ["opt"]).isEmpty)
        #expect(RunGrouping.group(runs, by: []).map(\.runs.count) == [5])
    }

    @Test("the columns of some rows are those built from the same runs, in the order given")
    func rows() {
        let runs = Self.runs()
        let all = ParameterColumns(runs)
        for positions in [[0, 1, 2, 3, 4], [4, 1], [2], [3, 0, 1], []] {
            let subset = all.rows(positions)
            let built = ParameterColumns(positions.map { runs[$0] })
            #expect(subset.runCount == positions.count)
            #expect(subset.keys == built.keys, "positions \(positions)")
            #expect(subset.codes == built.codes, "positions \(positions)")
            #expect(
                subset.values.map { $0.map(\.displayText) } == built.values.map { $0.map(\.displayText) },
                "positions \(positions)")
            #expect(subset.varyingKeys == built.varyingKeys, "positions \(positions)")
            // Some keys only: those the runs have, as building them with those keys gives.
            let some = all.rows(positions, keys: ["opt", "absent", "depth", "opt"])
            let someBuilt = ParameterColumns(positions.map { runs[$0] }, keys: ["depth", "opt"])
            #expect(some.keys == someBuilt.keys && some.codes == someBuilt.codes, "positions \(positions)")
        }
        // Run 3 (position 2) lacks depth: its row alone has no depth column, and renumbers opt from 0.
        #expect(all.rows([2]).keys == ["const", "lr", "opt"])
        #expect(all.rows([1, 0]).values[all.column(of: "opt")!] == [.string("sgd"), .string("adam")])
    }

    @Test("grouping many runs by many columns matches grouping by whole combinations, whichever columns come first")
    func groupingMatchesCombinations() {
        // 2,000 runs: a key with 1,000 values (each twice), one with 10, one with 2 and a continuous
        // one, so the refinement meets both its table and its dictionary, and all-singleton groups.
        var generator = SplitMix64(seed: 11)
        let runs = (0..<2_000).map { index in
            var params: [String: Value] = [
                "wide": .int(Int64(index % 1_000)), "ten": .int(Int64.random(in: 0..<10, using: &generator)),
                "two": .string(Bool.random(using: &generator) ? "a" : "b"),
                "lr": .float(Double.random(in: 0..<1, using: &generator)),
            ]
            if index % 7 == 0 { params["ten"] = nil }
            return Run(
                id: Int64(index + 1), key: "k\(index)", name: "r\(index)", source: "s", format: .hyperscope,
                params: params)
        }
        let columns = ParameterColumns(runs)
        for keys in [
            ["wide", "ten"], ["two", "ten", "wide"], ["ten", "two"], ["lr", "two"], ["two"],
            ["wide", "ten", "two", "lr"],
        ] {
            var reference: [[Value?]: Int] = [:]
            var expected: [[Int]] = []
            for (index, run) in runs.enumerated() {
                let combination = keys.map { run.params[$0] }
                if let group = reference[combination] {
                    expected[group].append(index)
                } else {
                    reference[combination] = expected.count
                    expected.append([index])
                }
            }
            #expect(columns.groups(by: keys.compactMap(columns.column(of:))) == expected, "keys \(keys)")
        }
    }
}
