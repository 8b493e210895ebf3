import Foundation
import HyperscopeAnalysis
import HyperscopeCore
import HyperscopeSearch
import TestSupport
import Testing

@Suite("TPE densities and suggestions")
struct TPESuggestionTests {
    @Test("a Parzen estimator integrates to one over its range and favours its observations")
    func parzen() {
        let estimator = ParzenEstimator(
            domains: [.float(low: 0, high: 10, logarithmic: false, step: nil)],
            observations: [[.float(2)], [.float(2.5)], [.float(3)]])
        let step = 0.001
        let total = stride(from: step / 2, to: 10, by: step).reduce(0) {
            $0 + exp(estimator.logDensity([.float($1)])) * step
        }
        #expect(abs(total - 1) < 1e-3)
        #expect(estimator.logDensity([.float(2.5)]) > estimator.logDensity([.float(8)]))
        #expect(estimator.logDensity([.float(11)]) == -.infinity)
        // Each of the 3 observations' kernels puts 1 + 1/4 on its choice and 1/4 on the other (prior
        // weight 1 spread over n + 1 = 4 kernels), normalised to 5/6 and 1/6; with the uniform prior
        // component, each of the 4 components weighing 1/4: (3 × 5/6 + 1/2) / 4 = 0.75, by hand.
        let choices: [Value] = [.string("a"), .string("b")]
        let categorical = ParzenEstimator(
            domains: [.categorical(choices)], observations: Array(repeating: [.string("a")], count: 3))
        #expect(abs(exp(categorical.logDensity([.string("a")])) - 0.75) < 1e-12)
        #expect(abs(exp(categorical.logDensity([.string("b")])) - 0.25) < 1e-12)
    }

    @Test("log-scale densities integrate to one on the log scale; integer bins sum to one")
    func logScaleAndIntegers() {
        let estimator = ParzenEstimator(
            domains: [.float(low: 1e-4, high: 1, logarithmic: true, step: nil)],
            observations: [[.float(1e-3)], [.float(3e-3)]])
        let low = log(1e-4)
        let width = -low / 20_000
        let total = (0..<20_000).reduce(0.0) { sum, index in
            sum + exp(estimator.logDensity([.float(exp(low + (Double(index) + 0.5) * width))])) * width
        }
        #expect(abs(total - 1) < 1e-3)
        let integers = ParzenEstimator(
            domains: [.integer(low: 1, high: 64, logarithmic: true, step: 1)],
            observations: [[.int(4)], [.int(8)], [.int(16)]])
        // Narrow bins (large integers on a log scale) use density × width, exact to about 1e-4.
        let mass = (1...64).reduce(0.0) { $0 + exp(integers.logDensity([.int(Int64($1))])) }
        #expect(abs(mass - 1) < 1e-3)
        #expect(integers.logDensity([.int(8)]) > integers.logDensity([.int(60)]))
    }

    @Test("an estimator given its observations' order by value, equal values shuffled, is the one that sorts them")
    func givenOrder() {
        // Many equal values (integers, steps, a value at the prior's mean, values at the ends), a
        // log scale and a continuous column: every bandwidth case, with runs of equal values.
        let domains: [ParameterDomain] = [
            .integer(low: 1, high: 8, logarithmic: false, step: 1),
            .float(low: 0, high: 1, logarithmic: false, step: 0.25),
            .float(low: 1e-3, high: 1, logarithmic: true, step: nil),
        ]
        var generator = SplitMix64(seed: 3)
        for count in [1, 2, 3, 7, 40] {
            let observations = (0..<count).map { _ -> [Value] in
                [
                    .int(Int64.random(in: 1...8, using: &generator)),
                    .float(Double(Int.random(in: 0...4, using: &generator)) * 0.25),
                    .float(Bool.random(using: &generator) ? 0.01 : Double.random(in: 1e-3...1, using: &generator)),
                ]
            }
            let orders = domains.indices.map { column -> [Int]? in
                // By value, equal values in a random order.
                let shuffled = Array(0..<count).shuffled(using: &generator)
                return shuffled.sorted {
                    observations[$0][column].numericValue! < observations[$1][column].numericValue!
                }
            }
            let sorting = ParzenEstimator(domains: domains, observations: observations)
            let given = ParzenEstimator(domains: domains, observations: observations, sortedOrders: orders)
            for _ in 0..<50 {
                let point: [Value] = [
                    .int(Int64.random(in: 1...8, using: &generator)),
                    .float(Double(Int.random(in: 0...4, using: &generator)) * 0.25),
                    .float(Double.random(in: 1e-3...1, using: &generator)),
                ]
                #expect(given.logDensity(point) == sorting.logDensity(point), "\(count) observations at \(point)")
            }
        }
    }

