import HyperscopeCore
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

    @Test("greedy hypervolume subsets of two and three objectives are Optuna's")
    func greedySubsets() {
        // optuna._hypervolume.hssp._solve_hssp(points, arange(n), k, reference), Optuna 5.1:
        // [[0,4],[1,2.5],[2,1],[4,0],[0.5,3],[3,0.5]], k 5, [4.4, 4.4] → [2, 4, 5, 1, 0];
        let two: [[Double]] = [[0, 4], [1, 2.5], [2, 1], [4, 0], [0.5, 3], [3, 0.5]]
        #expect(ParetoSplit.greedySubset(two, count: 5, reference: [4.4, 4.4]) == [2, 4, 5, 1, 0])
        // [[0,3,3],[3,0,3],[3,3,0],[1,1,2],[2,1.2,1],[1,2,0.9],[1.5,1.4,1.5]], k 6, [3.3]*3 → [5, 3, 4, 6, 0, 1].
        let three: [[Double]] = [
            [0, 3, 3], [3, 0, 3], [3, 3, 0], [1, 1, 2], [2, 1.2, 1], [1, 2, 0.9], [1.5, 1.4, 1.5],
        ]
        #expect(ParetoSplit.greedySubset(three, count: 6, reference: [3.3, 3.3, 3.3]) == [5, 3, 4, 6, 0, 1])
    }

    @Test("on ZDT1 its front has more hypervolume than random search's, and a seed repeats it")
    func beatsRandom() async throws {
        for seed: UInt64 in [1, 2, 3] {
            let (modelled, trials) = try await NSGA2Tests.search(TPESampler(), seed: seed, trials: 60)
            let (random, _) = try await NSGA2Tests.search(RandomSampler(), seed: seed, trials: 60)
            #expect(modelled > random, "seed \(seed): \(modelled) against random's \(random)")
            if seed == 1 {
                let (_, again) = try await NSGA2Tests.search(TPESampler(), seed: seed, trials: 60)
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
        let context = SamplingContext(space: NSGA2Tests.space, trials: trials, goal: .minimize, seed: 0)
        let (ranked, completed) = TPESampler.rankedTrials(context)
        #expect(ranked.map { trials[$0].number } == [2, 0, 3, 1], "feasible by value, then the least violating")
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
