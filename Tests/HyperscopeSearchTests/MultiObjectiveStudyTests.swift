import Foundation
import HyperscopeAnalysis
import HyperscopeCore
import HyperscopeStore
import TestSupport
import Testing

@testable import HyperscopeSearch

@Suite("Studies of several objectives")
struct MultiObjectiveStudyTests {
    static let space = SearchSpace(parameters: [
        SearchParameter(name: "x", domain: .float(low: 0, high: 1, logarithmic: false, step: nil))
    ])
    static let objectives = [
        StudyObjective(metric: "val/recall", goal: .maximize), StudyObjective(metric: "train_time_s", goal: .minimize),
    ]

    /// Recall grows with x, and so does the time: every x is a trade-off, except where noise is planted.
    static func values(_ x: Double, number: Int) -> [Double] {
        number % 3 == 0 ? [x * 0.5, 10 + 100 * x] : [x, 10 + 50 * x]
    }

    @Test(
        "tell with a value per objective; the front is what nothing dominates; SQLite keeps objectives and values",
        arguments: [false, true])
    func frontAndStorage(sqlite: Bool) async throws {
        let path = try TestSupport.scratchFolder("multi-objective").appendingPathComponent("db").path
        let store: any Store = sqlite ? try SQLiteStore(path: path) : MemoryStore()
        let study = try await Study.create(
            name: "trade-offs", space: Self.space, objectives: Self.objectives, seed: 4, store: store)
        #expect(study.record.isMultiObjective && study.record.metric == "val/recall")
        for _ in 0..<30 {
            let trial = try #require(try await study.ask())
            try await study.tell(trial, values: Self.values(trial.params["x"]!.numericValue!, number: trial.number))
        }
        let trials = await study.trials
        let front = await study.paretoFront
        // By the definition: the trials no other is at least as good on both and better on one.
        let expected = trials.filter { trial in
            !trials.contains { other in
                let (a, b) = (other.values!, trial.values!)
                return a[0] >= b[0] && a[1] <= b[1] && (a[0] > b[0] || a[1] < b[1])
            }
        }
        #expect(front.map(\.number) == expected.map(\.number))
        #expect(!front.contains { $0.number % 3 == 0 }, "the planted slow, poor trials are dominated")
        #expect(trials.allSatisfy { $0.value == $0.values?[0] }, "the value is the first objective's")

        // Told the wrong number of values, or a NaN.
        let extra = try #require(try await study.ask())
        await #expect(throws: SearchSpaceError.self) { try await study.tell(extra, values: [1]) }
        try await study.tell(extra, values: [.nan, 3])
        #expect(await study.trials.last?.state == .failed)

        guard sqlite else { return }
        let reopened = try SQLiteStore(path: path)
        let record = try #require(try await reopened.study(named: "trade-offs"))
        #expect(record.objectives == Self.objectives)
        let stored = try await reopened.trials(studyID: record.id!)
        #expect(stored.map(\.values) == trials.map(\.values) + [nil])
        let again = try await Study(
            record: record, space: Self.space, sampler: RandomSampler(), seed: 4, store: reopened)
        #expect(await again.paretoFront.map(\.number) == front.map(\.number))
    }

    @Test("optimize with a closure of several values, in parallel; the wrong number of values fails the trial")
    func optimizeSeveral() async throws {
        let study = try await Study.create(
            name: "optimize", space: Self.space, objectives: Self.objectives, sampler: NSGA2Sampler(populationSize: 8),
            seed: 2, store: MemoryStore())
        let ran = try await study.optimize(trials: 24, parallel: 3) { trial in
            let x = trial.params["x"]!.numericValue!
            return trial.number == 5 ? [x] : Self.values(x, number: trial.number)
        }
        #expect(ran == 24)
        let trials = await study.trials
        #expect(trials.filter { $0.state == .completed }.count == 23)
        #expect(trials.allSatisfy { $0.state != .completed || $0.values?.count == 2 })
        let wrong = try #require(trials.first { $0.number == 5 })
        #expect(
            wrong.state == .failed
                && wrong.message == "trial 5 was told 1 value; the study has 2 objectives (val/recall, train_time_s)")
        #expect(!(await study.paretoFront).isEmpty)