    @Test("an estimator fitted to coded columns is the one fitted to the decoded rows, to the bit")
    func codedColumns() {
        // Every kind of kernel, values repeated, distinct values some observations never use, an
        // integer and a float with the same number, and a value at the prior's mean.
        let domains: [ParameterDomain] = [
            .categorical([.string("adam"), .string("sgd"), .string("rmsprop")]),
            .float(low: 1e-4, high: 1, logarithmic: true, step: nil),
            .integer(low: 1, high: 64, logarithmic: false, step: 1),
            .float(low: 0, high: 1, logarithmic: false, step: 0.25),
            .float(low: 0, high: 2, logarithmic: false, step: nil),
        ]
        let distinct: [[Value]] = [
            [.string("sgd"), .string("adam"), .string("unused"), .string("rmsprop")],
            [.float(1e-3), .float(0.5), .float(1e-4), .float(3e-2), .float(-1)],
            [.int(32), .int(1), .int(64), .int(7), .int(33)],
            [.float(0.25), .float(1), .float(0), .float(0.5)],
            [.int(1), .float(1), .float(0.3), .float(1.7), .string("text")],
        ]
        var generator = SplitMix64(seed: 11)
        for count in [1, 2, 5, 40, 300] {
            // The last distinct value of each column is never used (out of the domain or unused).
            let codes = distinct.map { values in
                (0..<count).map { _ in Int32.random(in: 0..<Int32(values.count - 1), using: &generator) }
            }
            let rows = (0..<count).map { row in distinct.indices.map { distinct[$0][Int(codes[$0][row])] } }
            let columns = domains.indices.map {
                ParzenEstimator.CodedColumn(values: distinct[$0], domain: domains[$0], codes: codes[$0])
            }
            let fromRows = ParzenEstimator(domains: domains, observations: rows)
            let fromColumns = ParzenEstimator(domains: domains, columns: columns)
            var first = SplitMix64(seed: UInt64(count))
            var second = SplitMix64(seed: UInt64(count))
            let points = (0..<40).map { _ in fromRows.sample(using: &first) }
            #expect(points == (0..<40).map { _ in fromColumns.sample(using: &second) }, "\(count) observations")
            let rowDensities = fromRows.logDensities(points + rows)
            let columnDensities = fromColumns.logDensities(points + rows)
            #expect(
                rowDensities.map(\.bitPattern) == columnDensities.map(\.bitPattern), "\(count) observations")
        }
    }

    @Test("dropping the components that cannot matter leaves every density the same to the bit")
    func prunedDensities() {
        // Several blocks of components; every kind of kernel; points drawn from the estimator, far
        // from every observation, on the range's ends, outside it, and a choice no observation has.
        let domains: [ParameterDomain] = [
            .categorical([.string("adam"), .string("sgd"), .string("rmsprop"), .string("lion")]),
            .float(low: 1e-5, high: 1e-1, logarithmic: true, step: nil),
            .float(low: 0, high: 1, logarithmic: false, step: nil),
            .integer(low: 1, high: 512, logarithmic: true, step: 1),
            .float(low: 0, high: 0.5, logarithmic: false, step: 0.05),
            .categorical([.bool(true), .bool(false)]),
        ]
        var generator = SplitMix64(seed: 17)
        let observations = (0..<5_000).map { _ -> [Value] in
            [
                .string(["adam", "sgd", "rmsprop"][Int.random(in: 0..<3, using: &generator)]),
                .float(pow(10, Double.random(in: -5 ... -3, using: &generator))),
                .float(Double.random(in: 0...0.3, using: &generator)),
                .int(Int64.random(in: 1...64, using: &generator)),
                .float(Double(Int.random(in: 0...4, using: &generator)) * 0.05),
                .bool(Bool.random(using: &generator)),
            ]
        }
        let estimator = ParzenEstimator(domains: domains, observations: observations)
        var points = (0..<60).map { _ in estimator.sample(using: &generator) }
        points += [
            [.string("lion"), .float(0.1), .float(1), .int(512), .float(0.5), .bool(false)],
            [.string("adam"), .float(1e-5), .float(0), .int(1), .float(0), .bool(true)],
            [.string("sgd"), .float(0.5), .float(0.2), .int(8), .float(0.1), .bool(true)],
            [.string("other"), .float(1e-3), .float(0.2), .int(8), .float(0.1), .bool(true)],
        ]
        points += observations.prefix(20)
        let pruned = estimator.logDensities(points)
        let whole = estimator.logDensities(points, pruned: false)
        #expect(pruned.map(\.bitPattern) == whole.map(\.bitPattern))
        #expect(pruned.filter(\.isFinite).count == 83, "every point but the one outside a range has a density")
    }

    @Test("a multivariate estimator keeps the dependency between parameters")
    func multivariate() {
        let domain = ParameterDomain.float(low: 0, high: 1, logarithmic: false, step: nil)
        // Observations on the diagonal: x = y.
        let observations = stride(from: 0.05, to: 1, by: 0.1).map { [Value.float($0), .float($0)] }
        let estimator = ParzenEstimator(domains: [domain, domain], observations: observations)
        #expect(
            estimator.logDensity([.float(0.25), .float(0.25)]) > estimator.logDensity([.float(0.25), .float(0.85)]) + 1)
        var generator = SplitMix64(seed: 1)
        let draws = (0..<400).map { _ in estimator.sample(using: &generator).map { $0.numericValue! } }
        let nearDiagonal = draws.filter { abs($0[0] - $0[1]) < 0.2 }.count
        // Independent draws from the (near-uniform) marginals land within 0.2 of the diagonal with
        // probability 1 − 0.8² = 0.36 (about 144 of 400); joint components keep about 63% there.
        #expect(nearDiagonal > 220, "\(nearDiagonal) of 400 draws near the diagonal")
    }

    @Test("suggestions head for the good region, are new, distinct and reproducible for a seed")
    func suggestions() throws {
        var generator = SeededGenerator(seed: 3)
        let runs = (0..<60).map { index -> Run in
            let lr = pow(10, Double.random(in: -5 ... -1, using: &generator))
            let optimizer = ["adam", "sgd"][index % 2]
            let objective = -abs(log10(lr) + 3) + (optimizer == "adam" ? 0.5 : 0)
            return Run(
                id: Int64(index + 1), key: "k\(index)", name: "r\(index)", source: "s", format: .hyperscope,
                params: ["lr": .float(lr), "optimizer": .string(optimizer)],
                curves: [MetricCurve(key: MetricKey(parsing: "objective"), values: [objective])])
        }
        let selection = MetricSelection(metric: MetricKey(parsing: "objective"), goal: .maximize)
        let first = try TPESuggestions.suggest(runs, selection: selection, count: 5, seed: 11).get()
        let second = try TPESuggestions.suggest(runs, selection: selection, count: 5, seed: 11).get()
        #expect(first == second)
        #expect(first.count == 5)
        #expect(Set(first.map(\.params)).count == 5)
        let lrs = first.compactMap { $0.params["lr"]?.numericValue }
        #expect(lrs.allSatisfy { abs(log10($0) + 3) < 1.2 }, "\(lrs)")
        #expect(first.filter { $0.params["optimizer"] == .string("adam") }.count >= 3)
        #expect(first.allSatisfy { $0.improvementRatio > 1 })
        #expect(throws: NotComputable.self) {
            try TPESuggestions.suggest(Array(runs.prefix(1)), selection: selection, count: 1).get()
        }
    }

    @Test("runs that lack a parameter the others vary are left out of the densities")
    func incompleteRunsLeftOut() throws {
        var generator = SeededGenerator(seed: 5)
        let complete = (0..<40).map { index -> Run in
            let lr = pow(10, Double.random(in: -5 ... -1, using: &generator))
            let dropout = [0.0, 0.1, 0.3][index % 3]
            return Run(
                id: Int64(index + 1), key: "k\(index)", name: "r\(index)", source: "s", format: .hyperscope,
                params: ["lr": .float(lr), "dropout": .float(dropout)],
                curves: [MetricCurve(key: MetricKey(parsing: "objective"), values: [-abs(log10(lr) + 3) - dropout])])
        }
        // The best runs of all, but without a dropout: were they used, the good density would follow them.
        let incomplete = (0..<10).map { index -> Run in
            Run(
                id: Int64(100 + index), key: "i\(index)", name: "i\(index)", source: "s", format: .hyperscope,
                params: ["lr": complete[index].params["lr"]!],
                curves: [MetricCurve(key: MetricKey(parsing: "objective"), values: [10])])
        }
        let selection = MetricSelection(metric: MetricKey(parsing: "objective"), goal: .maximize)
        let alone = try TPESuggestions.suggest(complete, selection: selection, count: 4, seed: 2).get()
        let withIncomplete = try TPESuggestions.suggest(
            complete + incomplete, selection: selection, count: 4, seed: 2
        ).get()
        #expect(alone == withIncomplete)
    }

    @Test("a configuration some run was made with is never suggested again")
    func untriedOnly() throws {
        // 3 optimisers × 5 layer counts; 13 of the 15 configurations run, some of them twice. The best
        // runs (adam with 3 layers) are where the good density is highest: without the check, they
        // would be suggested again.
        let tried: [(String, Int64)] =
            [1, 2, 3, 4, 5].map { ("adam", $0) } + [1, 2, 3, 4, 5].map { ("sgd", $0) } + [1, 2, 3].map { ("lion", $0) }
        let runs = (tried + tried.prefix(5)).enumerated().map { index, configuration -> Run in
            let distance = Double(configuration.1 - 3)
            let objective = (configuration.0 == "adam" ? 1.0 : 0.0) - distance * distance / 10
            return Run(
                id: Int64(index + 1), key: "k\(index)", name: "r\(index)", source: "s", format: .hyperscope,
                params: ["optimizer": .string(configuration.0), "layers": .int(configuration.1)],
                curves: [MetricCurve(key: MetricKey(parsing: "objective"), values: [objective])])
        }
        let selection = MetricSelection(metric: MetricKey(parsing: "objective"), goal: .maximize)
        let run = Set(tried.map { [Value.string($0.0), Value.int($0.1)] })
        for seed: UInt64 in 1...5 {
            let suggestions = try TPESuggestions.suggest(runs, selection: selection, count: 2, seed: seed).get()
            for suggestion in suggestions {
                let configuration = [suggestion.params["optimizer"]!, suggestion.params["layers"]!]
                #expect(!run.contains(configuration), "seed \(seed): \(configuration) was run already")
            }
        }
    }
}
