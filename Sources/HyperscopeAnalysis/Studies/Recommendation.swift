import HyperscopeCore

/// One piece of advice drawn from a study report, in plain words.
public struct Recommendation: Sendable, Hashable {
    /// What the advice is about.
    public enum Kind: String, Sendable, Hashable, CaseIterable {
        /// Which branch of a conditional search to keep.
        case branch
        /// A parameter whose good values lie in a narrower range than the one explored.
        case narrow
        /// A parameter whose best values sit at the edge of the explored range.
        case widen
        /// Where noise is large against the differences, and more repeats are needed.
        case repeats
        /// A parameter that barely matters.
        case unimportant
        /// Many trials failed.
        case failures
        /// Too few completed trials for firm conclusions.
        case budget
    }

    /// What the advice is about.
    public var kind: Kind
    /// The advice, with the numbers it rests on.
    public var text: String

    /// Creates a recommendation.
    public init(kind: Kind, text: String) {
        self.kind = kind
        self.text = text
    }

    /// The advice a report supports, most consequential first.
    static func advise(_ report: StudyReport) -> [Recommendation] {
        var advice: [Recommendation] = []
        // Positions, not copies: a study may have 100,000 trials.
        let trials = report.trials
        let completed = trials.completedPositions
        let failed = trials.reduce(0) { $0 + ($1.state == .failed ? 1 : 0) }
        if !report.trials.isEmpty, Double(failed) >= 0.2 * Double(report.trials.count) {
            advice.append(
                Recommendation(
                    kind: .failures,
                    text:
                        "\(failed) of \(report.trials.count) trials failed: read their messages (hyperscope report --format json lists them) before spending more budget."
                ))
        }
        if completed.count < 10 {
            advice.append(
                Recommendation(
                    kind: .budget,
                    text:
                        "Only \(completed.count) completed trial\(completed.count == 1 ? "" : "s"): importance and ranges are rough; run at least \(max(10, 2 * completed.count)) before narrowing the search."
                ))
        }
        // With several objectives the branches are compared on the first alone, which says nothing of
        // the trade-off: no advice then.
        if let branches = report.branches, report.paretoFront == nil {
            advice += branchAdvice(branches, goal: report.study.goal)
        }
        if report.paretoFront == nil {
            advice += repeatAdvice(trials, goal: report.study.goal)
        } else if completed.allSatisfy({ (trials[$0].valueSummary?.count ?? 1) <= 1 }), completed.count >= 2 {
            advice.append(
                Recommendation(
                    kind: .repeats,
                    text:
                        "Every trial ran once, so the front may owe its members to luck: rerun the one you would choose with repeats: 3 or more (hyperscope report --export front.yaml, with --prefer to choose, then hyperscope search --config front.yaml)."
                ))
        }
        advice += rangeAdvice(report)
        // A parameter barely matters when it barely matters to every objective.
        let importances = consultedImportances(report)
        let unimportant = (importances.first?.entries ?? []).filter { entry in
            importances.allSatisfy { importance in
                importance.entries.contains { $0.key == entry.key && $0.fanova < 0.03 && $0.pedAnova < 0.05 }
            }
        }
        // The configuration to keep the parameter at: the best trial's, or with several objectives the knee's.
        let (chosen, role) = report.paretoFront.map { ($0.knee, "the knee") } ?? (report.best, "the best trial")
        for entry in unimportant {
            let value = chosen?.params[entry.key].map { " (\(role) uses \($0.displayText))" } ?? ""
            advice.append(
                Recommendation(
                    kind: .unimportant,
                    text:
                        "\(entry.key) barely matters: it explains \(percent(entry.fanova)) of the variance\(importances.count > 1 ? " of \(report.study.objectives[0].metric), and as little of every other objective's" : ""); fix it\(value) and search the rest."
                ))
        }
        return advice
    }

    /// The importances advice weighs: the objective's, or with several objectives each one's.
    private static func consultedImportances(_ report: StudyReport) -> [ParameterImportance] {
        report.paretoFront == nil ? [report.importance].compactMap { $0 } : report.objectiveImportances
    }

