import Foundation
import HyperscopeCore
import HyperscopeIngest
import HyperscopeStore
import TestSupport
import Testing

@Suite("MLflow file stores")
struct MLflowRunTests {
    /// Writes a run folder of an MLflow file store under `mlruns/1/ID` in `folder`, as MLflow 2 and 3
    /// write them (checked against `mlflow-skinny`'s file store).
    static func writeRun(
        _ id: String, name: String, status: Int, lifecycle: String = "active", lr: String = "0.01",
        loss: String = "1716000000500 1.01 0\n1716000000600 0.51 1\n1716000000700 0.34333333333333335 2\n",
        in folder: URL
    ) throws {
        let run = "mlruns/1/\(id)/"
        try TestSupport.write(
            """
            artifact_uri: file:///tmp/mlruns/1/\(id)/artifacts
            end_time: 1716000060000
            entry_point_name: ''
            experiment_id: '1'
            lifecycle_stage: \(lifecycle)
            run_id: \(id)
            run_name: \(name)
            source_name: ''
            source_type: 4
            source_version: ''
            start_time: 1716000000000
            status: \(status)
            tags: []
            user_id: ana

            """, to: run + "meta.yaml", in: folder)
        try TestSupport.write(lr, to: run + "params/lr", in: folder)
        try TestSupport.write("adam", to: run + "params/optimizer", in: folder)
        try TestSupport.write("3", to: run + "params/model/layers", in: folder)
        try TestSupport.write(loss, to: run + "metrics/train/loss", in: folder)
        try TestSupport.write("1716000000700 0.75 2\n", to: run + "metrics/val_acc", in: folder)
        try TestSupport.write(name, to: run + "tags/mlflow.runName", in: folder)
        try TestSupport.write("vision", to: run + "tags/team", in: folder)
        try TestSupport.write("5e1f00d", to: run + "tags/mlflow.source.git.commit", in: folder)
        try TestSupport.write(
            #"{"columns": ["x"], "data": [[1]]}"#, to: run + "artifacts/input_example.json", in: folder)
    }

    static func writeExperiment(in folder: URL) throws {
        try TestSupport.write(
            "artifact_location: file:///tmp/mlruns/1\nexperiment_id: '1'\nlifecycle_stage: active\nname: demo\n",
            to: "mlruns/1/meta.yaml", in: folder)
        try TestSupport.write(
            "artifact_location: file:///tmp/mlruns/0\nexperiment_id: '0'\nlifecycle_stage: active\nname: Default\n",
            to: "mlruns/0/meta.yaml", in: folder)
    }

    @Test("each run folder is one run: its name, typed parameters, curves over step, status, experiment and tags")
    func runFolders() async throws {
        let folder = try TestSupport.scratchFolder()
        try Self.writeExperiment(in: folder)
        try Self.writeRun("a0", name: "bright-fox-1", status: 3, in: folder)
        try Self.writeRun("b1", name: "calm-owl-2", status: 4, lr: "0.001", in: folder)
        try Self.writeRun("c2", name: "dark-elk-3", status: 5, in: folder)
        try Self.writeRun("d3", name: "eager-ant-4", status: 1, in: folder)
        try Self.writeRun("e4", name: "gone-5", status: 3, lifecycle: "deleted", in: folder)
        let result = try await ingest([folder.appendingPathComponent("mlruns").path])
        #expect(result.runs.count == 4)
        #expect(result.summary.problems.map(\.file) == ["1/e4/meta.yaml"])
        #expect(result.summary.problems.first?.problem.reason.contains("deleted in MLflow") == true)
        let run = try #require(result.runs["bright-fox-1"])
        #expect(run.format == .mlflow && run.status == .completed)
        #expect(run.params == ["lr": .float(0.01), "optimizer": .string("adam"), "model/layers": .int(3)])
        #expect(run.values("train/loss") == [1.01, 0.51, 0.34333333333333335])
        #expect(run.curve(MetricKey(parsing: "train/loss"))?.axis(named: "step") == [0, 1, 2])
        #expect(run.values("val_acc") == [0.75])
        #expect(run.startedAt == 1_716_000_000 && run.endedAt == 1_716_000_060)
        #expect(run.attributes["mlflow.experiment"] == .string("demo"))
        #expect(run.attributes["mlflow.tags.team"] == .string("vision"))
        #expect(run.gitCommit == "5e1f00d")
        #expect(result.runs["calm-owl-2"]?.status == .failed)
        #expect(result.runs["calm-owl-2"]?.params["lr"] == .float(0.001))
        #expect(result.runs["dark-elk-3"]?.status == .interrupted)
        #expect(result.runs["eager-ant-4"]?.status == .incomplete)
    }

    @Test("a metric logged after the last ingestion reads the run again; a damaged line is a problem of its file")
    func growingMetrics() async throws {
        let folder = try TestSupport.scratchFolder()
        try Self.writeRun(
            "a0", name: "bright-fox-1", status: 1, loss: "1716000000500 1.01 0\n1716000000600 oops 1\n", in: folder)
        let store = MemoryStore()
        let first = try await ingest([folder.path], store: store)
        #expect(
            first.summary.problems.map(\.problem.reason) == [
                #"metrics/train/loss line 2: expected "timestamp value step"; skipped"#
            ])
        #expect(first.runs["bright-fox-1"]?.values("train/loss") == [1.01])
        let loss = folder.appendingPathComponent("mlruns/1/a0/metrics/train/loss")
        try TestSupport.replace(loss, with: "1716000000500 1.01 0\n1716000000600 0.51 1\n1716000000700 0.25\n")
        try TestSupport.setModificationDate(Date().addingTimeInterval(10), of: loss)
        let second = try await ingest([folder.path], store: store)
        #expect(second.summary.filesReplaced == 1)
        #expect(second.summary.problems.isEmpty)
        #expect(second.runs["bright-fox-1"]?.values("train/loss") == [1.01, 0.51, 0.25])
        #expect(second.runs["bright-fox-1"]?.curve(MetricKey(parsing: "train/loss"))?.axis(named: "step") == [0, 1, 0])
    }
}
