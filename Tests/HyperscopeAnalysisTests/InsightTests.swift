import Foundation
import HyperscopeAnalysis
import HyperscopeCore
import Testing

@Suite("Hyperparameter insights")
struct InsightTests {
    static func run(_ id: Int, objective: Double, _ params: [String: Value]) -> Run {
        Run(
            id: Int64(id), key: "k\(id)", name: "r\(id)", source: "s", format: .hyperscope, params: params,
            curves: [MetricCurve(key: MetricKey(parsing: "val/recall"), values: [objective])])
    }

    static let maximize = MetricSelection(metric: MetricKey(parsing: "val/recall"), point: .last, goal: .maximize)

    static func report(
        _ runs: [Run], goal: MetricGoal = .maximize, settings: InsightSettings = InsightSettings()
    ) throws -> InsightReport {
        let selection = MetricSelection(metric: MetricKey(parsing: "val/recall"), point: .last, goal: goal)
        return try InsightReport.analyse(runs, selection: selection, settings: settings).get()
    }

    static func value(_ report: InsightReport, _ key: String, _ label: String) -> ValueInsight? {
        report.parameters.first { $0.key == key }?.values.first { $0.label == label }
    }

    @Test("a value seen once with the best result does not outrank a value seen nine times, all good")
    func smallSample() throws {
        var runs = [Self.run(0, objective: 0.99, ["arch": .string("lucky")])]
        runs += (1...9).map { Self.run($0, objective: 0.90 + Double($0) * 0.001, ["arch": .string("steady")]) }
        runs += (10..<40).map { Self.run($0, objective: 0.5 + Double($0) * 0.001, ["arch": .string("other")]) }
        let report = try Self.report(runs)
        // 40 runs, γ = 0.3: floor(12) good = lucky, the nine steady, and the two best others.
        #expect(report.goodRuns == 12)
        let steady = try #require(Self.value(report, "arch", "steady"))
        let lucky = try #require(Self.value(report, "arch", "lucky"))
        #expect(steady.score == 10)  // (9+1)/(0+1), by hand
        #expect(lucky.score == 2)  // (1+1)/(0+1)
        #expect(report.parameters[0].values.map(\.label) == ["steady", "lucky", "other"])
        #expect(lucky.confidence == .low && steady.confidence == .high)
        #expect(steady.goodCount == 9 && steady.count == 9)
        #expect(abs(steady.meanObjective - 0.905) < 1e-12)
        #expect(lucky.bestObjective == 0.99)
    }

    @Test("values that read the same are one value: a number and its text, every NaN; other numbers stay apart")
    func sameLabelMerges() throws {
        let values: [Value] = [.int(1), .string("1"), .float(.nan), .float(.nan), .float(0.5), .float(2), .bool(true)]
        let runs = (0..<28).map { Self.run($0, objective: Double($0) / 28, ["x": values[$0 % values.count]]) }
        let insight = try #require(try Self.report(runs).parameters.first { $0.key == "x" })
        #expect(Set(insight.values.map(\.label)) == ["1", "NaN", "0.5", "2.0", "true"])
        #expect(insight.values.first { $0.label == "1" }?.count == 8)
        #expect(insight.values.first { $0.label == "NaN" }?.count == 8)
        #expect(insight.values.first { $0.label == "0.5" }?.count == 4)
        // Floats alone, with NaNs among them.
        let floats: [Value] = [.float(.nan), .float(.nan), .float(0.5)]
        let withNaN = (0..<12).map { Self.run($0, objective: Double($0), ["y": floats[$0 % floats.count]]) }
        let y = try #require(try Self.report(withNaN).parameters.first { $0.key == "y" })
        #expect(y.values.map(\.label).sorted() == ["0.5", "NaN"])
        #expect(y.values.first { $0.label == "NaN" }?.count == 8)
        // Numbers alone: each its own label, and the same counts as a column read value by value.
        let numbers = (0..<40).map { Self.run($0, objective: Double($0 % 9), ["lr": .float(Double($0 % 10) / 8)]) }
        let lr = try #require(try Self.report(numbers).parameters.first { $0.key == "lr" })
        #expect(lr.values.count == 10)
        #expect(lr.values.allSatisfy { $0.count == 4 && $0.label == $0.rawValue?.displayText })
    }