    /// Where the good configurations (the top quarter, or with several objectives the Pareto front) sit
    /// against what was explored: the best trial at its edge (widen), or in a small part of it (narrow).
    private static func rangeAdvice(_ report: StudyReport) -> [Recommendation] {
        let importances = consultedImportances(report)
        // A parameter matters when some objective gives it a share (or nothing says how much).
        func matters(_ key: String) -> Bool {
            let shares = importances.compactMap { $0.entries.first { $0.key == key }?.fanova }
            return shares.isEmpty || shares.contains { $0 >= 0.05 }
        }
        var advice: [Recommendation] = []
        for range in report.optimalRanges {
            guard case .numeric(let low, let high)? = range.top,
                case .numeric(let exploredLow, let exploredHigh) = range.explored,
                exploredHigh > exploredLow, range.topCount >= 2
            else { continue }
            // A front spans the explored values of the parameters it trades along, so only a best trial at
            // the edge says that better lies beyond.
            let edge = report.best?.params[range.key]?.numericValue.flatMap {
                report.paretoFront == nil && ($0 == exploredLow || $0 == exploredHigh) ? $0 : nil
            }
            let topName =
                report.paretoFront != nil
                ? "the \(range.topCount) configurations on the Pareto front"
                : "the top \(range.topCount)"
                    + (range.isConditional
                        ? " of the \(range.configurationCount) configurations that set it" : " configurations")
            if let edge, matters(range.key) {
                let side = edge == exploredLow ? "lowest" : "highest"
                advice.append(
                    Recommendation(
                        kind: .widen,
                        text:
                            "\(range.key): the best trial uses the \(side) value explored (\(NumberFormatting.metric(edge))); widen the range past it."
                    ))
            } else if range.coveredFraction <= 0.5 {
                advice.append(
                    Recommendation(
                        kind: .narrow,
                        text:
                            "\(range.key): \(topName) lie in \(NumberFormatting.metric(low))–\(NumberFormatting.metric(high)), \(percent(range.coveredFraction)) of the explored \(NumberFormatting.metric(exploredLow))–\(NumberFormatting.metric(exploredHigh))\(range.logarithmic ? " (log scale)" : ""); narrow the search to it."
                    ))
            }
        }
        return advice
    }

    private static func branchAdvice(_ performance: BranchPerformance, goal: MetricGoal) -> [Recommendation] {
        let scored = performance.branches.filter { $0.summary != nil }
        guard scored.count >= 2 else { return [] }
        let first = scored[0]
        let second = scored[1]
        let name = "\(performance.parameter) = \(first.value.displayText)"
        let versus =
            "mean \(NumberFormatting.metric(first.summary!.mean)) over \(first.values.count) trial\(first.values.count == 1 ? "" : "s") against \(NumberFormatting.metric(second.summary!.mean)) for \(second.value.displayText)"
        switch TwoSampleTests.welch(first.values, second.values) {
        case .success(let test) where test.p < 0.05:
            return [
                Recommendation(
                    kind: .branch,
                    text:
                        "Prefer \(name): \(versus) (Welch \(NumberFormatting.pStatement(test.p))); drop the other branches or give them less budget."
                )
            ]
        case .success(let test):
            return [
                Recommendation(
                    kind: .branch,
                    text:
                        "\(name) leads (\(versus)) but the branches are not told apart yet (Welch \(NumberFormatting.pStatement(test.p))); keep both and run more trials."
                )
            ]
        case .failure:
            return [
                Recommendation(
                    kind: .branch,
                    text:
                        "\(name) leads (\(versus)); too few trials per branch to test the difference, keep both for now."
                )
            ]
        }
    }

    private static func repeatAdvice(_ trials: [Trial], goal: MetricGoal) -> [Recommendation] {
        let ranked = trials.rankedPositions(goal: goal)
        guard ranked.count >= 2 else { return [] }
        let best = trials[ranked[0]]
        let runnerUp = trials[ranked[1]]
        if let interval = best.valueSummary?.confidenceInterval95, interval.contains(runnerUp.value!) {
            return [
                Recommendation(
                    kind: .repeats,
                    text:
                        "The best trial (\(best.number)) and the runner-up (\(runnerUp.number)) are within noise: \(NumberFormatting.metric(runnerUp.value!)) lies inside the best's 95% CI \(NumberFormatting.metric(interval.lowerBound))–\(NumberFormatting.metric(interval.upperBound)); rerun both with more repeats before choosing."
                )
            ]
        }
        if ranked.allSatisfy({ (trials[$0].valueSummary?.count ?? 1) <= 1 }) {
            return [
                Recommendation(
                    kind: .repeats,
                    text:
                        "Every trial ran once, so the best value may be luck: rerun the top configurations with repeats: 3 or more (hyperscope report --export best.yaml, then hyperscope search --config best.yaml)."
                )
            ]
        }
        return []
    }

    private static func percent(_ fraction: Double) -> String {
        NumberFormatting.fixed(100 * fraction, decimals: 0) + "%"
    }
}
