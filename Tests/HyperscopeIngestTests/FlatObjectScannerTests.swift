import Foundation
import TestSupport
import Testing

@testable import HyperscopeIngest

@Suite("Flat-object scanner of the metrics hot path")
struct FlatObjectScannerTests {
    /// The numbers of a flat object, or `nil` when the scanner declines it.
    static func numbers(in text: String) -> [Double]? {
        Array(text.utf8).withUnsafeBytes { bytes in
            var scanner = FlatObjectScanner(bytes)
            guard scanner.start() else { return nil }
            var numbers: [Double] = []
            while true {
                switch scanner.nextKey() {
                case .end: return numbers
                case .invalid: return nil
                case .field:
                    guard let value = scanner.value() else { return nil }
                    if case .number(let number) = value { numbers.append(number) }
                    if case .objectStart = value, !scanner.skipObject() { return nil }
                }
            }
        }
    }

    @Test("short numbers read exactly as strtod; what the scanner cannot read exactly is declined")
    func flatObjectNumbers() throws {
        let seed = SeededGenerator.newSeed()
        print("FlatObjectScannerTests.numbers seed: \(seed)")
        var generator = SeededGenerator(seed: seed)
        var accepted = 0
        for _ in 0..<5000 {
            let integer = Int.random(in: -10_000_000_000...10_000_000_000, using: &generator)
            let fraction = (0..<Int.random(in: 0...20, using: &generator)).map { _ in
                String(Int.random(in: 0...9, using: &generator))
            }.joined()
            let exponent = Bool.random(using: &generator) ? "e\(Int.random(in: -40...40, using: &generator))" : ""
            let number = "\(integer)" + (fraction.isEmpty ? "" : "." + fraction) + exponent
            let numbers = Self.numbers(in: #"{"split":"val","x":\#(number),"y":NaN}"#)
            guard let numbers else { continue }  // declined: the full parser reads it (tested in JSONParserTests)
            #expect(numbers.first == strtod(number, nil), "seed \(seed): \(number) read as \(numbers)")
            #expect(numbers.count == 2 && numbers[1].isNaN)
            accepted += 1
        }
        #expect(accepted > 1000, "the fast path should read most short numbers, read \(accepted) of 5000")
        #expect(Self.numbers(in: #"{"event":"metrics","epoch":1,"loss":0.25,"acc":-1e-3}"#) == [1, 0.25, -0.001])
        for declined in [
            #"{"a\u0041":1}"#, #"{"a":01}"#, #"{"a":1,}"#, #"{"a":1} x"#, #"{"a":"\n"}"#, #"{"a":[1,],"b":2}"#,
            #"{"a":{"b":1},"c":2"#, #"{"a":{"b" 1}}"#,
        ] {
            #expect(Self.numbers(in: declined) == nil, "\(declined)")
        }
    }

    @Test("nested lists and objects are stepped over, checked as the full parser checks them; objects stepped into")
    func nestedValues() {
        #expect(Self.numbers(in: #"{"a":{"b":1},"c":2}"#) == [2])
        #expect(
            Self.numbers(in: #"{"_step": 3, "_wandb": {"runtime": 12, "x": [1, {"y": "}"}]}, "loss": 0.5}"#) == [
                3, 0.5,
            ])
        #expect(Self.numbers(in: #"{"a":[],"b":{},"c":[[]],"d":[null,true,false,NaN,"é"]}"#) == [])
        // Sixteen levels are stepped over; deeper ones go to the full parser.
        let deep = { (levels: Int) in
            #"{"a":"# + String(repeating: "[", count: levels) + String(repeating: "]", count: levels) + "}"
        }
        #expect(Self.numbers(in: deep(16)) == [])
        #expect(Self.numbers(in: deep(17)) == nil)
        for declined in [
            #"{"a":[1,]}"#, #"{"a":{"b":1,}}"#, #"{"a":{"b" 1}}"#, #"{"a":{1:2}}"#, #"{"a":[1 2]}"#, #"{"a":[1}"#,
            "{\"a\":{\"b\":\"\t\"}}", #"{"a":{"b":"\u0041"}}"#, #"{"a":[01]}"#, #"{"a":[tru]}"#, #"{"a":[1]"#,
        ] {
            #expect(Self.numbers(in: declined) == nil, "\(declined)")
        }
        let kinds = Array(#"{"h":{"bins":[1,2]},"l":[3.5]}"#.utf8).withUnsafeBytes { bytes -> [String] in
            var scanner = FlatObjectScanner(bytes)
            guard scanner.start() else { return [] }
            var kinds: [String] = []
            while case .field = scanner.nextKey() {
                switch scanner.value() {
                case .objectStart?:
                    kinds.append(scanner.skipObject() ? "object" : "invalid object")
                case .list?: kinds.append("list")
                default: kinds.append("other")
                }
            }
            return kinds
        }
        #expect(kinds == ["object", "list"])
    }

    @Test("an object stepped into gives its fields, then its end, then the fields after it")
    func steppingIntoObjects() {
        let steps = Array(#"{"a": {"b": 1, "c": {"d": 2}}, "e": 3}"#.utf8).withUnsafeBytes { bytes -> [String] in
            var scanner = FlatObjectScanner(bytes)
            guard scanner.start() else { return [] }
            var steps: [String] = []
            while true {
                switch scanner.nextKey() {
                case .end:
                    steps.append("end")
                    if steps.count > 8 { return steps }
                case .invalid: return steps + ["invalid"]
                case .field(let key):
                    steps.append(String(decoding: key, as: UTF8.self))
                    switch scanner.value() {
                    case .objectStart?: if !scanner.enterObject() { return steps + ["too deep"] }
                    case .number(let number)?: steps.append("\(number)")
                    default: return steps + ["unexpected"]
                    }
                }
            }
        }
        #expect(steps == ["a", "b", "1.0", "c", "d", "2.0", "end", "end", "e", "3.0", "end"])
    }
}
