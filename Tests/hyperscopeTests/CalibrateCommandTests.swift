import Foundation
import HyperscopeCore
import TestSupport
import Testing

/// `hyperscope calibrate` as a user types it, on prediction files written here.
@Suite("hyperscope calibrate")
struct CalibrateCommandTests {
    /// Val and test logits over-confident by a factor of 2 (labels drawn from the calibrated
    /// probabilities), and one bad row.
    static func logitsFile(in folder: URL) throws -> URL {
        var generator = SplitMix64(seed: 11)
        func uniform() -> Double { Double(generator.next() >> 11) / Double(1 << 53) }
        var lines: [String] = []
        for split in ["val", "test"] {
            for index in 0..<4_000 {
                let calibrated = (0..<3).map { _ in 3 * (uniform() - 0.5) }
                let total = calibrated.map { exp($0) }.reduce(0, +)
                let draw = uniform() * total
                var cumulative = 0.0
                let label =
                    calibrated.firstIndex {
                        cumulative += exp($0)
                        return draw < cumulative
                    } ?? 2
                let logits = calibrated.map { "\(2 * $0)" }.joined(separator: ", ")
                lines.append(
                    "{\"split\": \"\(split)\", \"id\": \"\(split)-\(index)\", \"label\": \(label), \"logits\": [\(logits)]}"
                )
            }
        }
        lines.append("{\"split\": \"test\", \"label\": 7, \"logits\": [1, 2, 3]}")
        return try TestSupport.write(lines.joined(separator: "\n") + "\n", to: "logits.jsonl", in: folder)
    }

    @Test("--fit-temperature fits T on val and reports test before and after; the bad row is listed by line")
    func temperature() throws {
        let folder = try TestSupport.scratchFolder()
        let file = try Self.logitsFile(in: folder)
        let cli = CLI(workingDirectory: folder)
        let result = try cli.run(["calibrate", file.path, "--fit-temperature", "--format", "json", "--resamples", "40"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(
            result.stderr.contains("1 row(s)") && result.stderr.contains("line 8001: label 7 is outside the 3 classes"))
        guard case .list(let reports)? = try result.json()["reports"], reports.count == 2 else {
            Issue.record("no two reports: \(result.stdout.prefix(300))")
            return
        }
        let temperature = try #require(reports[1]["temperature"]?.numericValue)
        #expect(abs(temperature - 2) / 2 < 0.1, "\(temperature)")
        let before = try #require(reports[0]["ece"]?.numericValue)
        let after = try #require(reports[1]["ece"]?.numericValue)
        #expect(after < before / 2 && reports[0]["accuracy"] == reports[1]["accuracy"])
        guard case .list(let bins)? = reports[0]["bins"] else { return }
        #expect(bins.count == 15 && reports[0]["count"] == .int(4_000))
        guard case .list(let accuracy)? = reports[0]["ci95"]?["accuracy"], accuracy.count == 2 else {
            Issue.record("no accuracy interval")
            return
        }
        let low = try #require(accuracy[0].numericValue)
        let high = try #require(accuracy[1].numericValue)
        let point = try #require(reports[0]["accuracy"]?.numericValue)
        #expect(low < point && point < high && high - low < 0.06)

        let svg = try cli.run([
            "calibrate", file.path, "--fit-temperature", "--svg", "reliability.svg", "--resamples", "0",
        ])
        let diagram = try String(contentsOf: folder.appendingPathComponent("reliability.svg"), encoding: .utf8)
        #expect(
            svg.status == 0 && diagram.hasPrefix("<svg") && diagram.contains("test, T = ") && diagram.contains("ECE"))
        #expect(diagram.components(separatedBy: "<rect").count > 30, "bars, gaps and the histogram of two panels")

        let byECE = try cli.run([
            "calibrate", file.path, "--fit-temperature", "--objective", "ece", "--resamples", "0", "--format", "json",
        ])
        guard case .list(let eceReports)? = try byECE.json()["reports"], eceReports.count == 2 else {
            Issue.record("no reports for --objective ece: \(byECE.stderr)")
            return
        }
        let gridTemperature = try #require(eceReports[1]["temperature"]?.numericValue)
        #expect(abs(gridTemperature / 0.05 - (gridTemperature / 0.05).rounded()) < 1e-9, "on the 0.05 grid")
        #expect(abs(gridTemperature - 2) / 2 < 0.15, "\(gridTemperature)")

        let table = try cli.run(["calibrate", file.path, "--bins", "10", "--resamples", "0"])
        #expect(
            table.status == 0 && table.stdout.contains("classwise ECE")
                && table.stdout.contains("Reliability bins, val"))
        #expect(table.stdout.contains("[0, 0.1]"), "the first bin holds 0")
    }

