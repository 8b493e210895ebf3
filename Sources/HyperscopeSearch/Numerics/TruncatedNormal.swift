import HyperscopeAnalysis
import SystemLibC

/// A normal distribution N(μ, σ²) truncated to [low, high]: the log of the mass it keeps, log
/// probabilities of intervals, and sampling by inversion, accurate in both tails.
///
/// Its log density at x in the bounds is −z²/2 − log √(2π) − log σ − ``logNormalizer``, z = (x − μ)/σ;
/// the Parzen estimator evaluates that with the normaliser computed once per kernel.
package struct TruncatedNormal: Sendable, Hashable {
    /// The mean of the untruncated normal.
    package var mean: Double
    /// The standard deviation of the untruncated normal.
    package var standardDeviation: Double
    /// The lower bound.
    package var low: Double
    /// The upper bound.
    package var high: Double

    /// Creates a truncated normal; `standardDeviation` must be positive and `low < high`.
    package init(mean: Double, standardDeviation: Double, low: Double, high: Double) {
        self.mean = mean
        self.standardDeviation = standardDeviation
        self.low = low
        self.high = high
    }

    /// The log of the probability mass the untruncated normal puts on [low, high].
    package var logNormalizer: Double {
        Self.logNormalProbability((low - mean) / standardDeviation, (high - mean) / standardDeviation)
    }

    /// Draws a value by inverting the cumulative distribution at a uniform point of [Φ(a), Φ(b)].
    package func sample(using generator: inout some RandomNumberGenerator) -> Double {
        var a = (low - mean) / standardDeviation
        var b = (high - mean) / standardDeviation
        // Work in the lower tail, where Φ keeps its precision, by mirroring an upper-tail interval.
        let mirrored = a > 0
        if mirrored { (a, b) = (-b, -a) }
        let lowerMass = SpecialFunctions.normalCDF(a)
        let upperMass = SpecialFunctions.normalCDF(b)
        let u = lowerMass + Double.random(in: 0..<1, using: &generator) * (upperMass - lowerMass)
        var z = u > 0 && u < 1 ? SpecialFunctions.normalQuantile(u) : (a + b) / 2
        z = min(max(z, a), b)
        if mirrored { z = -z }
        return min(max(mean + standardDeviation * z, low), high)
    }

    /// log(Φ(b) − Φ(a)) for a < b, using the tail that keeps precision.
    package static func logNormalProbability(_ a: Double, _ b: Double) -> Double {
        // Beyond ±8.3 the tails hold less than 5e-17: the whole mass, exactly in double precision.
        if a < -8.3, b > 8.3 { return 0 }
        // Beyond 37.5 standard deviations the mass underflows to the clamp below either way.
        if a > 37.5 || b < -37.5 { return log(Double.leastNonzeroMagnitude) }
        if a > 0 {
            return log(
                max(SpecialFunctions.normalSurvival(a) - SpecialFunctions.normalSurvival(b), .leastNonzeroMagnitude))
        }
        return log(max(SpecialFunctions.normalCDF(b) - SpecialFunctions.normalCDF(a), .leastNonzeroMagnitude))
    }
}
