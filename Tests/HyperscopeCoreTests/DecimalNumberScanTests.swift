import Foundation
import HyperscopeCore
import Testing

@Suite("Decimal number scan")
struct DecimalNumberScanTests {
    static func scan(_ text: String) -> DecimalNumberScan {
        let bytes = Array(text.utf8)
        return bytes.withUnsafeBufferPointer { DecimalNumberScan($0.baseAddress!, from: 0, end: $0.count) }
    }

    @Test("the parts of a number, where it ends, and each problem at its byte")
    func parts() {
        let number = Self.scan("-0.00125e+3,")
        #expect(
            number.negative && number.mantissa == 125 && number.significantDigits == 3 && number.decimalExponent == -2)
        #expect(!number.isInteger && number.end == 11 && number.exactDouble == -1.25)
        let integer = Self.scan("12345678901234567890123")
        #expect(integer.isInteger && integer.significantDigits == 23 && integer.mantissa == 1_234_567_890_123_456_789)
        #expect(integer.exactDouble == nil, "past 19 digits the fast path is not exact")
        #expect(Self.scan("017").problem == .leadingZero && Self.scan("017").end == 1)
        #expect(Self.scan("-x").problem == .expectedDigit && Self.scan("-x").end == 1)
        #expect(Self.scan("1.e5").problem == .expectedFractionDigit && Self.scan("1.e5").end == 2)
        #expect(Self.scan("1e+").problem == .expectedExponentDigit && Self.scan("1e+").end == 3)
        #expect(Self.scan("1e23").exactDouble == nil && Self.scan("1e22").exactDouble == 1e22)
    }

    @Test("the fast path's value is the correctly rounded one (strtod's) whenever it gives one")
    func exactWhenGiven() {
        var generator = SplitMix64(seed: 42)
        var given = 0
        for _ in 0..<20_000 {
            let digits = Int(generator.next() % 19) + 1
            var text = String(generator.next() % 10_000_000_000_000_000_000).prefix(digits)
            let point = Int(generator.next() % UInt64(digits + 1))
            if point < text.count { text.insert(".", at: text.index(text.startIndex, offsetBy: point)) }
            if text.hasPrefix(".") { text = "0" + text }
            while text.count > 1, text.hasPrefix("0"), !text.hasPrefix("0.") { text.removeFirst() }
            let exponent = Int(generator.next() % 50) - 25
            let written = "\(text)e\(exponent)"
            let scan = Self.scan(written)
            #expect(scan.problem == nil, "\(written)")
            if let value = scan.exactDouble {
                given += 1
                #expect(value == Double(written)!, "\(written)")
            }
        }
        #expect(given > 5_000, "the fast path serves most short numbers")
    }

    @Test("full-precision numbers (17 digits, any exponent) are converted by Eisel–Lemire, not the slow path")
    func eiselLemireServesFullPrecision() {
        var generator = SplitMix64(seed: 17)
        var served = 0
        let count = 100_000
        for _ in 0..<count {
            let value = Double(bitPattern: generator.next())
            guard value.isFinite else { continue }
            let text = String(format: "%.17g", value)
            if let converted = Self.scan(text).double {
                served += 1
                #expect(converted.bitPattern == Double(text)!.bitPattern, "\(text)")
            }
        }
        #expect(served > count * 99 / 100, "only \(served) of \(count) took the fast path")
        // 20 digits leave the fast paths (the slow one reads the text).
        #expect(Self.scan("1.2345678901234567890e5").double == nil)
    }
}
