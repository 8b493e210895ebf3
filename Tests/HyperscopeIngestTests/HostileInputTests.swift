import Foundation
import HyperscopeCore
import HyperscopeIngest
import HyperscopeStore
import TestSupport
import Testing

/// Input that must neither lose data nor be read wrong: byte-order marks, an unclosed quote, numbers
/// beyond 64 bits, and files that become readable.
@Suite("Hostile input keeps what can be kept")
struct HostileInputTests {
    @Test("a UTF-8 byte-order mark starts a log, a CSV table and a JSON table without harm")
    func byteOrderMarks() async throws {
        let folder = try TestSupport.scratchFolder()
        let mark = Data([0xEF, 0xBB, 0xBF])
        try TestSupport.write(
            mark + Data((#"{"event":"config","params":{"lr":0.1}}"# + "\n" + #"{"val/acc":0.5}"# + "\n").utf8),
            to: "log.jsonl", in: folder)
        try TestSupport.write(mark + Data("name,lr,acc\nfirst,0.1,0.7\n".utf8), to: "table.csv", in: folder)
        try TestSupport.write(mark + Data(#"[{"lr": 0.2, "value": 0.8}]"#.utf8), to: "rows.json", in: folder)
        let result = try await ingest([folder.path], options: IngestOptions(metricColumns: ["acc", "value"]))
        #expect(result.summary.problems.isEmpty, "\(result.summary.problems.map(\.problem))")
        #expect(result.runs["log"]?.params["lr"] == .float(0.1))
        let table = try #require(result.runs.values.first { $0.source.hasSuffix("table.csv") })
        #expect(table.params["lr"] == .float(0.1))
        #expect(table.params.keys.allSatisfy { !$0.hasPrefix("\u{FEFF}") })
        #expect(result.runs.values.contains { $0.source.hasSuffix("rows.json") && $0.params["lr"] == .float(0.2) })
    }

    @Test("a CSV with a quote that is never closed keeps the rows before it and names the line")
    func unclosedQuote() async throws {
        let folder = try TestSupport.scratchFolder()
        try TestSupport.write("name,lr,acc\na,0.1,0.7\nb,0.2,0.8\n\"c,0.3,0.9\nd,0.4,0.6\n", to: "t.csv", in: folder)
        let result = try await ingest([folder.path], options: IngestOptions(metricColumns: ["acc"]))
        #expect(result.runs.count == 2)
        let problem = try #require(result.summary.problem("t.csv", line: 4))
        #expect(problem.reason.contains("never closed"))
    }

    @Test("numbers beyond a double and integers beyond 64 bits are problems at their line, never infinity or rounded")
    func outOfRangeNumbers() async throws {
        let folder = try TestSupport.scratchFolder()
        try TestSupport.write(
            #"{"event":"config","params":{"seed":18446744073709551616}}"# + "\n" + #"{"val/acc":1e400}"# + "\n"
                + #"{"val/acc":0.5,"step":9223372036854775807}"# + "\n", to: "n.jsonl", in: folder)
        let result = try await ingest([folder.path])
        #expect(result.summary.problem("n.jsonl", line: 1)?.reason.contains("does not fit in 64 bits") == true)
        #expect(
            result.summary.problem("n.jsonl", line: 2)?.reason.contains("beyond the range of a 64-bit float") == true)
        let run = try #require(result.runs["n"])
        #expect(run.values("val/acc") == [0.5])
        #expect(run.curve(MetricKey(parsing: "val/acc"))?.axis(named: "step") == [Double(Int64.max)])
        #expect(try JSONParser.parse("9223372036854775807") == .int(.max))
        #expect(try JSONParser.parse("-9223372036854775808") == .int(.min))
    }

    @Test(
        "a file that could not be reached is read on the next ingestion once it can be, though its size and time did not change"
    )
    func unreachableThenReadable() async throws {
        let folder = try TestSupport.scratchFolder()
        let target = folder.appendingPathComponent("elsewhere.jsonl")
        try FileManager.default.createDirectory(
            at: folder.appendingPathComponent("logs"), withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(
            atPath: folder.appendingPathComponent("logs/run.jsonl").path, withDestinationPath: target.path)
        let store = MemoryStore()
        let first = try await ingest([folder.appendingPathComponent("logs").path], store: store)
        #expect(first.summary.filesUnreadable == 1)
        #expect(first.summary.problems.first?.problem.reason.contains("cannot examine") == true)
        try TestSupport.replace(target, with: #"{"val/acc":0.5}"# + "\n")
        let second = try await ingest([folder.appendingPathComponent("logs").path], store: store)
        #expect(second.summary.filesRead == 1, "\(second.summary)")
        #expect(second.runs["run"]?.values("val/acc") == [0.5])
        #expect(second.summary.problems.isEmpty)
    }
}
