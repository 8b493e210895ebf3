import Foundation
import HyperscopeAnalysis
import HyperscopeCore
import Testing

/// The search report's values: branches, optimal ranges, recommendations, plots' data, and run
/// collections seen as trials.
@Suite("Study report")
struct StudyReportTests {
    static func trial(_ number: Int, _ params: [String: Value], value: Double?, state: TrialState = .completed) -> Trial
    {
        Trial(
            studyID: 1, number: number, state: state, params: params, value: value, startedAt: 1000 + Double(number),
            endedAt: 1001 + Double(number))
    }

    /// A conditional search: top_p trials near 0.83, min_p trials near 0.71.
    static let conditional: [Trial] = {
        let topP = [0.81, 0.83, 0.85, 0.84]
        let minP = [0.70, 0.74, 0.72, 0.69]
        var trials: [Trial] = []
        for (index, value) in topP.enumerated() {
            trials.append(
                trial(
                    2 * index,
                    [
                        "sampler_type": .string("top_p"), "temperature": .float(0.6 + 0.1 * Double(index)),
                        "top_p": .float(0.9),
                    ], value: value))
        }
        for (index, value) in minP.enumerated() {
            trials.append(
                trial(
                    2 * index + 1,
                    [
                        "sampler_type": .string("min_p"), "temperature": .float(1.0),
                        "min_p": .float(0.01 * Double(index + 1)),
                    ], value: value))
        }
        return trials
    }()

    static func study(_ goal: MetricGoal = .maximize) -> StudyRecord {
        StudyRecord(
            id: 1, name: "s", metric: "score", goal: goal, strategy: "tpe", configuration: .null, toolVersion: "0.1.0",
            host: "h", startedAt: 1000)
    }

