import HyperscopeAnalysis
import Testing

/// Reference values from SciPy 1.17.1; each argument list names the call that produced it.
@Suite("Distributions against SciPy")
struct DistributionTests {
    static func close(_ value: Double, _ reference: Double, relative: Double = 1e-9) -> Bool {
        value == reference || abs(value - reference) <= relative * max(abs(reference), 1e-300)
    }

    @Test(
        "scipy.special.betainc(a, b, x)",
        arguments: [
            (2.5, 0.5, 0.3, 0.018927124071945658), (10.0, 20.0, 0.35, 0.5923866636639051),
            (0.5, 0.5, 0.999, 0.9798649583666235),
        ])
    func incompleteBeta(_ a: Double, _ b: Double, _ x: Double, reference: Double) {
        #expect(Self.close(SpecialFunctions.regularizedIncompleteBeta(x, a: a, b: b), reference, relative: 1e-12))
    }

    @Test(
        "scipy.stats.t.cdf(t, df) and 2 * scipy.stats.t.sf(|t|, df)",
        arguments: [
            (4.0, 2.5, 0.966616727594006, 0.06676654481198814), (3.7, -2.5, 0.03591101145591339, 0.07182202291182678),
            (1.0, 0.3, 0.5927735790777423, 0.8144528418445154), (30.0, 1.96, 0.9703288435519748, 0.05934231289605049),
            (1000.0, -3.1, 0.0009946727655610488, 0.0019893455311220977),
            (2.2, 12.0, 0.9976082930622413, 0.004783413875517491),
        ])
    func studentT(_ df: Double, _ t: Double, cdf: Double, twoSided: Double) {
        let distribution = StudentT(degreesOfFreedom: df)
        #expect(Self.close(distribution.cdf(t), cdf, relative: 1e-10))
        #expect(Self.close(distribution.twoSidedTail(t), twoSided, relative: 1e-10))
    }

    @Test(
        "scipy.stats.t.ppf(q, df)",
        arguments: [
            (4.0, 0.975, 2.7764451051977934), (1.0, 0.975, 12.706204736174694), (2.5, 0.9, 1.7302509288071766),
            (30.0, 0.995, 2.7499956535672254), (1e4, 0.975, 1.960201239890626), (3.0, 0.5, 0.0),
            (7.0, 0.001, -4.785289628638334),
        ])
    func studentTQuantile(_ df: Double, _ q: Double, reference: Double) {
        #expect(Self.close(StudentT(degreesOfFreedom: df).quantile(q), reference, relative: 1e-10))
    }

    @Test(
        "scipy.stats.norm.cdf(x) and scipy.stats.norm.ppf(q)",
        arguments: [
            (-5.0, 2.866515718791933e-07), (-1.2, 0.11506967022170822), (0.0, 0.5), (0.5, 0.6914624612740131),
            (3.0, 0.9986501019683699),
        ])
    func normal(_ x: Double, reference: Double) {
        #expect(Self.close(SpecialFunctions.normalCDF(x), reference, relative: 1e-12))
    }

    @Test(
        "scipy.stats.norm.ppf(q)",
        arguments: [
            (1e-10, -6.361340902404056), (0.001, -3.090232306167813), (0.025, -1.9599639845400545), (0.5, 0.0),
            (0.8, 0.8416212335729143), (0.975, 1.959963984540054),
        ])
    func normalQuantile(_ q: Double, reference: Double) {
        #expect(Self.close(SpecialFunctions.normalQuantile(q), reference, relative: 1e-12))
    }

    @Test(
        "scipy.stats.nct.cdf(x, df, nc)",
        arguments: [
            (4.0, 1.5, 2.0, 0.6189289251396548), (10.0, 2.0, 2.228, 0.5604009026065824),
            (38.0, 2.9, 2.024, 0.19312606814420397),
            (2.0, 0.5, -1.0, 0.10327857197969201), (200.0, 3.0, 1.97, 0.15209389440387863),
            (1.0, 1.5, 2.0, 0.4910199015177237),
            (1000.0, 2.5, 3.0, 0.6908037905144108),
        ])
    func noncentralT(_ df: Double, _ nc: Double, _ x: Double, reference: Double) {
        #expect(Self.close(NoncentralT(degreesOfFreedom: df, noncentrality: nc).cdf(x), reference, relative: 1e-7))
    }
}
