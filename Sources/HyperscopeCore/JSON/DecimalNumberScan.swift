/// A JSON number (`-12.5e3`) read in one pass into its parts: the first 19 significant digits, how
/// many there are in all, and the power of ten. ``JSONParser`` and the ingestion's flat-object fast
/// path both read numbers with it; each decides what to do with a number too long for the fast path.
package struct DecimalNumberScan {
    /// Why the bytes are not a number.
    package enum Problem {
        /// No digit where the number (or its integer part) starts.
        case expectedDigit
        /// A zero followed by more digits.
        case leadingZero
        /// A decimal point without a digit after it.
        case expectedFractionDigit
        /// An exponent without a digit.
        case expectedExponentDigit
    }

    /// The index just past the number (or where the problem is).
    package var end: Int
    /// Whether it starts with a minus sign.
    package var negative = false
    /// The first 19 significant digits as an integer.
    package var mantissa: UInt64 = 0
    /// How many significant digits there are, past 19 included.
    package var significantDigits = 0
    /// The power of ten the mantissa is scaled by.
    package var decimalExponent = 0
    /// Whether it has neither a fraction nor an exponent.
    package var isInteger = true
    /// What makes it not a number, if anything.
    package var problem: Problem?

    /// Reads the number that starts at `start` (a minus sign or a digit) in `base[start..<end]`.
    @inlinable @inline(__always)
    package init(_ base: UnsafePointer<UInt8>, from start: Int, end limit: Int) {
        var index = start
        end = start
        if index < limit, base[index] == UInt8(ascii: "-") {
            negative = true
            index += 1
        }
        guard index < limit, base[index] &- UInt8(ascii: "0") < 10 else {
            fail(.expectedDigit, at: index)
            return
        }
        if base[index] == UInt8(ascii: "0") {
            index += 1
            if index < limit, base[index] &- UInt8(ascii: "0") < 10 {
                fail(.leadingZero, at: index)
                return
            }
        } else {
            while index < limit, base[index] &- UInt8(ascii: "0") < 10 {
                let taken = accumulateRun(base, at: index, end: limit)
                if taken > 0 {
                    index += taken
                    continue
                }
                accumulate(base[index])
                index += 1
            }
        }
        if index < limit, base[index] == UInt8(ascii: ".") {
            isInteger = false
            index += 1
            guard index < limit, base[index] &- UInt8(ascii: "0") < 10 else {
                fail(.expectedFractionDigit, at: index)
                return
            }
            while index < limit, base[index] &- UInt8(ascii: "0") < 10 {
                // Up to eight digits at once: a 17-digit float's fraction in two or three steps.
                let taken = accumulateRun(base, at: index, end: limit)
                if taken > 0 {
                    decimalExponent -= taken
                    index += taken
                    continue
                }
                if significantDigits < 19 || mantissa == 0 {
                    accumulate(base[index])
                    decimalExponent -= 1
                } else {
                    significantDigits += 1
                }
                index += 1
            }
        }
        if index < limit, base[index] | 0x20 == UInt8(ascii: "e") {
            isInteger = false
            index += 1
            var exponentNegative = false
            if index < limit, base[index] == UInt8(ascii: "-") || base[index] == UInt8(ascii: "+") {
                exponentNegative = base[index] == UInt8(ascii: "-")
                index += 1
            }
            guard index < limit, base[index] &- UInt8(ascii: "0") < 10 else {
                fail(.expectedExponentDigit, at: index)
                return
            }
            var exponent = 0
            while index < limit, base[index] &- UInt8(ascii: "0") < 10 {
                if exponent < 100_000 { exponent = exponent * 10 + Int(base[index] &- UInt8(ascii: "0")) }
                index += 1
            }
            decimalExponent += exponentNegative ? -exponent : exponent
        }
        end = index
    }

    /// The value when Clinger's fast path gives it exactly (at most 19 significant digits, a
    /// mantissa below 2⁵³, a power of ten within ±22), else `nil`.
    @inlinable @inline(__always)
    package var exactDouble: Double? {
        guard problem == nil, significantDigits <= 19, mantissa < (1 << 53), decimalExponent >= -22,
            decimalExponent <= 22
        else { return nil }
        var value = Double(mantissa)
        if decimalExponent < 0 {
            value /= Self.powersOfTen[-decimalExponent]
        } else if decimalExponent > 0 {
            value *= Self.powersOfTen[decimalExponent]
        }
        return negative ? -value : value
    }

    /// The value by Clinger's fast path or, for at most 19 significant digits, by ``EiselLemire`` (an
    /// infinity when the number is beyond the doubles' range); `nil` for the rare numbers neither
    /// decides (more digits, or a rounding the 128-bit product leaves open), which need an exact
    /// conversion of the text.
    @inlinable @inline(__always)
    package var double: Double? {
        guard problem == nil else { return nil }
        if let exact = exactDouble { return exact }
        guard significantDigits <= 19 else { return nil }
        return EiselLemire.double(mantissa: mantissa, exponent: decimalExponent, negative: negative)
    }

    /// Exact powers of ten, 10⁰ through 10²², for Clinger's fast path. Written out: a table of
    /// literals is laid out in the binary, where one computed at first use is checked for being
    /// made at every number read (`swift_once`, 2% of reading a log).
    package static let powersOfTen: [Double] = [
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18,
        1e19, 1e20, 1e21, 1e22,
    ]

    /// 10⁰ through 10⁸ as integers, to shift the mantissa by a run of digits (literals, as above).
    @usableFromInline static let integerPowersOfTen: [UInt64] = [
        1, 10, 100, 1_000, 10_000, 100_000, 1_000_000, 10_000_000, 100_000_000,
    ]

    /// The run of ASCII digits that starts the eight bytes at `bytes` (1 to 8 of them; the first
    /// byte must be a digit) and its value, read as one little-endian word (SWAR): the first byte
    /// that is not a digit is found from per-byte flags, the digits are moved to the top of the word
    /// behind zeros, and the eight are combined in pairs, then fours, then eight.
    @usableFromInline @inline(__always)
    static func leadingDigits(_ bytes: UnsafeRawPointer) -> (count: Int, value: UInt64) {
        let word = UInt64(littleEndian: bytes.loadUnaligned(as: UInt64.self))
        // Each byte minus '0' (as xor): a digit becomes 0...9; any other byte is flagged by its top
        // bit, directly or after adding 0x76. A carry out of a byte starts only at a flagged byte, so
        // it never hides the first one.
        let offsets = word ^ 0x3030_3030_3030_3030
        let flags = ((offsets &+ 0x7676_7676_7676_7676) | offsets) & 0x8080_8080_8080_8080
        let count = flags == 0 ? 8 : flags.trailingZeroBitCount / 8
        // The digits in the last `count` bytes, behind ASCII zeros.
        let shifted = (word << ((8 - count) * 8)) | (0x3030_3030_3030_3030 >> (count * 8))
        var digits = shifted &- 0x3030_3030_3030_3030
        digits = digits &* 10 &+ (digits >> 8)  // each pair of bytes: 10 × first + second, in its low byte
        let pairs = digits & 0x0000_00FF_0000_00FF
        let otherPairs = (digits >> 16) & 0x0000_00FF_0000_00FF
        return (count, (pairs &* (100 &+ (1_000_000 << 32)) &+ otherPairs &* (1 &+ (10_000 << 32))) >> 32)
    }

    /// Adds the run of up to eight digits at `index` to the mantissa in one step when the mantissa
    /// has started (leading zeros are not significant) and they fit in its 19 digits; how many digits
    /// were taken (0 when none: the caller takes one at a time).
    @usableFromInline @inline(__always)
    mutating func accumulateRun(_ base: UnsafePointer<UInt8>, at index: Int, end limit: Int) -> Int {
        guard mantissa != 0, index + 8 <= limit else { return 0 }
        let digits = Self.leadingDigits(UnsafeRawPointer(base + index))
        guard significantDigits + digits.count <= 19 else { return 0 }
        mantissa = mantissa &* Self.integerPowersOfTen[digits.count] &+ digits.value
        significantDigits += digits.count
        return digits.count
    }

    @usableFromInline @inline(__always)
    mutating func accumulate(_ digit: UInt8) {
        if significantDigits < 19 {
            mantissa = mantissa &* 10 &+ UInt64(digit &- UInt8(ascii: "0"))
            if mantissa != 0 { significantDigits += 1 }
        } else {
            significantDigits += 1
        }
    }

    @usableFromInline @inline(__always)
    mutating func fail(_ problem: Problem, at index: Int) {
        self.problem = problem
        end = index
    }
}
