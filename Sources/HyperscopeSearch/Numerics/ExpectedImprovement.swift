import HyperscopeAnalysis
import SystemLibC

/// The expected improvement of a Gaussian prediction over a threshold, on the log scale so that it
/// stays informative far from the incumbent (Ament et al. 2023, "Unexpected Improvements to
/// Expected Improvement for Bayesian Optimization").
package enum ExpectedImprovement {
    /// The scaled complementary error function erfcx(x) = exp(x²)·erfc(x), finite for all x ≥ −26.
    package static func scaledComplementaryErrorFunction(_ x: Double) -> Double {
        if x < 25 { return exp(x * x) * erfc(x) }
        // Asymptotic series: erfcx(x) ≈ 1/(x√π)·(1 − 1/(2x²) + 3/(4x⁴) − 15/(8x⁶)).
        let inverseSquare = 1 / (x * x)
        return
            (1 - inverseSquare / 2 + 3 * inverseSquare * inverseSquare / 4 - 15 * inverseSquare * inverseSquare
            * inverseSquare / 8)
            / (x * Double.pi.squareRoot())
    }

    /// log h(z), where h(z) = φ(z) + z·Φ(z) is the expected improvement of a standard normal over −z.
    ///
    /// Accurate for every z: directly for z > −1, through erfcx below, and by its asymptote
    /// −z²/2 − log√(2π) − 2 log|z| far in the tail.
    package static func logH(_ z: Double) -> Double {
        if z > -1 {
            return log(SpecialFunctions.normalDensity(z) + z * SpecialFunctions.normalCDF(z))
        }
        let logPhi = -0.5 * z * z - 0.5 * log(2 * Double.pi)
        if z < -1e8 { return logPhi - 2 * log(-z) }
        // h(z) = φ(z)·(1 + z·√(π/2)·erfcx(−z/√2)), and the bracket is 1 − e^{a} with a < 0.
        let a = log(-z) + log(scaledComplementaryErrorFunction(-z / 2.0.squareRoot())) + 0.5 * log(Double.pi / 2)
        return logPhi + logOneMinusExp(a)
    }

    /// Φ(z)/h(z), the derivative of log h at z, computed without overflow.
    package static func logHSlope(_ z: Double) -> Double {
        if z > -1 { return SpecialFunctions.normalCDF(z) / exp(logH(z)) }
        let logCDF = -0.5 * z * z + log(0.5 * scaledComplementaryErrorFunction(-z / 2.0.squareRoot()))
        return exp(logCDF - logH(z))
    }

    /// log EI for minimisation: the log of E[max(threshold − Y, 0)] with Y ~ N(mean, sd²).
    package static func logExpectedImprovement(mean: Double, standardDeviation: Double, threshold: Double) -> Double {
        guard standardDeviation > 0 else { return threshold > mean ? log(threshold - mean) : -.infinity }
        return log(standardDeviation) + logH((threshold - mean) / standardDeviation)
    }

    /// log(1 − eᵃ) for a < 0, accurate on both sides of a = −log 2 (Mächler 2012).
    static func logOneMinusExp(_ a: Double) -> Double {
        a > -0.693_147_180_559_945_3 ? log(-expm1(a)) : log1p(-exp(a))
    }
}
