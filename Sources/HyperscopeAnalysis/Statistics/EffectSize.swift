import HyperscopeCore
import SystemLibC

/// Standardised effect sizes of a difference between two samples.
public enum EffectSize {
    /// Hedges' g: the difference of means over the pooled standard deviation, times the exact small-sample
    /// correction J(ν) = Γ(ν/2) / (√(ν/2)·Γ((ν − 1)/2)) with ν = n₁ + n₂ − 2 (Hedges 1981).
    ///
    /// - Returns: g, or why there is none (fewer than two values on a side, or no variance at all).
    public static func hedgesG(_ a: [Double], _ b: [Double]) -> Result<Double, NotComputable> {
        guard a.count >= 2, b.count >= 2 else {
            return .failure(
                NotComputable("Hedges' g needs at least two values on each side (have \(a.count) and \(b.count))"))
        }
        let meanA = SampleSummary.mean(a)
        let meanB = SampleSummary.mean(b)
        let degrees = Double(a.count + b.count - 2)
        let pooled =
            ((Double(a.count - 1) * SampleSummary.variance(a, mean: meanA)
            + Double(b.count - 1) * SampleSummary.variance(b, mean: meanB)) / degrees).squareRoot()
        guard pooled > 0 else {
            return .failure(NotComputable("both sides are constant: a standardised effect size is undefined"))
        }
        let correction = exp(
            SpecialFunctions.logGamma(degrees / 2) - 0.5 * log(degrees / 2)
                - SpecialFunctions.logGamma((degrees - 1) / 2))
        return .success((meanA - meanB) / pooled * correction)
    }
}

/// How many seeds a comparison needs.
public enum PowerAnalysis {
    /// The smallest number of values per side for which a two-sided two-sample t-test at level
    /// `alpha` detects a standardised effect `effectSize` with probability at least `power`.
    ///
    /// Power is computed exactly from the noncentral t distribution: with n per side,
    /// ν = 2n − 2 and δ = |d|·√(n/2), power = P(T′ > t₁₋α/₂) + P(T′ < −t₁₋α/₂).
    ///
    /// - Returns: n ≥ 2, or `nil` when even `limit` values per side are not enough (or the effect is 0).
    public static func valuesPerSide(
        effectSize: Double, power: Double = 0.8, alpha: Double = 0.05, limit: Int = 100_000
    ) -> Int? {
        let effect = abs(effectSize)
        guard effect > 0, effect.isFinite else { return nil }
        func achieved(_ n: Int) -> Double {
            let degrees = Double(2 * n - 2)
            let critical = StudentT(degreesOfFreedom: degrees).quantile(1 - alpha / 2)
            let shifted = NoncentralT(degreesOfFreedom: degrees, noncentrality: effect * (Double(n) / 2).squareRoot())
            return 1 - shifted.cdf(critical) + shifted.cdf(-critical)
        }
        guard achieved(limit) >= power else { return nil }
        var low = 2
        var high = limit
        if achieved(low) >= power { return low }
        while high - low > 1 {
            let middle = (low + high) / 2
            if achieved(middle) >= power { high = middle } else { low = middle }
        }
        return high
    }
}

/// Corrections for testing several hypotheses at once.
public enum MultipleComparisons {
    /// Holm's step-down adjusted p-values (Holm 1979), in the order given: sorted ascending, the
    /// i-th smallest becomes max over j ≤ i of min(1, (m − j + 1)·p₍ⱼ₎).
    public static func holm(_ pValues: [Double]) -> [Double] {
        let order = pValues.indices.sorted { pValues[$0] < pValues[$1] }
        var adjusted = [Double](repeating: 1, count: pValues.count)
        var running = 0.0
        for (rank, index) in order.enumerated() {
            running = max(running, min(1, Double(pValues.count - rank) * pValues[index]))
            adjusted[index] = running
        }
        return adjusted
    }
}

/// Bootstrap confidence intervals.
public enum Bootstrap {
    /// How many chunks a bootstrap's resamples are drawn in, whatever the number of cores.
    private static let resampleChunks = 8

    /// From this many values on, a side's resampled mean is drawn from its normal limit (see
    /// ``meanDifferenceInterval(_:_:level:resamples:seed:normalFrom:)``).
    public static let normalLimitSize = 5_000

