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

    @Test("the best trial is the first of the ranking: completed, feasible, with a value; ties to the lower number")
    func bestIsFirstRanked() {
        let trials = [
            Self.trial(5, .completed, 0.7), Self.trial(2, .completed, 0.9), Self.trial(3, .pruned, 0.99),
            Self.trial(4, .completed, nil), Self.trial(1, .completed, 0.9),
            Self.trial(6, .completed, 0.95, violation: 1),
            Self.trial(7, .failed, 0.1), Self.trial(8, .completed, 0.2),
        ]
        for goal in [MetricGoal.maximize, .minimize] {
            let best = trials.best(goal: goal)
            #expect(best?.number == trials.rankedByValue(goal: goal).first?.number, "\(goal)")
        }
        #expect(trials.best(goal: .maximize)?.number == 1)
        #expect(trials.best(goal: .minimize)?.number == 8)
        #expect([Self.trial(1, .running, nil), Self.trial(2, .pruned, 0.5)].best(goal: .maximize) == nil)
    }
}
