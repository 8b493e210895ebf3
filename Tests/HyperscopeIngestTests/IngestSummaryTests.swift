import Foundation
import HyperscopeCore
import HyperscopeIngest
import HyperscopeReport
import HyperscopeStore
import TestSupport
import Testing

@Suite("The ingestion summary says what happened")
struct IngestSummaryTests {
    @Test("a second ingestion of an unchanged tree says it read 0 of its files, not that it ingested them")
    func nothingRead() async throws {
        let folder = try TestSupport.copyFixtureFolder("logs/hyperscope")
        let store = MemoryStore()
        let first = try await ingest([folder.path], store: store)
        let firstText = IngestSummaryRendering.text(first.summary, database: "h.db", style: .plain)
        #expect(firstText.hasPrefix("Read 4 of 4 files into h.db"))
        let second = try await ingest([folder.path], store: store)
        let text = IngestSummaryRendering.text(second.summary, database: "h.db", style: .plain)
        #expect(text.hasPrefix("Read 0 of 4 files into h.db"))
        #expect(text.contains("files: 0 new, 0 continued, 0 replaced, 4 unchanged"))
    }

    @Test("an unreadable file is counted as unreadable, not as read")
    func unreadableCounted() async throws {
        let folder = try TestSupport.scratchFolder()
        try TestSupport.write(Data([0x7B, 0x00, 0x01, 0x02, 0xFF, 0x0A]), to: "binary.jsonl", in: folder)
        try TestSupport.write(#"{"val/acc":0.5}"# + "\n", to: "good.jsonl", in: folder)
        let result = try await ingest([folder.path])
        #expect(result.summary.filesRead == 1)
        #expect(result.summary.filesUnreadable == 1)
        let text = IngestSummaryRendering.text(result.summary, database: "h.db", style: .plain)
        #expect(text.hasPrefix("Read 1 of 2 files"))
        #expect(text.contains("1 unreadable"))
        #expect(IngestSummaryRendering.json(result.summary, database: "h.db")["files_unreadable"] == .int(1))
    }

    @Test("passed-over files are stored problems, listed by `problems` and counted in full in the summary")
    func passedOverStored() async throws {
        let folder = try TestSupport.scratchFolder()
        for index in 0..<27 {
            try TestSupport.write(
                #"{"kind":"metadata","index":\#(index)}"#, to: String(format: "meta%02d.json", index), in: folder)
        }
        try TestSupport.write(#"{"val/acc":0.5}"# + "\n", to: "good.jsonl", in: folder)
        let store = MemoryStore()
        let result = try await ingest([folder.path], store: store)
        #expect(result.summary.passedOver.count == 27)
        let stored = try await store.problems()
        #expect(stored.filter { $0.reason.hasPrefix("passed over: ") }.count == 27)
        let text = IngestSummaryRendering.text(result.summary, database: "h.db", style: .plain)
        #expect(text.contains("27 passed over"))
        #expect(text.contains("… and 7 more: `hyperscope problems` lists them all"))
        // Unchanged next time: read no more, and still listed.
        let again = try await ingest([folder.path], store: store)
        #expect(again.summary.filesUnchanged == 28)
        #expect(again.summary.problems.count == 27)
    }

    @Test("a 4 KB file without a line break is not called empty", arguments: [true, false])
    func unterminatedFile(parses: Bool) async throws {
        let folder = try TestSupport.scratchFolder("unterminatedFile-\(parses)")
        let padding = String(repeating: "x", count: 4096)
        let text = parses ? #"{"val/acc":0.5,"note":"\#(padding)"}"# : #"{"val/acc":0.5,"note":"\#(padding)""#
        try TestSupport.write(text, to: "one.jsonl", in: folder)
        let result = try await ingest([folder.path])
        let reasons = result.summary.problems.map(\.problem.reason)
        #expect(!reasons.contains("empty file"))
        if parses {
            #expect(result.runs["one"]?.values("val/acc") == [0.5])
        } else {
            #expect(reasons.contains { $0.contains("truncated last line") })
            #expect(reasons.contains("no Hyperscope log records found"))
        }
    }
}
