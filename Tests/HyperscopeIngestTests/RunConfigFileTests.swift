import Foundation
import HyperscopeCore
import HyperscopeIngest
import HyperscopeStore
import TestSupport
import Testing

@Suite("configurations other tools write beside a run's log")
struct RunConfigFileTests {
    static let wandbConfig = """
        wandb_version: 1

        _wandb:
          desc: null
          value:
            cli_version: 0.15.12
            framework: torch
            t:
              1: [1, 41, 55]
        lr:
          desc: null
          value: 0.001
        batch_size:
          desc: null
          value: 32
        optimizer:
          desc: null
          value:
            name: adam
            betas: [0.9, 0.999]
        """

    static let wandbHistory = """
        {"_step": 0, "_runtime": 2.5, "_timestamp": 1716000000.5, "train/loss": 2.25, "_wandb": {"runtime": 2}}
        {"_step": 1, "_runtime": 5.0, "_timestamp": 1716000003.0, "train/loss": 1.5, "_wandb": {"runtime": 5}}

        """

    @Test("a W&B run folder: parameters from config.yaml's values, named by its folder, its JSON companions passed by")
    func wandbRunFolder() async throws {
        let folder = try TestSupport.scratchFolder()
        let files = "wandb/run-20240518_024000-k3x9q2/files/"
        try TestSupport.write(Self.wandbHistory, to: files + "wandb-history.jsonl", in: folder)
        try TestSupport.write(Self.wandbConfig, to: files + "config.yaml", in: folder)
        try TestSupport.write(#"{"train/loss": 1.5, "_step": 1}"#, to: files + "wandb-summary.json", in: folder)
        try TestSupport.write(
            #"{"host": "gpu-3", "python": "3.11", "startedAt": "2024-05-18T02:40:00", "git": {"commit": "ab12"}}"#,
            to: files + "wandb-metadata.json", in: folder)
        let result = try await ingest([folder.path])
        #expect(result.summary.problems.isEmpty, "\(result.summary.problems)")
        #expect(result.runs.count == 1)
        let run = try #require(result.runs["wandb/run-20240518_024000-k3x9q2"])
        #expect(run.params["lr"] == .float(0.001))
        #expect(run.params["batch_size"] == .int(32))
        #expect(run.params["optimizer.name"] == .string("adam"))
        #expect(run.params["optimizer.betas"] == .list([.float(0.9), .float(0.999)]))
        #expect(!run.params.keys.contains { $0.hasPrefix("_wandb") || $0.hasPrefix("wandb_version") })
        #expect(run.values("train/loss") == [2.25, 1.5])
        #expect(run.gitCommit == "ab12")
        #expect(run.startedAt == 1_716_000_000.5, "the history's earliest _timestamp wins over the metadata's start")
        #expect(run.attributes["config.file"] == .string(folder.path + "/" + files + "config.yaml"))
    }

    @Test("Lightning's hparams.yaml gives the parameters of metrics.csv's run, nested names dotted")
    func lightningVersionFolder() async throws {
        let folder = try TestSupport.scratchFolder()
        try TestSupport.write(
            "epoch,step,train_loss,val_acc\n0,49,1.5,\n0,49,,0.5\n1,99,1.0,\n1,99,,0.75\n",
            to: "lightning_logs/version_3/metrics.csv", in: folder)
        try TestSupport.write(
            "learning_rate: 0.02\nmodel:\n  hidden: 128\n  dropout: 0.1\nseed: 7\n",
            to: "lightning_logs/version_3/hparams.yaml", in: folder)
        let result = try await ingest([folder.path])
        #expect(result.summary.problems.isEmpty, "\(result.summary.problems)")
        let run = try #require(result.runs["lightning_logs/version_3"])
        #expect(run.format == .csvLog)
        #expect(
            run.params == [
                "learning_rate": .float(0.02), "model.hidden": .int(128), "model.dropout": .float(0.1), "seed": .int(7),
            ])
        #expect(run.values("val_acc") == [0.5, 0.75])
    }

