import Foundation
import HyperscopeCore
import HyperscopeSearch
import TestSupport
import Testing

/// Runs a sampler against a function in memory, as a study would, trial after trial.
func minimize(
    _ sampler: some Sampler, space: SearchSpace, trials: Int, seed: UInt64, _ objective: ([String: Value]) -> Double
) throws -> [Trial] {
    var history: [Trial] = []
    for number in 0..<trials {
        let context = SamplingContext(space: space, trials: history, goal: .minimize, seed: seed)
        guard let params = try sampler.suggest(context) else { break }
        let value = objective(params)
        history.append(
            Trial(
                id: Int64(number + 1), studyID: 1, number: number, state: .completed, params: params, value: value,
                startedAt: 0, endedAt: 0))
    }
    return history
}

@Suite("Samplers")
struct SamplerTests {
    static let mixedSpace = SearchSpace(parameters: [
        SearchParameter(name: "lr", domain: .float(low: 1e-4, high: 1, logarithmic: true, step: nil)),
        SearchParameter(name: "layers", domain: .integer(low: 1, high: 8, logarithmic: false, step: 1)),
        SearchParameter(name: "dropout", domain: .float(low: 0, high: 0.5, logarithmic: false, step: 0.1)),
        SearchParameter(name: "optimizer", domain: .categorical([.string("sgd"), .string("adam")])),
        SearchParameter(name: "epochs", domain: .fixed(.int(10))),
    ])

    static let branchingSpace = SearchSpace(parameters: [
        SearchParameter(
            name: "sampler_type", domain: .categorical([.string("top_p"), .string("min_p")]),
            branches: [
                SearchBranch(
                    choice: .string("top_p"),
                    parameters: [
                        SearchParameter(
                            name: "temperature", domain: .float(low: 0.6, high: 1.3, logarithmic: false, step: nil)),
                        SearchParameter(name: "top_p", domain: .categorical([.float(0.9), .float(0.95)])),
                    ]),
                SearchBranch(
                    choice: .string("min_p"),
                    parameters: [
                        SearchParameter(
                            name: "temperature", domain: .float(low: 0.7, high: 1.6, logarithmic: false, step: nil)),
                        SearchParameter(
                            name: "min_p", domain: .float(low: 0.01, high: 0.1, logarithmic: true, step: nil)),
                    ]),
            ])
    ])

