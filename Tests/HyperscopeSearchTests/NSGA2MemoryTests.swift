import HyperscopeCore
import HyperscopeStore
import Testing

@testable import HyperscopeSearch

@Suite("NSGA-II's remembered parents")
struct NSGA2MemoryTests {
    static let space = SearchSpace(
        parameters: (0..<4).map {
            SearchParameter(name: "x\($0)", domain: .float(low: 0, high: 1, logarithmic: false, step: nil))
        })
    static let goals: [MetricGoal] = [.minimize, .minimize]

    /// A history of `count` trials with two objectives; every seventh still running.
    static func history(_ count: Int, seed: UInt64 = 9) -> [Trial] {
        var generator = SplitMix64(seed: seed)
        return (0..<count).map { number in
            let x = (0..<4).map { _ in Double.random(in: 0..<1, using: &generator) }
            let params = Dictionary(uniqueKeysWithValues: x.enumerated().map { ("x\($0)", Value.float($1)) })
            let values = [x[0], 1 - x[0].squareRoot() + x[1] + x[2] * x[3]]
            let running = number % 7 == 3
            return Trial(
                id: Int64(number + 1), studyID: 1, number: number, state: running ? .running : .completed,
                params: params, value: running ? nil : values[0], values: running ? nil : values, startedAt: 0,
                endedAt: running ? nil : 0)
        }
    }

    func suggestion(_ sampler: NSGA2Sampler, _ trials: [Trial], seed: UInt64 = 3) throws -> [String: Value]? {
        try sampler.suggest(
            SamplingContext(space: Self.space, trials: trials, goal: .minimize, goals: Self.goals, seed: seed))
    }

    @Test("a sampler that remembers parents proposes what a fresh one does, also once an old trial finishes")
    func rememberingChangesNothing() throws {
        let warmed = NSGA2Sampler(populationSize: 10)
        var trials = Self.history(95)
        for seed: UInt64 in 0..<5 { _ = try suggestion(warmed, trials, seed: seed) }
        #expect(try suggestion(warmed, trials) == suggestion(NSGA2Sampler(populationSize: 10), trials))

        // Trial 3, of the first generation, finishes as the best on both objectives: every later
        // generation's parents change, and the remembered ones must not be reused.
        trials[3].state = .completed
        trials[3].values = [0, -1]
        trials[3].value = 0
        let fresh = try suggestion(NSGA2Sampler(populationSize: 10), trials)
        #expect(try suggestion(warmed, trials) == fresh)

        // The order the trials come in does not matter.
        #expect(try suggestion(NSGA2Sampler(populationSize: 10), trials.reversed()) == fresh)

        // Nor does a sampler that served another study first, with the same trial numbers and states.
        let servedAnother = NSGA2Sampler(populationSize: 10)
        _ = try suggestion(servedAnother, Self.history(95))
        let other = Self.history(95, seed: 10)
        #expect(try suggestion(servedAnother, other) == suggestion(NSGA2Sampler(populationSize: 10), other))
    }

    @Test("the parents of a later generation include the best trial of the first")
    func eliteSurvives() {
        var trials = Self.history(40)
        trials[0].values = [-1, -1]
        trials[0].value = -1
        let scored = ScoredGenerations(trials, generations: 4, populationSize: 10, objectives: 2)
        #expect(scored.count == trials.filter { $0.state == .completed }.count)
        let parents = NSGA2Sampler.parents(
            of: 4, trials: trials, scored: scored, populationSize: 10, goals: Self.goals)
        #expect(parents.count == 10)
        #expect(parents.contains { $0.trial.number == 0 && $0.rank == 0 })
    }

    @Test("a child never copies a member of its parent population or a sibling")
    func noCopies() async throws {
        let space = SearchSpace(
            parameters: ["x", "y", "z"].map {
                SearchParameter(name: $0, domain: .float(low: 0, high: 1, logarithmic: false, step: nil))
            })
        let study = try await Study.create(
            name: "copies", space: space,
            objectives: [StudyObjective(metric: "f1", goal: .minimize), StudyObjective(metric: "f2", goal: .minimize)],
            sampler: NSGA2Sampler(populationSize: 12), seed: 1, store: MemoryStore())
        try await study.optimize(trials: 150) { trial in
            let (x, y, z) = (
                trial.params["x"]!.numericValue!, trial.params["y"]!.numericValue!, trial.params["z"]!.numericValue!
            )
            return [x + z * z, 1 - x.squareRoot() + y * y + z * z]
        }
        // Before the fix, 25 of the 150 trials repeated an earlier configuration.
        let trials = await study.trials
        for trial in trials.dropFirst(12) {
            let history = Array(trials[..<trial.number])
            let generation = trial.number / 12
            let scored = ScoredGenerations(history, generations: generation, populationSize: 12, objectives: 2)
            let population = NSGA2Sampler.parents(
                of: generation, trials: history, scored: scored, populationSize: 12, goals: Self.goals)
            let siblings = history.filter { $0.number >= generation * 12 }
            #expect(
                !(population.map(\.trial) + siblings).contains { $0.params == trial.params }, "trial \(trial.number)")
        }
    }
}
