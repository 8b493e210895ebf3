import HyperscopeAnalysis
import HyperscopeCore
import Testing

@Suite("One setting, one name; identifiers are not hyperparameters")
struct ParameterClassificationTests {
    /// A 3 × 3 sweep over 15 seeds (135 runs) whose runs also carry a folder name of their own, and
    /// whose command logged its own config: `optim.lr` repeats `lr` and `optim.name` repeats `optimizer`.
    /// The value grows with the learning rate only.
    static func sweep() -> [Run] {
        var runs: [Run] = []
        var id: Int64 = 1
        for optimizer in ["adam", "sgd", "rmsprop"] {
            for lr in [0.001, 0.01, 0.1] {
                for seed in 0..<15 {
                    let final = 0.5 + 2 * lr + 0.001 * Double(seed % 5)
                    runs.append(
                        Run(
                            id: id, key: "k\(id)", name: "r\(id)", source: "s", format: .hyperscope, status: .completed,
                            params: [
                                "optimizer": .string(optimizer), "lr": .float(lr), "seed": .int(Int64(seed)),
                                "optim.name": .string(optimizer), "optim.lr": .float(lr),
                                "experiment_dir": .string("experiments/\(optimizer)-\(lr)-\(seed)-\(id * 7919 % 1000)"),
                            ],
                            curves: [MetricCurve(key: MetricKey(parsing: "val/acc"), values: [final])]))
                    id += 1
                }
            }
        }
        return runs
    }

    static let selection = MetricSelection(metric: MetricKey(parsing: "val/acc"), point: .last, goal: .maximize)

    @Test("a sweep with an identifier column and a config logged twice has 9 groups of 15, labelled once per setting")
    func sweepSummary() {
        let summary = SweepSummary(runs: Self.sweep(), selection: Self.selection)
        #expect(summary.varying == ["lr", "optimizer"])
        #expect(summary.classification.identifiers == ["experiment_dir"])
        #expect(summary.classification.aliasesByKey == ["lr": ["optim.lr"], "optimizer": ["optim.name"]])
        #expect(summary.classification.label(of: "lr") == "lr (= optim.lr)")
        #expect(summary.groups.count == 9)
        #expect(summary.groups.allSatisfy { $0.summary?.count == 15 })
        let note = summary.classification.note ?? ""
        #expect(note.contains("left out as identifiers (a different text in every run): experiment_dir"))
        #expect(note.contains("lr (= optim.lr)"))
    }

    @Test("--include keeps an identifier; numbers unique to each run are never identifiers")
    func includeAndNumbers() {
        var runs = Self.sweep()
        for index in runs.indices { runs[index].params["random_lr"] = .float(1e-4 * Double(index + 1)) }
        let kept = SweepDetection(includes: ["experiment_dir"]).classify(runs)
        #expect(kept.identifiers.isEmpty)
        #expect(kept.varying.contains("experiment_dir"))
        let numbers = SweepDetection().classify(runs)
        #expect(numbers.varying.contains("random_lr"))
        #expect(!numbers.identifiers.contains("random_lr"))
    }

    @Test("nine runs with nine names are too few to call the names identifiers")
    func fewRuns() {
        let runs = (0..<9).map { index in
            Run(
                id: Int64(index), key: "k\(index)", name: "r", source: "s", format: .hyperscope,
                params: ["variant": .string("v\(index)")])
        }
        #expect(SweepDetection().classify(runs).varying == ["variant"])
    }

    @Test("importance credits each setting once and leaves the identifier out")
    func importance() throws {
        let importance = try ParameterImportance.compute(
            Self.sweep(), selection: Self.selection, seeds: [0, 1], treeCount: 8
        ).get()
        #expect(Set(importance.entries.map(\.key)) == ["lr", "optimizer"])
        #expect(importance.entries.first?.key == "lr")
        #expect(importance.classification.identifiers == ["experiment_dir"])
    }

    @Test("runs pair by seed across the compared setting although each run has its own folder name")
    func pairing() {
        let runs = Self.sweep()
        let pairing = RunPairing(runs: runs, comparedKeys: ["optim.name"])
        #expect(pairing.otherKeys == ["lr"])
        let adam = runs.filter { $0.params["optimizer"] == .string("adam") }
        let sgd = runs.filter { $0.params["optimizer"] == .string("sgd") }
        let comparison = GroupComparison(
            ComparisonSide(label: "adam", runs: adam, selection: Self.selection, pairing: pairing),
            ComparisonSide(label: "sgd", runs: sgd, selection: Self.selection, pairing: pairing), goal: .maximize)
        #expect(comparison.pairedCount == 45)
    }

    @Test(
        "keys that correspond one to one merge when their values are equal or take three values or more; two two-valued keys that vary together stay apart"
    )
    func aliasRules() {
        func runs(_ rows: [[String: Value]]) -> [Run] {
            rows.enumerated().map { index, params in
                Run(id: Int64(index), key: "k\(index)", name: "r", source: "s", format: .hyperscope, params: params)
            }
        }
        let confounded = runs([["lr": .float(0.1), "batch": .int(32)], ["lr": .float(0.01), "batch": .int(64)]])
        #expect(SweepDetection().classify(confounded).varying == ["batch", "lr"])
        let sameNumbers = runs([
            ["epochs": .int(5), "train.epochs": .float(5)], ["epochs": .int(10), "train.epochs": .float(10)],
        ])
        #expect(
            SweepDetection().classify(sameNumbers).factors == [
                ParameterFactor(key: "epochs", aliases: ["train.epochs"])
            ])
        let recoded = runs([
            ["optimizer": .string("adam"), "optim.id": .int(0)], ["optimizer": .string("sgd"), "optim.id": .int(1)],
            ["optimizer": .string("lion"), "optim.id": .int(2)], ["optimizer": .string("adam"), "optim.id": .int(0)],
        ])
        #expect(
            SweepDetection().classify(recoded).factors == [ParameterFactor(key: "optimizer", aliases: ["optim.id"])])
        let notOneToOne = runs([
            ["a": .int(1), "b": .int(1)], ["a": .int(2), "b": .int(2)], ["a": .int(3), "b": .int(2)],
        ])
        #expect(SweepDetection().classify(notOneToOne).varying == ["a", "b"])
    }
}
