import HyperscopeAnalysis
import HyperscopeCore
import HyperscopeStore
import Testing

@testable import HyperscopeSearch

@Suite("Multi-objective TPE")
struct MultiObjectiveTPETests {
    /// Front 0: A(0,4) B(1,2) C(2,1) D(4,0); front 1: E(2,3) G(3,1.5); front 2: F(3,3). All minimised.
    static let points: [[Double]] = [[0, 4], [1, 2], [2, 1], [4, 0], [2, 3], [3, 3], [3, 1.5]]

    @Test("the good trials are whole fronts, then the members of the next that add most hypervolume")
    func split() {
        // By hand, with reference points 10% beyond each front's worst: front 0 (4.4, 4.4) alone gives B and
        // C 8.16 each (B first, the earlier); with B, C adds 2.4, D 0.8, A 0.4; with B and C, A and D add 0.4
        // each (A, the earlier). Optuna 5.1 agrees: optuna._hypervolume.hssp._solve_hssp(
        // [[0,4],[1,2],[2,1],[4,0]], arange(4), 3, [4.4, 4.4]) = [1, 2, 0]. Front 1 (3.3, 3.3): G adds 0.54,
        // E 0.39; _solve_hssp([[2,3],[3,1.5]], [4,6], 1, [3.3,3.3]) = [6].
        #expect(ParetoSplit.order(Self.points, needed: 5) == [1, 2, 0, 3, 6, 4, 5])
        #expect(ParetoSplit.order(Self.points, needed: 3) == [1, 2, 0, 3, 4, 5, 6])
        #expect(ParetoSplit.order(Self.points, needed: 2) == [1, 2, 0, 3, 4, 5, 6])
        #expect(ParetoSplit.order(Self.points, needed: 0) == Array(0..<7))
        #expect(ParetoSplit.reference([[2, 3], [3, 1.5]]) == [3.3, 3.3])
        #expect(ParetoSplit.reference([[-2, 0], [-1, 0]]) == [-0.9, 1e-12])
    }

    static let zdtSpace = SearchSpace(
        parameters: (0..<6).map {
            SearchParameter(name: "x\($0)", domain: .float(low: 0, high: 1, logarithmic: false, step: nil))
        })

    /// ZDT1 in six dimensions, both objectives minimised.
    static func zdt1(_ x: [Double]) -> [Double] {
        let g = 1 + 9 * x.dropFirst().reduce(0, +) / Double(x.count - 1)
        return [x[0], g * (1 - (x[0] / g).squareRoot())]
    }

    static func search(_ sampler: any Sampler, seed: UInt64) async throws -> (Double, [Trial]) {
        let study = try await Study.create(
            name: "zdt1", space: zdtSpace,
            objectives: [StudyObjective(metric: "f1", goal: .minimize), StudyObjective(metric: "f2", goal: .minimize)],
            sampler: sampler, seed: seed, store: MemoryStore())
        for _ in 0..<60 {
            let trial = try #require(try await study.ask())
            try await study.tell(trial, values: zdt1((0..<6).map { trial.params["x\($0)"]!.numericValue! }))
        }
        let front = await study.paretoFront.compactMap(\.values)
        return (Hypervolume.of(front, reference: [1.1, 11], goals: [.minimize, .minimize]) ?? 0, await study.trials)
    }

    @Test("on ZDT1 its front has more hypervolume than random search's, and a seed repeats it")
    func beatsRandom() async throws {
        for seed: UInt64 in [1, 2, 3] {
            let (modelled, trials) = try await Self.search(TPESampler(), seed: seed)
            let (random, _) = try await Self.search(RandomSampler(), seed: seed)
            #expect(modelled > random, "seed \(seed): \(modelled) against random's \(random)")
            if seed == 1 {
                let (_, again) = try await Self.search(TPESampler(), seed: seed)
                #expect(again.map(\.params) == trials.map(\.params), "deterministic for a seed")
            }
        }
    }

    @Test("an infeasible trial counts as bad, however good its value")
    func infeasibleIsBad() {
        func trial(_ number: Int, _ value: Double, violation: Double? = nil) -> Trial {
            var trial = Trial(
                id: Int64(number + 1), studyID: 1, number: number, state: .completed, params: [:], value: value,
                startedAt: 0, endedAt: 0)
            trial.constraintViolation = violation
            return trial
        }
        let trials = [trial(0, 0.5), trial(1, 0.1, violation: 2), trial(2, 0.3), trial(3, 0.2, violation: 1)]
        let context = SamplingContext(space: Self.zdtSpace, trials: trials, goal: .minimize, seed: 0)
        let (ranked, completed) = TPESampler.rankedTrials(context)
        #expect(ranked.map(\.number) == [2, 0, 3, 1], "feasible by value, then the least violating")
        #expect(completed == 4)
    }

    @Test("auto picks TPE for one objective, multi-objective TPE for two, NSGA-II for more")
    func automatic() {
        #expect(SearchStrategy.automatic(objectives: 1) == .tpe)
        #expect(SearchStrategy.automatic(objectives: 2) == .motpe)
        #expect(SearchStrategy.automatic(objectives: 3) == .nsga2)
        #expect(SearchStrategy(loosely: "MOTPE") == .motpe)
    }
}