    @Test("numbers that tie on score and count read in increasing order, 'not set' after them; text by label")
    func tiesInOrderOfValue() throws {
        // Every value has one run, each bad but the best: every bad value ties on score and count.
        let numbers: [Value] = [.float(0.001), .float(1e-05), .int(10), .int(9), .float(2.5), .float(-3), .null]
        var runs = numbers.enumerated().map { position, value in
            Self.run(position, objective: Double(position), value == .null ? [:] : ["x": value])
        }
        runs.append(Self.run(99, objective: 100, ["x": .float(7)]))
        var oneGood = InsightSettings()
        oneGood.gamma = 0.1
        let insight = try #require(try Self.report(runs, settings: oneGood).parameters.first { $0.key == "x" })
        // By text these would read 0.001, 10, 1e-05, 2.5, 9, -3.0, not set.
        #expect(insight.values.map(\.label) == ["7.0", "-3.0", "1e-05", "0.001", "2.5", "9", "10", "not set"])
        // Bins read by their lower edges, not their labels' text.
        let spread = (0..<60).map { Self.run($0, objective: 1, ["lr": .float(pow(10, -Double($0 % 6)) * 1.5)]) }
        var settings = InsightSettings()
        settings.bins = 3
        let binned = try #require(try Self.report(spread, settings: settings).parameters.first { $0.key == "lr" })
        let edges = binned.values.compactMap { $0.rawValue?.numericValue }
        #expect(edges.count == binned.values.count && edges == edges.sorted())
        // Text keeps its order by label.
        let words = ["beta", "alpha", "Gamma"].enumerated().map { Self.run($0, objective: 0, ["w": .string($1)]) }
        let w = try #require(try Self.report(words + [Self.run(9, objective: 1, ["w": .string("z")])]).parameters.first)
        #expect(w.values.map(\.label) == ["z", "Gamma", "alpha", "beta"])
    }

    @Test("ties at the threshold count as good")
    func ties() throws {
        let runs = [0.9, 0.8, 0.8, 0.8, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1].enumerated().map { index, objective in
            Self.run(index, objective: objective, ["x": .int(Int64(index % 2))])
        }
        let report = try Self.report(runs)
        // floor(0.3 · 10) = 3 wanted; the third best is 0.8, and all three 0.8 runs count good.
        #expect(report.goodThreshold == 0.8)
        #expect(report.goodRuns == 4)
    }

