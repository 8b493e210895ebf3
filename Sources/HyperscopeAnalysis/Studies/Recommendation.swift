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
        let completed = report.trials.filter { $0.state == .completed && $0.value != nil }
        let failed = report.trials.filter { $0.state == .failed }.count
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
        if let branches = report.branches { advice += branchAdvice(branches, goal: report.study.goal) }
        advice += repeatAdvice(completed, goal: report.study.goal)
        let importance = Dictionary(uniqueKeysWithValues: (report.importance?.entries ?? []).map { ($0.key, $0) })
        for range in report.optimalRanges {
            guard case .numeric(let low, let high)? = range.top,
                case .numeric(let exploredLow, let exploredHigh) = range.explored,
                exploredHigh > exploredLow, range.topCount >= 2
            else { continue }
            if let best = report.best?.params[range.key]?.numericValue, best == exploredLow || best == exploredHigh,
                importance[range.key].map({ $0.fanova >= 0.05 }) ?? true
            {
                let side = best == exploredLow ? "lowest" : "highest"
                advice.append(
                    Recommendation(
                        kind: .widen,
                        text:
                            "\(range.key): the best trial uses the \(side) value explored (\(NumberFormatting.metric(best))); widen the range past it."
                    ))
            } else if range.coveredFraction <= 0.5 {
                advice.append(
                    Recommendation(
                        kind: .narrow,
                        text:
                            "\(range.key): the top \(range.topCount)\(range.isConditional ? " of the \(range.configurationCount) configurations that set it" : " configurations") lie in \(NumberFormatting.metric(low))–\(NumberFormatting.metric(high)), \(percent(range.coveredFraction)) of the explored \(NumberFormatting.metric(exploredLow))–\(NumberFormatting.metric(exploredHigh))\(range.logarithmic ? " (log scale)" : ""); narrow the search to it."
                    ))
            }
        }
        for entry in report.importance?.entries ?? [] where entry.fanova < 0.03 && entry.pedAnova < 0.05 {
            let value = report.best?.params[entry.key].map { " (the best trial uses \($0.displayText))" } ?? ""
            advice.append(
                Recommendation(
                    kind: .unimportant,
                    text:
                        "\(entry.key) barely matters: it explains \(percent(entry.fanova)) of the variance; fix it\(value) and search the rest."
                ))
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

    private static func repeatAdvice(_ completed: [Trial], goal: MetricGoal) -> [Recommendation] {
        let ranked = completed.rankedByValue(goal: goal)
        guard ranked.count >= 2 else { return [] }
        let best = ranked[0]
        let runnerUp = ranked[1]
        if let interval = best.valueSummary?.confidenceInterval95, interval.contains(runnerUp.value!) {
            return [
                Recommendation(
                    kind: .repeats,
                    text:
                        "The best trial (\(best.number)) and the runner-up (\(runnerUp.number)) are within noise: \(NumberFormatting.metric(runnerUp.value!)) lies inside the best's 95% CI \(NumberFormatting.metric(interval.lowerBound))–\(NumberFormatting.metric(interval.upperBound)); rerun both with more repeats before choosing."
                )
            ]
        }
        if ranked.allSatisfy({ ($0.valueSummary?.count ?? 1) <= 1 }) {
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
