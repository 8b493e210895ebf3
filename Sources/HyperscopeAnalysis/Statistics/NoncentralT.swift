import SystemLibC

/// The noncentral t distribution, for the power of t-tests.
///
/// T = (Z + δ) / √(V/ν) with Z standard normal and V chi-squared with ν degrees of freedom, so
/// P(T ≤ t) = E[Φ(t·S − δ)] with S = √(V/ν). The expectation is integrated numerically over the
/// density of S (composite Simpson on a range holding all but ~1e-15 of its mass).
public struct NoncentralT: Sendable, Hashable {
    /// The degrees of freedom ν.
    public var degreesOfFreedom: Double
    /// The noncentrality δ.
    public var noncentrality: Double

    /// Creates the distribution.
    public init(degreesOfFreedom: Double, noncentrality: Double) {
        self.degreesOfFreedom = degreesOfFreedom
        self.noncentrality = noncentrality
    }

    /// P(T ≤ t), accurate to about 1e-9.
    public func cdf(_ t: Double) -> Double {
        let nu = degreesOfFreedom
        let delta = noncentrality
        let logNormalizer = (nu / 2) * log(nu / 2) + log(2.0) - SpecialFunctions.logGamma(nu / 2)
        func density(_ s: Double) -> Double {
            if s <= 0 { return nu == 1 ? exp(logNormalizer) : 0 }
            return exp(logNormalizer + (nu - 1) * log(s) - nu * s * s / 2)
        }
        let spread = 1 / (2 * nu).squareRoot()
        let mode = ((nu - 1) / nu).squareRoot()
        let lower = max(0, mode - 40 * spread - (nu < 10 ? mode : 0))
        let upper = mode + 40 * spread + (nu < 10 ? 10 : 0)
        let intervals = 4000
        let width = (upper - lower) / Double(intervals)
        var sum = 0.0
        for index in 0...intervals {
            let s = lower + Double(index) * width
            let weight: Double = index == 0 || index == intervals ? 1 : (index % 2 == 1 ? 4 : 2)
            sum += weight * density(s) * SpecialFunctions.normalCDF(t * s - delta)
        }
        return min(1, max(0, sum * width / 3))
    }
}
