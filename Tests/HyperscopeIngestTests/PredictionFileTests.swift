import Foundation
import HyperscopeCore
import TestSupport
import Testing

@testable import HyperscopeIngest

/// Prediction files in each layout, with the bad rows listed by line and the good ones kept.
@Suite("Prediction files")
struct PredictionFileTests {
    @Test("CSV: class columns in order, splits, and a row that does not sum to 1 or has an unknown class left out")
    func table() throws {
        let file = try PredictionFile.read(path: TestSupport.fixture("predictions/table.csv"))
        #expect(file.kind == .probabilities && file.classCount == 3)
        #expect(file.splits.map(\.name) == ["test", "val"])
        #expect(file.split(named: "test")?.labels == [0, 2] && file.split(named: "val")?.labels == [1])
        #expect(file.split(named: "test")?.samples[1] == [[0.2, 0.4, 0.4]])
        #expect(file.problems.map(\.line) == [4, 5])
        #expect(
            file.problems[0].reason.contains("sum to 1.2") && file.problems[1].reason.contains("label 3 is outside"))
    }

    @Test("a .json object of columns; one probability per example is a binary task's class 1")
    func columns() throws {
        let file = try PredictionFile.read(path: TestSupport.fixture("predictions/columns.json"))
        let test = try #require(file.split(named: "test"))
        #expect(file.classCount == 2 && test.labels == [0, 1, 1, 0] && file.problems.isEmpty)
        #expect(test.samples[0] == [[0.8, 0.2]] && test.samples[1].count == 1)
    }

    @Test(
        "stochastic passes: rows of one id, or a list of lists; a label that changes, a NaN and another score kind are listed"
    )
    func passes() throws {
        let file = try PredictionFile.read(path: TestSupport.fixture("predictions/passes.jsonl"))
        let all = try #require(file.split(named: "all"))
        #expect(all.ids == ["a", "b", "c"] && all.labels == [0, 1, 1])
        #expect(all.samples.map(\.count) == [2, 3, 1])
        #expect(file.problems.map(\.line) == [5, 6, 8], "\(file.problems)")
        #expect(file.problems[0].reason.contains("label 0 here and 1 before"))
        #expect(file.problems[1].reason.contains("NaN") || file.problems[1].reason.contains("not a number"))
        #expect(file.problems[2].reason.contains("gives logits"))
    }

    @Test("a file with no good row is an error naming its problems")
    func nothingGood() throws {
        let folder = try TestSupport.scratchFolder()
        let path = try TestSupport.write("{\"label\": 0}\nnot json\n", to: "bad.jsonl", in: folder).path
        #expect(throws: SourceReadError.self) { try PredictionFile.read(path: path) }
        do {
            _ = try PredictionFile.read(path: path)
        } catch {
            #expect(
                "\(error)".contains("no prediction row could be read") && "\(error)".contains("no 'probs' or 'logits'"))
        }
    }

    @Test(
        "CSV or TSV with a probs or logits column of JSON lists (a list of lists for passes); such files are recognised"
    )
    func listColumns() throws {
        let folder = try TestSupport.scratchFolder()
        let csv = try TestSupport.write(
            "id,split,label,probs\n1,test,0,\"[0.9, 0.1]\"\n2,test,1,\"[0.2, 0.8]\"\n3,test,1,\"[0.7, 0.7]\"\n",
            to: "preds.csv", in: folder)
        let file = try PredictionFile.read(path: csv.path)
        #expect(file.kind == .probabilities && file.split(named: "test")?.labels == [0, 1])
        #expect(file.problems.map(\.line) == [4], "the row that sums to 1.4")
        let tsv = try TestSupport.write(
            "label\tlogits\n0\t[[2.0, 0.1], [1.0, 0.5]]\n1\t[0.1, 2.0]\n", to: "passes.tsv", in: folder)
        let passes = try PredictionFile.read(path: tsv.path)
        #expect(passes.kind == .logits && passes.splits.first?.samples.map(\.count) == [2, 1])
        for url in [csv, tsv] {
            let bytes = Array(try Data(contentsOf: url))
            #expect(PredictionFile.recognises(prefix: bytes, path: url.path), "\(url.lastPathComponent)")
        }
        let columns = Array(try Data(contentsOf: URL(fileURLWithPath: TestSupport.fixture("predictions/columns.json"))))
        #expect(PredictionFile.recognises(prefix: columns, path: "columns.json"), "an object of columns")
        let trials = Array("number,value,params_lr\n0,0.5,0.1\n".utf8)
        #expect(!PredictionFile.recognises(prefix: trials, path: "trials.csv"))
    }
}
