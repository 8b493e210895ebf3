import Foundation
import HyperscopeCore
import HyperscopeStore
import TestSupport
import Testing

@Suite("Hugging Face trainer_state.json")
struct TrainerStateTests {
    /// A trainer state as the `Trainer` writes it, logged every 10 steps and evaluated every 100,
    /// up to `step` of `maximum`.
    static func state(step: Int, of maximum: Int) -> String {
        var history: [String] = []
        for logged in stride(from: 10, through: step, by: 10) {
            history.append(
                #"{"epoch": \#(Double(logged) / 100), "grad_norm": 1.5, "learning_rate": \#(Double(maximum - logged) * 1e-7), "loss": \#(1.0 / Double(logged)), "step": \#(logged)}"#
            )
            if logged.isMultiple(of: 100) {
                history.append(
                    #"{"epoch": \#(Double(logged) / 100), "eval_accuracy": \#(Double(logged) / 1000), "eval_loss": 0.5, "eval_runtime": 3.25, "eval_model_preparation_time": null, "eval_note": "ok", "step": \#(logged)}"#
                )
            }
        }
        return #"""
            {"best_metric": null, "epoch": \#(Double(step) / 100), "eval_steps": 100, "global_step": \#(step),
             "is_world_process_zero": true, "log_history": [\#(history.joined(separator: ",\n"))],
             "logging_steps": 10, "max_steps": \#(maximum), "num_train_epochs": 5, "train_batch_size": 32,
             "trial_name": null, "trial_params": {"learning_rate": 5e-05, "warmup": {"ratio": 0.1}}}
            """#
    }

    @Test("a training's checkpoints give one run: the latest state's, named by the output folder")
    func latestCheckpoint() async throws {
        let folder = try TestSupport.scratchFolder()
        let output = folder.appendingPathComponent("bert-sst2")
        for step in [250, 500] {
            let checkpoint = output.appendingPathComponent("checkpoint-\(step)")
            try FileManager.default.createDirectory(at: checkpoint, withIntermediateDirectories: true)
            try TestSupport.write(Self.state(step: step, of: 500), to: "trainer_state.json", in: checkpoint)
        }
        let store = MemoryStore()
        let first = try await ingest([folder.path], store: store)
        #expect(first.summary.runsIngested == 1)
        let run = try #require(first.runs["bert-sst2"])
        #expect(run.key == output.appendingPathComponent("trainer_state.json").path)
        #expect(run.format == .huggingFaceTrainerState && run.status == .completed)
        #expect(run.params["learning_rate"] == .float(5e-05) && run.params["warmup.ratio"] == .float(0.1))
        #expect(run.params["train_batch_size"] == .int(32) && run.params["num_train_epochs"] == .int(5))
        #expect(run.attributes["hf.eval_steps"] == .int(100) && run.attributes["hf.best_metric"] == nil)
        #expect(run.values("loss") == stride(from: 10, through: 500, by: 10).map { 1.0 / Double($0) })
        let accuracy = try #require(run.curve(MetricKey(parsing: "eval_accuracy")))
        #expect(accuracy.values == [0.1, 0.2, 0.3, 0.4, 0.5])
        #expect(accuracy.axis(named: "step") == [100, 200, 300, 400, 500])
        #expect(accuracy.axis(named: "epoch") == [1, 2, 3, 4, 5])
        #expect(run.curve(MetricKey(parsing: "eval_model_preparation_time")) == nil)
        let passedOver = try #require(first.summary.problem("bert-sst2/checkpoint-250/trainer_state.json", line: nil))
        #expect(passedOver.reason.contains("earlier snapshot") && passedOver.reason.contains("checkpoint-500"))
        #expect(first.summary.problems.filter { $0.problem.reason.contains("eval_note") }.count == 1)

        // The training ends: the output folder's own state is now the latest, and the same run.
        try TestSupport.write(Self.state(step: 500, of: 500), to: "trainer_state.json", in: output)
        let second = try await ingest([folder.path], store: store)
        #expect(second.runs.count == 1)
        #expect(second.runs["bert-sst2"]?.source == output.appendingPathComponent("trainer_state.json").path)
    }

    @Test("a state short of its last step is an incomplete run that says where it stops")
    func unfinished() async throws {
        let folder = try TestSupport.scratchFolder()
        let output = folder.appendingPathComponent("run-a")
        try FileManager.default.createDirectory(at: output, withIntermediateDirectories: true)
        try TestSupport.write(Self.state(step: 120, of: 500), to: "trainer_state.json", in: output)
        let result = try await ingest([folder.path])
        let run = try #require(result.runs["run-a"])
        #expect(run.status == .incomplete)
        #expect(run.statusReason == "the trainer state stops at step 120 of 500")
        #expect(run.values("eval_accuracy") == [0.1])
    }

    @Test("two states under other names in one folder are two runs, named by their files")
    func otherNames() async throws {
        let folder = try TestSupport.scratchFolder()
        try TestSupport.write(Self.state(step: 100, of: 100), to: "first.json", in: folder)
        try TestSupport.write(Self.state(step: 200, of: 200), to: "second.json", in: folder)
        let result = try await ingest([folder.path])
        #expect(Set(result.runs.keys) == ["first", "second"])
        #expect(result.runs["second"]?.values("eval_accuracy") == [0.1, 0.2])
    }
}
