import SystemLibC

/// Student's t distribution with `degreesOfFreedom` ν > 0 (not necessarily an integer, as Welch's test needs).
public struct StudentT: Sendable, Hashable {
    /// The degrees of freedom ν.
    public var degreesOfFreedom: Double

    /// Creates the distribution.
    public init(degreesOfFreedom: Double) {
        self.degreesOfFreedom = degreesOfFreedom
    }

    /// P(T ≤ t), from the regularized incomplete beta function: the tail is ½·I_{ν/(ν+t²)}(ν/2, ½).
    public func cdf(_ t: Double) -> Double {
        guard !t.isNaN else { return .nan }
        let tail = 0.5 * twoSidedTail(t)
        return t > 0 ? 1 - tail : tail
    }

    /// P(|T| ≥ |t|): the two-sided p-value of a t statistic, computed without cancellation.
    public func twoSidedTail(_ t: Double) -> Double {
        guard !t.isNaN else { return .nan }
        if t.isInfinite { return 0 }
        let nu = degreesOfFreedom
        return SpecialFunctions.regularizedIncompleteBeta(nu / (nu + t * t), a: nu / 2, b: 0.5)
    }

    /// The quantile: the t with P(T ≤ t) = p, for 0 < p < 1.
    ///
    /// Found by Newton's method on ``cdf(_:)`` from the normal quantile, safeguarded by bisection;
    /// accurate to about 1e-12 relative.
    public func quantile(_ p: Double) -> Double {
        guard p > 0, p < 1, degreesOfFreedom > 0 else { return p == 0 ? -.infinity : (p == 1 ? .infinity : .nan) }
        if p == 0.5 { return 0 }
        if p < 0.5 { return -quantile(1 - p) }
        var low = 0.0
        var high = 1.0
        while cdf(high) < p {
            low = high
            high *= 2
        }
        var t = min(max(SpecialFunctions.normalQuantile(p), low), high)
        for _ in 0..<200 {
            let error = cdf(t) - p
            if error > 0 { high = t } else { low = t }
            let step = error / density(t)
            var next = t - step
            if !(next > low && next < high) || !next.isFinite { next = (low + high) / 2 }
            if abs(next - t) <= 1e-14 * max(1, abs(t)) { return next }
            t = next
        }
        return t
    }

    /// The probability density at t.
    public func density(_ t: Double) -> Double {
        let nu = degreesOfFreedom
        let logDensity =
            SpecialFunctions.logGamma((nu + 1) / 2) - SpecialFunctions.logGamma(nu / 2)
            - 0.5 * log(nu * Double.pi) - (nu + 1) / 2 * log1p(t * t / nu)
        return exp(logDensity)
    }
}