    @Test("a single run is good; all runs equal are all good; one value per key gives one row")
    func degenerate() throws {
        let single = try Self.report([Self.run(1, objective: 0.5, ["x": .int(1)])], settings: InsightSettings())
        #expect(single.goodRuns == 1 && single.totalRuns == 1)
        let equal = try Self.report((0..<6).map { Self.run($0, objective: 0.7, ["x": .int(Int64($0 % 3))]) })
        #expect(equal.goodRuns == 6)
        #expect(equal.parameters.first?.values.allSatisfy { $0.score == 3 } == true)  // n = 2, all good: (2+1)/(0+1)
        #expect(throws: NotComputable.self) {
            try InsightReport.analyse(
                [Self.run(1, objective: 0.5, [:])],
                selection: MetricSelection(metric: MetricKey(parsing: "val/other"), goal: .maximize)
            ).get()
        }
    }

    @Test("runs that lack a parameter are scored as a value of their own, 'not set'")
    func notSet() throws {
        // Ten runs; the three best set warmup=500, the other seven lack it; one more key varies.
        let runs = (0..<10).map { index in
            Self.run(
                index, objective: Double(index),
                index >= 7 ? ["warmup": .int(500), "x": .int(Int64(index % 2))] : ["x": .int(Int64(index % 2))])
        }
        let report = try Self.report(runs)
        // floor(0.3 · 10) = 3 good: runs 7, 8 and 9, every one with warmup=500.
        let set = try #require(Self.value(report, "warmup", "500"))
        let unset = try #require(Self.value(report, "warmup", ValueInsight.notSetLabel))
        #expect(set.score == 4 && set.count == 3)  // (3+1)/(0+1), by hand
        #expect(unset.score == 0.125 && unset.count == 7 && unset.goodCount == 0)  // (0+1)/(7+1)
        #expect(unset.rawValue == nil && unset.bestObjective == 6 && unset.meanObjective == 3)
        #expect(report.parameters.first { $0.key == "warmup" }?.values.map(\.label) == ["500", "not set"])
        // A key every run sets has no 'not set' row.
        #expect(report.parameters.first { $0.key == "x" }?.values.contains { $0.rawValue == nil } == false)
    }

    @Test("a minimisation metric counts the lowest values as good")
    func minimisation() throws {
        let runs = (0..<10).map { Self.run($0, objective: Double($0), ["lr": .float($0 < 3 ? 0.01 : 0.1)]) }
        let report = try Self.report(runs, goal: .minimize)
        #expect(report.goodThreshold == 2)
        #expect(report.parameters[0].values.first?.label == "0.01")
        #expect(Self.value(report, "lr", "0.01")?.bestObjective == 0)
    }

    @Test("exploded lists score each item over the runs that hold it; categories group parameters; bins group numbers")
    func exploding() throws {
        let feature = { (name: String, dim: Int) in
            Value.object([Value.Field("name", .string(name)), Value.Field("dim", .int(Int64(dim)))])
        }
        let runs = (0..<10).map { index in
            Self.run(
                index, objective: Double(index),
                [
                    "model.features": .list(
                        index >= 5 ? [feature("customer_id", 64), feature("age", 8)] : [feature("age", 8)]),
                    "optim.lr": .float(pow(10, -Double(index % 5) - 1)),
                ])
        }
        let settings = InsightSettings(
            categories: [
                InsightSettings.Category(name: "features", patterns: ["model.features"]),
                InsightSettings.Category(name: "training", patterns: ["optim.*"]),
            ],
            explode: ["model.features"], bins: 2, binning: .log)
        let report = try Self.report(runs, settings: settings)
        #expect(report.parameters.map(\.category) == ["features", "training"])
        let customer = try #require(Self.value(report, "model.features", "customer_id 64D"))
        #expect(customer.count == 5 && customer.goodCount == 3)
        #expect(Self.value(report, "model.features", "age 8D")?.count == 10)
        #expect(report.parameters[1].values.count == 2)
        // Two log bins over 1e-5 ... 0.1: edges 10^-5, 10^-3, 10^-1.
        #expect(report.parameters[1].values.map(\.label).sorted() == ["[0.001, 0.1]", "[1e-05, 0.001)"])
    }

    @Test("pairs score each combination of two parameters as one value")
    func pairs() throws {
        let runs = (0..<12).map { index in
            Self.run(
                index, objective: index % 4 == 0 ? 1.0 : 0.0,
                ["lr": .float(index % 2 == 0 ? 0.1 : 0.01), "batch": .int(index % 4 < 2 ? 32 : 64)])
        }
        let report = try InsightReport.pairs(runs, first: "lr", second: "batch", selection: Self.maximize).get()
        let pair = try #require(report.parameters.first)
        #expect(pair.key == "lr×batch")
        // Runs 0, 4, 8 (lr 0.1, batch 32) are the three good ones: (3+1)/(0+1) = 4; every other pair (0+1)/(3+1).
        #expect(pair.values.first?.label == "0.1 × 32")
        #expect(pair.values.first?.score == 4)
        #expect(pair.values.dropFirst().allSatisfy { $0.score == 0.25 })
        #expect(throws: NotComputable.self) {
            try InsightReport.pairs(runs, first: "lr", second: "none", selection: Self.maximize).get()
        }
    }

    @Test("pairs bin a many-valued side into ranges and leave out runs lacking either parameter")
    func binnedPairs() throws {
        // 40 learning rates, two batch sizes; the first four runs have no batch size.
        let runs = (0..<40).map { index in
            var params: [String: Value] = [
                "lr": .float(pow(10, -5 + 4 * Double(index) / 39)), "batch": .int(index % 2 == 0 ? 32 : 64),
            ]
            if index < 4 { params["batch"] = nil }
            return Self.run(index, objective: Double(index), params)
        }
        var settings = InsightSettings()
        settings.bins = 4
        let report = try InsightReport.pairs(
            runs, first: "lr", second: "batch", selection: Self.maximize, settings: settings
        ).get()
        let pair = try #require(report.parameters.first)
        #expect(report.totalRuns == 36)
        #expect(pair.values.map(\.count).reduce(0, +) == 36)
        #expect(pair.values.count == 8)
        #expect(
            pair.values.allSatisfy {
                $0.label.hasPrefix("[") && ($0.label.hasSuffix(" × 32") || $0.label.hasSuffix(" × 64"))
            })
        // The objective grows with the learning rate: the highest range holds every good run.
        #expect(pair.values.first?.label.hasPrefix("[") == true && pair.values.first?.label.contains("0.1]") == true)
    }

    @Test("trends follow the best value as runs accumulate and say when it became stable")
    func trends() {
        // The first four runs favour "a", every run after that favours "b". After 8 runs the two tie
        // (2 good of 4 each; ties keep the earlier label), from 12 runs on "b" leads.
        let runs = (0..<16).map { index in
            let value = index % 2 == 0 ? "a" : "b"
            let good = index < 4 ? value == "a" : value == "b"
            return Self.run(index, objective: good ? 1 : 0, ["opt": .string(value)])
        }
        let trends = InsightTrend.compute(runs, selection: Self.maximize, stride: 4)
        #expect(trends.map(\.key) == ["opt"])
        #expect(trends[0].steps.map(\.bestValue) == ["a", "a", "b", "b"])
        #expect(trends[0].stableFrom == 12)
        let sliding = InsightTrend.compute(runs, selection: Self.maximize, window: 4, stride: 4)
        #expect(sliding[0].steps.map(\.runsConsidered) == [4, 4, 4, 4])
        #expect(sliding[0].steps.map(\.bestValue) == ["a", "b", "b", "b"])
    }

    @Test(
        "with the columns of all the runs, runs without the objective are left out as if the columns were theirs alone")
    func columnsOfUnscoredRuns() throws {
        var generator = SplitMix64(seed: 11)
        let scored = (0..<60).map { index in
            var params: [String: Value] = [
                "lr": .float(Double.random(in: 1e-4...1e-1, using: &generator)),
                "opt": .string(index % 3 == 0 ? "adam" : "sgd"), "fixed": .int(1),
            ]
            if index % 4 != 0 { params["drop"] = .float(0.1) }
            return Self.run(index, objective: Double.random(in: 0...1, using: &generator), params)
        }
        // Runs without the objective, with values no scored run has: a word among the numbers, a
        // third optimiser, and a second value of the parameter every scored run fixes.
        let unscored = (60..<80).map { index in
            Run(
                id: Int64(index), key: "k\(index)", name: "r\(index)", source: "s", format: .hyperscope,
                params: ["lr": .string("auto"), "opt": .string("rmsprop"), "fixed": .int(2), "drop": .float(0.5)],
                curves: [])
        }
        let runs = (scored + unscored).shuffled(using: &generator)
        let settings = InsightSettings(bins: 5)
        let alone = try InsightReport.analyse(scored, selection: Self.maximize, settings: settings).get()
        let withColumns = try InsightReport.analyse(
            runs, columns: ParameterColumns(runs), selection: Self.maximize, settings: settings
        ).get()
        #expect(withColumns.skipped.count == 20 && withColumns.totalRuns == 60)
        #expect(withColumns.goodThreshold == alone.goodThreshold && withColumns.goodRuns == alone.goodRuns)
        // lr is binned into ranges, fixed is left out, drop is scored with its missing runs.
        #expect(withColumns.parameters.map(\.key) == ["drop", "lr", "opt"])
        #expect(withColumns.parameters.first { $0.key == "lr" }?.values.allSatisfy { $0.label.hasPrefix("[") } == true)
        for (mine, theirs) in zip(withColumns.parameters, alone.parameters) {
            #expect(mine.key == theirs.key)
            #expect(Set(mine.values.map(\.label)) == Set(theirs.values.map(\.label)), "\(mine.key)")
            for value in mine.values {
                let other = try #require(theirs.values.first { $0.label == value.label })
                #expect(
                    value.count == other.count && value.goodCount == other.goodCount
                        && value.bestObjective == other.bestObjective, "\(mine.key) \(value.label)")
                #expect(abs(value.meanObjective - other.meanObjective) < 1e-12)
            }
        }
    }

    @Test(
        "quantile bins hold the runs between their edges, from the runs' columns or from a filter's rows of stored columns"
    )
    func quantileBins() throws {
        // Values 0 … 99 once each, in shuffled order, objective = value. Linear-interpolated
        // quartiles (numpy.percentile(range(100), [25, 50, 75]) = 24.75, 49.5, 74.25) put 25 runs
        // in each bin: 0-24, 25-49, 50-74, 75-99 (edges labelled to 3 significant digits).
        var generator = SplitMix64(seed: 5)
        let numbers = (0..<100).map(Double.init).shuffled(using: &generator)
        let runs = numbers.enumerated().map { index, number in
            Self.run(index, objective: number, ["x": .float(number), "opt": .string(index % 2 == 0 ? "adam" : "sgd")])
        }
        let settings = InsightSettings(gamma: 0.25, bins: 4)
        let plain = try InsightReport.analyse(runs, selection: Self.maximize, settings: settings).get()
        let x = try #require(plain.parameters.first { $0.key == "x" })
        let byMean = x.values.sorted { $0.meanObjective < $1.meanObjective }
        #expect(byMean.map(\.count) == [25, 25, 25, 25])
        #expect(byMean.map(\.meanObjective) == [12, 37, 62, 87])
        #expect(byMean.map(\.bestObjective) == [24, 49, 74, 99])
        #expect(byMean.map(\.goodCount) == [0, 0, 0, 25])
        #expect(byMean.map(\.label) == ["[0, 24.8)", "[24.8, 49.5)", "[49.5, 74.3)", "[74.3, 99]"])
        // A filter's rows of columns kept in numeric order give what columns built from those runs give.
        let stored = ParameterColumns(
            runs + [Self.run(100, objective: -1, ["x": .float(1e6), "opt": .string("adam")])]
        ).withNumericOrder()
        let positions = Array(0..<100).filter { $0 % 3 != 0 }
        let kept = positions.map { runs[$0] }
        let fromRows = try InsightReport.analyse(
            kept, columns: stored.rows(positions), selection: Self.maximize, settings: settings
        ).get()
        let rebuilt = try InsightReport.analyse(kept, selection: Self.maximize, settings: settings).get()
        #expect(fromRows == rebuilt)
        #expect(fromRows.parameters.first { $0.key == "x" }?.values.map(\.count).reduce(0, +) == kept.count)
        // Or the stored columns with the filter's rows and every stored run's objective, kept by
        // the caller; a run without the objective among the rows is skipped with its reason.
        let unscored = Run(
            id: 102, key: "k102", name: "r102", source: "s", format: .hyperscope,
            params: ["x": .string("auto"), "opt": .string("sgd")])
        let everyRun = runs + [Self.run(100, objective: -1, ["x": .float(1e6), "opt": .string("adam")]), unscored]
        let storedObjectives = everyRun.map { try? Self.maximize.value(in: $0).get() }
        let rows = positions + [everyRun.count - 1]
        let fromStored = try InsightReport.analyse(
            everyRun, columns: ParameterColumns(everyRun).withNumericOrder(), rows: rows, objectives: storedObjectives,
            selection: Self.maximize, settings: settings
        ).get()
        let expected = try InsightReport.analyse(
            rows.map { everyRun[$0] }, selection: Self.maximize, settings: settings
        ).get()
        #expect(fromStored == expected)
        #expect(fromStored.skipped.map(\.name) == ["r102"] && fromStored.totalRuns == kept.count)
    }
}