    @Test("every sampler proposes only values inside the space, with exactly the active branch's parameters")
    func valuesInSpace() throws {
        let samplers: [(String, any Sampler)] = [
            ("random", RandomSampler()), ("sobol", SobolSampler()),
            ("tpe", TPESampler(settings: SamplerSettings(startupTrials: 5))),
        ]
        for (name, sampler) in samplers {
            for space in [Self.mixedSpace, Self.branchingSpace] {
                let trials = try minimize(sampler, space: space, trials: 40, seed: 7) { params in
                    params["temperature"]?.numericValue ?? 0
                }
                for trial in trials {
                    let active = space.dimensions.filter { $0.isActive(in: trial.params) }
                    #expect(Set(active.map(\.name)) == Set(trial.params.keys), "\(name): \(trial.params)")
                    for dimension in active {
                        #expect(
                            dimension.domain.contains(trial.params[dimension.name]!),
                            "\(name): \(dimension.id) = \(trial.params[dimension.name]!)")
                    }
                }
            }
        }
    }

    @Test("a sampler gives the same configurations for the same seed and history, and others for another seed")
    func determinism() throws {
        for sampler in [RandomSampler(), SobolSampler(), TPESampler(settings: SamplerSettings(startupTrials: 3))]
            as [any Sampler]
        {
            let run = { (seed: UInt64) in
                try minimize(sampler, space: Self.mixedSpace, trials: 12, seed: seed) { $0["lr"]!.numericValue! }.map(
                    \.params)
            }
            #expect(try run(11) == run(11))
            #expect(try run(11) != run(12))
        }
    }

    @Test("grid search visits every point once, branches included, then stops")
    func grid() throws {
        let space = SearchSpace(parameters: [
            SearchParameter(name: "lr", domain: .float(low: 0.1, high: 0.3, logarithmic: false, step: 0.1)),
            SearchParameter(
                name: "optimizer", domain: .categorical([.string("sgd"), .string("adam")]),
                branches: [
                    SearchBranch(
                        choice: .string("adam"),
                        parameters: [SearchParameter(name: "beta", domain: .categorical([.float(0.9), .float(0.99)]))])
                ]),
        ])
        #expect(space.gridSize == 9)  // 3 rates × (sgd + adam × 2 betas)
        let trials = try minimize(GridSampler(), space: space, trials: 100, seed: 1) { _ in 0 }
        #expect(trials.count == 9)
        #expect(Set(trials.map(\.params)).count == 9)
        #expect(Set(trials.compactMap { $0.params["lr"] }) == [.float(0.1), .float(0.2), .float(0.3)])
        #expect(trials.filter { $0.params["optimizer"] == .string("sgd") }.allSatisfy { $0.params["beta"] == nil })
        #expect(throws: SearchSpaceError.self) { try GridSampler().validate(Self.branchingSpace) }
    }

    @Test("unscrambled Sobol points equal SciPy's")
    func sobolMatchesSciPy() {
        // scipy.stats.qmc.Sobol(d=40, scramble=False).random(16), rows 7 and 11 (SciPy 1.17.1)
        let sequence = SobolSequence(dimensions: 40, scrambleSeed: nil)
        #expect(Array(sequence.point(at: 7).prefix(8)) == [0.125, 0.625, 0.375, 0.125, 0.125, 0.375, 0.625, 0.625])
        let eleventh = sequence.point(at: 11)
        #expect([eleventh[4], eleventh[17], eleventh[29], eleventh[39]] == [0.8125, 0.0625, 0.6875, 0.3125])
        #expect(sequence.point(at: 0) == Array(repeating: 0, count: 40))
    }

    @Test(
        "scrambled Sobol points stay stratified: each of the first 2^k points has its own 1/2^k interval per dimension")
    func sobolScrambledStratified() {
        let sequence = SobolSequence(dimensions: 6, scrambleSeed: 99)
        let points = (0..<64).map(sequence.point(at:))
        for dimension in 0..<6 {
            let cells = Set(points.map { Int($0[dimension] * 64) })
            #expect(cells.count == 64, "dimension \(dimension)")
        }
        #expect(points[0] != Array(repeating: 0, count: 6))
    }

    @Test(
        "model-based samplers beat random search on a smooth function at the same budget and seeds",
        arguments: ["tpe", "gp"])
    func beatsRandom(strategy: String) throws {
        let space = SearchSpace(
            parameters: (0..<4).map {
                SearchParameter(name: "x\($0)", domain: .float(low: -5, high: 5, logarithmic: false, step: nil))
            })
        let sphere = { (params: [String: Value]) in
            (0..<4).reduce(0.0) { $0 + pow(params["x\($1)"]!.numericValue! - 1, 2) }
        }
        let sampler = SearchStrategy(rawValue: strategy)!.sampler()
        var wins = 0
        for seed in UInt64(0)..<5 {
            let model = try minimize(sampler, space: space, trials: 40, seed: seed, sphere).compactMap(\.value).min()!
            let random = try minimize(RandomSampler(), space: space, trials: 40, seed: seed, sphere).compactMap(\.value)
                .min()!
            if model < random { wins += 1 }
        }
        #expect(wins >= 4, "\(strategy) won \(wins) of 5 seeds")
    }

    @Test(
        "past its model size the GP fits the better half by loss, then the trials farthest from those chosen, and still beats random"
    )
    func gpModelSubset() throws {
        // On a line: the best two are 0.5 (loss 0) and 1.0 (loss 1); the farthest from them is 0.0,
        // and then 0.2 (0.1 lies 0.1 from 0.0, 0.9 lies 0.1 from 1.0, 0.2 lies 0.2 from 0.0).
        let points = [0.0, 0.1, 0.2, 0.5, 0.9, 1.0]
        let losses = [5.0, 4, 3, 0, 2, 1]
        #expect(GPSampler.modelSubset(losses: losses, inputs: points, width: 1, size: 4) == [0, 2, 3, 5])
        #expect(GPSampler.modelSubset(losses: losses, inputs: points, width: 1, size: 6) == Array(0..<6))
        // Equal losses go to the earlier trial, equal distances too; both columns count.
        #expect(
            GPSampler.modelSubset(losses: [1, 0, 0, 0], inputs: [0, 0, 1, 1, 0, 1, 1, 0], width: 2, size: 3) == [
                0, 1, 2,
            ])
        let space = SearchSpace(
            parameters: (0..<4).map {
                SearchParameter(name: "x\($0)", domain: .float(low: -5, high: 5, logarithmic: false, step: nil))
            })
        let sphere = { (params: [String: Value]) in
            (0..<4).reduce(0.0) { $0 + pow(params["x\($1)"]!.numericValue! - 1, 2) }
        }
        var wins = 0
        for seed in UInt64(0)..<5 {
            let model = try minimize(GPSampler(modelTrials: 16), space: space, trials: 40, seed: seed, sphere)
                .compactMap(\.value).min()!
            let random = try minimize(RandomSampler(), space: space, trials: 40, seed: seed, sphere).compactMap(\.value)
                .min()!
            if model < random { wins += 1 }
        }
        #expect(wins >= 4, "the GP on 16 of its trials won \(wins) of 5 seeds")
    }

    @Test(
        "TPE suggests the same from the columns a study keeps as from its trials, and ignores columns of other trials")
    func tpeColumns() throws {
        for (space, multivariate) in [
            (Self.mixedSpace, true), (Self.branchingSpace, true), (Self.branchingSpace, false),
        ] {
            var trials = try minimize(RandomSampler(), space: space, trials: 30, seed: 5) { params in
                params["temperature"]?.numericValue ?? params["lr"]?.numericValue ?? 0
            }
            // Trials a sampler must skip: one without a parameter, one with a value outside its domain.
            for (number, params) in [
                (30, trials[0].params.filter { $0.key != "temperature" && $0.key != "lr" }),
                (31, trials[1].params.merging(["temperature": .float(99), "lr": .float(99)]) { _, odd in odd }),
            ] {
                trials.append(
                    Trial(
                        id: Int64(number + 1), studyID: 1, number: number, state: .completed, params: params,
                        value: 0.5, startedAt: 0, endedAt: 0))
            }
            var kept = TrialColumns(space: space)
            for trial in trials { kept.append(trial.params) }
            let sampler = TPESampler(settings: SamplerSettings(multivariate: multivariate, startupTrials: 8))
            for seed in UInt64(0)..<5 {
                let alone = try sampler.suggest(
                    SamplingContext(space: space, trials: trials, goal: .minimize, seed: seed))
                let fromColumns = try sampler.suggest(
                    SamplingContext(space: space, trials: trials, columns: kept, goal: .minimize, seed: seed))
                let stale = try sampler.suggest(
                    SamplingContext(
                        space: space, trials: trials,
                        columns: TrialColumns(space: space, trials: Array(trials.prefix(3))),
                        goal: .minimize, seed: seed))
                #expect(fromColumns == alone && stale == alone, "seed \(seed)")
            }
        }
    }

    @Test("TPE learns which branch is better and searches it more")
    func tpeConditional() throws {
        let trials = try minimize(
            TPESampler(settings: SamplerSettings(startupTrials: 8)), space: Self.branchingSpace, trials: 60, seed: 3
        ) { params in
            params["sampler_type"] == .string("min_p")
                ? abs(params["temperature"]!.numericValue! - 1) : 1 + params["temperature"]!.numericValue!
        }
        let late = trials.suffix(30).filter { $0.params["sampler_type"] == .string("min_p") }.count
        #expect(late >= 22, "\(late) of the last 30 trials chose min_p")
    }

    @Test("with running trials (constant liar), TPE does not propose the point being evaluated")
    func constantLiar() throws {
        let space = SearchSpace(parameters: [
            SearchParameter(name: "x", domain: .integer(low: 0, high: 20, logarithmic: false, step: 1))
        ])
        var history = try minimize(
            TPESampler(settings: SamplerSettings(startupTrials: 5)), space: space, trials: 30, seed: 5
        ) { abs($0["x"]!.numericValue! - 10) }
        var proposed: [Value] = []
        for number in 30..<33 {
            let params = try #require(
                try TPESampler().suggest(SamplingContext(space: space, trials: history, goal: .minimize, seed: 5)))
            proposed.append(params["x"]!)
            history.append(Trial(studyID: 1, number: number, state: .running, params: params, startedAt: 0))
        }
        #expect(Set(proposed).count == 3, "parallel proposals \(proposed)")
    }
}
