import SystemLibC

/// Draws from the standard normal distribution N(0, 1).
public enum StandardNormal {
    /// One draw by the Box–Muller transform (Box & Muller 1958), from two uniform draws of `generator`.
    public static func sample(using generator: inout some RandomNumberGenerator) -> Double {
        let u = max(Double.random(in: 0..<1, using: &generator), .leastNormalMagnitude)
        let v = Double.random(in: 0..<1, using: &generator)
        return (-2 * log(u)).squareRoot() * cos(2 * Double.pi * v)
    }
}
