import Foundation
import HyperscopeCore
import HyperscopeIngest
import HyperscopeStore
import TestSupport
import Testing

@Suite("Incremental ingestion")
struct IncrementalIngestTests {
    @Test("re-ingesting an unchanged tree reads nothing and reports the runs as unchanged")
    func unchangedTree() async throws {
        let folder = try TestSupport.copyFixtureFolder("logs/hyperscope")
        let store = MemoryStore()
        let first = try await ingest([folder.path], store: store)
        #expect(first.summary.runsIngested == 4)
        let second = try await ingest([folder.path], store: store)
        #expect(second.summary.filesUnchanged == 4)
        #expect(second.summary.runsUnchanged == 4)
        #expect(second.summary.runsIngested == 0)
        #expect(second.summary.bytesRead == 0)
        #expect(second.summary.problems.count == first.summary.problems.count)
        #expect(second.runs["adam-lr0.01-seed0"]?.id == first.runs["adam-lr0.01-seed0"]?.id)
    }

    @Test("a log that grew is continued where it stopped: new points appended, line numbers kept")
    func grownLogContinues() async throws {
        let folder = try TestSupport.scratchFolder()
        let url = try TestSupport.write(
            #"{"event":"config","params":{"lr":0.1}}"# + "\n"
                + #"{"event":"metrics","split":"val","epoch":1,"acc":0.5}"# + "\n",
            to: "live.jsonl", in: folder)
        let store = MemoryStore()
        let first = try await ingest([folder.path], store: store)
        #expect(first.runs["live"]?.status == .incomplete)

        let handle = try FileHandle(forWritingTo: url)
        try handle.seekToEnd()
        try handle.write(
            contentsOf: Data(
                (#"{"event":"metrics","split":"val","epoch":2,"acc":0.6}"# + "\n" + "{broken\n"
                    + #"{"event":"end","status":"completed"}"# + "\n").utf8))
        try handle.close()
        let second = try await ingest([folder.path], store: store)
        #expect(second.summary.filesContinued == 1)
        #expect(second.summary.runsUpdated == 1)
        let run = try #require(second.runs["live"])
        #expect(run.values("val/acc") == [0.5, 0.6])
        #expect(run.curve(MetricKey(parsing: "val/acc"))?.axis(named: "epoch") == [1, 2])
        #expect(run.params["lr"] == .float(0.1))
        #expect(run.status == .completed)
        #expect(second.summary.problem("live.jsonl", line: 4)?.reason.contains("malformed JSON") == true)
        #expect(run.id == first.runs["live"]?.id)
    }

    @Test("a truncated last line is read again once the writer finishes it, and its problem goes away")
    func truncatedLineCompleted() async throws {
        let folder = try TestSupport.scratchFolder()
        let url = try TestSupport.write(#"{"val/acc":0.5}"# + "\n" + #"{"val/acc":0."#, to: "writing.jsonl", in: folder)
        let store = MemoryStore()
        let first = try await ingest([folder.path], store: store)
        #expect(first.summary.problem("writing.jsonl", line: 2)?.reason.contains("truncated last line") == true)
        #expect(first.runs["writing"]?.values("val/acc") == [0.5])

        let handle = try FileHandle(forWritingTo: url)
        try handle.seekToEnd()
        try handle.write(contentsOf: Data("7}\n".utf8))
        try handle.close()
        let second = try await ingest([folder.path], store: store)
        #expect(second.summary.filesContinued == 1)
        #expect(second.summary.problems.isEmpty)
        #expect(second.runs["writing"]?.values("val/acc") == [0.5, 0.7])
    }

    @Test("a rewritten file is read again whole; rows removed from a table delete their runs")
    func rewrittenTable() async throws {
        let folder = try TestSupport.scratchFolder()
        let url = try TestSupport.write(
            "number,value,params_x,state\n0,1.0,1,COMPLETE\n1,2.0,2,COMPLETE\n", to: "t.csv", in: folder)
        let store = MemoryStore()
        let first = try await ingest([folder.path], store: store)
        #expect(first.runs.count == 2)
        try TestSupport.replace(url, with: "number,value,params_x,state\n0,1.5,1,COMPLETE\n")
        try TestSupport.setModificationDate(Date().addingTimeInterval(5), of: url)
        let second = try await ingest([folder.path], store: store)
        #expect(second.summary.runsUpdated == 1)
        #expect(second.runs.count == 1)
        #expect(second.runs["t#0"]?.values("value") == [1.5])
    }

    @Test("a file that becomes unreadable keeps its stored runs and gets a problem")
    func unreadableKeepsRuns() async throws {
        let folder = try TestSupport.scratchFolder()
        let url = try TestSupport.write(#"{"val/acc":0.5}"# + "\n", to: "r.jsonl", in: folder)
        let store = MemoryStore()
        _ = try await ingest([folder.path], store: store)
        try Data([0x00, 0x01, 0x02]).write(to: url)
        let second = try await ingest([folder.path], store: store)
        #expect(second.runs["r"]?.values("val/acc") == [0.5])
        #expect(second.summary.problem("r.jsonl", line: nil)?.reason.contains("binary") == true)
    }
}