        // One value for a study of two is refused before any trial starts, by optimize and by tell.
        await #expect(throws: SearchSpaceError.self) { try await study.optimize(trials: 30) { _ in 1 } }
        #expect(await study.trials.count == 24)
        let extra = try #require(try await study.ask())
        await #expect(throws: SearchSpaceError.self) { try await study.tell(extra, value: 1) }
    }

    @Test("repeats give each objective its mean and spread; a single-objective sampler is refused")
    func repeatsAndSamplers() async throws {
        let study = try await Study.create(
            name: "repeats", space: Self.space, objectives: Self.objectives, store: MemoryStore())
        let trial = try #require(try await study.ask())
        let finished = try await study.finish(
            trial, state: .completed, values: [0.8, 0.9, 0.7], objectiveValues: [[0.8, 20], [0.9, 22], [0.7, 24]])
        // numpy.mean([0.8, 0.9, 0.7]) = 0.8, numpy.std([20, 22, 24], ddof=1) = 2.0
        #expect(abs((finished.values?[0] ?? 0) - 0.8) < 1e-12 && finished.values?[1] == 22)
        #expect(finished.valueSummaries?[1].standardDeviation == 2 && finished.valueSummaries?[1].count == 3)

        await #expect(throws: SearchSpaceError.self) {
            _ = try await Study.create(
                name: "gp", space: Self.space, objectives: Self.objectives, sampler: GPSampler(), store: MemoryStore()
            )
        }
        await #expect(throws: SearchSpaceError.self) {
            _ = try await Study.create(name: "none", space: Self.space, objectives: [], store: MemoryStore())
        }
        // One objective is a study of one, as create(metric:goal:) makes it.
        let one = try await Study.create(
            name: "one", space: Self.space, objectives: [Self.objectives[0]], store: MemoryStore())
        #expect(!one.record.isMultiObjective && one.record.metric == "val/recall" && one.record.goal == .maximize)
    }
}

@Suite("NSGA-II")
struct NSGA2Tests {
    /// ZDT1 (Zitzler, Deb & Thiele 2000) in 8 dimensions: both objectives minimised; the true front is
    /// f₂ = 1 − √f₁ with every other x at 0.
    static func zdt1(_ x: [Double]) -> [Double] {
        let g = 1 + 9 * x.dropFirst().reduce(0, +) / Double(x.count - 1)
        return [x[0], g * (1 - (x[0] / g).squareRoot())]
    }

    static let space = SearchSpace(
        parameters: (0..<8).map {
            SearchParameter(name: "x\($0)", domain: .float(low: 0, high: 1, logarithmic: false, step: nil))
        })

    /// The hypervolume up to (1.1, 11) of a search of `trials` trials by `sampler`.
    static func search(_ sampler: any Sampler, seed: UInt64, trials: Int = 240) async throws -> (Double, [Trial]) {
        let objectives = [StudyObjective(metric: "f1", goal: .minimize), StudyObjective(metric: "f2", goal: .minimize)]
        let study = try await Study.create(
            name: "zdt1", space: space, objectives: objectives, sampler: sampler, seed: seed, store: MemoryStore())
        for _ in 0..<trials {
            let trial = try #require(try await study.ask())
            try await study.tell(trial, values: zdt1((0..<8).map { trial.params["x\($0)"]!.numericValue! }))
        }
        let front = await study.paretoFront.compactMap(\.values)
        return (Hypervolume.of(front, reference: [1.1, 11], goals: [.minimize, .minimize]) ?? 0, await study.trials)
    }

    @Test("on ZDT1 the front it finds has more hypervolume than random search's, and a seed repeats it")
    func beatsRandom() async throws {
        var wins = 0
        for seed: UInt64 in [1, 2, 3] {
            let (evolved, trials) = try await Self.search(NSGA2Sampler(populationSize: 24), seed: seed)
            let (random, _) = try await Self.search(RandomSampler(), seed: seed)
            if evolved > random { wins += 1 }
            if seed == 1 {
                let (_, again) = try await Self.search(NSGA2Sampler(populationSize: 24), seed: seed)
                #expect(again.map(\.params) == trials.map(\.params), "deterministic for a seed")
            }
        }
        #expect(wins == 3)
    }

    @Test("crowding distance: infinite at the extremes, the scaled neighbour gaps inside")
    func crowding() {
        // Two objectives over [0, 4] and [0, 8]: the middle point's neighbours are 4 and 8 apart → 4/4 + 8/8 = 2.
        let distances = NSGA2Sampler.crowdingDistances([[0, 8], [2, 6], [4, 0]])
        #expect(distances[0] == .infinity && distances[2] == .infinity && distances[1] == 2)
    }
}
