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
    /// The names of a pairing key's items, seed first (`seed`, `optim.lr`), to say why runs did not
    /// pair; empty when unknown.
    public var pairingFields: [String]

    /// Creates a side.
    public init(label: String, values: [Double], pairingKeys: [Value?] = [], pairingFields: [String] = []) {
        self.label = label
        self.values = values
        self.pairingKeys = pairingKeys
        self.pairingFields = pairingFields
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
    /// The paired t-test over runs matched by ``ComparisonSide/pairingKeys``, or why there is none
    /// (no seeds, no shared seed, runs with a shared seed that differ in other settings, one pair).
    public var paired: Result<TTestResult, NotComputable>
    /// The number of matched pairs the paired test used.
    public var pairedCount: Int
    /// The p-value of the test that decides (see ``decisiveTest``) adjusted by Holm over all
    /// comparisons made together (equal to that p-value alone).
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
    /// The CLI, the dashboard and the quickstart all compare through it with the same defaults, so
    /// one comparison gets one set of numbers wherever it is asked.
    ///
    /// - Parameters:
    ///   - bootstrapSeed: The seed of the bootstrap resampling, so the CI is reproducible.
    ///   - resamples: The number of bootstrap resamples; `nil` for ``standardResamples(_:_:)``.
    public init(
        _ a: ComparisonSide, _ b: ComparisonSide, goal: MetricGoal, bootstrapSeed: UInt64 = 0, resamples: Int? = nil
    ) {
        let resamples = resamples ?? Self.standardResamples(a.values, b.values)
        self.a = a
        self.b = b
        self.goal = goal
        // Two independent halves, on two cores when the sides are large (each side sorted for its
        // summary; every value ranked for Mann–Whitney; the power search).
        let describe = { @Sendable in
            (
                SampleSummary(a.values), SampleSummary(b.values),
                Bootstrap.meanDifferenceInterval(a.values, b.values, resamples: resamples, seed: bootstrapSeed)
            )
        }
        let test = { @Sendable in
            let hedgesG = EffectSize.hedgesG(a.values, b.values)
            return (
                TwoSampleTests.welch(a.values, b.values), MannWhitneyU.test(a.values, b.values), hedgesG,
                (try? hedgesG.get()).flatMap { PowerAnalysis.valuesPerSide(effectSize: $0) }
            )
        }
        let (described, tested) =
            a.values.count + b.values.count >= Self.sizeComparedOnTwoCores
            ? concurrently(describe, test) : (describe(), test())
        (summaryA, summaryB, differenceInterval95) = described
        (welch, mannWhitney, hedgesG, seedsFor80PercentPower) = tested
        if let meanA = summaryA?.mean, let meanB = summaryB?.mean { difference = meanA - meanB }
        let pairs = Self.matchedPairs(a, b)
        pairedCount = pairs.count
        paired =
            pairs.count >= 2
            ? TwoSampleTests.paired(pairs.map(\.0), pairs.map(\.1))
            : .failure(Self.whyUnpaired(a, b, pairs: pairs.count))
        holmP = unadjustedDecisiveTest?.p
    }

    /// From how many values in all a comparison's halves are computed on two cores.
    static let sizeComparedOnTwoCores = 2_000

    /// The bootstrap's resamples unless told otherwise: 10,000, fewer for large sides so that one
    /// comparison draws at most about 10 million values, but never fewer than 1,000 (the interval of
    /// a mean over thousands of runs is narrow, and 1,000 resamples place its ends well within its
    /// width). A side of ``Bootstrap/normalLimitSize`` values or more costs one draw per resample.
    public static func standardResamples(_ a: [Double], _ b: [Double]) -> Int {
        min(10_000, max(1_000, 10_000_000 / max(Bootstrap.drawsPerResample(a, b), 1)))
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

    /// Why fewer than two pairs of runs matched: no seeds, no seed on both sides, or runs with a
    /// shared seed that differ in settings other than the compared ones (named).
    static func whyUnpaired(_ a: ComparisonSide, _ b: ComparisonSide, pairs: Int) -> NotComputable {
        func seeds(_ side: ComparisonSide) -> [Value: [Value]] {
            var bySeed: [Value: [Value]] = [:]
            for case .list(let items)? in side.pairingKeys where !items.isEmpty {
                bySeed[items[0], default: []].append(.list(items))
            }
            return bySeed
        }
        let seedsA = seeds(a)
        let seedsB = seeds(b)
        if pairs == 1 {
            return NotComputable(
                "no paired test: only 1 pair of runs shares a seed and every other setting; it needs 2")
        }
        if seedsA.isEmpty || seedsB.isEmpty {
            return NotComputable("no paired test: \(seedsA.isEmpty ? a.label : b.label) has no run with a seed")
        }
        let shared = Set(seedsA.keys).intersection(seedsB.keys)
        if shared.isEmpty { return NotComputable("no paired test: no seed is shared by both sides") }
        var differing: Set<Int> = []
        for seed in shared {
            for case .list(let left) in seedsA[seed]! {
                for case .list(let right) in seedsB[seed]! {
                    for index in 1..<min(left.count, right.count) where left[index] != right[index] {
                        differing.insert(index)
                    }
                }
            }
        }
        let names = differing.sorted().map { $0 < a.pairingFields.count ? a.pairingFields[$0] : "setting \($0)" }
        return NotComputable(
            "no paired test: runs with the same seed differ in "
                + (names.isEmpty ? "other settings" : names.joined(separator: ", ")))
    }

    /// Applies Holm's correction across comparisons made together, setting each ``holmP`` from its
    /// decisive test's p-value.
    public static func adjustForMultipleComparisons(_ comparisons: inout [GroupComparison]) {
        let indices = comparisons.indices.filter { comparisons[$0].unadjustedDecisiveTest != nil }
        let adjusted = MultipleComparisons.holm(indices.map { comparisons[$0].unadjustedDecisiveTest!.p })
        for (index, value) in zip(indices, adjusted) {
            comparisons[index].holmP = value
            comparisons[index].familySize = indices.count
        }
    }

    /// The test that decides and its raw p-value: the paired t-test when runs pair by seed (it removes
    /// the seed-to-seed variation both sides share), else Welch's t-test, else Mann–Whitney.
    var unadjustedDecisiveTest: (p: Double, name: String)? {
        if let test = try? paired.get() { return (test.p, "paired t over \(pairedCount) pairs") }
        if let test = try? welch.get() { return (test.p, "Welch") }
        if let test = try? mannWhitney.get() { return (test.p, "Mann–Whitney") }
        return nil
    }

    /// The p-value the verdict rests on, Holm-adjusted when several comparisons were made together,
    /// and the test that gave it (see ``unadjustedDecisiveTest``).
    public var decisiveTest: (p: Double, name: String)? {
        guard let raw = unadjustedDecisiveTest else { return nil }
        guard familySize > 1, let holmP else { return raw }
        return (holmP, raw.name + ", Holm-adjusted over \(familySize) comparisons")
    }

    /// Whether Welch's test, Mann–Whitney and the bootstrap CI point different ways: some call the
    /// difference significant at 5% (the CI by excluding 0) and some do not. Each one's verdict, for the
    /// message; `nil` when they agree (or fewer than two apply).
    public var unpairedDisagreement: String? {
        let verdicts = unpairedVerdicts
        guard verdicts.count >= 2, verdicts.contains(where: \.significant),
            verdicts.contains(where: { !$0.significant })
        else { return nil }
        return verdicts.map(\.text).joined(separator: ", ")
    }

    /// Welch's test, Mann–Whitney and the bootstrap CI, each with whether it calls the difference
    /// significant at 5% (the CI by excluding 0), in words.
    private var unpairedVerdicts: [(significant: Bool, text: String)] {
        var verdicts: [(significant: Bool, text: String)] = []
        if let test = try? welch.get() {
            verdicts.append((test.p < 0.05, "Welch \(NumberFormatting.pStatement(test.p))"))
        }
        if let test = try? mannWhitney.get() {
            verdicts.append((test.p < 0.05, "Mann–Whitney \(NumberFormatting.pStatement(test.p))"))
        }
        if let interval = differenceInterval95 {
            let excludesZero = interval.lowerBound > 0 || interval.upperBound < 0
            verdicts.append((excludesZero, "the bootstrap 95% CI " + (excludesZero ? "excludes" : "includes") + " 0"))
        }
        return verdicts
    }

    /// Why a difference the deciding test does not call significant is not put down to chance either:
    /// Welch, Mann–Whitney and the bootstrap CI disagree, or all of them call it significant where the
    /// paired or Holm-adjusted test does not; `nil` when nothing speaks against the deciding test, or it
    /// calls the difference significant.
    var notSettledBecause: String? {
        guard let p = decisiveTest?.p, p >= 0.05 else { return nil }
        if let disagreement = unpairedDisagreement { return "the tests disagree (\(disagreement))" }
        let unpaired = unpairedVerdicts
        guard !unpaired.isEmpty, unpaired.allSatisfy(\.significant) else { return nil }
        return "the unpaired tests call it significant (\(unpaired.map(\.text).joined(separator: ", ")))"
    }

    /// A plain-language verdict: which side is better, by how much, how sure, by which test, and
    /// what to do next. It never calls a difference chance while the tests disagree or the reported
    /// CI excludes 0.
    public var verdict: String {
        guard let summaryA, let summaryB, let difference else {
            return "cannot compare: \(summaryA == nil ? a.label : b.label) has no values"
        }
        let better = (goal == .maximize) == (difference > 0) ? a.label : b.label
        let size = NumberFormatting.metric(abs(difference))
        if summaryA.count < 2 || summaryB.count < 2 {
            return
                "\(better) looks better by \(size), but with \(min(summaryA.count, summaryB.count)) run on one side nothing can be said about chance; run more seeds"
        }
        guard let (p, test) = decisiveTest else {
            if case .failure(let why) = welch { return "no test applies: \(why.reason)" }
            return "no test applies"
        }
        let interval =
            differenceInterval95.map { range -> String in
                let (low, high) =
                    difference > 0 ? (range.lowerBound, range.upperBound) : (-range.upperBound, -range.lowerBound)
                return " (95% CI \(NumberFormatting.metric(low)) to \(NumberFormatting.metric(high)))"
            } ?? ""
        if difference == 0 { return "no difference: both sides have mean \(NumberFormatting.metric(summaryA.mean))" }
        let disagreement = unpairedDisagreement.map { "the tests disagree (\($0))" }
        if p < 0.05 {
            return
                "\(better) is better by \(size)\(interval); the difference is significant (\(NumberFormatting.pStatement(p)), \(test))"
                + (disagreement.map { "; " + $0 } ?? "")
        }
        let need =
            seedsFor80PercentPower.map {
                "about \($0) seeds per side would detect a difference this size with 80% power"
            }
            ?? "the effect is too small to detect with any practical number of seeds"
        if let contrary = notSettledBecause {
            return "not settled: \(better) is ahead by \(size)\(interval), not significant by the \(test) test "
                + "(\(NumberFormatting.pStatement(p))), but \(contrary); \(need)"
        }
        return
            "no significant difference (\(NumberFormatting.pStatement(p)), \(test)): \(better) is ahead by \(size)\(interval), which chance explains; \(need)"
    }
}