    @Test(
        "probabilities cannot be temperature-scaled, a missing file fails, a file of nothing readable is invalid input")
    func refusals() throws {
        let folder = try TestSupport.scratchFolder()
        let cli = CLI(workingDirectory: folder)
        let probabilities = try cli.run([
            "calibrate", TestSupport.fixture("predictions/table.csv"), "--fit-temperature",
        ])
        #expect(probabilities.status == 2 && probabilities.stderr.contains("needs logits"), "\(probabilities.stderr)")
        #expect(try cli.run(["calibrate", "missing.jsonl"]).status == 1)
        try TestSupport.write("nothing here\n", to: "junk.jsonl", in: folder)
        let junk = try cli.run(["calibrate", "junk.jsonl"])
        #expect(junk.status == 2 && junk.stderr.contains("no prediction row could be read"), "\(junk.stderr)")
    }

    @Test("stochastic passes: the triage per bucket, the spread's AUROC, and --examples listing a bucket")
    func passes() throws {
        let cli = CLI(workingDirectory: try TestSupport.scratchFolder())
        let fixture = TestSupport.fixture("predictions/passes.jsonl")
        let table = try cli.run([
            "calibrate", fixture, "--examples", "needs-review", "--review-spread", "0.05", "--resamples", "0",
        ])
        #expect(
            table.status == 0 && table.stdout.contains("Uncertainty of the stochastic passes, all"), "\(table.stderr)")
        #expect(table.stdout.contains("needs-review:") && table.stdout.contains("AUROC"))
        let json = try cli.run([
            "calibrate", fixture, "--review-spread", "0.05", "--resamples", "0", "--format", "json",
        ])
        guard case .list(let listed)? = try json.json()["uncertainty"]?["all"]?["examples"] else {
            Issue.record("no uncertainty in \(json.stdout.prefix(200))")
            return
        }
        // a: passes 0.9 and 0.7 of class 0 (spread 0.1); b: 0.6, 0.8, 0.7 of class 1; c: one pass.
        #expect(listed.map { $0["id"] } == [.string("a"), .string("b"), .string("c")])
        #expect(
            listed.map { $0["bucket"] } == [.string("needs-review"), .string("needs-review"), .string("spot-check")])
        // The standalone HTML report: the figures, the diagram, the triage and the rows left out.
        let html = try cli.run(["calibrate", fixture, "--resamples", "50", "--html", "report.html"])
        #expect(html.status == 0, "\(html.stderr)")
        let page = try String(
            contentsOf: cli.workingDirectory.appendingPathComponent("report.html"), encoding: .utf8)
        #expect(
            page.contains("<h2>Calibration</h2>") && page.contains("<svg") && page.contains("Reliability bins, all"))
        #expect(page.contains("<h2>Uncertainty of the stochastic passes, all</h2>") && page.contains("needs-review"))
        #expect(page.contains("rows left out</h2>") && !page.contains("<script"))
        let single = try cli.run([
            "calibrate", TestSupport.fixture("predictions/table.csv"), "--examples", "spot-check",
        ])
        #expect(single.status == 2 && single.stderr.contains("needs stochastic passes"))
    }

    @Test(
        "a log naming its predictions gets their calibration as metrics when ingested; the predictions file is passed over"
    )
    func artifactsOnIngest() throws {
        let folder = try TestSupport.scratchFolder()
        let runFolder = folder.appendingPathComponent("logs/run1")
        try FileManager.default.createDirectory(at: runFolder, withIntermediateDirectories: true)
        let predictions = try Self.logitsFile(in: runFolder)
        try TestSupport.write(
            """
            {"event": "config", "params": {"lr": 0.1}}
            {"event": "metrics", "split": "test", "epoch": 1, "acc": 0.7}
            {"event": "artifact", "kind": "predictions", "path": "logits.jsonl", "split": "test"}
            {"event": "artifact", "kind": "predictions", "path": "gone.jsonl", "split": "test"}
            {"event": "end", "status": "completed"}

            """, to: "log.jsonl", in: runFolder)
        let cli = CLI(workingDirectory: folder)
        let ingest = try cli.run(["ingest", "logs"])
        #expect(ingest.status == 0 && ingest.stdout.contains("1 passed over"), "\(ingest.stdout)")
        #expect(ingest.stdout.contains("log.jsonl:4: predictions artifact:") && ingest.stdout.contains("gone.jsonl"))
        guard case .list(let runs) = try cli.run(["runs", "--format", "json"]).json(), runs.count == 1 else {
            Issue.record("not one run")
            return
        }
        let metrics = try #require(runs[0]["metrics"])
        let direct = try cli.run([
            "calibrate", predictions.path, "--fit-temperature", "--resamples", "0", "--format", "json",
        ])
        guard case .list(let reports)? = try direct.json()["reports"], reports.count == 2 else { return }
        #expect(metrics["test/ece"]?["last"] == reports[0]["ece"], "the same figure as hyperscope calibrate")
        #expect(metrics["test/nll"]?["last"] == reports[0]["nll"])
        #expect(metrics["test/temperature"]?["last"] == reports[1]["temperature"])
        #expect(metrics["test/ece_after_temperature"]?["last"] == reports[1]["ece"])
        #expect(metrics["test/acc"]?["last"] == .float(0.7), "the log's own metrics stay")
        let named = try cli.run(["ingest", predictions.path])
        #expect(named.stdout.contains("a predictions file") && named.stdout.contains("runs:  0 new"), "\(named.stdout)")
    }

    @Test("--run stores the figures as metrics of a run; they stay when its log, or its table, is read again")
    func storedOnARun() throws {
        let folder = try TestSupport.scratchFolder()
        let predictions = try Self.logitsFile(in: folder)
        let log = try TestSupport.write(
            """
            {"event": "config", "params": {"lr": 0.1}}
            {"event": "metrics", "split": "test", "epoch": 1, "acc": 0.7}
            {"event": "end", "status": "completed"}

            """, to: "logs/run.jsonl", in: folder)
        try TestSupport.write("number,value,params_lr\n0,0.5,0.1\n1,0.6,0.2\n", to: "logs/trials.csv", in: folder)
        let cli = CLI(workingDirectory: folder)
        #expect(try cli.run(["ingest", "logs"]).status == 0)
        let direct = try cli.run([
            "calibrate", predictions.path, "--fit-temperature", "--resamples", "0", "--format", "json",
        ])
        guard case .list(let reports)? = try direct.json()["reports"], reports.count == 2 else { return }

        let stored = try cli.run(["calibrate", "logits.jsonl", "--run", "run", "--resamples", "0"])
        #expect(stored.status == 0, "\(stored.stderr)")
        #expect(stored.stderr.contains("stored on run") && stored.stderr.contains("test/ece"), "\(stored.stderr)")
        func metrics(_ name: String) throws -> Value? {
            guard case .list(let runs) = try cli.run(["runs", "--format", "json"]).json() else { return nil }
            return runs.first { $0["name"]?.stringValue == name }?["metrics"]
        }
        #expect(try metrics("run")?["test/ece"]?["last"] == reports[0]["ece"], "the figure calibrate gives")
        #expect(try metrics("run")?["test/temperature"]?["last"] == reports[1]["temperature"])
        #expect(try metrics("run")?["test/acc"]?["last"] == .float(0.7), "the log's own metrics stay")

        // The log grows a line and is rewritten: read again whole, it keeps what was attached.
        try Data(
            """
            {"event": "config", "params": {"lr": 0.1}}
            {"event": "metrics", "split": "test", "epoch": 1, "acc": 0.75}
            {"event": "end", "status": "completed"}

            """.utf8
        ).write(to: log)
        #expect(try cli.run(["ingest", "logs"]).status == 0)
        #expect(try metrics("run")?["test/acc"]?["last"] == .float(0.75))
        #expect(try metrics("run")?["test/ece"]?["last"] == reports[0]["ece"], "attached figures survive a rewrite")
        #expect(try cli.run(["ingest", "--rescan", "logs"]).status == 0)
        #expect(try metrics("run")?["test/ece"]?["last"] == reports[0]["ece"], "and a rescan")

        // A row of a table, read again whole when the table changes, keeps it too.
        let row = try cli.run(["calibrate", "logits.jsonl", "--run", "trials#0", "--resamples", "0"])
        #expect(row.status == 0, "\(row.stderr)")
        try TestSupport.write(
            "number,value,params_lr\n0,0.55,0.1\n1,0.6,0.2\n2,0.7,0.3\n", to: "logs/trials.csv", in: folder)
        #expect(try cli.run(["ingest", "logs"]).status == 0)
        guard case .list(let runs) = try cli.run(["runs", "--format", "json", "--where", "value = 0.55"]).json(),
            runs.count == 1
        else {
            Issue.record("the changed row is not one run")
            return
        }
        #expect(runs[0]["metrics"]?["test/ece"]?["last"] == reports[0]["ece"])

        // Gone, the attached file is a problem of the log, not a lost run.
        try FileManager.default.removeItem(at: predictions)
        #expect(try cli.run(["ingest", "--rescan", "logs"]).status == 0)
        #expect(try cli.run(["problems"]).stdout.contains("attached by hyperscope calibrate --run"))
        #expect(try metrics("run")?["test/acc"]?["last"] == .float(0.75))

        let unknown = try cli.run(["calibrate", TestSupport.fixture("predictions/passes.jsonl"), "--run", "nope"])
        #expect(unknown.status == 2 && unknown.stderr.contains("no run 'nope'"), "\(unknown.stderr)")
    }
}
