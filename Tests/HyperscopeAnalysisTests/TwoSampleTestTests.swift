import Foundation
import HyperscopeAnalysis
import HyperscopeCore
import Testing

/// Reference values from SciPy 1.17.1 / NumPy 2.4.6; each test names the call that produced them.
@Suite("Two-sample statistics against SciPy")
struct TwoSampleTestTests {
    static let a = [0.91, 0.93, 0.92, 0.95, 0.90]
    static let b = [0.88, 0.90, 0.87, 0.91]
    static let c = [0.71, 0.74, 0.69, 0.73, 0.75, 0.72, 0.70, 0.76, 0.74, 0.71, 0.73, 0.72]
    static let d = [0.70, 0.72, 0.68, 0.74, 0.71, 0.69, 0.73, 0.70, 0.72, 0.71]

    func close(_ value: Double, _ reference: Double, relative: Double = 1e-9) -> Bool {
        abs(value - reference) <= relative * max(abs(reference), 1e-300)
    }

    @Test("scipy.stats.ttest_ind(a, b, equal_var=False)")
    func welch() throws {
        let first = try TwoSampleTests.welch(Self.a, Self.b).get()
        #expect(close(first.t, 2.551171216573125))
        #expect(close(first.degreesOfFreedom, 6.719604274956511))
        #expect(close(first.p, 0.03937141221974937))
        let second = try TwoSampleTests.welch(Self.c, Self.d).get()
        #expect(close(second.t, 1.8065813747894988))
        #expect(close(second.degreesOfFreedom, 19.909634018991188))
        #expect(close(second.p, 0.0859669888539787))
    }

    @Test("scipy.stats.ttest_rel(x, y)")
    func paired() throws {
        let result = try TwoSampleTests.paired([0.91, 0.93, 0.92, 0.95, 0.90], [0.89, 0.92, 0.90, 0.93, 0.90]).get()
        #expect(close(result.t, 3.5000000000000018))
        #expect(result.degreesOfFreedom == 4)
        #expect(close(result.p, 0.02489616346022271))
    }

    @Test(
        "scipy.stats.mannwhitneyu(a, b, alternative='two-sided'): exact without ties when a side has ≤ 8 values, else asymptotic",
        arguments: [
            (
                [0.91, 0.93, 0.92, 0.95, 0.90], [0.88, 0.90, 0.87, 0.91], 18.0, 0.06393674600423606,
                MannWhitneyU.Method.asymptotic
            ),
            ([0.88, 0.90, 0.87, 0.91], [0.91, 0.93, 0.92, 0.95, 0.90], 2.0, 0.06393674600423606, .asymptotic),
            (c, d, 84.5, 0.11016179311461205, .asymptotic),
            ([3, 1, 2, 2, 5], [2, 2, 4, 6, 6, 7], 7.0, 0.16005734623194479, .asymptotic),
            ([1, 2, 3], [4, 5, 6], 0.0, 0.1, .exact),
        ])
    func mannWhitney(_ x: [Double], _ y: [Double], u: Double, p: Double, method: MannWhitneyU.Method) throws {
        let result = try MannWhitneyU.test(x, y).get()
        #expect(result.u == u)
        #expect(close(result.p, p))
        #expect(result.method == method)
    }

    @Test("exact Mann–Whitney p-values: scipy.stats.mannwhitneyu(..., method='exact')")
    func exactMannWhitney() throws {
        // scipy.stats.mannwhitneyu([1.1, 2.2, 3.3, 4.4, 5.5, 6.6], [2.5, 3.5, 7.5, 8.5, 9.5],
        // alternative='two-sided') -> U=7.0, p=0.17748917748917747
        let result = try MannWhitneyU.test([1.1, 2.2, 3.3, 4.4, 5.5, 6.6], [2.5, 3.5, 7.5, 8.5, 9.5]).get()
        #expect(result.u == 7)
        #expect(close(result.p, 0.17748917748917747))
        #expect(result.method == .exact)
    }

