import HyperscopeCore

/// Two groups compared on several metrics at once: each metric with its own goal and statistics, the
/// p-values Holm-adjusted over every comparison made together (all pairs × all metrics), and a sentence
/// that says whether the groups trade off ("B is more accurate (not significant); A is better calibrated
/// (p = 0.004)").
public struct MultiMetricComparison: Sendable {
    /// One metric's comparison of the two groups.
    public struct Entry: Sendable {
        /// The metric, its point and its goal.
        public var selection: MetricSelection
        /// The two groups compared on it, with its p-value adjusted over the whole family.
        public var comparison: GroupComparison
    }

    /// Which side a metric favours.
    package enum Leader: String, Sendable {
        /// The first group is better.
        case a
        /// The second group is better.
        case b
        /// The means are equal, or a side has no values.
        case neither
    }

    /// The label of the first group.
    public var labelA: String
    /// The label of the second group.
    public var labelB: String
    /// One entry per metric, in the order asked.
    public var entries: [Entry]

    /// Compares every pair on every metric and adjusts the p-values together.
    ///
    /// - Parameters:
    ///   - metrics: The metrics, in the order they are reported.
    ///   - comparisons: `comparisons[pair][metric]`: each pair of groups compared on each metric
    ///     (same pairs, same sides, one ``GroupComparison`` per metric).
    /// - Returns: One comparison per pair; Holm's correction runs over every (pair, metric) whose
    ///   decisive test applies, so the family is as large as everything that was tested.
    public static func family(
        metrics: [MetricSelection], comparisons: [[GroupComparison]]
    ) -> [MultiMetricComparison] {
        var flat = comparisons.flatMap { $0 }
        GroupComparison.adjustForMultipleComparisons(&flat)
        var start = 0
        return comparisons.map { row in
            precondition(row.count == metrics.count, "one comparison per metric")
            let adjusted = flat[start..<start + row.count]
            start += row.count
            return MultiMetricComparison(
                labelA: row.first?.a.label ?? "", labelB: row.first?.b.label ?? "",
                entries: zip(metrics, adjusted).map { Entry(selection: $0, comparison: $1) })
        }
    }

    /// The side `entry` favours under its goal.
    package static func leader(of entry: Entry) -> Leader {
        guard let difference = entry.comparison.difference, difference != 0 else { return .neither }
        return (entry.selection.goal == .maximize) == (difference > 0) ? .a : .b
    }

    /// Whether `entry`'s decisive test, Holm-adjusted over the family, is below 0.05.
    package static func isSignificant(_ entry: Entry) -> Bool {
        guard let p = entry.comparison.decisiveTest?.p else { return false }
        return p < 0.05
    }

    /// Whether the groups trade off: one is better on some metric and the other on another.
    public var tradesOff: Bool {
        let leaders = Set(entries.map(Self.leader))
        return leaders.contains(.a) && leaders.contains(.b)
    }

    /// The verdict over every metric in words: who is better on what, by how much and how surely, then
    /// what that means (a trade-off, one side ahead everywhere, which differences chance explains).
    public var summary: String {
        let clauses = entries.map(clause)
        let significant = entries.filter(Self.isSignificant)
        let significantLeaders = Set(significant.map(Self.leader)).subtracting([.neither])
        var text = tradesOff ? "trade-off: " : ""
        text += clauses.joined(separator: "; ") + ". "
        let names = significant.map { $0.selection.metric.description }
        switch (significant.count, significantLeaders.count) {
        case (0, _):
            let unsettled = entries.filter { $0.comparison.notSettledBecause != nil }.map {
                $0.selection.metric.description
            }
            text +=
                unsettled.isEmpty
                ? "No difference is significant; chance explains each of them."
                : "No difference is significant by its deciding test, but the \(Self.list(unsettled)) difference"
                    + (unsettled.count == 1 ? " is" : "s are") + " not settled: run more seeds."
        case (_, 2):
            text +=
                "Each side is significantly better on something: a real trade-off, to be settled by which metric matters more."
        case (entries.count, _):
            text += "Every difference is significant, in favour of \(significantLeaders.first == .a ? labelA : labelB)."
        default:
            let side = significantLeaders.first == .a ? labelA : labelB
            text +=
                "Only the \(Self.list(names)) difference\(names.count == 1 ? " is" : "s are") significant, in favour of \(side)."
        }
        if let familySize = entries.lazy.map(\.comparison.familySize).max(), familySize > 1 {
            text += " (p-values Holm-adjusted over \(familySize) comparisons.)"
        }
        return text
    }

    /// One metric's part of the summary: `A is better calibrated by 0.003 (p = 0.004)`.
    private func clause(_ entry: Entry) -> String {
        let comparison = entry.comparison
        let metric = entry.selection.metric.description
        guard let difference = comparison.difference else {
            let empty = comparison.summaryA == nil ? labelA : labelB
            return "\(metric) cannot be compared (\(empty) has no values)"
        }
        let leader = Self.leader(of: entry)
        guard leader != .neither else { return "\(labelA) and \(labelB) are equal on \(metric)" }
        let side = leader == .a ? labelA : labelB
        let how = "\(side) \(Self.betterPhrase(entry.selection)) by \(NumberFormatting.metric(abs(difference)))"
        guard let (p, _) = comparison.decisiveTest else {
            let count = min(comparison.summaryA?.count ?? 0, comparison.summaryB?.count ?? 0)
            return how + (count < 2 ? " (one run on a side: no test)" : " (no test applies)")
        }
        if p < 0.05 { return how + " (\(NumberFormatting.pStatement(p)))" }
        if comparison.notSettledBecause != nil {
            return how + " (not settled: \(NumberFormatting.pStatement(p)), but other tests call it significant)"
        }
        return how + " (not significant, \(NumberFormatting.pStatement(p)))"
    }

    /// How "better" is said for a metric: `is more accurate`, `is better calibrated`, `is faster`,
    /// `has the lower val/loss`, else `is better on NAME`; the particular words only where the goal is
    /// the one the name implies.
    static func betterPhrase(_ selection: MetricSelection) -> String {
        let name = selection.metric.metric.lowercased()
        let words = Set(name.split { !$0.isLetter }.map(String.init))
        let natural = MetricGoal.suggested(forMetricNamed: selection.metric.metric) == selection.goal
        guard natural else { return "is better on \(selection.metric)" }
        if !words.isDisjoint(with: ["acc", "accuracy", "top"]) { return "is more accurate" }
        if !words.isDisjoint(with: ["ece", "mce", "calibration"]) { return "is better calibrated" }
        if !words.isDisjoint(with: ["time", "duration", "latency", "seconds"]) { return "is faster" }
        if !words.isDisjoint(with: ["loss", "nll", "error", "err", "brier", "perplexity", "ppl"]) {
            return "has the lower \(selection.metric)"
        }
        return "is better on \(selection.metric)"
    }

    /// `a`, `a and b`, `a, b and c`.
    private static func list(_ items: [String]) -> String {
        guard items.count > 1 else { return items.first ?? "" }
        return items.dropLast().joined(separator: ", ") + " and " + items.last!
    }
}
