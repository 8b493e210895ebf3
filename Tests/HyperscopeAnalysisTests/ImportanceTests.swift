import HyperscopeAnalysis
import HyperscopeCore
import TestSupport
import Testing

@Suite("Parameter importance")
struct ImportanceTests {
    /// y = 10·x1 + x2 + noise with x3 irrelevant, and a categorical that matters a little.
    static func runs(count: Int, seed: UInt64) -> [Run] {
        var generator = SeededGenerator(seed: seed)
        return (0..<count).map { index in
            let x1 = Double.random(in: 0...1, using: &generator)
            let x2 = Double.random(in: 0...1, using: &generator)
            let x3 = Double.random(in: 0...1, using: &generator)
            let noise = Double.random(in: -0.05...0.05, using: &generator)
            return Run(
                id: Int64(index + 1), key: "k\(index)", name: "r\(index)", source: "s", format: .hyperscope,
                params: ["x1": .float(x1), "x2": .float(x2), "x3": .float(x3)],
                curves: [MetricCurve(key: MetricKey(parsing: "objective"), values: [10 * x1 + x2 + noise])])
        }
    }

    @Test("fANOVA recovers y = 10·x1 + x2 + noise: x1 ≫ x2 ≫ x3, stable across forest seeds")
    func fanovaRecoversStructure() throws {
        let seed = SeededGenerator.newSeed()
        print("ImportanceTests.fanovaRecoversStructure seed: \(seed)")
        let selection = MetricSelection(metric: MetricKey(parsing: "objective"), goal: .maximize)
        let importance = try ParameterImportance.compute(
            Self.runs(count: 400, seed: seed), selection: selection, treeCount: 16
        ).get()
        #expect(importance.entries.map(\.key) == ["x1", "x2", "x3"], "seed \(seed)")
        let byKey = Dictionary(uniqueKeysWithValues: importance.entries.map { ($0.key, $0) })
        // Analytically Var(10·x1) / Var(y) = 100/101 ≈ 0.99 and Var(x2) / Var(y) ≈ 0.0099.
        #expect(byKey["x1"]!.fanova > 0.85, "seed \(seed)")
        #expect(byKey["x2"]!.fanova > byKey["x3"]!.fanova, "seed \(seed)")
        #expect(byKey["x3"]!.fanova < 0.01, "seed \(seed)")
        #expect(byKey["x1"]!.fanovaSpread < 0.05, "seed \(seed)")
        #expect(byKey["x1"]!.pedAnova > byKey["x3"]!.pedAnova, "seed \(seed)")
    }

    @Test("categorical, log-scaled and conditional parameters are encoded, and too few runs is a reason")
    func encodings() throws {
        let runs = (0..<40).map { index in
            var params: [String: Value] = [
                "opt": .string(index % 2 == 0 ? "adam" : "sgd"), "lr": .float([1e-4, 1e-3, 1e-2, 1e-1][index % 4]),
            ]
            if index % 2 == 0 {
                params["beta"] = .float(0.9)
            } else {
                params["momentum"] = .float(Double(index % 3) / 10)
            }
            return Run(
                id: Int64(index + 1), key: "k\(index)", name: "r\(index)", source: "s", format: .hyperscope,
                params: params,
                curves: [MetricCurve(key: MetricKey(parsing: "objective"), values: [index % 2 == 0 ? 1.0 : 0.0])])
        }
        let selection = MetricSelection(metric: MetricKey(parsing: "objective"), goal: .maximize)
        let importance = try ParameterImportance.compute(runs, selection: selection, treeCount: 8).get()
        let encodings = Dictionary(uniqueKeysWithValues: importance.entries.map { ($0.key, $0.encoding) })
        #expect(encodings["opt"] == "categorical" && encodings["lr"] == "log" && encodings["momentum"] == "numeric")
        #expect(importance.entries.first.map { ["opt", "beta", "momentum"].contains($0.key) } == true)
        #expect(throws: NotComputable.self) {
            try ParameterImportance.compute(Array(runs.prefix(3)), selection: selection).get()
        }
    }
}
