import SystemLibC

/// Maps data values to pixels along one axis and chooses readable ticks (1, 2, 5 × 10ⁿ, or powers of ten on a log
/// axis).
struct AxisScale {
    /// The data range shown.
    private(set) var lower: Double
    private(set) var upper: Double
    /// Whether the axis is logarithmic.
    let logarithmic: Bool

    /// A scale covering `values`, widened to round tick values.
    init(covering values: [Double], logarithmic: Bool) {
        self.logarithmic = logarithmic
        let usable = values.filter { $0.isFinite && (!logarithmic || $0 > 0) }
        var low = usable.min() ?? 0
        var high = usable.max() ?? 1
        if logarithmic {
            if low <= 0 { low = 1 }
            if high <= low { high = low * 10 }
            lower = pow(10, floor(log10(low)))
            upper = pow(10, ceil(log10(high)))
            return
        }
        if low == high {
            let pad = low == 0 ? 1 : abs(low) * 0.1
            low -= pad
            high += pad
        }
        let step = Self.niceStep(for: (high - low) / 5)
        lower = floor(low / step) * step
        upper = ceil(high / step) * step
    }

    /// The position of a value between 0 (lower end) and 1 (upper end).
    func fraction(_ value: Double) -> Double {
        if logarithmic { return (log10(value) - log10(lower)) / (log10(upper) - log10(lower)) }
        return (value - lower) / (upper - lower)
    }

    /// Whether a value can be drawn on this axis.
    func accepts(_ value: Double) -> Bool {
        value.isFinite && (!logarithmic || value > 0)
    }

    /// The tick values.
    var ticks: [Double] {
        if logarithmic {
            let first = Int(log10(lower).rounded())
            let last = Int(log10(upper).rounded())
            let stride = max(1, (last - first) / 6)
            let multiples: [Double] = last - first <= 2 ? [1, 2, 5] : [1]
            return Swift.stride(from: first, through: last, by: stride).flatMap { exponent in
                multiples.map { $0 * pow(10, Double(exponent)) }
            }.filter { $0 <= upper * (1 + 1e-12) }
        }
        let step = Self.niceStep(for: (upper - lower) / 5)
        var values: [Double] = []
        var value = lower
        while value <= upper + step / 2 {
            values.append(abs(value) < step * 1e-9 ? 0 : value)
            value += step
        }
        return values
    }

    /// 1, 2 or 5 times a power of ten, at least `rough`.
    static func niceStep(for rough: Double) -> Double {
        guard rough > 0, rough.isFinite else { return 1 }
        let magnitude = pow(10, floor(log10(rough)))
        for multiple in [1.0, 2, 5, 10] where multiple * magnitude >= rough { return multiple * magnitude }
        return 10 * magnitude
    }
}
