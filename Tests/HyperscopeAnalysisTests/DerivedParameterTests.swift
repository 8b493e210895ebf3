import HyperscopeAnalysis
import HyperscopeCore
import Testing

@Suite("Derived parameters")
struct DerivedParameterTests {
    static let run = Run(
        id: 1, key: "k", name: "r", source: "s", format: .hyperscope,
        params: [
            "model.layers": .list([.int(128), .int(64), .int(32)]), "model.input_dim": .int(100),
            "optim.l2": .float(0.005),
            "optim.lr": .float(0.01), "data.n_train": .int(1000), "batch_size": .int(64),
        ])

    static let l2Buckets = [
        DerivedParameter.Bucket(upTo: 0, label: "none"), DerivedParameter.Bucket(upTo: 0.001, label: "light"),
        DerivedParameter.Bucket(upTo: 0.01, label: "medium"), DerivedParameter.Bucket(upTo: .infinity, label: "heavy"),
    ]

    func derive(_ rule: DerivedParameter.Rule, _ run: Run = DerivedParameterTests.run) throws -> Value {
        try DerivedParameter(name: "d", rule: rule).value(for: run).get()
    }

    @Test("join, dense_params, bucket, count and expr compute what they promise")
    func builtIns() throws {
        #expect(try derive(.join(source: "model.layers", separator: "→")) == .string("128→64→32"))
        // (100 + 1)·128 + (128 + 1)·64 + (64 + 1)·32 = 12928 + 8256 + 2080, by hand
        #expect(try derive(.denseParameters(input: "model.input_dim", layers: "model.layers")) == .int(23_264))
        let fromNumber: Int64 = 11 * 128 + 129 * 64 + 65 * 32
        #expect(try derive(.denseParameters(input: "10", layers: "model.layers")) == .int(fromNumber))
        #expect(try derive(.bucket(source: "optim.l2", buckets: Self.l2Buckets)) == .string("medium"))
        #expect(try derive(.count(source: "model.layers")) == .int(3))
        #expect(
            try derive(.expression(ArithmeticExpression.parse("optim.lr * ceil(data.n_train / batch_size)")))
                == .float(0.16))
        #expect(try derive(.expression(ArithmeticExpression.parse("data.n_train / 10"))) == .int(100))
    }

    @Test("bucket boundaries: 0 → none, (0, 0.001] → light, above 0.01 → heavy")
    func buckets() throws {
        for (l2, label) in [(0.0, "none"), (0.0005, "light"), (0.001, "light"), (0.0011, "medium"), (0.5, "heavy")] {
            var run = Self.run
            run.params["optim.l2"] = .float(l2)
            #expect(try derive(.bucket(source: "optim.l2", buckets: Self.l2Buckets), run) == .string(label), "\(l2)")
        }
    }

    @Test("a missing or mistyped source is a reason, not a crash; DerivedValues collects them")
    func failures() {
        let declarations = [
            DerivedParameter(name: "n", rule: .count(source: "missing")),
            DerivedParameter(name: "j", rule: .join(source: "optim.lr", separator: "-")),
            DerivedParameter(name: "ok", rule: .count(source: "model.layers")),
        ]
        let values = DerivedValues(runs: [Self.run], declarations: declarations)
        #expect(values.valuesByRun[1] == ["ok": .int(3)])
        #expect(values.failures.map(\.name) == ["n", "j"])
        #expect(values.failures[1].reason == "optim.lr is not a list")
    }
}
