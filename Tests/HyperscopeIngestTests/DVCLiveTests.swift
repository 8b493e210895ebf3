import Foundation
import HyperscopeCore
import HyperscopeStore
import TestSupport
import Testing

@Suite("DVCLive run folders")
struct DVCLiveTests {
    /// Writes a DVCLive run folder as dvclive 3 writes it (`plots/metrics/*.tsv` of `step` and the
    /// value; older versions add a `timestamp` column first).
    @discardableResult
    static func writeRun(_ folder: String, lr: String, timestamps: Bool = false, in root: URL) throws -> URL {
        try TestSupport.write(
            #"{"train": {"loss": 0.43333333333333335}, "acc": 0.7, "step": 2, "best_acc": 0.7}"#,
            to: folder + "/metrics.json", in: root)
        try TestSupport.write("lr: \(lr)\nmodel:\n  layers: 3\n", to: folder + "/params.yaml", in: root)
        let header = timestamps ? "timestamp\tstep\t" : "step\t"
        let time = { (row: Int) in timestamps ? "171600000\(row)000\t" : "" }
        let loss = try TestSupport.write(
            header + "loss\n" + time(0) + "0\t1.1\n" + time(1) + "1\t0.6\n" + time(2) + "2\t0.43333333333333335\n",
            to: folder + "/plots/metrics/train/loss.tsv", in: root)
        try TestSupport.write(
            header + "acc\n" + time(0) + "0\t0.5\n" + time(1) + "1\t0.6\n" + time(2) + "2\t0.7\n",
            to: folder + "/plots/metrics/acc.tsv", in: root)
        return loss
    }

    @Test(
        "each folder is one run: curves from plots over step, summary-only values, params.yaml; plots no runs of their own"
    )
    func runFolders() async throws {
        let root = try TestSupport.scratchFolder()
        try Self.writeRun("runs/exp0", lr: "0.1", in: root)
        try Self.writeRun("runs/exp1", lr: "0.01", timestamps: true, in: root)
        let result = try await ingest([root.appendingPathComponent("runs").path])
        #expect(result.summary.problems.isEmpty, "\(result.summary.problems)")
        #expect(Set(result.runs.keys) == ["exp0", "exp1"])
        for name in ["exp0", "exp1"] {
            let run = try #require(result.runs[name])
            #expect(run.format == .dvclive && run.status == .completed)
            #expect(run.values("train/loss") == [1.1, 0.6, 0.43333333333333335])
            #expect(run.curve(MetricKey(parsing: "acc"))?.axis(named: "step") == [0, 1, 2])
            #expect(run.values("best_acc") == [0.7])
            #expect(run.curve(MetricKey(parsing: "timestamp")) == nil)
            #expect(run.params["model.layers"] == .int(3))
        }
        #expect(result.runs["exp1"]?.params["lr"] == .float(0.01))
    }

    @Test("a curve that grows reads the run again")
    func growingCurve() async throws {
        let root = try TestSupport.scratchFolder()
        let loss = try Self.writeRun("dvclive", lr: "0.1", in: root)
        let store = MemoryStore()
        _ = try await ingest([root.path], store: store)
        try TestSupport.replace(loss, with: "step\tloss\n0\t1.1\n1\t0.6\n2\t0.4\n3\t0.3\n")
        try TestSupport.setModificationDate(Date().addingTimeInterval(10), of: loss)
        let again = try await ingest([root.path], store: store)
        #expect(again.summary.filesReplaced == 1)
        #expect(again.runs["dvclive"]?.values("train/loss") == [1.1, 0.6, 0.4, 0.3])
    }
}
