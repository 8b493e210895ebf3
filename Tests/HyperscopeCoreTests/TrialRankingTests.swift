import HyperscopeCore
import Testing

@Suite("Trial ranking")
struct TrialRankingTests {
    /// A trial with a state, a value and a constraint violation.
    static func trial(_ number: Int, _ state: TrialState, _ value: Double?, violation: Double? = nil) -> Trial {
        var trial = Trial(studyID: 1, number: number, state: state, params: [:], value: value, startedAt: 0)
        trial.constraintViolation = violation
        return trial
    }

    /// Trials out of number order: completed ones with a tie, an infeasible one, one without a
    /// value, a pruned and a failed one with values.
    static let mixed = [
        trial(5, .completed, 0.7), trial(2, .completed, 0.9), trial(3, .pruned, 0.99), trial(4, .completed, nil),
        trial(1, .completed, 0.9), trial(6, .completed, 0.95, violation: 1), trial(7, .failed, 0.1),
        trial(8, .completed, 0.2),
    ]

    @Test("the best trial is the first of the ranking: completed, feasible, with a value; ties to the lower number")
    func bestIsFirstRanked() {
        let trials = Self.mixed
        for goal in [MetricGoal.maximize, .minimize] {
            let best = trials.best(goal: goal)
            #expect(best?.number == trials.rankedByValue(goal: goal).first?.number, "\(goal)")
        }
        #expect(trials.best(goal: .maximize)?.number == 1)
        #expect(trials.best(goal: .minimize)?.number == 8)
        #expect([Self.trial(1, .running, nil), Self.trial(2, .pruned, 0.5)].best(goal: .maximize) == nil)
    }

    @Test("the ranked positions name the ranked trials, in the ranking's order, whatever order the trials come in")
    func rankedPositions() {
        let trials = Self.mixed
        #expect(trials.rankedPositions(goal: .maximize).map { trials[$0].number } == [1, 2, 5, 8])
        #expect(trials.rankedPositions(goal: .minimize).map { trials[$0].number } == [8, 5, 1, 2])
        for goal in [MetricGoal.maximize, .minimize] {
            #expect(trials.rankedPositions(goal: goal).map { trials[$0] } == trials.rankedByValue(goal: goal))
        }
    }
}
