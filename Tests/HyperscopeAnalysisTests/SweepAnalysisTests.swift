import HyperscopeAnalysis
import HyperscopeCore
import Testing

@Suite("Sweep summaries and comparisons")
struct SweepAnalysisTests {
    /// A sweep of optimiser × learning rate over three seeds, with a noise key and one short run.
    static func sweep() -> [Run] {
        var runs: [Run] = []
        var id: Int64 = 1
        let finals: [String: [Double]] = [
            "adam/0.01": [0.93, 0.925, 0.92], "sgd/0.01": [0.90, 0.905, 0.915], "adam/0.1": [0.88, 0.87, 0.89],
        ]
        for (combination, values) in finals.sorted(by: { $0.key < $1.key }) {
            let parts = combination.split(separator: "/")
            for (seed, final) in values.enumerated() {
                let epochs = combination == "adam/0.1" && seed == 2 ? 3 : 5
                let curve = MetricCurve(
                    key: MetricKey(parsing: "val/acc"), values: (1...epochs).map { final - 0.01 * Double(5 - $0) },
                    axes: [CurveAxis(name: "epoch", values: (1...epochs).map(Double.init))])
                runs.append(
                    Run(
                        id: id, key: "k\(id)", name: "r\(id)", source: "s", format: .hyperscope, status: .completed,
                        params: [
                            "optim.name": .string(String(parts[0])), "optim.lr": .float(Double(parts[1])!),
                            "seed": .int(Int64(seed)),
                            "epochs": .int(5), "paths.out": .string("/tmp/\(id)"),
                        ],
                        curves: [curve]))
                id += 1
            }
        }
        return runs
    }

    static let selection = MetricSelection(metric: MetricKey(parsing: "val/acc"), point: .last, goal: .maximize)

    @Test("a metric logged only at some epochs is complete when it reaches the epoch a full curve of its run ends at")
    func sparseMetricsAtTheEnd() {
        func run(trainedEpochs: Int, test testEpochs: [Double], val valEpochs: [Double]) -> Run {
            func curve(_ name: String, _ epochs: [Double]) -> MetricCurve {
                MetricCurve(
                    key: MetricKey(parsing: name), values: epochs.map { 0.5 + $0 / 100 },
                    axes: [CurveAxis(name: "epoch", values: epochs)])
            }
            let trained = (1...trainedEpochs).map(Double.init)
            return Run(
                id: 1, key: "k", name: "r", source: "s", format: .hyperscope, status: .completed,
                params: ["epochs": .int(15)],
                curves: [curve("train/loss", trained), curve("test/acc", testEpochs), curve("val/acc", valEpochs)])
        }
        func complete(_ run: Run, _ metric: String) -> Bool {
            let selection = MetricSelection(metric: MetricKey(parsing: metric), point: .last, goal: .maximize)
            return SweepSummary.isComplete(run, selection: selection, rule: .automatic, expectedLength: 1)
        }
        // A test metric logged once after training, and a val metric every fifth epoch.
        let finished = run(trainedEpochs: 15, test: [15], val: [5, 10, 15])
        #expect(complete(finished, "test/acc") && complete(finished, "val/acc") && complete(finished, "train/loss"))
        // Stopped at epoch 8: the final test is of an unfinished model.
        let stopped = run(trainedEpochs: 8, test: [8], val: [5])
        #expect(!complete(stopped, "test/acc") && !complete(stopped, "val/acc") && !complete(stopped, "train/loss"))
        // Epochs counted from 0: the last of 15 is 14.
        let fromZero = run(trainedEpochs: 15, test: [14], val: [4, 9, 14])
        let shifted = Run(
            id: 1, key: "k", name: "r", source: "s", format: .hyperscope, status: .completed,
            params: ["epochs": .int(15)],
            curves: fromZero.curves.map { curve in
                guard curve.key.description == "train/loss" else { return curve }
                return MetricCurve(
                    key: curve.key, values: curve.values,
                    axes: [CurveAxis(name: "epoch", values: (0..<15).map(Double.init))])
            })
        #expect(complete(shifted, "test/acc") && complete(shifted, "val/acc"))
    }