    /// The percentile bootstrap CI of mean(a) − mean(b): each side resampled with replacement
    /// `resamples` times; the bounds are the (1 − level)/2 and (1 + level)/2 quantiles with linear
    /// interpolation (as `numpy.percentile`).
    ///
    /// A side of `normalFrom` values or more has its resampled mean drawn in one step from the
    /// normal distribution the resampled means of so many values follow: the side's mean, with
    /// standard deviation √(Σ(x − x̄)²/n)/√n, the exact spread of the bootstrap's means. Their
    /// skewness is the values' over √n, under 0.03 for skewness 2 at 5,000 values, so the interval
    /// is the same within its Monte-Carlo noise, at one draw per resample instead of n.
    ///
    /// The resamples are drawn in eight chunks, on every core, each from its seed of
    /// ``SplitMix64/seeds(_:from:)``: the interval depends on `seed` alone, not on the cores.
    ///
    /// - Returns: The interval, or `nil` for an empty side or a value that is not finite (a diverged
    ///   run's infinite loss leaves no interval of the mean to state).
    /// - Complexity: O(*resamples* × (*n*₁ + *n*₂)) for sides under `normalFrom`, O(*resamples*) beyond.
    public static func meanDifferenceInterval(
        _ a: [Double], _ b: [Double], level: Double = 0.95, resamples: Int = 10_000, seed: UInt64 = 0,
        normalFrom: Int = normalLimitSize
    ) -> ClosedRange<Double>? {
        guard !a.isEmpty, !b.isEmpty, resamples > 0, a.allSatisfy(\.isFinite), b.allSatisfy(\.isFinite) else {
            return nil
        }
        let sides = (ResampledMean(a, normalFrom: normalFrom), ResampledMean(b, normalFrom: normalFrom))
        let chunks = SplitMix64.seeds(resampleChunks, from: seed).enumerated().map { chunk, seed in
            (seed: seed, range: chunk * resamples / resampleChunks..<(chunk + 1) * resamples / resampleChunks)
        }
        var differences = chunks.concurrentMap { chunk in
            var generator = SplitMix64(seed: chunk.seed)
            return chunk.range.map { _ in
                let meanA = sides.0.draw(using: &generator)
                return meanA - sides.1.draw(using: &generator)
            }
        }.flatMap { $0 }
        differences.sort()
        return percentile(differences, (1 - level) / 2)...percentile(differences, (1 + level) / 2)
    }

    /// How many values one resample of each side draws: those of the sides under ``normalLimitSize``.
    public static func drawsPerResample(_ a: [Double], _ b: [Double]) -> Int {
        [a.count, b.count].filter { $0 < normalLimitSize }.reduce(0, +)
    }

    /// The q-quantile (0 ≤ q ≤ 1) of sorted values with linear interpolation between ranks.
    static func percentile(_ sorted: [Double], _ q: Double) -> Double {
        percentile(count: sorted.count, q) { sorted[$0] }
    }

    /// The q-quantile of `count` sorted values given by rank, with linear interpolation between ranks.
    static func percentile(count: Int, _ q: Double, valueAtRank value: (Int) -> Double) -> Double {
        let position = q * Double(count - 1)
        let lower = Int(position.rounded(.down))
        let (below, above) = (value(lower), value(min(lower + 1, count - 1)))
        return below + (above - below) * (position - Double(lower))
    }
}

/// How one side's mean is resampled: by drawing its values with replacement, or, for a large side,
/// from the normal limit of those means.
private struct ResampledMean: Sendable {
    let values: [Double]
    let mean: Double
    /// The standard deviation of the bootstrap's means: √(Σ(x − x̄)²/n)/√n.
    let spread: Double
    /// Whether the values are drawn one by one.
    let drawsValues: Bool

    init(_ values: [Double], normalFrom: Int) {
        self.values = values
        mean = SampleSummary.mean(values)
        drawsValues = values.count < normalFrom
        let n = Double(values.count)
        spread =
            drawsValues || values.count < 2
            ? 0 : (SampleSummary.variance(values, mean: mean) * (n - 1) / n).squareRoot() / n.squareRoot()
    }

    func draw(using generator: inout SplitMix64) -> Double {
        guard drawsValues else { return mean + spread * StandardNormal.sample(using: &generator) }
        var sum = 0.0
        for _ in values.indices { sum += values[Int.random(in: 0..<values.count, using: &generator)] }
        return sum / Double(values.count)
    }
}