/// The insights of a run table (what the CLI reads) and of the runs it was built from (what the
/// dashboard and the library read) are one answer.
@Suite("Hyperparameter insights from a run table")
struct InsightTableTests {
    @Test("a table gives the runs' report, with runs lacking the objective or its finite value skipped the same way")
    func sameReportAsRuns() throws {
        var runs = (0..<120).map { index in
            InsightTests.run(
                index, objective: 0.5 + 0.003 * Double(index % 17) + (index % 3 == 0 ? 0.1 : 0),
                [
                    "opt": .string(["adam", "sgd", "lion"][index % 3]), "lr": .float(pow(10, -Double(index % 5) - 1)),
                    "depth": .int(Int64(index % 4)),
                ])
        }
        runs[5].curves = []
        runs[5].params["only_in_a_skipped_run"] = .int(1)
        runs[6].curves = [MetricCurve(key: MetricKey(parsing: "val/recall"), values: [.nan])]
        runs[7].params["only_here"] = .int(1)
        for selection in [
            InsightTests.maximize, MetricSelection(metric: MetricKey(parsing: "val/recall"), goal: .minimize),
        ] {
            let table = RunTable(runs)
            let objectives = try #require(selection.values(in: table))
            let fromTable = try InsightReport.analyse(table, objectives: objectives, selection: selection).get()
            let fromRuns = try InsightReport.analyse(runs, selection: selection).get()
            #expect(fromTable.skipped.map(\.name) == ["r5", "r6"])
            #expect(fromTable.skipped.map(\.reason) == fromRuns.skipped.map(\.reason))
            #expect(fromTable.goodThreshold == fromRuns.goodThreshold && fromTable.goodRuns == fromRuns.goodRuns)
            #expect(fromTable.parameters == fromRuns.parameters)
            #expect(!fromTable.parameters.contains { $0.key == "only_in_a_skipped_run" })
        }
    }

