/// Formats numbers for people: significant digits for metrics, grouped integers, short durations.
package enum NumberFormatting {
    /// A metric value with up to `digits` significant digits: `0.9498`, `1.21e-05`, `182.4`, `NaN`.
    package static func metric(_ value: Double?, digits: Int = 4) -> String {
        guard let value else { return "–" }
        if value.isNaN { return "NaN" }
        if value.isInfinite { return value < 0 ? "-inf" : "inf" }
        if value == 0 { return "0" }
        guard let decimals = metricDecimals(value, digits: digits) else { return scientific(value, digits: digits) }
        return fixed(value, decimals: decimals, trimming: true)
    }

    /// Appends ``metric(_:digits:)``'s text to `output`, without making a string when the number is
    /// written with decimals (nearly always).
    package static func appendMetric(_ value: Double?, digits: Int = 4, to output: inout [UInt8]) {
        if let value, value.isFinite, value != 0, let decimals = metricDecimals(value, digits: digits) {
            appendFixed(value, decimals: decimals, trimming: true, to: &output)
        } else {
            output += metric(value, digits: digits).utf8
        }
    }

    /// How many decimals a finite, non-zero metric value is written with, or nil when it is written
    /// in scientific notation.
    private static func metricDecimals(_ value: Double, digits: Int) -> Int? {
        let magnitude = abs(value)
        if magnitude >= 1e6 || magnitude < 1e-4 { return nil }
        let integerDigits = magnitude >= 1 ? Int(log10Floor(magnitude)) + 1 : 0
        return max(0, digits - max(integerDigits, 0) + (magnitude < 1 ? leadingZeros(magnitude) : 0))
    }

    /// Appends the decimal digits of `integer` (and its sign) to `output`.
    package static func appendInteger(_ integer: Int64, to output: inout [UInt8]) {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 20) { digits in
            var magnitude = integer.magnitude
            var start = digits.count
            repeat {
                start -= 1
                digits[start] = UInt8(ascii: "0") + UInt8(truncatingIfNeeded: magnitude % 10)
                magnitude /= 10
            } while magnitude > 0
            if integer < 0 { output.append(UInt8(ascii: "-")) }
            output += UnsafeBufferPointer(rebasing: digits[start...])
        }
    }

    /// A p-value: three significant digits, or `< 0.0001`.
    package static func pValue(_ value: Double) -> String {
        value < 1e-4 ? "< 0.0001" : metric(value, digits: 3)
    }

    /// A p-value as said in a sentence: `p = 0.0312`, or `p < 0.0001`.
    package static func pStatement(_ value: Double) -> String {
        value < 1e-4 ? "p \(pValue(value))" : "p = \(pValue(value))"
    }

    /// An integer with thousands separators: `1,024`.
    package static func grouped(_ value: Int) -> String {
        let digits = String(abs(value))
        var output = ""
        for (index, character) in digits.enumerated() {
            if index > 0, (digits.count - index) % 3 == 0 { output.append(",") }
            output.append(character)
        }
        return value < 0 ? "-" + output : output
    }

    /// A duration: `0.4s`, `12s`, `3m05s`, `2h04m`.
    package static func duration(_ seconds: Double) -> String {
        guard seconds.isFinite, seconds >= 0 else { return "–" }
        if seconds < 10 { return fixed(seconds, decimals: 1) + "s" }
        let total = Int(seconds.rounded())
        if total < 60 { return "\(total)s" }
        if total < 3600 { return "\(total / 60)m" + pad(total % 60) + "s" }
        return "\(total / 3600)h" + pad(total % 3600 / 60) + "m"
    }

    /// A number with a fixed count of decimals, rounded half away from zero.
    package static func fixed(_ value: Double, decimals: Int) -> String {
        fixed(value, decimals: decimals, trimming: false)
    }

    /// `value` with `decimals` digits after the point, or when `trimming` without the fraction's
    /// trailing zeros (and without a point left bare): written digit by digit into a buffer on the
    /// stack, since tables of 100,000 rows format millions of numbers.
    private static func fixed(_ value: Double, decimals: Int, trimming: Bool) -> String {
        withFixedText(value, decimals: decimals, trimming: trimming) { String(decoding: $0, as: UTF8.self) }
            ?? fixedFallback(value, trimming: trimming)
    }

    /// Appends ``fixed(_:decimals:)``'s text to `output`, without making a string for a finite
    /// number.
    package static func appendFixed(_ value: Double, decimals: Int, to output: inout [UInt8]) {
        appendFixed(value, decimals: decimals, trimming: false, to: &output)
    }

    private static func appendFixed(_ value: Double, decimals: Int, trimming: Bool, to output: inout [UInt8]) {
        let written: Void? = withFixedText(value, decimals: decimals, trimming: trimming) {
            output.append(contentsOf: $0)
        }
        if written == nil { output += fixedFallback(value, trimming: trimming).utf8 }
    }

    /// `body` given the text of `value` with `decimals` digits after the point (or when `trimming`
    /// without the fraction's trailing zeros), or nil for a number whose digits cannot be written
    /// this way (not finite, or 9e15 and more once scaled).
    private static func withFixedText<Result>(
        _ value: Double, decimals: Int, trimming: Bool, _ body: (UnsafeBufferPointer<UInt8>) -> Result
    ) -> Result? {
        guard value.isFinite, let scaled = scaledMagnitude(value, decimals: decimals) else { return nil }
        return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: decimals + 24) { buffer in
            let start = writeFixed(
                scaled, negative: value < 0, decimals: decimals, trimming: trimming, endingAt: buffer.count, in: buffer)
            return body(UnsafeBufferPointer(rebasing: buffer[start...]))
        }
    }

    /// The text of a number ``withFixedText(_:decimals:trimming:_:)`` cannot write.
    private static func fixedFallback(_ value: Double, trimming: Bool) -> String {
        guard value.isFinite else { return metric(value) }
        return trimming ? trimmed(value.description) : value.description
    }

    /// `|value|` times 10^`decimals`, rounded half away from zero, or nil when it is too large for
    /// its digits to be written exactly (9e15 and more).
    private static func scaledMagnitude(_ value: Double, decimals: Int) -> UInt64? {
        var scale = 1.0
        for _ in 0..<decimals { scale *= 10 }
        let scaled = (abs(value) * scale).rounded()
        return scaled < 9e15 ? UInt64(scaled) : nil
    }

    /// Writes a scaled magnitude's text so that it ends just before `end`, backwards: the fraction's
    /// `decimals` digits (without trailing zeros when `trimming`, and then without a bare point), the
    /// point, the integer's digits and the sign (when `negative` and the number is not written as
    /// zero). Returns where the text starts.
    private static func writeFixed(
        _ scaled: UInt64, negative: Bool, decimals: Int, trimming: Bool, endingAt end: Int,
        in buffer: UnsafeMutableBufferPointer<UInt8>
    ) -> Int {
        var position = end
        var rest = scaled
        var keepZeros = !trimming
        for _ in 0..<decimals {
            let digit = UInt8(truncatingIfNeeded: rest % 10)
            rest /= 10
            if digit == 0, !keepZeros { continue }
            keepZeros = true
            position -= 1
            buffer[position] = UInt8(ascii: "0") + digit
        }
        if position < end {
            position -= 1
            buffer[position] = UInt8(ascii: ".")
        }
        repeat {
            position -= 1
            buffer[position] = UInt8(ascii: "0") + UInt8(truncatingIfNeeded: rest % 10)
            rest /= 10
        } while rest > 0
        if negative, scaled != 0 {
            position -= 1
            buffer[position] = UInt8(ascii: "-")
        }
        return position
    }

    /// `value` as a mantissa of `digits` significant digits (trailing zeros trimmed) and a signed
    /// exponent of at least two digits: `1.21e-05`.
    private static func scientific(_ value: Double, digits: Int) -> String {
        let (mantissa, exponent) = scientificParts(value)
        let decimals = digits - 1
        guard let scaled = scaledMagnitude(mantissa, decimals: decimals) else {
            let exponentText = (abs(exponent) < 10 ? "0" : "") + String(abs(exponent))
            return trimmed(mantissa.description) + "e" + (exponent < 0 ? "-" : "+") + exponentText
        }
        return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: decimals + 32) { buffer in
            // The exponent first, backwards from the end, then the mantissa before it.
            var position = buffer.count
            var magnitude = abs(exponent)
            repeat {
                position -= 1
                buffer[position] = UInt8(ascii: "0") + UInt8(truncatingIfNeeded: magnitude % 10)
                magnitude /= 10
            } while magnitude > 0
            if abs(exponent) < 10 {
                position -= 1
                buffer[position] = UInt8(ascii: "0")
            }
            position -= 2
            buffer[position] = UInt8(ascii: "e")
            buffer[position + 1] = exponent < 0 ? UInt8(ascii: "-") : UInt8(ascii: "+")
            let start = writeFixed(
                scaled, negative: mantissa < 0, decimals: decimals, trimming: true, endingAt: position, in: buffer)
            return String(decoding: UnsafeMutableBufferPointer(rebasing: buffer[start...]), as: UTF8.self)
        }
    }

    /// A non-zero number as a mantissa (1 ≤ |mantissa| < 10 but for rounding) times ten to an exponent.
    private static func scientificParts(_ value: Double) -> (mantissa: Double, exponent: Int) {
        var exponent = Int(log10Floor(abs(value)))
        // Below 1e-300 ten to the exponent is not a double (its reciprocal is): scaled in two steps.
        var mantissa = exponent < -300 ? value * 1e300 * power10(-exponent - 300) : value / power10(exponent)
        if abs(mantissa) >= 10 {
            mantissa /= 10
            exponent += 1
        }
        return (mantissa, exponent)
    }

    /// What ``metric(_:digits:)`` writes for a finite number, kept as numbers: two numbers have the
    /// same text exactly when they have the same `MetricText`, so a column's labels are told apart
    /// without being written.
    package struct MetricText: Hashable {
        /// The text's digits as one integer, the fraction's trailing zeros dropped (as the text
        /// drops them); for a number written by its `description`, that number's bits.
        package let digits: UInt64
        /// How many of the digits follow the decimal point.
        package let decimals: Int
        /// Whether the text starts with a minus sign.
        package let negative: Bool
        /// The power of ten of scientific notation (`e-05`); `nil` for a number written without.
        package let exponent: Int?
        /// Whether the number was written by its `description`, its digits being too many to be
        /// written exactly one by one.
        package let described: Bool
        /// The number the text reads as, to a double's precision.
        package let approximateValue: Double
    }

    /// ``metric(_:digits:)``'s text of the finite number `value`, as a ``MetricText``.
    package static func metricText(_ value: Double, digits: Int) -> MetricText {
        if value == 0 {
            return MetricText(
                digits: 0, decimals: 0, negative: false, exponent: nil, described: false, approximateValue: 0)
        }
        if let decimals = metricDecimals(value, digits: digits) {
            return fixedText(value, decimals: decimals, exponent: nil)
        }
        let (mantissa, exponent) = scientificParts(value)
        return fixedText(mantissa, decimals: digits - 1, exponent: exponent)
    }

    /// The ``MetricText`` of `value` written with `decimals` digits after the point, trailing zeros
    /// trimmed, followed by ten to `exponent` when there is one.
    private static func fixedText(_ value: Double, decimals: Int, exponent: Int?) -> MetricText {
        let scale = exponent.map(power10) ?? 1
        guard let scaled = scaledMagnitude(value, decimals: decimals) else {
            return MetricText(
                digits: value.bitPattern, decimals: 0, negative: false, exponent: exponent, described: true,
                approximateValue: value * scale)
        }
        var (digits, shown) = (scaled, decimals)
        while shown > 0, digits % 10 == 0 {
            digits /= 10
            shown -= 1
        }
        let negative = value < 0 && scaled != 0
        let magnitude = Double(digits) / power10(shown) * scale
        return MetricText(
            digits: digits, decimals: shown, negative: negative, exponent: exponent, described: false,
            approximateValue: negative ? -magnitude : magnitude)
    }

    private static func log10Floor(_ magnitude: Double) -> Double {
        var exponent = 0.0
        var value = magnitude
        while value >= 10 {
            value /= 10
            exponent += 1
        }
        while value < 1 {
            value *= 10
            exponent -= 1
        }
        return exponent
    }

    private static func leadingZeros(_ magnitude: Double) -> Int {
        -Int(log10Floor(magnitude)) - 1
    }

    private static func power10(_ exponent: Int) -> Double {
        var result = 1.0
        for _ in 0..<abs(exponent) { result *= 10 }
        return exponent < 0 ? 1 / result : result
    }

    private static func trimmed(_ text: String) -> String {
        guard text.contains(".") else { return text }
        var result = Substring(text)
        while result.hasSuffix("0") { result = result.dropLast() }
        if result.hasSuffix(".") { result = result.dropLast() }
        return String(result)
    }

    private static func pad(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
}
