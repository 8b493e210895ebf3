import Foundation
import HyperscopeCore
import TestSupport
import Testing

@Suite("JSON parser")
struct JSONParserTests {
    @Test("reads every JSON type, keeping integers and floats apart")
    func readsTypes() throws {
        let value = try JSONParser.parse(
            #"{"a": 1, "b": -2.5, "c": true, "d": null, "e": "x", "f": [1, "y"], "g": {"h": false}}"#)
        #expect(value["a"] == .int(1))
        #expect(value["b"] == .float(-2.5))
        #expect(value["c"] == .bool(true))
        #expect(value["d"] == .null)
        #expect(value["e"] == .string("x"))
        #expect(value["f"] == .list([.int(1), .string("y")]))
        #expect(value["g"]?["h"] == .bool(false))
    }

    @Test("reads NaN, Infinity and -Infinity as Python's json module writes them")
    func readsNonFiniteLiterals() throws {
        let value = try JSONParser.parse(#"[NaN, Infinity, -Infinity]"#)
        guard case .list(let items) = value, items.count == 3 else {
            Issue.record("expected a list of three, got \(value)")
            return
        }
        #expect(items[0].numericValue?.isNaN == true)
        #expect(items[1] == .float(.infinity))
        #expect(items[2] == .float(-.infinity))
    }

    @Test(
        "numbers read exactly as strtod reads them",
        arguments: [
            "0", "-0.0", "1e-3", "0.1", "123456789.123456789", "1.7976931348623157e308", "5e-324",
            "2.2250738585072014e-308",
            "9007199254740993", "1E+2", "0.30000000000000004", "123456789012345678901234567890.0",
            "-9223372036854775808",
        ])
    func numbersMatchStrtod(_ text: String) throws {
        let value = try JSONParser.parse(text)
        let expected = strtod(text, nil)
        #expect(value.numericValue == expected, "\(text) read as \(value)")
    }

    @Test("randomized decimals read exactly as strtod reads them")
    func randomizedDecimals() throws {
        let seed = SeededGenerator.newSeed()
        print("JSONParserTests.randomizedDecimals seed: \(seed)")
        var generator = SeededGenerator(seed: seed)
        for _ in 0..<5000 {
            let integer = Int.random(in: -1_000_000...1_000_000, using: &generator)
            let fraction = (0..<Int.random(in: 1...17, using: &generator)).map { _ in
                String(Int.random(in: 0...9, using: &generator))
            }.joined()
            let exponent = Int.random(in: -30...30, using: &generator)
            let text = "\(integer).\(fraction)" + (Bool.random(using: &generator) ? "e\(exponent)" : "")
            #expect(try JSONParser.parse(text).numericValue == strtod(text, nil), "seed \(seed): \(text)")
        }
    }

    @Test(
        "integers stay integers, exactly to 64 bits; beyond that, and beyond a double, they are errors, never rounded")
    func integers() throws {
        #expect(try JSONParser.parse("128") == .int(128))
        #expect(try JSONParser.parse("-7") == .int(-7))
        #expect(try JSONParser.parse("1.0") == .float(1.0))
        #expect(try JSONParser.parse("9223372036854775807") == .int(.max))
        #expect(try JSONParser.parse("1234567890123456789") == .int(1_234_567_890_123_456_789))
        #expect(throws: JSONSyntaxError.self) { try JSONParser.parse("123456789012345678901234567890") }
        #expect(throws: JSONSyntaxError.self) { try JSONParser.parse("9223372036854775808") }
        #expect(throws: JSONSyntaxError.self) { try JSONParser.parse("1e400") }
        #expect(throws: JSONSyntaxError.self) { try JSONParser.parse("-1e400") }
        // Tiny numbers underflow to zero as strtod and Python's float() do.
        #expect(try JSONParser.parse("1e-400") == .float(0))
    }

    @Test("reads escapes, including surrogate pairs, and UTF-8 text")
    func escapesAndUnicode() throws {
        #expect(try JSONParser.parse(#""a\"b\\c\/d\n\t\u00e9\ud83d\ude00""#) == .string("a\"b\\c/d\n\té😀"))
        #expect(try JSONParser.parse("\"größe 🎉\"") == .string("größe 🎉"))
    }

    @Test(
        "errors name the column and what was expected",
        arguments: [
            (#"{"a": 1,}"#, 9, "expected a field name"),
            (#"{"a" 1}"#, 6, "expected ':'"),
            (#"{"a": 1"#, 8, "unexpected end of text inside an object"),
            (#"[1, 2"#, 6, "unexpected end of text inside a list"),
            (#"{"a": tru}"#, 7, "unexpected"),
            (#"{"a": 01}"#, 8, "leading zero"),
            (#"{"a": "x"} trailing"#, 12, "after the JSON value"),
            (#""abc"#, 1, "unterminated string"),
            (#"{"a": 1.}"#, 9, "expected a digit after the decimal point"),
            ("", 1, "empty document"),
        ])
    func errorsNameColumns(_ text: String, column: Int, reason: String) {
        #expect {
            try JSONParser.parse(text)
        } throws: { error in
            guard let error = error as? JSONSyntaxError else { return false }
            return error.column == column && error.reason.contains(reason)
        }
    }

    @Test("control characters, invalid UTF-8 and lone surrogates are errors, not crashes")
    func rejectsInvalidText() {
        #expect(throws: JSONSyntaxError.self) { try JSONParser.parse("\"a\u{01}b\"") }
        #expect(throws: JSONSyntaxError.self) { try JSONParser.parse([0x22, 0xFF, 0xFE, 0x22]) }
        #expect(throws: JSONSyntaxError.self) { try JSONParser.parse(#""\ud800""#) }
        #expect(throws: JSONSyntaxError.self) { try JSONParser.parse([0x7B, 0x00, 0x7D]) }
    }

    @Test("deep nesting is refused with an error instead of exhausting the stack")
    func deepNesting() {
        let text = String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)
        #expect {
            try JSONParser.parse(text)
        } throws: { error in
            (error as? JSONSyntaxError)?.reason.contains("nesting deeper") == true
        }
        #expect(throws: Never.self) {
            try JSONParser.parse(String(repeating: "[", count: 500) + String(repeating: "]", count: 500))
        }
    }

    @Test("the writer's output reads back to the same value, NaN included")
    func writerRoundTrip() throws {
        let value = Value.object([
            Value.Field("lr", .float(0.001)), Value.Field("n", .int(3)), Value.Field("bad", .float(.infinity)),
            Value.Field("s", .string("quote \" and\nnewline\u{01}")), Value.Field("list", .list([.null, .bool(true)])),
        ])
        let text = JSONWriter(nonFiniteNumbers: .literals).string(from: value)
        #expect(try JSONParser.parse(text) == value)
        #expect(JSONWriter(nonFiniteNumbers: .null).string(from: .float(.nan)) == "null")
    }

    @Test("the writer escapes and indents as Python's json.dumps does")
    func writerMatchesPython() {
        // json.dumps("a\"b\\c\nd\re\tf\x01g\x1fé✓", ensure_ascii=False)
        #expect(
            JSONWriter().string(from: .string("a\"b\\c\nd\re\tf\u{01}g\u{1F}é✓"))
                == #""a\"b\\c\nd\re\tf\u0001g\u001fé✓""#)
        // json.dumps({"k": [1, {"x": None}], "e": []}, indent=2)
        let nested = Value.object([
            Value.Field("k", .list([.int(1), .object([Value.Field("x", .null)])])), Value.Field("e", .list([])),
        ])
        #expect(
            JSONWriter(pretty: true).string(from: nested)
                == "{\n  \"k\": [\n    1,\n    {\n      \"x\": null\n    }\n  ],\n  \"e\": []\n}")
    }
}
