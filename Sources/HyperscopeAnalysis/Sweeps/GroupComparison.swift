import HyperscopeCore

/// One side of a comparison: its label, its values, and what pairs each value with one of the other side.
public struct ComparisonSide: Sendable, Hashable {
    /// How the side is shown (`optim.name=adam`, or the `--a` expression).
    public var label: String
    /// The metric values, one per run.
    public var values: [Double]
    /// For each value (same order), the key that pairs it with a value of the other side: the run's
    /// seed together with every setting that is not being compared, so only runs that differ in the
    /// compared setting alone are paired; `nil` where a run has no seed.
    public var pairingKeys: [Value?]

    /// Creates a side.
    public init(label: String, values: [Double], pairingKeys: [Value?] = []) {
        self.label = label
        self.values = values
        self.pairingKeys = pairingKeys
    }
}

/// A full two-sample comparison: every statistic a reader needs to decide whether A beats B.
public struct GroupComparison: Sendable, Hashable {
    /// The first side and its summary.
    public var a: ComparisonSide
    /// The second side (the baseline, when comparing against one) and its summary.
    public var b: ComparisonSide
    /// Descriptive statistics of each side (`nil` for an empty side).
    public var summaryA: SampleSummary?
    /// See ``summaryA``.
    public var summaryB: SampleSummary?
    /// mean(A) − mean(B).
    public var difference: Double?
    /// The percentile bootstrap 95% CI of the difference.
    public var differenceInterval95: ClosedRange<Double>?
    /// Welch's t-test, or why it does not apply.
    public var welch: Result<TTestResult, NotComputable>
    /// The Mann–Whitney U test, or why it does not apply.
    public var mannWhitney: Result<MannWhitneyU, NotComputable>
    /// Hedges' g, or why it does not apply.
    public var hedgesG: Result<Double, NotComputable>
    /// The paired t-test over runs matched by ``ComparisonSide/pairingKeys``; `nil` when fewer than two pairs match.
    public var paired: Result<TTestResult, NotComputable>?
    /// The number of matched pairs the paired test used.
    public var pairedCount: Int
    /// Welch's p-value adjusted by Holm over all comparisons made together (equal to Welch's p alone).
    public var holmP: Double?
    /// How many comparisons were made together (the Holm family), 1 for a lone comparison.
    public var familySize = 1
    /// Values per side needed to detect the observed effect (|g|) with 80% power at α = 0.05; `nil` when
    /// there is no effect to detect or it would take more than 100,000.
    public var seedsFor80PercentPower: Int?
    /// The goal of the metric, which decides which side is "better".
    public var goal: MetricGoal

    /// Compares two sides.
    ///
    /// - Parameters:
    ///   - bootstrapSeed: The seed of the bootstrap resampling, so the CI is reproducible.
    ///   - resamples: The number of bootstrap resamples.
    public init(_ a: ComparisonSide, _ b: ComparisonSide, goal: MetricGoal, bootstrapSeed: UInt64 = 0, resamples: Int = 10_000) {
        self.a = a
        self.b = b
        self.goal = goal
        summaryA = SampleSummary(a.values)
        summaryB = SampleSummary(b.values)
        if let meanA = summaryA?.mean, let meanB = summaryB?.mean { difference = meanA - meanB }
        differenceInterval95 = Bootstrap.meanDifferenceInterval(a.values, b.values, resamples: resamples, seed: bootstrapSeed)
        welch = TwoSampleTests.welch(a.values, b.values)
        mannWhitney = MannWhitneyU.test(a.values, b.values)
        hedgesG = EffectSize.hedgesG(a.values, b.values)
        let pairs = Self.matchedPairs(a, b)
        pairedCount = pairs.count
        paired = pairs.count >= 2 ? TwoSampleTests.paired(pairs.map(\.0), pairs.map(\.1)) : nil
        holmP = try? welch.get().p
        seedsFor80PercentPower = (try? hedgesG.get()).flatMap { PowerAnalysis.valuesPerSide(effectSize: $0) }
    }

    /// Values of A and B with the same pairing key, matched one to one (the first of each key).
    static func matchedPairs(_ a: ComparisonSide, _ b: ComparisonSide) -> [(Double, Double)] {
        var bByKey: [Value: Double] = [:]
        for (value, key) in zip(b.values, b.pairingKeys) {
            if let key, bByKey[key] == nil { bByKey[key] = value }
        }
        var used: Set<Value> = []
        var pairs: [(Double, Double)] = []
        for (value, key) in zip(a.values, a.pairingKeys) {
            guard let key, let other = bByKey[key], used.insert(key).inserted else { continue }
            pairs.append((value, other))
        }
        return pairs
    }

    /// Applies Holm's correction across comparisons made together, setting each ``holmP``.
    public static func adjustForMultipleComparisons(_ comparisons: inout [GroupComparison]) {
        let indices = comparisons.indices.filter { comparisons[$0].holmP != nil }
        let adjusted = MultipleComparisons.holm(indices.map { (try? comparisons[$0].welch.get().p) ?? 1 })
        for (index, value) in zip(indices, adjusted) {
            comparisons[index].holmP = value
            comparisons[index].familySize = indices.count
        }
    }

    /// The p-value the verdict rests on and the test that gave it: Holm-adjusted Welch, else the
    /// paired test, else Mann–Whitney.
    public var decisiveTest: (p: Double, name: String)? {
        if let holmP { return (holmP, familySize > 1 ? "Welch, Holm-adjusted over \(familySize) comparisons" : "Welch") }
        if let p = try? paired?.get().p { return (p, "paired t") }
        if let p = try? mannWhitney.get().p { return (p, "Mann–Whitney") }
        return nil
    }

    /// A plain-language verdict: which side is better, by how much, how sure, and what to do next.
    public var verdict: String {
        guard let summaryA, let summaryB, let difference else {
            return "cannot compare: \(summaryA == nil ? a.label : b.label) has no values"
        }
        let better = (goal == .maximize) == (difference > 0) ? a.label : b.label
        let size = NumberFormatting.metric(abs(difference))
        if summaryA.count < 2 || summaryB.count < 2 {
            return "\(better) looks better by \(size), but with \(min(summaryA.count, summaryB.count)) run on one side nothing can be said about chance; run more seeds"
        }
        guard let (p, test) = decisiveTest else {
            if case .failure(let why) = welch { return "no test applies: \(why.reason)" }
            return "no test applies"
        }
        let interval = differenceInterval95.map { range -> String in
            let (low, high) = difference > 0 ? (range.lowerBound, range.upperBound) : (-range.upperBound, -range.lowerBound)
            return " (95% CI \(NumberFormatting.metric(low)) to \(NumberFormatting.metric(high)))"
        } ?? ""
        if difference == 0 { return "no difference: both sides have mean \(NumberFormatting.metric(summaryA.mean))" }
        if p < 0.05 {
            return "\(better) is better by \(size)\(interval); the difference is significant (\(NumberFormatting.pStatement(p)), \(test))"
        }
        let need = seedsFor80PercentPower.map { "about \($0) seeds per side would detect a difference this size with 80% power" }
            ?? "the effect is too small to detect with any practical number of seeds"
        return "no significant difference (\(NumberFormatting.pStatement(p)), \(test)): \(better) is ahead by \(size)\(interval), which chance explains; \(need)"
    }
}
