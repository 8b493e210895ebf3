/// Decimal to binary floating point by Eisel and Lemire's algorithm (Lemire, "Number Parsing at a
/// Gigabyte per Second", 2021): a decimal mantissa of at most 19 digits times a power of ten becomes
/// the nearest double from one (rarely two) 64 × 64-bit products with a 128-bit approximation of the
/// power of five, rounding to nearest, ties to even, as `strtod` does. In the very rare cases where
/// the approximation cannot decide the rounding it says so, and the caller converts exactly instead.
package enum EiselLemire {
    /// The double nearest to `mantissa` × 10^`exponent` (negated when `negative`), or `nil` when the
    /// 128-bit approximation cannot decide how to round it.
    @inlinable
    package static func double(mantissa: UInt64, exponent: Int, negative: Bool) -> Double? {
        let sign: UInt64 = negative ? 1 << 63 : 0
        // Below 10^-342 even 2^64 × 10^q rounds to zero; above 10^308 every mantissa overflows.
        if mantissa == 0 || exponent < -342 { return Double(bitPattern: sign) }
        if exponent > 308 { return Double(bitPattern: sign | 0x7FF0_0000_0000_0000) }
        let leadingZeros = mantissa.leadingZeroBitCount
        let normalised = mantissa << leadingZeros
        let power = powersOfFive[exponent + 342]
        var (high, low) = normalised.multipliedFullWidth(by: power.high)
        // The 55 bits that decide the result could be off by one from the truncated power: refine
        // with its low half when the 9 bits below them are all ones.
        if high & 0x1FF == 0x1FF {
            let carry = normalised.multipliedFullWidth(by: power.low).high
            let (sum, overflow) = low.addingReportingOverflow(carry)
            low = sum
            if overflow { high &+= 1 }
        }
        // Still ambiguous: possible only outside the exponents whose products are exact enough.
        if low == .max, exponent < -27 || exponent > 55 { return nil }
        let upperBit = Int(high >> 63)
        var significand = high >> (upperBit + 9)
        // floor(log2(10^q)) is (217706 × q) >> 16 over this range; 1023 is the exponent bias.
        var biasedExponent = ((217_706 &* exponent) >> 16) + 63 + upperBit - leadingZeros + 1023
        if biasedExponent <= 0 {
            // Subnormal: shift into place, round half up, and become normal if rounding carried.
            guard -biasedExponent + 1 < 64 else { return Double(bitPattern: sign) }
            significand >>= UInt64(-biasedExponent + 1)
            significand += significand & 1
            significand >>= 1
            biasedExponent = significand < 1 << 52 ? 0 : 1
            return Double(bitPattern: sign | UInt64(biasedExponent) << 52 | significand)
        }
        // Exactly halfway between two doubles (only possible for small exponents): round to even.
        if low <= 1, exponent >= -4, exponent <= 23, significand & 3 == 1, significand << (upperBit + 9) == high {
            significand &= ~1
        }
        significand += significand & 1
        significand >>= 1
        if significand >= 2 << 52 {
            significand = 1 << 52
            biasedExponent += 1
        }
        significand &= ~(1 << 52)
        if biasedExponent >= 0x7FF { return Double(bitPattern: sign | 0x7FF0_0000_0000_0000) }
        return Double(bitPattern: sign | UInt64(biasedExponent) << 52 | significand)
    }
}
