import Foundation
import HyperscopeCore
import TestSupport
import Testing

/// A run whose log names its predictions shows their calibration wherever the run is shown: the
/// dashboard's run page (diagram, bins, triage), its JSON, and `hyperscope show`.
@Suite("A run's calibration on its pages")
struct RunCalibrationPageTests {
    /// Two runs: one naming val and test logits (a temperature is fitted), one naming stochastic passes
    /// under a file name with markup in it.
    static func ingested() throws -> (CLI, logits: URL, passes: URL, ids: (logits: Int, passes: Int)) {
        let folder = try TestSupport.scratchFolder("run-calibration")
        let first = folder.appendingPathComponent("logs/run1")
        let second = folder.appendingPathComponent("logs/run2")
        try FileManager.default.createDirectory(at: first, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: second, withIntermediateDirectories: true)
        let logits = try CalibrateCommandTests.logitsFile(in: first)
        let passes = second.appendingPathComponent("<i>passes.jsonl")
        try FileManager.default.copyItem(
            at: URL(fileURLWithPath: TestSupport.fixture("predictions/passes.jsonl")), to: passes)
        for (runFolder, name) in [(first, "logits.jsonl"), (second, "<i>passes.jsonl")] {
            try TestSupport.write(
                """
                {"event": "config", "params": {"lr": 0.1}}
                {"event": "artifact", "kind": "predictions", "path": "\(name)", "split": "test"}
                {"event": "end", "status": "completed"}

                """, to: "log.jsonl", in: runFolder)
        }
        let cli = CLI(workingDirectory: folder)
        let ingest = try cli.run(["ingest", "logs/run1/log.jsonl", "logs/run2/log.jsonl"])
        #expect(ingest.status == 0, "\(ingest.stderr)")
        guard case .list(let runs) = try cli.run(["runs", "--format", "json"]).json() else {
            return (cli, logits, passes, (0, 0))
        }
        func id(_ folder: String) -> Int {
            runs.first { $0["source"]?.stringValue?.contains(folder) == true }?["id"]?.numericValue.map { Int($0) } ?? 0
        }
        return (cli, logits, passes, (id("run1"), id("run2")))
    }

    @Test("the run page draws the diagram before and after temperature scaling, with the calibrate figures")
    func runPage() async throws {
        let (cli, logits, _, ids) = try Self.ingested()
        let direct = try cli.run([
            "calibrate", logits.path, "--fit-temperature", "--resamples", "0", "--format", "json",
        ])
        guard case .list(let reports)? = try direct.json()["reports"], reports.count == 2 else {
            Issue.record("calibrate gave no reports: \(direct.stderr)")
            return
        }
        let (server, address) = try await ServeCommandTests.start([], in: cli.workingDirectory)
        defer { if server.isRunning { SearchCommandTests.killAndReap(server) } }

        let (status, page, _) = try await ServeCommandTests.get(address + "runs/\(ids.logits)")
        #expect(status == 200)
        #expect(page.contains("<h2>Calibration, test</h2>") && page.contains("<svg"), "\(page.prefix(300))")
        #expect(page.contains("Reliability bins, test, T = "))
        let (apiStatus, body, _) = try await ServeCommandTests.get(address + "api/runs/\(ids.logits)")
        #expect(apiStatus == 200)
        guard case .list(let calibrations)? = try JSONParser.parse(body)["calibration"], let stored = calibrations.first
        else {
            Issue.record("no calibration in \(body.prefix(300))")
            return
        }
        #expect(stored["report"]?["ece"] == reports[0]["ece"], "the ECE calibrate gives")
        #expect(stored["report"]?["nll"] == reports[0]["nll"])
        #expect(stored["temperature"] == reports[1]["temperature"])
        #expect(stored["after_temperature"]?["ece"] == reports[1]["ece"])
        guard case .list(let bins)? = stored["report"]?["bins"], case .list(let binsGiven)? = reports[0]["bins"] else {
            Issue.record("no bins")
            return
        }
        #expect(bins.count == 15 && binsGiven.count == 15)
        let counts = bins.map { bin -> Value in
            guard case .list(let items) = bin, items.count == 5 else { return .null }
            return items[2]
        }
        #expect(counts == binsGiven.map { $0["count"] ?? .null }, "the same bin counts")

        let (missing, _, _) = try await ServeCommandTests.get(address + "runs/999")
        #expect(missing == 404)
        let (notNumber, _, _) = try await ServeCommandTests.get(address + "runs/abc")
        #expect(notNumber == 404)
        // The runs listing links each run to its page.
        let (_, listing, _) = try await ServeCommandTests.get(address + "runs")
        #expect(listing.contains("<a href=\"/runs/\(ids.logits)\">\(ids.logits)</a>"), "\(listing)")
        kill(server.processIdentifier, SIGTERM)
        #expect(SearchCommandTests.exitStatus(of: server) == 0)
    }

    @Test("stochastic passes: the run page and show give the triage; a file name with markup is escaped")
    func triage() async throws {
        let (cli, _, passes, ids) = try Self.ingested()
        let shown = try cli.run(["show", "\(ids.passes)"])
        #expect(shown.status == 0)
        #expect(
            shown.stdout.contains("Files the log named") && shown.stdout.contains("auto-approve"), "\(shown.stdout)")
        #expect(shown.stdout.contains("AUROC") || shown.stdout.contains("needs both mistakes"))
        let direct = try cli.run(["calibrate", passes.path, "--resamples", "0", "--format", "json"])
        guard case .list(let buckets)? = try direct.json()["uncertainty"]?["all"]?["buckets"] else {
            Issue.record("calibrate gave no buckets: \(direct.stdout.prefix(300))")
            return
        }

        let (server, address) = try await ServeCommandTests.start([], in: cli.workingDirectory)
        defer { if server.isRunning { SearchCommandTests.killAndReap(server) } }
        let (status, page, _) = try await ServeCommandTests.get(address + "runs/\(ids.passes)")
        #expect(status == 200)
        #expect(page.contains("Triage of the stochastic passes"))
        #expect(page.contains("&lt;i&gt;passes.jsonl") && !page.contains("<i>passes"), "the path is escaped")
        let (_, body, _) = try await ServeCommandTests.get(address + "api/runs/\(ids.passes)")
        guard case .list(let calibrations)? = try JSONParser.parse(body)["calibration"],
            case .list(let stored)? = calibrations.first?["triage"]?["buckets"]
        else {
            Issue.record("no triage in \(body.prefix(300))")
            return
        }
        #expect(stored.map { $0["count"] } == buckets.map { $0["count"] }, "the same triage as calibrate")
        kill(server.processIdentifier, SIGTERM)
        #expect(SearchCommandTests.exitStatus(of: server) == 0)
    }
}
