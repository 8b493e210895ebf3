import HyperscopeCore
import HyperscopeSearch
import Testing

@Suite("Pruners")
struct PrunerTests {
    /// A finished trial whose value at step s is `curve(s)` for steps 1…`steps`.
    static func trial(
        _ number: Int, steps: Int = 9, state: TrialState = .completed, _ curve: (Double) -> Double
    ) -> Trial {
        let values = (1...steps).map { IntermediateValue(step: Double($0), value: curve(Double($0))) }
        return Trial(
            studyID: 1, number: number, state: state, params: [:], value: values.last?.value,
            intermediateValues: values, startedAt: 0)
    }

    static func points(_ values: [Double]) -> [IntermediateValue] {
        values.enumerated().map { IntermediateValue(step: Double($0.offset + 1), value: $0.element) }
    }

    @Test("the median rule prunes below the median of completed trials at the same step, after startup and warm-up")
    func median() {
        // Completed trials reach 0.5, 0.6, 0.7, 0.8 and 0.9 at every step: the median is 0.7.
        let others = (0..<5).map { index in Self.trial(index) { _ in 0.5 + 0.1 * Double(index) } }
        let pruner = MedianPruner(startupTrials: 5, warmupSteps: 2)
        #expect(
            pruner.pruningReason(Self.points([0.6, 0.6, 0.6]), trialNumber: 9, others: others, goal: .maximize) != nil)
        #expect(
            pruner.pruningReason(Self.points([0.6, 0.75, 0.6]), trialNumber: 9, others: others, goal: .maximize) == nil,
            "its best so far beats the median")
        #expect(
            pruner.pruningReason(Self.points([0.1]), trialNumber: 9, others: others, goal: .maximize) == nil,
            "still warming up")
        #expect(
            MedianPruner(startupTrials: 6).pruningReason(
                Self.points([0.1]), trialNumber: 9, others: others, goal: .maximize) == nil, "too few completed trials")
        #expect(
            pruner.pruningReason(Self.points([0.6, 0.6, 0.6]), trialNumber: 9, others: others, goal: .minimize) == nil,
            "for a loss 0.6 is good")
        let running = others.map { trial in
            var copy = trial
            copy.state = .running
            return copy
        }
        #expect(
            pruner.pruningReason(Self.points([0.1, 0.1, 0.1]), trialNumber: 9, others: running, goal: .maximize) == nil,
            "only completed trials count")
    }

    @Test("ASHA promotes the best 1/η at each rung, deciding once per rung")
    func successiveHalving() {
        let pruner = SuccessiveHalvingPruner(minimumResource: 1, reductionFactor: 3)
        #expect(pruner.rungStep(0) == 1 && pruner.rungStep(1) == 3 && pruner.rungStep(2) == 9)
        // Five trials reached step 3 with values 0.1…0.5; with ours that is six, of which 6/3 = 2 go on.
        let others = (0..<5).map { index in Self.trial(index) { _ in 0.1 * Double(index + 1) } }
        #expect(
            pruner.pruningReason(Self.points([0.9, 0.9, 0.45]), trialNumber: 9, others: others, goal: .maximize) == nil,
            "second best of six at rung 1")
        #expect(
            pruner.pruningReason(Self.points([0.9, 0.9, 0.35]), trialNumber: 9, others: others, goal: .maximize) != nil,
            "third of six at rung 1")
        // Step 4 is past rung 1 but the decision there was made at step 3.
        #expect(
            pruner.pruningReason(Self.points([0.9, 0.9, 0.45, 0.0]), trialNumber: 9, others: others, goal: .maximize)
                == nil)
        #expect(
            pruner.pruningReason(Self.points([0.9]), trialNumber: 0, others: [], goal: .maximize) == nil,
            "the first trial at a rung goes on")
    }

    @Test("Hyperband spreads trials over brackets that first prune at r·η^b and compete within the bracket")
    func hyperband() {
        let pruner = HyperbandPruner(minimumResource: 1, maximumResource: 27, reductionFactor: 3)
        #expect(pruner.bracketCount == 4)
        #expect((0..<8).map(pruner.bracket(ofTrial:)) == [0, 1, 2, 3, 0, 1, 2, 3])
        // Bracket 0 trials (numbers 0, 4, 8, …) compete at step 1; bracket 1 trials not before step 3.
        let bracketZero = [0, 4, 8].map { number in Self.trial(number) { _ in 0.9 } }
        #expect(pruner.pruningReason(Self.points([0.1]), trialNumber: 12, others: bracketZero, goal: .maximize) != nil)
        let otherBrackets = [1, 2, 3].map { number in Self.trial(number) { _ in 0.9 } }
        #expect(
            pruner.pruningReason(Self.points([0.1]), trialNumber: 12, others: otherBrackets, goal: .maximize) == nil)
        #expect(
            pruner.pruningReason(
                Self.points([0.1]), trialNumber: 13,
                others: bracketZero.map { t in
                    var c = t
                    c.number += 1
                    return c
                }, goal: .maximize) == nil,
            "bracket 1 does not prune at step 1")
    }

    @Test("patience stops a trial whose last values do not improve on its earlier best")
    func patience() {
        let pruner = PatiencePruner(patience: 3, minimumDelta: 0.01)
        #expect(
            pruner.pruningReason(Self.points([0.5, 0.6, 0.6, 0.605, 0.6]), trialNumber: 0, others: [], goal: .maximize)
                != nil)
        #expect(
            pruner.pruningReason(Self.points([0.5, 0.6, 0.6, 0.62, 0.6]), trialNumber: 0, others: [], goal: .maximize)
                == nil)
        #expect(
            pruner.pruningReason(Self.points([0.5, 0.6, 0.6]), trialNumber: 0, others: [], goal: .maximize) == nil,
            "not enough reports yet")
        #expect(
            pruner.pruningReason(Self.points([1.0, 0.8, 0.7, 0.6]), trialNumber: 0, others: [], goal: .minimize) == nil,
            "a falling loss improves")
    }
}