    @Test("the method switches where SciPy's does: exact with 8 values on a side, asymptotic with 9 and 9")
    func methodBoundary() throws {
        // scipy.stats.mannwhitneyu(x8, y20) -> U=81.0, p=0.9801387018778324 (method 'auto' picks exact)
        let x8 = [0.345584, 0.821618, 0.330437, -1.303157, 0.905356, 0.446375, -0.536953, 0.581118]
        let y20 = [
            0.864572, 0.794132, 0.528422, 1.046713, -0.236454, 0.33709, 0.017881, 1.098846, 0.539722, 0.207543,
            -0.281908, 0.242808, 0.508142, 0.224397, 1.794064, 1.506724, -2.211162, -1.389013, 0.325228, 0.07781,
        ]
        let small = try MannWhitneyU.test(x8, y20).get()
        #expect(small.u == 81 && small.method == .exact)
        #expect(close(small.p, 0.9801387018778324))
        // scipy.stats.mannwhitneyu(x9, y9) -> U=48.0, p=0.5364994693194564 (method 'auto' picks asymptotic)
        let x9 = [0.213643, 0.217322, 2.117839, -1.112021, -0.377605, 2.042772, 0.646703, 0.663063, -0.514006]
        let y9 = [-1.148075, 0.667465, 0.609014, -0.727352, -0.183227, 0.427956, -0.444752, 0.40173, 0.595483]
        let large = try MannWhitneyU.test(x9, y9).get()
        #expect(large.u == 48 && large.method == .asymptotic)
        #expect(close(large.p, 0.5364994693194564))
    }

    @Test("numpy.mean, numpy.std(ddof=1), scipy.stats.sem, scipy.stats.t.interval(0.95, n-1, loc, scale), numpy.median")
    func sampleSummary() throws {
        let summary = try #require(SampleSummary(Self.c))
        #expect(summary.count == 12)
        #expect(close(summary.mean, 0.7250000000000001))
        #expect(close(try #require(summary.standardDeviation), 0.020670576365276513))
        #expect(close(try #require(summary.standardError), 0.005967081414398556))
        let interval = try #require(summary.confidenceInterval95)
        #expect(close(interval.lowerBound, 0.7118665423578503))
        #expect(close(interval.upperBound, 0.7381334576421499))
        #expect(summary.median == 0.725)
        #expect(summary.minimum == 0.69 && summary.maximum == 0.76)
    }

    @Test(
        "Hedges' g with the exact correction: (mean_a - mean_b)/s_pooled * exp(gammaln(v/2) - log(v/2)/2 - gammaln((v-1)/2))"
    )
    func hedges() throws {
        #expect(close(try EffectSize.hedgesG(Self.c, Self.d).get(), 0.7353784949096281))
    }

    @Test(
        "seeds per side for 80% power at alpha 0.05: the smallest n with scipy.stats.nct.sf(t.ppf(0.975, 2n-2), 2n-2, d*sqrt(n/2)) + nct.cdf(-t, ...) >= 0.8",
        arguments: [(1.0, 17), (0.5, 64), (0.8, 26), (2.0, 6), (0.2, 394), (-1.0, 17)])
    func power(_ effect: Double, seeds: Int) {
        #expect(PowerAnalysis.valuesPerSide(effectSize: effect) == seeds)
    }

    @Test("Holm's adjustment keeps the input order and is monotone in the sorted p-values")
    func holm() {
        // By hand (Holm 1979): sorted 0.005·4 = 0.02, 0.01·3 = 0.03, 0.03·2 = 0.06, max(0.04·1, 0.06) = 0.06.
        let adjusted = MultipleComparisons.holm([0.01, 0.04, 0.03, 0.005])
        #expect(zip(adjusted, [0.03, 0.06, 0.06, 0.02]).allSatisfy { abs($0 - $1) < 1e-12 })
        #expect(MultipleComparisons.holm([0.5, 0.9]) == [1, 1])
    }

    @Test("the bootstrap CI is reproducible for a seed and brackets the observed difference")
    func bootstrap() throws {
        let first = try #require(Bootstrap.meanDifferenceInterval(Self.c, Self.d, seed: 7))
        let second = try #require(Bootstrap.meanDifferenceInterval(Self.c, Self.d, seed: 7))
        #expect(first == second)
        let observed = 0.7250000000000001 - 0.71
        #expect(first.lowerBound < observed && observed < first.upperBound)
        // Sampling spread of the difference is about sqrt(s_c^2/12 + s_d^2/10) ~ 0.0083, so the 95% interval is about
        // ±0.016.
        #expect(abs(first.upperBound - first.lowerBound - 2 * 1.96 * 0.0083) < 0.006)
    }

