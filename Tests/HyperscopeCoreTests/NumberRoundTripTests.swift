import Foundation
import HyperscopeCore
import Testing

/// Every double the JSON parser reads is the correctly rounded one, bit for bit: what
/// `Double(String)` (the C library's `strtod`) gives for the same text.
@Suite("Number round trip")
struct NumberRoundTripTests {
    /// Parses `texts` as one JSON array and compares each element's bits with `Double(String)`'s.
    static func expectSameAsStrtod(_ texts: [String]) throws {
        guard case .list(let values) = try JSONParser.parse("[" + texts.joined(separator: ",") + "]") else {
            Issue.record("not a list")
            return
        }
        var mismatches: [String] = []
        for (text, value) in zip(texts, values) {
            let expected = Double(text)!
            let parsed: Double
            switch value {
            case .float(let number): parsed = number
            case .int(let number): parsed = Double(number)
            default: parsed = .nan
            }
            if parsed.bitPattern != expected.bitPattern, mismatches.count < 10 {
                mismatches.append("\(text): \(parsed) against \(expected)")
            }
        }
        #expect(mismatches.isEmpty, "\(mismatches)")
    }

    @Test("a million random finite doubles, written shortest and with 17 digits, read back exactly")
    func randomDoubles() throws {
        var generator = SplitMix64(seed: 2021)
        var texts: [String] = []
        texts.reserveCapacity(200_000)
        for round in 0..<5 {
            texts.removeAll(keepingCapacity: true)
            while texts.count < 200_000 {
                let value = Double(bitPattern: generator.next())
                guard value.isFinite else { continue }
                // Swift's description is the shortest text that reads back; %.17g is what Python's
                // json.dumps and C's printf write for full precision.
                texts.append(round % 2 == 0 ? "\(value)" : String(format: "%.17g", value))
            }
            try Self.expectSameAsStrtod(texts.map { $0.contains(".") || $0.contains("e") ? $0 : $0 + ".0" })
        }
    }

    @Test("random decimal mantissas of 1 to 19 digits at every exponent, near the ends of the range included")
    func randomDecimals() throws {
        var generator = SplitMix64(seed: 7)
        var texts: [String] = []
        for _ in 0..<300_000 {
            let digits = Int(generator.next() % 19) + 1
            var mantissa = String(generator.next() % 10_000_000_000_000_000_000)
            mantissa = String(mantissa.prefix(digits))
            let exponent = Int(generator.next() % 680) - 360
            let text = "\(generator.next() % 2 == 0 ? "-" : "")\(mantissa)e\(exponent)"
            // Beyond the range is an error (tested below), not a number to compare.
            if Double(text)!.isFinite { texts.append(text) }
        }
        // Halfway cases: a 54-bit odd integer sits between two doubles, and ties go to the even one.
        for _ in 0..<20_000 {
            let halfway = (generator.next() >> 10) | 1 | (1 << 53)
            texts.append("\(halfway).0")
            texts.append("\(halfway)e\(Int(generator.next() % 10) - 5)")
        }
        try Self.expectSameAsStrtod(texts)
    }

    @Test("edge cases: subnormals, the largest double, signed zero, long mantissas")
    func edges() throws {
        try Self.expectSameAsStrtod([
            "4.9406564584124654e-324", "5e-324", "2.4703282292062328e-324", "2.4703282292062327e-324",
            "2.2250738585072009e-308", "2.2250738585072011e-308", "2.2250738585072014e-308",
            "1.7976931348623157e308", "1.7976931348623158e308", "-0.0", "-0e5", "0e999", "0.0e-999",
            "1e-400", "-1e-400", "9007199254740993.0", "9007199254740995.0", "1.00000000000000011102230246251565e0",
            "0.1", "0.30000000000000004", "123456789012345678901234567890e-10", "7.2057594037927933e16",
            "1e23", "8.98846567431158e307", "2.2250738585072012e-308", "3.0517578125e-05",
        ])
        // -0 keeps its sign.
        #expect(try JSONParser.parse("-0.0") == .float(-0.0))
        #expect(try JSONParser.parse("-0.0").numericValue?.sign == .minus)
    }

    @Test("a number beyond the doubles' range is an error naming it, not an infinity")
    func overflow() {
        for text in ["1e400", "-1e400", "1.7976931348623159e308", "123456789e301"] {
            #expect(throws: JSONSyntaxError.self, "\(text)") { _ = try JSONParser.parse(text) }
        }
        do {
            _ = try JSONParser.parse("[1, 1e400]")
            Issue.record("1e400 read")
        } catch {
            #expect("\(error)".contains("1e400") && "\(error)".contains("range"), "\(error)")
        }
    }
}