    @Test(
        "the branch parameter is the one that switches other parameters on and off; each branch's statistics and best trial"
    )
    func branches() throws {
        let performance = try #require(BranchPerformance(trials: Self.conditional, goal: .maximize))
        #expect(performance.parameter == "sampler_type")
        #expect(performance.conditionalParameters == ["min_p", "top_p"])
        #expect(performance.branches.map(\.value) == [.string("top_p"), .string("min_p")])
        let topP = performance.branches[0]
        #expect(topP.trialCount == 4)
        #expect(abs(topP.summary!.mean - 0.8325) < 1e-12)
        // numpy.std([0.81, 0.83, 0.85, 0.84], ddof=1) = 0.017078251276599347
        #expect(abs(topP.summary!.standardDeviation! - 0.017078251276599347) < 1e-12)
        #expect(topP.best?.number == 4)
        #expect(performance.branches[1].best?.value == 0.74)
        #expect(
            BranchPerformance(
                trials: Self.conditional.map {
                    var t = $0
                    t.params = ["x": .float(Double(t.number))]
                    return t
                }, goal: .maximize) == nil)
    }

    @Test("a clear difference between branches is a recommendation with Welch's p (SciPy's value)")
    func branchRecommendation() {
        let report = StudyReport(study: Self.study(), trials: Self.conditional)
        // scipy.stats.ttest_ind([0.81, 0.83, 0.85, 0.84], [0.70, 0.74, 0.72, 0.69], equal_var=False).pvalue =
        // 0.0001934020518158793
        let advice = report.recommendations.first { $0.kind == .branch }
        #expect(advice?.text.hasPrefix("Prefer sampler_type = top_p") == true)
        #expect(advice?.text.contains("p = 0.000193") == true)
        #expect(report.recommendations.contains { $0.kind == .budget })
    }

    @Test("optimal ranges: the top quarter's span against the explored one, on a log scale for wide positive numbers")
    func optimalRanges() throws {
        let lrs = [1e-4, 3e-4, 1e-3, 3e-3, 1e-2, 3e-2, 1e-1, 3e-1]
        let trials = lrs.enumerated().map { index, lr in
            Self.trial(
                index, ["lr": .float(lr), "optimizer": .string(index % 3 == 0 ? "sgd" : "adam"), "epochs": .int(10)],
                value: -abs(log10(lr) + 2.25))
        }
        let ranges = OptimalRange.compute(trials: trials, goal: .maximize)
        #expect(ranges.map(\.key) == ["lr", "optimizer"])
        let lr = ranges[0]
        #expect(lr.topCount == 2)
        #expect(lr.logarithmic)
        #expect(lr.top == .numeric(low: 3e-3, high: 1e-2))
        #expect(lr.explored == .numeric(low: 1e-4, high: 3e-1))
        #expect(abs(lr.coveredFraction - (log10(1e-2) - log10(3e-3)) / (log10(3e-1) - log10(1e-4))) < 1e-12)
        #expect(
            ranges[1].top
                == .values([
                    OptimalRange.ValueCount(value: .string("adam"), count: 1),
                    OptimalRange.ValueCount(value: .string("sgd"), count: 1),
                ]))
    }

    @Test("the history's best-so-far line follows the goal; failed trials are not points")
    func history() {
        let trials = [
            Self.trial(0, [:], value: 3), Self.trial(1, [:], value: 5), Self.trial(2, [:], value: nil, state: .failed),
            Self.trial(3, [:], value: 1),
            Self.trial(4, [:], value: 2),
        ]
        let minimise = OptimizationHistory(trials: trials, goal: .minimize)
        #expect(minimise.points.map(\.trial) == [0, 1, 3, 4])
        // The step line: each improvement, then the last completed trial.
        #expect(minimise.bestSoFar.map(\.trial) == [0, 3, 4] && minimise.bestSoFar.map(\.value) == [3, 1, 1])
        let maximise = OptimizationHistory(trials: trials, goal: .maximize)
        #expect(maximise.bestSoFar.map(\.trial) == [0, 1, 4] && maximise.bestSoFar.map(\.value) == [3, 5, 5])
        #expect(minimise.completedCount == 4)
    }

    @Test(
        "with more trials than a plot draws: the best, an even spread and every improvement are drawn; the best-so-far line is exact"
    )
    func sampledHistory() {
        // 10,000 trials whose value falls with the trial number (each one an improvement when
        // minimising) except every 7th, which is worse than all.
        let trials = (0..<10_000).map { Self.trial($0, [:], value: $0 % 7 == 0 ? 1e6 : 10_000 - Double($0)) }
        let history = OptimizationHistory(trials: trials, goal: .minimize, maximumPoints: 500)
        #expect(history.completedCount == 10_000)
        // Every trial not a multiple of 7 improves on the last (trial 0 starts the line; 9,999 is not a multiple of 7).
        #expect(history.bestSoFar.count == 1 + (1..<10_000).filter { $0 % 7 != 0 }.count)
        #expect(history.bestSoFar.last?.trial == 9_999 && history.bestSoFar.last?.value == 1)
        // Improvements are all drawn, so here the points are those; a maximising goal keeps the bound.
        #expect(Set(history.bestSoFar.map(\.trial)).isSubset(of: Set(history.points.map(\.trial))))
        let maximise = OptimizationHistory(trials: trials, goal: .maximize, maximumPoints: 500)
        #expect(maximise.points.count <= 500 + maximise.bestSoFar.count)
        #expect(maximise.points.map(\.trial) == maximise.points.map(\.trial).sorted())
        let sample = PlotSample.completedTrials(trials, goal: .maximize, limit: 500)
        #expect(sample.count == 500)
        // The best 50 (the multiples of 7, worth 1e6) are drawn, the rest spread over the numbers.
        #expect(sample.filter { $0.value == 1e6 }.count >= 50)
        #expect(sample.first!.number < 100 && sample.last!.number > 9_800)
        #expect([1, 2, 3, 4, 5].evenlySpaced(atMost: 2) == [1, 3] && [1, 2].evenlySpaced(atMost: 5) == [1, 2])
    }

    @Test(
        "parameter axes: log scale for two decades or more, categories in the middle of equal slots, missing values have no position"
    )
    func axes() {
        let log = ParameterAxis(key: "lr", values: [.float(0.001), .float(0.1), nil])
        #expect(log.scale == .logarithmic)
        #expect(log.hasMissing)
        #expect(abs(log.position(of: .float(0.01))! - 0.5) < 1e-12)
        #expect(log.position(of: nil) == nil)
        #expect(abs(log.number(at: 0.5) - 0.01) < 1e-15)
        let categories = ParameterAxis(key: "opt", values: [.string("sgd"), .string("adam"), .string("adam")])
        #expect(categories.categories == ["adam", "sgd"])
        #expect(categories.position(of: .string("sgd")) == 0.75)
        #expect(ParameterAxis(key: "b", values: [.int(16), .int(64)]).scale == .linear)
    }

    @Test(
        "the plots read the report's parameter columns row for row with its trials, given out of number order, a key some trials lack, failed trials"
    )
    func plotsReadTheReportsColumns() throws {
        // x is the trial number, so a point's position on x's axis names the trial it was read from;
        // "late" is missing from the first 100 trials; every 9th trial failed.
        var generator = SplitMix64(seed: 7)
        let trials = (0..<300).map { number -> Trial in
            var params: [String: Value] = ["x": .float(Double(number)), "y": .string(number % 2 == 0 ? "even" : "odd")]
            if number >= 100 { params["late"] = .int(Int64(number % 5)) }
            return Self.trial(
                number, params, value: number % 9 == 0 ? nil : Double(number % 17),
                state: number % 9 == 0 ? .failed : .completed)
        }.shuffled(using: &generator)
        let report = StudyReport(study: Self.study(), trials: trials)
        let completed = report.trials.filter { $0.value != nil }
        func expectedX(_ number: Int) -> Double {
            Double(number - completed.first!.number) / Double(completed.last!.number - completed.first!.number)
        }
        let slices = SlicePlot.plots(
            trials: report.trials, columns: report.columns, keys: ["x", "late", "absent"], goal: .maximize,
            maximumPoints: 50)
        #expect(slices.map(\.axis.key) == ["x", "late"])
        #expect(slices[0].completedCount == completed.count)
        #expect(slices[1].completedCount == completed.filter { $0.number >= 100 }.count)
        for point in slices[0].points { #expect(abs(point.position - expectedX(point.trial)) < 1e-12) }
        #expect(slices[1].points.allSatisfy { $0.trial >= 100 })
        #expect(slices[0].points.allSatisfy { Double($0.trial % 17) == $0.value })
        let parallel = try #require(
            ParallelCoordinates(
                trials: report.trials, columns: report.columns, goal: .maximize, parameterOrder: ["late", "x", "y"]))
        #expect(parallel.axes.map(\.key) == ["late", "x", "y"])
        for line in parallel.lines {
            #expect(abs(line.positions[1]! - expectedX(line.trial)) < 1e-12)
            #expect((line.positions[0] == nil) == (line.trial < 100))
            #expect(line.positions[2] == (line.trial % 2 == 0 ? 0.25 : 0.75))
        }
        let contour = try #require(
            ContourPlot(
                trials: report.trials, columns: report.columns, goal: .maximize, xKey: "x", yKey: "late",
                keys: ["x", "late", "y"], resolution: 4))
        #expect(contour.points.count == completed.filter { $0.number >= 100 }.count)
        let lateCompleted = completed.filter { $0.number >= 100 }
        for point in contour.points {
            let span = Double(lateCompleted.last!.number - lateCompleted.first!.number)
            #expect(abs(point.x - Double(point.trial - lateCompleted.first!.number) / span) < 1e-12)
            #expect(abs(point.y - Double(point.trial % 5) / 4) < 1e-12)
        }
        // Without columns the plots build their own, from the trials in the order given.
        #expect(SlicePlot.plots(trials: trials, keys: ["x", "late"], goal: .maximize, maximumPoints: 50) == slices)
    }

    @Test("the contour's surrogate grid rises along the parameter that drives the objective and ignores the other")
    func contour() throws {
        let trials = (0..<40).map { index in
            let x = Double(index % 8) / 7
            let y = Double(index / 8) / 4
            return Self.trial(index, ["x": .float(x), "y": .float(y)], value: 10 * x)
        }
        let plot = try #require(
            ContourPlot(trials: trials, goal: .maximize, xKey: "x", yKey: "y", keys: ["x", "y"], resolution: 10))
        #expect(plot.grid.count == 10 && plot.grid.allSatisfy { $0.count == 10 })
        let middle = plot.grid[5]
        #expect(middle[9] - middle[0] > 7)
        let column = plot.grid.map { $0[5] }
        #expect(column.max()! - column.min()! < 1.5)
        #expect(plot.points.count == 40)
        #expect(
            ContourPlot(trials: Array(trials.prefix(3)), goal: .maximize, xKey: "x", yKey: "y", keys: ["x", "y"]) == nil
        )
    }

    @Test(
        "a collection of runs as trials: one per configuration with the spread over seeds, runs without the metric as failed trials"
    )
    func runsAsTrials() throws {
        func run(_ id: Int64, lr: Double, seed: Int, acc: Double?) -> Run {
            Run(
                id: id, key: "r\(id)", name: "r\(id)", source: "r\(id).jsonl", format: .hyperscope,
                status: acc == nil ? .failed : .completed,
                params: ["lr": .float(lr), "seed": .int(Int64(seed))],
                curves: acc.map { [MetricCurve(key: MetricKey(split: "val", metric: "acc"), values: [$0])] } ?? [])
        }
        let runs = [
            run(1, lr: 0.1, seed: 0, acc: 0.80), run(2, lr: 0.1, seed: 1, acc: 0.84),
            run(3, lr: 0.01, seed: 0, acc: 0.90),
            run(4, lr: 0.01, seed: 1, acc: 0.92), run(5, lr: 0.01, seed: 2, acc: nil),
        ]
        let selection = MetricSelection(metric: MetricKey(split: "val", metric: "acc"), goal: .maximize)
        let trials = SweepSummary(runs: runs, selection: selection).trials(runs: runs)
        #expect(trials.map(\.number) == [0, 1, 2])
        #expect(trials.map(\.state) == [.completed, .completed, .failed])
        #expect(trials[1].params == ["lr": .float(0.01)])
        #expect(abs(trials[1].value! - 0.91) < 1e-12)
        #expect(trials[1].valueSummary?.count == 2)
        // numpy.std([0.90, 0.92], ddof=1) = 0.014142135623730963
        #expect(abs(trials[1].valueSummary!.standardDeviation! - 0.014142135623730963) < 1e-12)
        // A failed run is not judged on its value: it is a failed trial, named by its status.
        #expect(trials[2].message == "r5: left out: failed", "\(trials[2].message ?? "")")
    }
}
