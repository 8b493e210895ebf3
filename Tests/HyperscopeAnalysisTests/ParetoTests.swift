import HyperscopeAnalysis
import HyperscopeCore
import TestSupport
import Testing

@Suite("Pareto fronts and hypervolume")
struct ParetoTests {
    /// Whether `a` dominates `b` when every objective is minimised: the definition, written out.
    static func dominatesMinimising(_ a: [Double], _ b: [Double]) -> Bool {
        zip(a, b).allSatisfy { $0 <= $1 } && zip(a, b).contains { $0 < $1 }
    }

    @Test("the front and the ranks agree with the definition on random points, with ties and mixed goals")
    func frontMatchesDefinition() {
        let seed = SeededGenerator.newSeed()
        print("ParetoTests seed \(seed) (HYPERSCOPE_TEST_SEED=\(seed) replays it)")
        var generator = SplitMix64(seed: seed)
        for objectives in 2...4 {
            let goals: [MetricGoal] = (0..<objectives).map { $0 % 2 == 0 ? .minimize : .maximize }
            // Integer coordinates so that ties and equal points occur.
            let points = (0..<120).map { _ in (0..<objectives).map { _ in Double(generator.next() % 12) } }
            let minimised = points.map { point in
                goals.indices.map { goals[$0] == .maximize ? -point[$0] : point[$0] }
            }
            let expected = points.indices.filter { i in
                !points.indices.contains { j in Self.dominatesMinimising(minimised[j], minimised[i]) }
            }
            #expect(ParetoDominance.front(points, goals: goals) == expected, "\(objectives) objectives")
            let ranks = ParetoDominance.ranks(points, goals: goals)
            #expect(points.indices.filter { ranks[$0] == 0 } == expected)
            for i in points.indices where ranks[i] > 0 {
                // Dominated by a point of the front before it, and by none of its own front or later.
                #expect(
                    points.indices.contains {
                        ranks[$0] == ranks[i] - 1 && Self.dominatesMinimising(minimised[$0], minimised[i])
                    })
                #expect(
                    !points.indices.contains {
                        ranks[$0] >= ranks[i] && Self.dominatesMinimising(minimised[$0], minimised[i])
                    })
            }
        }
    }

    @Test("hypervolume of hand-computed fronts in two and three objectives, and by counting unit cells")
    func hypervolume() {
        // Minimise both up to (4, 4): the staircase (1,3), (2,2), (3,1) covers 3 + 2 + 1 = 6; a dominated
        // point and one outside the reference add nothing.
        let twoD = Hypervolume.of(
            [[1, 3], [2, 2], [3, 1], [3, 3], [5, 0]], reference: [4, 4], goals: [.minimize, .minimize])
        #expect(twoD == 6)
        // Maximise the first: (−1, 3) is (1, 3) turned round, reference −4 ↔ 4.
        #expect(
            Hypervolume.of([[-1, 3], [-2, 2], [-3, 1]], reference: [-4, 4], goals: [.maximize, .minimize]) == 6)
        // Three objectives up to (2, 2, 2): (0,1,1), (1,0,1), (1,1,0) each own a unit cube corner; with the
        // shared cube (1,1,1) the union is 3·2 − 3·1 + 1 = 4.
        #expect(
            Hypervolume.of(
                [[0, 1, 1], [1, 0, 1], [1, 1, 0]], reference: [2, 2, 2], goals: [.minimize, .minimize, .minimize])
                == 4)
        #expect(
            Hypervolume.of([[0, 0, 0, 0]], reference: [1, 1, 1, 1], goals: Array(repeating: .minimize, count: 4)) == nil
        )

        // Random integer points: the volume is the number of unit cells some point is at or below.
        var generator = SplitMix64(seed: 7)
        for _ in 0..<20 {
            let points = (0..<15).map { _ in (0..<3).map { _ in Double(generator.next() % 6) } }
            var cells = 0
            for x in 0..<6 {
                for y in 0..<6 {
                    for z in 0..<6
                    where points.contains(where: { $0[0] <= Double(x) && $0[1] <= Double(y) && $0[2] <= Double(z) }) {
                        cells += 1
                    }
                }
            }
            let volume = Hypervolume.of(points, reference: [6, 6, 6], goals: [.minimize, .minimize, .minimize])
            #expect(volume == Double(cells))
            var squares = 0
            for x in 0..<6 {
                for y in 0..<6 where points.contains(where: { $0[0] <= Double(x) && $0[1] <= Double(y) }) {
                    squares += 1
                }
            }
            #expect(
                Hypervolume.of(points.map { [$0[0], $0[1]] }, reference: [6, 6], goals: [.minimize, .minimize])
                    == Double(squares))
        }
    }

    @Test("the knee is the balanced member once each objective is scaled over the front")
    func knee() {
        // Recall up, time down: (0.9, 100) and (0.5, 10) are extremes; (0.85, 20) is nearly both.
        let front: [[Double]] = [[0.9, 100], [0.85, 20], [0.5, 10], [0.7, 15]]
        #expect(ParetoDominance.knee(of: front, goals: [.maximize, .minimize]) == 1)
        #expect(ParetoDominance.knee(of: [], goals: [.maximize]) == nil)
    }

    @Test("a study's hypervolume history only rises and ends at its front's; infeasible trials count for nothing")
    func hypervolumeHistory() {
        var generator = SplitMix64(seed: 5)
        let goals: [MetricGoal] = [.maximize, .minimize]
        let trials = (0..<60).map { number -> Trial in
            var trial = Trial(
                studyID: 1, number: number, state: number % 9 == 4 ? .failed : .completed, params: [:], startedAt: 0)
            let values = [Double(generator.next() % 1000) / 1000, Double(generator.next() % 1000) / 10]
            trial.values = values
            trial.value = values[0]
            trial.constraintViolation = number % 7 == 3 ? 0.5 : 0
            return trial
        }
        let history = TrialParetoFront.hypervolumeHistory(trials, goals: goals)
        #expect(history.count == trials.filter { $0.state == .completed && $0.isFeasible }.count)
        #expect(zip(history, history.dropFirst()).allSatisfy { $0.hypervolume <= $1.hypervolume })
        let front = TrialParetoFront(trials, goals: goals)
        #expect(abs((history.last?.hypervolume ?? 0) - (front.hypervolume ?? -1)) < 1e-9)
        #expect(front.front.allSatisfy { $0.isFeasible && $0.state == .completed })
    }
}