    @Test("varying keys exclude seeds and paths; groups are sorted by mean; a short run is listed and left out")
    func summary() throws {
        let summary = SweepSummary(runs: Self.sweep(), selection: Self.selection)
        #expect(summary.varying == ["optim.lr", "optim.name"])
        #expect(summary.excluded == ["paths.out", "seed"])
        #expect(summary.groups.count == 3)
        let best = summary.groups[0]
        #expect(best.params["optim.name"] == .string("adam"))
        #expect(best.params["optim.lr"] == .float(0.01))
        #expect(best.seeds == [.int(0), .int(1), .int(2)])
        let stats = try #require(best.summary)
        #expect(abs(stats.mean - 0.925) < 1e-12)
        #expect(summary.incomplete.map(\.reason) == ["val/acc has 3 of 5 epochs"])
        #expect(summary.groups[2].summary?.count == 2)
        let included = SweepSummary(runs: Self.sweep(), selection: Self.selection, includeIncomplete: true)
        #expect(included.groups.first { $0.params["optim.lr"] == .float(0.1) }?.summary?.count == 3)
    }

    @Test(
        "a random search of 10,000 configurations (summarised in chunks): every group, best first, and the runs left out in order"
    )
    func manyConfigurations() {
        // Run i has its own learning rate; its accuracy is a permutation of 0..<10,000 scaled; every
        // 100th run has no accuracy.
        func accuracy(_ index: Int) -> Double { Double((index * 7_919) % 10_000) / 10_000 }
        func run(_ index: Int) -> Run {
            let lr: Value = .float(Double(index) / 10_000)
            let opt: Value = .string(index % 2 == 0 ? "adam" : "sgd")
            let curves: [MetricCurve] =
                index % 100 == 0 ? [] : [MetricCurve(key: MetricKey(parsing: "val/acc"), values: [accuracy(index)])]
            return Run(
                id: Int64(index + 1), key: "k\(index)", name: "r\(index)", source: "s", format: .hyperscope,
                status: .completed,
                params: ["lr": lr, "opt": opt], curves: curves)
        }
        let runs = (0..<10_000).map(run)
        let summary = SweepSummary(
            runs: runs, selection: MetricSelection(metric: MetricKey(parsing: "val/acc"), goal: .maximize))
        #expect(summary.groups.count == 10_000)
        let means = summary.groups.compactMap { $0.summary?.mean }
        #expect(means.count == 9_900)
        #expect(means == means.sorted(by: >))
        // Groups without a value come last, in the order of their runs.
        let lastLearningRates: [Value?] = summary.groups.suffix(100).map { $0.value(of: "lr") }
        let missing: [Value?] = (0..<100).map { .float(Double($0 * 100) / 10_000) }
        #expect(lastLearningRates == missing)
        let leftOut: [Int64] = (0..<100).map { Int64($0 * 100 + 1) }
        #expect(summary.incomplete.map(\.runID) == leftOut)
        let best = (0..<10_000).first { $0 % 100 != 0 && accuracy($0) == 0.9999 }!
        #expect(summary.groups.first?.runIDs == [Int64(best + 1)])
        // A slice keeps the groups and their positions, as an array's slice does; a summary
        // equals one built again from the same runs, and differs from one over fewer runs.
        let all = Array(summary.groups)
        #expect(Array(summary.groups.prefix(50)) == Array(all.prefix(50)))
        let page = summary.groups.dropFirst(1_000).prefix(20)
        #expect(page.startIndex == 1_000 && page.count == 20 && page.first == all[1_000] && page.last == all[1_019])
        #expect(summary == SweepSummary(runs: runs, selection: summary.selection))
        #expect(summary != SweepSummary(runs: Array(runs.dropLast()), selection: summary.selection))
        // The chunks come back in order, as any map computed on every core does.
        #expect(Array(0..<1_000).concurrentMap { $0 * 2 } == (0..<1_000).map { $0 * 2 })
    }

