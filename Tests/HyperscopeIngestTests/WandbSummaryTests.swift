import Foundation
import HyperscopeCore
import TestSupport
import Testing

@Suite("W&B run folders without a history")
struct WandbSummaryTests {
    @Test("a run folder of W&B's newer clients: the summary's final values, config.yaml's parameters")
    func summaryAndConfig() async throws {
        let folder = try TestSupport.scratchFolder()
        let files = "wandb/run-20240518_024000-k3x9q2/files/"
        try TestSupport.write(
            """
            {"_step": 1999, "_runtime": 612.5, "_timestamp": 1716000612.5, "train/loss": 0.21,
             "val": {"acc": 0.93, "note": "best so far"}, "best_val_acc": {"max": 0.94}, "lr_now": null,
             "gradients/fc.weight": {"_type": "histogram", "values": [1, 2], "bins": [0, 1, 2]},
             "_wandb": {"runtime": 612}}
            """, to: files + "wandb-summary.json", in: folder)
        try TestSupport.write(RunConfigFileTests.wandbConfig, to: files + "config.yaml", in: folder)
        try TestSupport.write(
            #"{"host": "gpu-3", "startedAt": "2024-05-18T02:39:00", "git": {"commit": "9f3c2e1"}, "program": "train.py"}"#,
            to: files + "wandb-metadata.json", in: folder)
        try TestSupport.write("epoch 1 done\n", to: files + "output.log", in: folder)
        let result = try await ingest([folder.path])
        #expect(result.runs.count == 1)
        let run = try #require(result.runs["wandb/run-20240518_024000-k3x9q2"])
        #expect(run.format == .wandbSummary && !run.format.logsCurves)
        #expect(run.status == .completed)
        #expect(run.statusReason?.hasPrefix("a W&B summary records no end") == true)
        #expect(run.params["lr"] == .float(0.001) && run.params["optimizer.name"] == .string("adam"))
        #expect(run.values("train/loss") == [0.21])
        #expect(run.curve(MetricKey(parsing: "train/loss"))?.axis(named: "_step") == [1999])
        #expect(run.values("val/acc") == [0.93])
        #expect(run.values("best_val_acc/max") == [0.94])
        #expect(run.startedAt == 1_716_000_000, "the summary's time wins over the metadata's")
        #expect(run.gitCommit == "9f3c2e1")
        #expect(run.attributes["wandb.host"] == .string("gpu-3"))
        #expect(run.attributes["wandb.program"] == .string("train.py"))
        #expect(run.curves.count == 3)
        let reasons = result.summary.problems.map(\.problem.reason).sorted()
        #expect(reasons.count == 2, "\(reasons)")
        #expect(reasons.first?.hasPrefix(#"summary field "gradients/fc.weight" is an object, not a number"#) == true)
        #expect(reasons.last?.hasPrefix(#"summary field "val/note" is a string, not a number"#) == true)
    }

    @Test("beside a history, the summary and the metadata are no runs and no problems")
    func historyWins() async throws {
        let folder = try TestSupport.scratchFolder()
        try TestSupport.write(RunConfigFileTests.wandbHistory, to: "run-a/files/wandb-history.jsonl", in: folder)
        try TestSupport.write(#"{"train/loss": 1.5, "_step": 1}"#, to: "run-a/files/wandb-summary.json", in: folder)
        try TestSupport.write(#"{"host": "gpu-3"}"#, to: "run-a/files/wandb-metadata.json", in: folder)
        try TestSupport.write(#"{"host": "gpu-4"}"#, to: "run-b/files/wandb-metadata.json", in: folder)
        let result = try await ingest([folder.path])
        #expect(Set(result.runs.keys) == ["run-a"])
        #expect(result.summary.problems.map(\.file) == ["run-b/files/wandb-metadata.json"])
    }
}