    @Test("Hydra's .hydra/config.yaml fills what the log's own config leaves out; the log's values win")
    func hydraOutputFolder() async throws {
        let folder = try TestSupport.scratchFolder()
        let log = """
            {"event":"config","params":{"lr":0.5}}
            {"event":"metrics","split":"val","epoch":1,"acc":0.5}
            {"event":"end","status":"completed"}

            """
        try TestSupport.write(log, to: "outputs/2024-05-18/12-00-00/train.jsonl", in: folder)
        try TestSupport.write(
            "lr: 0.1\noptimizer:\n  momentum: 0.9\n", to: "outputs/2024-05-18/12-00-00/.hydra/config.yaml", in: folder)
        let result = try await ingest([folder.path])
        let run = try #require(result.runs["outputs/2024-05-18/12-00-00/train"])
        #expect(run.params == ["lr": .float(0.5), "optimizer.momentum": .float(0.9)])
        #expect(run.attributes["config.params"] == .list([.string("optimizer.momentum")]))
    }

    @Test("a config.yaml that is not W&B's gives nothing and is no problem")
    func otherConfigYAML() async throws {
        let folder = try TestSupport.scratchFolder()
        try TestSupport.write(#"{"event":"metrics","epoch":1,"acc":0.5}"# + "\n", to: "run/log.jsonl", in: folder)
        try TestSupport.write("command: [python, train.py]\nsampler: tpe\n", to: "run/config.yaml", in: folder)
        let result = try await ingest([folder.path])
        #expect(result.summary.problems.isEmpty)
        #expect(try #require(result.runs["run/log"]).params.isEmpty)
    }

    @Test(
        "a configuration edited after its log was read is read again on SQLite: values replaced, keys gone, problems cleared"
    )
    func editedConfiguration() async throws {
        let folder = try TestSupport.scratchFolder()
        let logs = folder.appendingPathComponent("logs").path
        let database = folder.appendingPathComponent("hyperscope.db").path
        try TestSupport.write(
            "epoch,loss\n0,1.5\n1,1.0\n", to: "logs/lightning_logs/version_0/metrics.csv", in: folder)
        let hparams = try TestSupport.write(
            "lr: 0.1\nwidth: 64\n", to: "logs/lightning_logs/version_0/hparams.yaml", in: folder)
        let jsonLog = try TestSupport.write(
            #"{"event":"metrics","epoch":1,"acc":0.5}"# + "\n", to: "logs/hydra/train.jsonl", in: folder)
        let hydra = try TestSupport.write("lr: 0.1\nwidth: 64\n", to: "logs/hydra/.hydra/config.yaml", in: folder)
        _ = try await Ingestion(store: try SQLiteStore(path: database)).run(paths: [logs])

        let later = Date().addingTimeInterval(10)
        for file in [hparams, hydra] {
            try TestSupport.replace(file, with: "lr: [unclosed\n")
            try TestSupport.setModificationDate(later, of: file)
        }
        let broken = try await Ingestion(store: try SQLiteStore(path: database)).run(paths: [logs])
        #expect(broken.problems.count == 2)
        for problem in broken.problems {
            #expect(problem.problem.reason.hasPrefix("the run's configuration "))
            #expect(problem.problem.reason.contains(" was not read: not valid YAML: 2:1: "), "\(problem.problem)")
        }
        var stored = try await SQLiteStore(path: database).runs(includingCurves: false)
        #expect(stored.count == 2)
        #expect(stored.allSatisfy { $0.params["lr"] == .float(0.1) }, "a broken file keeps what was read before")

        for file in [hparams, hydra] {
            try TestSupport.replace(file, with: "lr: 0.01\n")
            try TestSupport.setModificationDate(later.addingTimeInterval(10), of: file)
        }
        let handle = try FileHandle(forWritingTo: jsonLog)
        try handle.seekToEnd()
        try handle.write(contentsOf: Data((#"{"event":"metrics","epoch":2,"acc":0.75}"# + "\n").utf8))
        try handle.close()
        let mended = try await Ingestion(store: try SQLiteStore(path: database)).run(paths: [logs])
        #expect(mended.problems.isEmpty, "\(mended.problems)")
        let store = try SQLiteStore(path: database)
        #expect(try await store.problems().isEmpty)
        stored = try await store.runs(includingCurves: true)
        #expect(stored.count == 2)
        #expect(stored.allSatisfy { $0.params == ["lr": .float(0.01)] })
        #expect(stored.first { $0.format == .hyperscope }?.values("acc") == [0.5, 0.75])
    }
}
