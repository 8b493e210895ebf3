import HyperscopeCore
import Testing

@Suite("Names and text that cannot break out")
struct TextSafetyTests {
    @Test("control characters are written as escapes, and text without them is left alone")
    func controlCharacters() {
        #expect("plain text, ünïcode ✓".escapingControlCharacters == "plain text, ünïcode ✓")
        #expect("a\nb\tc\rd".escapingControlCharacters == "a\\nb\\tc\\rd")
        #expect("\u{1B}[31mred\u{7}".escapingControlCharacters == "\\u{1B}[31mred\\u{7}")
        // A backslash is doubled only where escapes are written, so the escaped text reads back one way.
        #expect("C:\\x\n".escapingControlCharacters == "C:\\\\x\\n")
        #expect("\u{85}next".escapingControlCharacters == "\\u{85}next")
    }

    @Test("every scalar is found to be a control character exactly when its general category is Cc")
    func controlCharactersAgainstUnicode() {
        var wrong: [String] = []
        var controls = 0
        for value in UInt32(0)...0x10FFFF {
            guard let scalar = Unicode.Scalar(value) else { continue }
            let text = "a" + String(scalar) + "é"
            let control = scalar.properties.generalCategory == .control
            if control { controls += 1 }
            if text.hasControlCharacters != control || (text.escapingControlCharacters == text) == control {
                wrong.append("U+" + String(value, radix: 16))
            }
        }
        #expect(wrong.isEmpty, "\(wrong.prefix(20))")
        #expect(controls == 65)
    }

    @Test(
        "study names that would escape a folder, break a line or be empty are refused",
        arguments: [
            "", "   ", "../../X", "a/b", "..", ".", "x..y", "evil\npreflight: [[touch, PWN]]\n#", "tab\there",
            "bell\u{7}", String(repeating: "s", count: 201),
        ])
    func badStudyNames(name: String) {
        #expect(StudyRecord.nameProblem(name) != nil, "\(name.escapingControlCharacters)")
    }

    @Test(
        "ordinary study names, spaces and dots included, are fine",
        arguments: ["lr-search", "lr search 2", "v1.2_final", "étude", "sampler_bench_results.json-best"])
    func goodStudyNames(name: String) {
        #expect(StudyRecord.nameProblem(name) == nil)
    }
}
