import SystemLibC

/// The values one search parameter may take.
public enum ParameterDomain: Sendable, Hashable {
    /// A real number in [low, high], drawn on a log scale when `logarithmic`, on a grid of `step`
    /// from `low` when `step` is given.
    case float(low: Double, high: Double, logarithmic: Bool, step: Double?)
    /// An integer in [low, high], on a log scale when `logarithmic`, every `step` from `low`.
    case integer(low: Int64, high: Int64, logarithmic: Bool, step: Int64)
    /// One of a list of values (numbers, strings, booleans, null or lists).
    case categorical([Value])
    /// Always the same value.
    case fixed(Value)

    /// Whether the domain holds more than one value, so a sampler has a choice to make.
    public var isVariable: Bool {
        switch self {
        case .fixed: false
        case .categorical(let choices): choices.count > 1
        case .float(let low, let high, _, _): high > low
        case .integer(let low, let high, _, _): high > low
        }
    }

    /// The grid points of the domain, or `nil` when it is continuous (a float range without `step`).
    ///
    /// - Complexity: O(*k*) in the number of points.
    public var gridPoints: [Value]? {
        switch self {
        case .fixed(let value): return [value]
        case .categorical(let choices): return choices
        case .integer(let low, let high, _, let step):
            return stride(from: low, through: high, by: Int64.Stride(step)).map(Value.int)
        case .float(let low, let high, _, let step):
            guard let step else { return nil }
            let count = Int(((high - low) / step + 1e-9).rounded(.down)) + 1
            return (0..<count).map { .float(Self.roundedToStep(low + Double($0) * step, step: step)) }
        }
    }

    /// Whether `value` lies in the domain (numbers within range and on the step, choices by equality).
    public func contains(_ value: Value) -> Bool {
        switch self {
        case .fixed(let fixed): return value == fixed
        case .categorical(let choices): return choices.contains(value)
        case .integer(let low, let high, _, let step):
            guard case .int(let integer) = value else { return false }
            return integer >= low && integer <= high && (integer - low) % step == 0
        case .float(let low, let high, _, let step):
            guard let number = value.numericValue, number >= low - 1e-12 * abs(low), number <= high + 1e-12 * abs(high)
            else { return false }
            guard let step else { return true }
            let steps = (number - low) / step
            return abs(steps - steps.rounded()) < 1e-6
        }
    }

    /// Maps a value of a numeric domain to [0, 1] (on the log scale when logarithmic); `nil` for others.
    public func unitCoordinate(of value: Value) -> Double? {
        guard let number = value.numericValue, let (lower, upper) = transformedBounds else { return nil }
        guard upper > lower else { return 0.5 }
        return (transform(number) - lower) / (upper - lower)
    }

    /// The numeric value at `coordinate` ∈ [0, 1], snapped to the domain's step and type; `nil` for
    /// categorical and fixed domains.
    public func value(atUnitCoordinate coordinate: Double) -> Value? {
        guard let (lower, upper) = transformedBounds else { return nil }
        let clamped = min(max(coordinate, 0), 1)
        return snapped(untransform(lower + clamped * (upper - lower)))
    }

    /// The nearest value of the domain to a number: clamped to the range, rounded to the step, and an
    /// integer for integer domains. Returns `nil` for categorical and fixed domains.
    public func snapped(_ number: Double) -> Value? {
        switch self {
        case .fixed, .categorical: return nil
        case .integer(let low, let high, _, let step):
            let steps = ((min(max(number, Double(low)), Double(high)) - Double(low)) / Double(step)).rounded()
            return .int(min(high, low + Int64(steps) * step))
        case .float(let low, let high, _, let step):
            let clamped = min(max(number, low), high)
            guard let step else { return .float(clamped) }
            let steps = ((clamped - low) / step).rounded()
            return .float(min(high, Self.roundedToStep(low + steps * step, step: step)))
        }
    }

    /// The bounds on the sampling scale (log for logarithmic domains), or `nil` for non-numeric ones.
    ///
    /// Stepped domains are widened by half a step on each side so every grid point has an equal share.
    public var transformedBounds: (Double, Double)? {
        switch self {
        case .fixed, .categorical: return nil
        case .integer(let low, let high, let logarithmic, let step):
            if logarithmic { return (log(Double(low) - 0.5), log(Double(high) + 0.5)) }
            return (Double(low) - Double(step) / 2, Double(high) + Double(step) / 2)
        case .float(let low, let high, let logarithmic, let step):
            if logarithmic { return (log(low), log(high)) }
            guard let step else { return (low, high) }
            return (low - step / 2, high + step / 2)
        }
    }

    /// Whether numbers are drawn on a log scale.
    public var isLogarithmic: Bool {
        switch self {
        case .float(_, _, let logarithmic, _), .integer(_, _, let logarithmic, _): logarithmic
        default: false
        }
    }

    /// A number on the sampling scale: its logarithm for logarithmic domains, itself otherwise.
    public func transform(_ number: Double) -> Double {
        isLogarithmic ? log(number) : number
    }

    /// The inverse of ``transform(_:)``.
    public func untransform(_ number: Double) -> Double {
        isLogarithmic ? exp(number) : number
    }

    /// `low + k·step` printed without binary noise: 0.1 + 2 × 0.1 is 0.3, not 0.30000000000000004.
    private static func roundedToStep(_ number: Double, step: Double) -> Double {
        let decimals = max(0, min(15, Int((-log10(step)).rounded(.up)) + 2))
        let scale = pow(10, Double(decimals))
        return (number * scale).rounded() / scale
    }
}
