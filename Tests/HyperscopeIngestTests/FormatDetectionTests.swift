import Testing

@testable import HyperscopeIngest

@Suite("Format detection")
struct FormatDetectionTests {
    @Test("a prefix's leading lines are split(separator:)'s first lines, found without splitting the rest")
    func leadingLines() {
        let texts = [
            "", "\n", "\n\n\n", "one", "one\n", "\none\n\ntwo\r\nthree", "a\nb\nc\nd\ne\nf\ng",
            "{\"event\":\"config\"}\n\n{}",
        ]
        for text in texts {
            let bytes = Array(text.utf8)
            for limit in [1, 2, 5, 20] {
                // The prefix as detection reads it: a slice that need not start at zero.
                let slice = ([0x0A] + bytes).dropFirst()
                let expected = Array(slice.split(separator: 0x0A).prefix(limit))
                #expect(FormatDetection.leadingLines(of: slice, limit: limit) == expected, "\(text.debugDescription)")
            }
        }
    }

    @Test("a JSON-lines log is told by its first record, past blank lines, and a predictions file is passed over")
    func formats() {
        let log = Array("\n\n{\"event\":\"config\",\"params\":{}}\n".utf8)
        #expect(FormatDetection.format(ofPath: "/logs/run.jsonl", prefix: log) == .hyperscope)
        let drGen = Array("{\"type\":\"dict_config\",\"value\":{}}\n".utf8)
        #expect(FormatDetection.format(ofPath: "/logs/run.jsonl", prefix: drGen) == .drGen)
        let predictions = Array("\n{\"label\": 1, \"probs\": [0.2, 0.8]}\n".utf8)
        #expect(PredictionFile.recognises(prefix: predictions, path: "/runs/preds.jsonl"))
        #expect(!PredictionFile.recognises(prefix: log, path: "/logs/run.jsonl"))
    }
}
