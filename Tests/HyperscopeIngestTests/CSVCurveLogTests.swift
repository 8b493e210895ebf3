import Foundation
import HyperscopeCore
import TestSupport
import Testing

@Suite("CSV logs of one run")
struct CSVCurveLogTests {
    /// Ingests one CSV file of `text` named `name` in a folder of its own.
    static func ingestCSV(_ text: String, named name: String = "metrics.csv") async throws -> [String: Run] {
        let folder = try TestSupport.scratchFolder()
        try TestSupport.write(text, to: name, in: folder)
        return try await ingest([folder.path]).runs
    }

    @Test("Lightning's metrics.csv is one run whose rows are points, empty cells no point")
    func lightning() async throws {
        let runs = try await Self.ingestCSV(
            """
            epoch,step,train_loss,val_acc,val_loss
            0,49,1.5,,
            0,99,1.25,,
            0,99,,0.5,0.75
            1,149,1.0,,
            1,199,0.5,,
            1,199,,0.625,0.25
            """)
        #expect(runs.count == 1)
        let run = try #require(runs["metrics"])
        #expect(run.format == .csvLog && run.format.logsCurves)
        #expect(run.values("train_loss") == [1.5, 1.25, 1.0, 0.5])
        #expect(run.curve(MetricKey(parsing: "train_loss"))?.axis(named: "step") == [49, 99, 149, 199])
        #expect(run.values("val_acc") == [0.5, 0.625])
        #expect(run.curve(MetricKey(parsing: "val_loss"))?.axis(named: "epoch") == [0, 1])
        #expect(run.status == .completed)
        #expect(run.statusReason == "a CSV log records no end; its curves show how far it got")
    }

    @Test("Keras' CSVLogger history is one run over epochs; text cells are reported once")
    func keras() async throws {
        let runs = try await Self.ingestCSV(
            """
            epoch,accuracy,loss,val_accuracy,val_loss,note
            0,0.5,1.0,0.45,1.1,warm
            1,0.75,0.5,0.7,0.6,warm
            2,0.875,0.25,0.8,0.4,
            """, named: "training.csv")
        let run = try #require(runs["training"])
        #expect(run.values("val_accuracy") == [0.45, 0.7, 0.8])
        #expect(run.curve(MetricKey(parsing: "loss"))?.axis(named: "epoch") == [0, 1, 2])
        #expect(run.curve(MetricKey(parsing: "note")) == nil)
    }

    @Test("a tool's run file is named by its folder only when it is that tool's: a table named metrics.csv is not")
    func folderNames() async throws {
        let folder = try TestSupport.scratchFolder()
        try TestSupport.write("epoch,loss\n0,1.5\n1,1.0\n", to: "lightning_logs/version_0/metrics.csv", in: folder)
        try TestSupport.write("lr,val/acc\n0.1,0.5\n0.01,0.6\n", to: "sweep/metrics.csv", in: folder)
        try TestSupport.write(#"[{"lr": 0.1, "val/acc": 0.5}]"#, to: "table/metrics.json", in: folder)
        let runs = try await ingest([folder.path]).runs
        #expect(
            Set(runs.keys) == ["lightning_logs/version_0", "sweep/metrics#1", "sweep/metrics#2", "table/metrics#1"])
    }

    @Test("tables of runs stay tables: named rows, trial numbers, params_ columns, epochs out of order")
    func tablesStayTables() async throws {
        let named = try await Self.ingestCSV("name,epoch,val/acc\na,1,0.5\nb,2,0.6\nc,3,0.7\n")
        #expect(named.count == 3)
        let optuna = try await Self.ingestCSV("number,value,params_lr,epoch\n0,0.5,0.1,1\n1,0.6,0.01,2\n")
        #expect(optuna.count == 2)
        let unordered = try await Self.ingestCSV("epoch,lr,val/acc\n10,0.1,0.5\n3,0.01,0.6\n7,0.001,0.7\n")
        #expect(unordered.count == 3)
        let noAxis = try await Self.ingestCSV("lr,val/acc\n0.1,0.5\n0.01,0.6\n")
        #expect(noAxis.count == 2)
    }
}