    @Test(
        "values rank by score, then count, then label as strings order them: long shared beginnings, ties, any text",
        arguments: [false, true])
    func rankingOrder(nonASCII: Bool) throws {
        // Labels that share their first eight bytes or more (0.000123…), one a prefix of another,
        // floats and strings, most values seen once with the same score; with one label that is
        // not ASCII the other way of ranking is taken, and must agree.
        var labels = (0..<300).map { "0.000123\($0 % 7)\($0)" } + ["0.0001", "0.00012", "0.000123", "b", "a", "ab"]
        if nonASCII { labels += ["é", "e\u{301}x", "z"] }
        var runs: [Run] = []
        for (index, label) in labels.enumerated() {
            // Most once; a few twice or three times, so counts and scores differ among them.
            for copy in 0...(index % 50 == 0 ? 2 : index % 17 == 0 ? 1 : 0) {
                let objective = Double((index * 7919 + copy * 104_729) % 1_000) / 1_000
                runs.append(InsightTests.run(runs.count, objective: objective, ["arch": .string(label)]))
            }
        }
        let values = try #require(try InsightTests.report(runs).parameters.first { $0.key == "arch" }).values
        #expect(values.count == labels.count)
        let expected = values.sorted { a, b in
            if a.score != b.score { return a.score > b.score }
            if a.count != b.count { return a.count > b.count }
            return a.label < b.label
        }
        #expect(values.map(\.label) == expected.map(\.label))
        #expect(Set(values.map(\.score)).count > 2)
    }
}
