import Foundation
import HyperscopeCore
import HyperscopeIngest
import HyperscopeStore
import TestSupport
import Testing

@Suite("Sacred run folders")
struct SacredRunTests {
    static func runJSON(status: String, extra: String = "") -> String {
        """
        {"artifacts": [], "command": "main", "experiment": {"base_dir": "/home/u", "name": "mnist",
         "repositories": [{"commit": "c0ffee1", "dirty": false, "url": "git@example.com:u/mnist.git"}]},
         "heartbeat": "2024-05-18T02:50:00.000000", "host": {"hostname": "gpu-3"}, "meta": {}, "resources": [],
         "result": 0.93, "start_time": "2024-05-18T02:40:00.000000", "status": "\(status)",
         "stop_time": "2024-05-18T02:50:00.000000"\(extra)}
        """
    }

    static let metrics = """
        {"train.loss": {"steps": [0, 1, 2], "timestamps": ["2024-05-18T02:41:00.000000", "2024-05-18T02:42:00.000000",
          "2024-05-18T02:43:00.000000"], "values": [2.3, 1.9, 1.5]},
         "val.acc": {"steps": [0, 2], "timestamps": ["2024-05-18T02:41:00.000000", "2024-05-18T02:43:00.000000"],
          "values": [0.5, 0.7]}}
        """

    /// Writes a Sacred run folder `runs/ID` under `folder`.
    @discardableResult
    static func writeRun(
        _ id: String, status: String, extra: String = "", config: String? = nil, in folder: URL
    ) throws
        -> URL
    {
        try TestSupport.write(
            config ?? #"{"lr": 0.01, "optimizer": {"name": "adam"}, "seed": 1234}"#, to: "runs/\(id)/config.json",
            in: folder)
        try TestSupport.write("{}", to: "runs/\(id)/info.json", in: folder)
        try TestSupport.write("epoch 1\n", to: "runs/\(id)/cout.txt", in: folder)
        let metricsFile = try TestSupport.write(Self.metrics, to: "runs/\(id)/metrics.json", in: folder)
        try TestSupport.write(runJSON(status: status, extra: extra), to: "runs/\(id)/run.json", in: folder)
        return metricsFile
    }

    @Test("each run folder is one run: status, configuration, curves over step, result; its companions no problem")
    func runFolders() async throws {
        let folder = try TestSupport.scratchFolder()
        try Self.writeRun("1", status: "COMPLETED", in: folder)
        try Self.writeRun(
            "2", status: "FAILED", extra: #", "fail_trace": ["Traceback:\n", "ValueError: loss is NaN\n"]"#, in: folder)
        try Self.writeRun("3", status: "RUNNING", in: folder)
        let result = try await ingest([folder.appendingPathComponent("runs").path])
        #expect(result.summary.problems.isEmpty, "\(result.summary.problems)")
        #expect(result.runs.count == 3)
        let completed = try #require(result.runs["1"])
        #expect(completed.format == .sacred && completed.status == .completed)
        #expect(completed.params == ["lr": .float(0.01), "optimizer.name": .string("adam"), "seed": .int(1234)])
        #expect(completed.values("train.loss") == [2.3, 1.9, 1.5])
        #expect(completed.curve(MetricKey(parsing: "val.acc"))?.axis(named: "step") == [0, 2])
        #expect(completed.values("result") == [0.93])
        #expect(completed.startedAt == Timestamp.seconds(fromISO8601: "2024-05-18T02:40:00"))
        #expect(completed.attributes["sacred.experiment"] == .string("mnist"))
        #expect(completed.gitCommit == "c0ffee1")
        #expect(result.runs["2"]?.status == .failed)
        #expect(result.runs["2"]?.statusReason == "ValueError: loss is NaN")
        #expect(result.runs["3"]?.status == .incomplete)
        #expect(result.runs["3"]?.statusReason?.contains("no longer written to") == true)
        let live = try await ingest(
            [folder.appendingPathComponent("runs").path], options: IngestOptions(runningWindowSeconds: 600))
        #expect(live.runs["3"]?.status == .running)
    }

    @Test("metrics.json written after run.json reads the run again; a broken config.json is a problem of the run")
    func companionsChange() async throws {
        let folder = try TestSupport.scratchFolder()
        let metricsFile = try Self.writeRun("1", status: "RUNNING", config: "{\"lr\": 0.01,", in: folder)
        let store = MemoryStore()
        let first = try await ingest([folder.path], store: store)
        #expect(
            first.summary.problems.map(\.problem.reason) == [
                "the run's config.json was not read: malformed JSON at column 13: unexpected end of text inside an object"
            ])
        #expect(first.runs["runs/1"]?.params.isEmpty == true)
        try TestSupport.replace(
            metricsFile, with: Self.metrics.replacingOccurrences(of: "[2.3, 1.9, 1.5]", with: "[2.3, 1.9, 1.25]"))
        try TestSupport.setModificationDate(Date().addingTimeInterval(10), of: metricsFile)
        let second = try await ingest([folder.path], store: store)
        #expect(second.summary.filesReplaced == 1)
        #expect(second.runs["runs/1"]?.values("train.loss") == [2.3, 1.9, 1.25])
    }

    @Test("a run.json that is not Sacred's leaves its folder's JSON files to be read as they are")
    func notSacred() async throws {
        let folder = try TestSupport.scratchFolder()
        try TestSupport.write(#"{"status": "ok", "runs": 3}"#, to: "out/run.json", in: folder)
        try TestSupport.write(#"[{"name": "a", "lr": 0.1, "acc": 0.5}]"#, to: "out/metrics.json", in: folder)
        try TestSupport.write(#"{"lr": 0.1}"#, to: "out/config.json", in: folder)
        let result = try await ingest([folder.path], options: IngestOptions(metricColumns: ["acc"]))
        #expect(result.runs["a"]?.values("acc") == [0.5])
        #expect(result.summary.problems.map(\.file).sorted() == ["out/config.json", "out/run.json"])
    }
}