    @Test("--expect epoch=N and reading at an axis point")
    func expectedEpochs() throws {
        let expecting = SweepSummary(
            runs: Self.sweep(), selection: Self.selection, completeness: .expect(axis: "epoch", value: 4))
        #expect(expecting.incomplete.map(\.reason) == ["val/acc reaches epoch 3 of 4"])
        let atThree = MetricSelection(
            metric: MetricKey(parsing: "val/acc"), point: .axis(name: "epoch", value: 3), goal: .maximize)
        #expect(abs(try atThree.value(in: Self.sweep()[0]).get() - (0.93 - 0.02)) < 1e-12)
        #expect(throws: NotComputable.self) {
            try MetricSelection(
                metric: MetricKey(parsing: "val/acc"), point: .axis(name: "epoch", value: 9), goal: .maximize
            ).value(in: Self.sweep()[0]).get()
        }
        #expect(CurvePoint(parsing: "step=5000") == .axis(name: "step", value: 5000))
        #expect(CurvePoint(parsing: "middle") == nil)
    }

    @Test(
        "a side made of runs leaves out incomplete ones: fewer epochs than configured, or shorter than the side's longest without a setting"
    )
    func sideOfRuns() {
        let adam = Self.sweep().filter { $0.params["optim.name"] == .string("adam") }
        let pairing = RunPairing(runs: adam, comparedKeys: ["optim.name"])
        func side(_ runs: [Run], includeIncomplete: Bool = false) -> [Double] {
            ComparisonSide(
                label: "adam", runs: runs, selection: Self.selection, pairing: pairing,
                includeIncomplete: includeIncomplete
            ).values
        }
        // adam/0.1 with seed 2 logged 3 of its 5 epochs (final 0.89); the other five are complete.
        #expect(side(adam).count == 5 && !side(adam).contains(0.89))
        #expect(side(adam, includeIncomplete: true).count == 6)
        // With no epochs setting, its 3 points are fewer than the side's longest curve (5).
        let unset = adam.map { run in
            var run = run
            run.params["epochs"] = nil
            return run
        }
        #expect(side(unset).count == 5)
        // A nested setting (`train.epochs`) counts: 3 configured, 3 logged.
        let nested = unset.map { run in
            var run = run
            run.params["train.epochs"] = .int(3)
            return run
        }
        #expect(side(nested).count == 6)
        // A row of a CSV export holds the run's final value: one point is its whole result, while
        // the same point from a log is a curve cut short.
        let row = Run(
            id: 99, key: "k99", name: "row", source: "sweep.csv", format: .csvTable, status: .completed,
            params: ["optim.name": .string("adam")],
            curves: [MetricCurve(key: MetricKey(parsing: "val/acc"), values: [0.91])])
        var logged = row
        logged.format = .hyperscope
        #expect(side(unset + [row]).count == 6 && side(unset + [row]).contains(0.91))
        #expect(side(unset + [logged]).count == 5)
        #expect(
            SweepSummary.incompleteness(of: adam[5], selection: Self.selection, rule: .automatic, expectedLength: 5)
                == "val/acc has 3 of 5 epochs")
    }

    @Test("a comparison pairs runs by seed and matches SciPy: ttest_ind(equal_var=False), ttest_rel, mannwhitneyu")
    func comparison() throws {
        let seeds: [Value?] = [.int(0), .int(1), .int(2)]
        let comparison = GroupComparison(
            ComparisonSide(label: "adam", values: [0.93, 0.925, 0.92], pairingKeys: seeds),
            ComparisonSide(label: "sgd", values: [0.90, 0.905, 0.915], pairingKeys: seeds), goal: .maximize,
            bootstrapSeed: 1, resamples: 2000)
        // scipy.stats.ttest_ind([0.93, 0.925, 0.92], [0.90, 0.905, 0.915], equal_var=False) -> t=3.478505426185189,
        // p=0.03219882155461913, df=3.4482758620689653
        let welch = try comparison.welch.get()
        #expect(abs(welch.t - 3.478505426185189) < 1e-9 * 3.5)
        #expect(abs(welch.p - 0.03219882155461913) < 1e-9 * 0.03)
        #expect(abs(welch.degreesOfFreedom - 3.4482758620689653) < 1e-9 * 3.4)
        // scipy.stats.ttest_rel(...) -> t=2.5235730725761796, p=0.12764325571004148, df=2
        let paired = try comparison.paired.get()
        #expect(abs(paired.t - 2.5235730725761796) < 1e-9 * 2.5)
        #expect(abs(paired.p - 0.12764325571004148) < 1e-9 * 0.13)
        #expect(comparison.pairedCount == 3)
        // scipy.stats.mannwhitneyu(...) -> U=9.0, p=0.1 (exact)
        #expect(try comparison.mannWhitney.get().u == 9)
        #expect(abs(try comparison.mannWhitney.get().p - 0.1) < 1e-12)
        // The paired test decides (p = 0.128), while Welch alone would call it significant (p = 0.032):
        // the verdict says so instead of picking the test that suits.
        #expect(comparison.decisiveTest?.name == "paired t over 3 pairs")
        #expect(comparison.verdict.hasPrefix("not settled: adam is ahead by 0.01833"), "\(comparison.verdict)")
        #expect(comparison.verdict.contains("the tests disagree (Welch p = 0.032"), "\(comparison.verdict)")
        #expect(!comparison.verdict.contains("chance"))
        #expect(comparison.seedsFor80PercentPower != nil)
    }

    @Test("runs paired by seed decide the verdict: a shift shared by every seed is significant where Welch sees noise")
    func pairedDecides() throws {
        let seeds: [Value?] = (0..<5).map { .list([.int(Int64($0))]) }
        let base = [0.5, 0.7, 0.9, 0.6, 0.8]
        let shifted = [0.5103, 0.7098, 0.9101, 0.61, 0.8099000000000001]
        let comparison = GroupComparison(
            ComparisonSide(label: "new", values: shifted, pairingKeys: seeds),
            ComparisonSide(label: "old", values: base, pairingKeys: seeds),
            goal: .maximize, bootstrapSeed: 3, resamples: 4000)
        // scipy.stats.ttest_rel(shifted, base) -> t=116.48013402131983, p=3.2578451389697714e-08
        let paired = try comparison.paired.get()
        #expect(abs(paired.p - 3.2578451389697714e-08) < 1e-9 * 3.3e-08)
        // scipy.stats.ttest_ind(shifted, base, equal_var=False) -> p=0.9226318559925448
        #expect(abs(try comparison.welch.get().p - 0.9226318559925448) < 1e-9)
        #expect(comparison.holmP == paired.p)
        #expect(comparison.verdict.hasPrefix("new is better by 0.01"), "\(comparison.verdict)")
        #expect(comparison.verdict.contains("significant (p < 0.0001, paired t over 5 pairs)"), "\(comparison.verdict)")
    }

    @Test("a verdict never calls a difference chance while its bootstrap CI excludes 0")
    func ciExcludingZeroIsNotChance() {
        // scipy.stats.ttest_ind([1.0, 1.1, 1.2], [0.8, 0.9, 1.05], equal_var=False) -> p=0.1229932948869889;
        // mannwhitneyu -> p=0.2; a percentile bootstrap of the mean difference gives about [0.033, 0.333].
        let comparison = GroupComparison(
            ComparisonSide(label: "a", values: [1.0, 1.1, 1.2]), ComparisonSide(label: "b", values: [0.8, 0.9, 1.05]),
            goal: .maximize,
            bootstrapSeed: 0, resamples: 10_000)
        let interval = try? #require(comparison.differenceInterval95)
        #expect((interval?.lowerBound ?? 0) > 0)
        #expect(comparison.decisiveTest?.name == "Welch")
        #expect(comparison.verdict.hasPrefix("not settled: a is ahead by 0.1833"), "\(comparison.verdict)")
        #expect(comparison.verdict.contains("the bootstrap 95% CI excludes 0"))
        #expect(!comparison.verdict.contains("chance"))
    }

    @Test("a verdict does not call chance what every unpaired test calls significant when the paired test does not")
    func pairedAloneIsNotChance() {
        // scipy.stats.ttest_rel(a, b).pvalue = 0.0705357651873136; ttest_ind(..., equal_var=False).pvalue =
        // 0.008863854791579777; mannwhitneyu(a, b).pvalue = 0.015151515151515152 (seeds pair the runs
        // against each other: a's best seed is b's worst).
        let seeds: [Value?] = (0..<6).map { .int(Int64($0)) }
        let comparison = GroupComparison(
            ComparisonSide(label: "a", values: [1.0, 1.2, 1.4, 1.6, 1.8, 2.0], pairingKeys: seeds),
            ComparisonSide(label: "b", values: [1.3, 1.1, 0.9, 0.7, 0.5, 0.3], pairingKeys: seeds),
            goal: .maximize, bootstrapSeed: 0, resamples: 4_000)
        #expect(comparison.decisiveTest?.name == "paired t over 6 pairs")
        #expect(abs((comparison.decisiveTest?.p ?? 0) - 0.0705357651873136) < 1e-9)
        #expect((comparison.differenceInterval95?.lowerBound ?? 0) > 0)
        #expect(comparison.verdict.hasPrefix("not settled: a is ahead by 0.7"), "\(comparison.verdict)")
        #expect(comparison.verdict.contains("Welch p = 0.00886"), "\(comparison.verdict)")
        #expect(!comparison.verdict.contains("chance"), "\(comparison.verdict)")
    }

    @Test("a missing paired test always says why: no seeds, no shared seed, other settings differ, one pair")
    func unpairedReasons() {
        func reason(_ a: [Value?], _ b: [Value?], fields: [String] = ["seed", "optim.lr"]) -> String? {
            let comparison = GroupComparison(
                ComparisonSide(
                    label: "a", values: Array(repeating: 1, count: a.count), pairingKeys: a, pairingFields: fields),
                ComparisonSide(
                    label: "b", values: Array(repeating: 2, count: b.count), pairingKeys: b, pairingFields: fields),
                goal: .maximize)
            if case .failure(let why) = comparison.paired { return why.reason }
            return nil
        }
        let key = { (seed: Int64, lr: Double) -> Value? in .list([.int(seed), .float(lr)]) }
        #expect(reason([nil, nil], [nil, nil]) == "no paired test: a has no run with a seed")
        #expect(
            reason([key(0, 0.1), key(1, 0.1)], [key(2, 0.1), key(3, 0.1)])
                == "no paired test: no seed is shared by both sides")
        #expect(
            reason([key(0, 0.1), key(1, 0.1)], [key(0, 0.2), key(1, 0.2)])
                == "no paired test: runs with the same seed differ in optim.lr")
        #expect(reason([key(0, 0.1), key(1, 0.1)], [key(0, 0.1), key(1, 0.2)])?.contains("only 1 pair") == true)
    }

    @Test("Holm adjusts every comparison made together; verdicts speak plainly at the edges")
    func holmAndEdges() {
        var comparisons = [
            GroupComparison(
                ComparisonSide(label: "a", values: [1, 2, 3]), ComparisonSide(label: "base", values: [1.5, 2.5, 3.5]),
                goal: .maximize),
            GroupComparison(
                ComparisonSide(label: "b", values: [5, 6, 7]), ComparisonSide(label: "base", values: [1.5, 2.5, 3.5]),
                goal: .maximize),
        ]
        let raw = comparisons.map { try? $0.welch.get().p }
        GroupComparison.adjustForMultipleComparisons(&comparisons)
        #expect(comparisons[1].holmP == min(1, 2 * raw[1]!))
        #expect(comparisons[0].holmP == max(min(1, raw[0]!), comparisons[1].holmP!))
        #expect(comparisons[0].verdict.hasPrefix("no significant difference"))
        let single = GroupComparison(
            ComparisonSide(label: "a", values: [0.9]), ComparisonSide(label: "b", values: [0.8, 0.82]), goal: .maximize)
        #expect(single.verdict.contains("run more seeds"))
        let empty = GroupComparison(
            ComparisonSide(label: "a", values: []), ComparisonSide(label: "b", values: [0.8]), goal: .maximize)
        #expect(empty.verdict == "cannot compare: a has no values")
        let constant = GroupComparison(
            ComparisonSide(label: "a", values: [1, 1]), ComparisonSide(label: "b", values: [1, 1]), goal: .maximize)
        #expect(constant.verdict.hasPrefix("no difference"))
    }

    @Test("runs pair only when seed and every other varied setting match")
    func pairing() {
        let runs = Self.sweep()
        let pairing = RunPairing(runs: runs, comparedKeys: ["optim.name"])
        #expect(pairing.seedKey == "seed")
        #expect(pairing.otherKeys == ["optim.lr"])
        let adamSeed0 = runs.first {
            $0.params["optim.name"] == .string("adam") && $0.params["optim.lr"] == .float(0.01)
                && $0.params["seed"] == .int(0)
        }!
        let sgdSeed0 = runs.first { $0.params["optim.name"] == .string("sgd") && $0.params["seed"] == .int(0) }!
        let adamOtherRate = runs.first { $0.params["optim.lr"] == .float(0.1) && $0.params["seed"] == .int(0) }!
        #expect(pairing.key(of: adamSeed0) == pairing.key(of: sgdSeed0))
        #expect(pairing.key(of: adamSeed0) != pairing.key(of: adamOtherRate))
    }
}
