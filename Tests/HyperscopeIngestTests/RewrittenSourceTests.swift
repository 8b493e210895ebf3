import Foundation
import HyperscopeCore
import HyperscopeIngest
import HyperscopeStore
import TestSupport
import Testing

/// The validation accuracy of a run with `hidden` units at `epoch`, written with four decimals:
/// `hidden / 1000 + epoch / 1000`, so curves of runs with different `hidden` differ at every epoch.
private func accuracyText(hidden: Int, epoch: Int) -> String {
    String(format: "%.4f", Double(hidden) / 1000 + Double(epoch) / 1000)
}

/// A training log of `epochs` epochs for a run with `hidden` units; two runs whose `hidden` have
/// as many digits write logs of the same size.
private func trainingLog(hidden: Int, epochs: Int, ended: Bool = true) -> String {
    var lines = [#"{"event":"config","params":{"hidden":\#(hidden),"optim":{"lr":0.001}}}"#]
    for epoch in 1...max(1, epochs) where epochs > 0 {
        let accuracy = accuracyText(hidden: hidden, epoch: epoch)
        lines.append(#"{"event":"metrics","split":"val","epoch":\#(epoch),"acc":\#(accuracy)}"#)
    }
    if ended { lines.append(#"{"event":"end","status":"completed"}"#) }
    return lines.joined(separator: "\n") + "\n"
}

private func expectedAccuracies(hidden: Int, epochs: Int) -> [Double] {
    (1...epochs).map { Double(accuracyText(hidden: hidden, epoch: $0))! }
}

/// Writes `text` over `url` in place (same inode) and moves its modification time on, as a training
/// script that opens its log with mode "w" does.
private func overwrite(_ url: URL, with text: String, secondsLater: Double = 5) throws {
    let handle = try FileHandle(forWritingTo: url)
    try handle.truncate(atOffset: 0)
    try handle.write(contentsOf: Data(text.utf8))
    try handle.close()
    try TestSupport.setModificationDate(Date().addingTimeInterval(secondsLater), of: url)
}

/// Appends `text` to the file at `url`, as a training script writing its log does.
private func append(_ text: String, to url: URL) throws {
    let handle = try FileHandle(forWritingTo: url)
    try handle.seekToEnd()
    try handle.write(contentsOf: Data(text.utf8))
    try handle.close()
}

@Suite("Rewritten sources are read again, never mixed with their old version")
struct RewrittenSourceTests {
    @Test(
        "a log rewritten by a new run replaces the stored run whole",
        arguments: [
            (oldEpochs: 20, newEpochs: 25, newHidden: 16),  // longer: was taken as continued
            (oldEpochs: 20, newEpochs: 12, newHidden: 16),  // shorter
            (oldEpochs: 20, newEpochs: 20, newHidden: 32),  // the same size, byte for byte
            (oldEpochs: 3, newEpochs: 300, newHidden: 16),  // far longer: the old part is only the head block
        ])
    func rewrittenLog(oldEpochs: Int, newEpochs: Int, newHidden: Int) async throws {
        let folder = try TestSupport.scratchFolder("rewrittenLog-\(oldEpochs)-\(newEpochs)-\(newHidden)")
        let url = try TestSupport.write(trainingLog(hidden: 64, epochs: oldEpochs), to: "run.jsonl", in: folder)
        let store = MemoryStore()
        let first = try await ingest([folder.path], store: store)
        #expect(first.summary.filesRead == 1)

        let newText = trainingLog(hidden: newHidden, epochs: newEpochs)
        if oldEpochs == newEpochs {
            try #require(newText.utf8.count == trainingLog(hidden: 64, epochs: oldEpochs).utf8.count)
        }
        try overwrite(url, with: newText)
        let second = try await ingest([folder.path], store: store)
        #expect(second.summary.filesReplaced == 1)
        #expect(second.summary.filesContinued == 0)
        #expect(second.summary.filesRead == 0)
        #expect(second.summary.runsUpdated == 1)
        #expect(second.summary.problems.isEmpty)
        let run = try #require(second.runs["run"])
        #expect(run.id == first.runs["run"]?.id)
        #expect(run.params["hidden"] == .int(Int64(newHidden)))
        #expect(run.values("val/acc") == expectedAccuracies(hidden: newHidden, epochs: newEpochs))
        #expect(run.curve(MetricKey(parsing: "val/acc"))?.axis(named: "epoch") == (1...newEpochs).map(Double.init))
        #expect(run.status == .completed)
        #expect(try await store.runs(includingCurves: false).count == 1)
    }

    @Test("a log whose first block is unchanged but whose bytes where the last reading stopped changed is read again")
    func sameHeadDifferentTail() async throws {
        let folder = try TestSupport.scratchFolder()
        // 200 epochs: the config and first epochs (the head block) are identical in both versions.
        let old = trainingLog(hidden: 64, epochs: 200, ended: false)
        var lines = old.split(separator: "\n").map(String.init)
        lines[150] = #"{"event":"metrics","split":"val","epoch":150,"acc":0.111}"#
        lines.append(#"{"event":"metrics","split":"val","epoch":201,"acc":0.5}"#)
        let rewritten = lines.joined(separator: "\n") + "\n"
        #expect(rewritten.utf8.count > old.utf8.count)
        #expect(
            old.utf8.prefix(SourceFingerprint.blockBytes).elementsEqual(
                rewritten.utf8.prefix(SourceFingerprint.blockBytes)))
        let url = try TestSupport.write(old, to: "run.jsonl", in: folder)
        let store = MemoryStore()
        _ = try await ingest([folder.path], store: store)
        try overwrite(url, with: rewritten)
        let second = try await ingest([folder.path], store: store)
        #expect(second.summary.filesReplaced == 1)
        let values = try #require(second.runs["run"]).values("val/acc")
        #expect(values.count == 201)
        #expect(values[149] == 0.111)
    }

    @Test("a log truncated and then written again past its old length is read again from the start")
    func truncatedThenRegrown() async throws {
        let folder = try TestSupport.scratchFolder()
        let url = try TestSupport.write(trainingLog(hidden: 64, epochs: 10, ended: false), to: "run.jsonl", in: folder)
        let store = MemoryStore()
        _ = try await ingest([folder.path], store: store)
        try overwrite(url, with: trainingLog(hidden: 64, epochs: 2, ended: false))
        let truncated = try await ingest([folder.path], store: store)
        #expect(truncated.summary.filesReplaced == 1)
        #expect(truncated.runs["run"]?.values("val/acc") == expectedAccuracies(hidden: 64, epochs: 2))
        try overwrite(url, with: trainingLog(hidden: 8, epochs: 30), secondsLater: 10)
        let regrown = try await ingest([folder.path], store: store)
        #expect(regrown.summary.filesReplaced == 1)
        #expect(regrown.runs["run"]?.values("val/acc") == expectedAccuracies(hidden: 8, epochs: 30))
        #expect(regrown.runs["run"]?.params["hidden"] == .int(8))
        #expect(regrown.summary.problems.isEmpty)
    }

    @Test("a log that only grew is still continued, and one replaced by another file (a new inode) is read again")
    func appendAndRename() async throws {
        let folder = try TestSupport.scratchFolder()
        let url = try TestSupport.write(trainingLog(hidden: 64, epochs: 5, ended: false), to: "run.jsonl", in: folder)
        let store = MemoryStore()
        _ = try await ingest([folder.path], store: store)
        try append(#"{"event":"metrics","split":"val","epoch":6,"acc":0.0700}"# + "\n", to: url)
        let appended = try await ingest([folder.path], store: store)
        #expect(appended.summary.filesContinued == 1)
        #expect(appended.runs["run"]?.values("val/acc") == expectedAccuracies(hidden: 64, epochs: 5) + [0.07])

        // The same bytes plus more, written to a new file renamed over the old one (a new inode).
        let grown = trainingLog(hidden: 64, epochs: 6, ended: false) + #"{"event":"end","status":"completed"}"# + "\n"
        try TestSupport.replace(url, with: grown)
        try TestSupport.setModificationDate(Date().addingTimeInterval(5), of: url)
        let renamed = try await ingest([folder.path], store: store)
        #expect(renamed.summary.filesReplaced == 1)
        #expect(renamed.runs["run"]?.values("val/acc") == expectedAccuracies(hidden: 64, epochs: 6))
        #expect(renamed.runs["run"]?.status == .completed)
    }

    @Test("the fingerprint survives a real SQLite database: a rewrite there replaces, an append continues")
    func sqliteFingerprints() async throws {
        let folder = try TestSupport.scratchFolder()
        let url = try TestSupport.write(trainingLog(hidden: 64, epochs: 20), to: "logs/run.jsonl", in: folder)
        let databasePath = folder.appendingPathComponent("db/hyperscope.db").path
        let logs = folder.appendingPathComponent("logs").path
        _ = try await Ingestion(store: try SQLiteStore(path: databasePath)).run(paths: [logs])
        try overwrite(url, with: trainingLog(hidden: 16, epochs: 25, ended: false))
        let store = try SQLiteStore(path: databasePath)
        let replaced = try await Ingestion(store: store).run(paths: [logs])
        #expect(replaced.filesReplaced == 1)
        #expect(replaced.problems.isEmpty)
        try append(#"{"event":"end","status":"completed"}"# + "\n", to: url)
        let continued = try await Ingestion(store: try SQLiteStore(path: databasePath)).run(paths: [logs])
        #expect(continued.filesContinued == 1)
        let run = try #require(try await store.runs(includingCurves: true).first)
        #expect(run.params["hidden"] == .int(16))
        #expect(run.values("val/acc") == expectedAccuracies(hidden: 16, epochs: 25))
        #expect(run.status == .completed)
    }

    @Test("a rewritten CSV or JSON table replaces its runs, rows gone and rows added", arguments: ["csv", "json"])
    func rewrittenTable(format: String) async throws {
        let folder = try TestSupport.scratchFolder("rewrittenTable-\(format)")
        func table(_ rows: [(Int, Double)]) -> String {
            if format == "csv" {
                return "number,value,params_x,state\n" + rows.map { "\($0.0),\($0.1),\($0.0 * 10),COMPLETE\n" }.joined()
            }
            return "["
                + rows.map { #"{"number":\#($0.0),"value":\#($0.1),"params_x":\#($0.0 * 10),"state":"COMPLETE"}"# }
                .joined(separator: ",") + "]"
        }
        let url = try TestSupport.write(table([(0, 1.0), (1, 2.0), (2, 3.0)]), to: "t.\(format)", in: folder)
        let store = MemoryStore()
        let first = try await ingest([folder.path], store: store)
        #expect(first.runs.count == 3)
        try overwrite(url, with: table([(0, 1.5), (3, 4.0), (4, 5.0), (5, 6.0)]))
        let second = try await ingest([folder.path], store: store)
        #expect(second.summary.filesReplaced == 1)
        #expect(second.summary.runsIngested == 3)
        #expect(second.summary.runsUpdated == 1)
        #expect(second.runs.keys.sorted() == ["t#0", "t#3", "t#4", "t#5"])
        #expect(second.runs["t#0"]?.values("value") == [1.5])
        #expect(second.runs["t#0"]?.id == first.runs["t#0"]?.id)
    }
}