    @Test("a large side's resampled mean drawn from its normal limit gives the interval of resampling its values")
    func bootstrapNormalLimit() throws {
        // Skewed samples (exponential, skewness 2): 1,200 values against 200 shifted by 0.1.
        var generator = SplitMix64(seed: 11)
        func exponential(_ count: Int, shift: Double) -> [Double] {
            (0..<count).map { _ in shift - log(1 - Double.random(in: 0..<1, using: &generator)) }
        }
        let large = exponential(1_200, shift: 0)
        let small = exponential(200, shift: 0.1)
        let resampled = try #require(
            Bootstrap.meanDifferenceInterval(large, small, resamples: 2_000, seed: 3, normalFrom: .max))
        let limit = try #require(
            Bootstrap.meanDifferenceInterval(large, small, resamples: 2_000, seed: 3, normalFrom: 1_000))
        // The half-width is about 1.96 · √(1/1200 + 1/200) ≈ 0.15; 2,000 resamples place each end within about 0.007.
        #expect(
            abs(resampled.lowerBound - limit.lowerBound) < 0.025 && abs(resampled.upperBound - limit.upperBound) < 0.025
        )
        #expect(abs((resampled.upperBound - resampled.lowerBound) - 0.30) < 0.04)
        // Both sides in the limit: the difference is normal, diff ± 1.96 · √(v₁/n₁ + v₂/n₂) with divisor n.
        let both = try #require(
            Bootstrap.meanDifferenceInterval(large, small, resamples: 2_000, seed: 3, normalFrom: 100))
        func plugInVariance(_ values: [Double]) -> Double {
            let mean = values.reduce(0, +) / Double(values.count)
            return values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(values.count) / Double(values.count)
        }
        let difference = large.reduce(0, +) / 1_200 - small.reduce(0, +) / 200
        let halfWidth = 1.959964 * (plugInVariance(large) + plugInVariance(small)).squareRoot()
        #expect(
            abs(both.lowerBound - (difference - halfWidth)) < 0.02
                && abs(both.upperBound - (difference + halfWidth)) < 0.02)
        #expect(Bootstrap.drawsPerResample(large, small) == 1_400)
        #expect(Bootstrap.drawsPerResample([Double](repeating: 1, count: 6_000), small) == 200)
    }

    @Test("edge cases give reasons, not NaN: one value, zero variance, empty sides")
    func edgeCases() {
        #expect(throws: NotComputable.self) { try TwoSampleTests.welch([0.9], [0.8, 0.85]).get() }
        #expect(throws: NotComputable.self) { try TwoSampleTests.welch([0.9, 0.9], [0.8, 0.8]).get() }
        #expect(throws: NotComputable.self) { try TwoSampleTests.paired([1, 2, 3], [0, 1, 2]).get() }
        #expect(throws: NotComputable.self) { try MannWhitneyU.test([], [1]).get() }
        #expect(throws: NotComputable.self) { try EffectSize.hedgesG([1, 1], [1, 1]).get() }
        #expect(SampleSummary([0.5])?.standardDeviation == nil)
        #expect(SampleSummary([0.5])?.noSpreadReason != nil)
        #expect(SampleSummary([]) == nil)
        // A diverged run's infinite loss: the mean is infinite, and there is no spread to state (it crashed
        // `compare` when the interval's bounds came out NaN).
        let diverged = try? #require(SampleSummary([0.9, .infinity]))
        #expect(diverged?.mean == .infinity && diverged?.maximum == .infinity)
        #expect(diverged?.standardDeviation == nil && diverged?.confidenceInterval95 == nil)
        #expect(diverged?.noSpreadReason?.contains("not finite") == true)
        #expect(SampleSummary([-.infinity, .infinity])?.confidenceInterval95 == nil)
        #expect(Bootstrap.meanDifferenceInterval([0.9, .infinity], [1.1, 1.2]) == nil)
        let withDiverged = GroupComparison(
            ComparisonSide(label: "a", values: [0.9, .infinity, 1.0]),
            ComparisonSide(label: "b", values: [1.1, 1.2, 1.0]),
            goal: .minimize)
        #expect(withDiverged.differenceInterval95 == nil && withDiverged.summaryA?.mean == .infinity)
        // Three identical values summed and divided back are off by an ulp (0.1 + 0.1 + 0.1 = 0.30000000000000004):
        // their mean is the value itself and their spread exactly 0, not 1e-17.
        let identical = try? #require(SampleSummary([-0.8918915, -0.8918915, -0.8918915]))
        #expect(identical?.mean == -0.8918915)
        #expect(identical?.standardDeviation == 0)
        #expect(SampleSummary([0.1, 0.1, 0.1])?.standardDeviation == 0)
        #expect(PowerAnalysis.valuesPerSide(effectSize: 0) == nil)
        // Identical samples with ties throughout: scipy.stats.mannwhitneyu([1, 1], [1, 1]) -> U=2.0, p=1.0
        #expect((try? MannWhitneyU.test([1, 1], [1, 1]).get())?.p == 1)
    }
}
