import Foundation
import HyperscopeCore
import TestSupport
import Testing

/// A search whose objective comes from the predictions each trial writes: the trial's log names them,
/// and their calibration is measured before the trial is judged, as ingestion measures it.
@Suite("Searching on calibration")
struct CalibratedSearchTests {
    /// A command that writes val and test logits whose true temperature is 1, divided by `--temp`, to
    /// its trial's folder, and names them in its log.
    static let trainer = """
        import json, math, random, sys
        args = dict(zip(sys.argv[1::2], sys.argv[2::2]))
        temperature, folder = float(args["--temp"]), args["--dir"]
        rng = random.Random(5)
        with open(folder + "/preds.jsonl", "w") as out:
            for split in ("val", "test"):
                for index in range(1500):
                    logits = [3 * (rng.random() - 0.5) for _ in range(3)]
                    weights = [math.exp(v) for v in logits]
                    draw, total, label = rng.random() * sum(weights), 0.0, 2
                    for k, w in enumerate(weights):
                        total += w
                        if draw < total:
                            label = k
                            break
                    scaled = [v / temperature for v in logits]
                    out.write(json.dumps({"split": split, "label": label, "logits": scaled}) + "\\n")
        print(json.dumps({"event": "config", "params": {"temp": temperature}}))
        print(json.dumps({"event": "artifact", "kind": "predictions", "path": "preds.jsonl", "split": "test"}))
        print(json.dumps({"event": "end", "status": "completed"}))

        """

    @Test("objective test/ece: each trial's predictions are measured, the calibrated one wins, and the report draws it")
    func searchOnECE() async throws {
        let cli = CLI(workingDirectory: try TestSupport.scratchFolder("calibrated-search"))
        let script = try TestSupport.write(Self.trainer, to: "train.py", in: cli.workingDirectory)
        let path = try SearchCommandTests.config(
            cli.workingDirectory,
            """
            study: calibrated
            objective:
              command: [python3, \(script.path), --temp, "{temp}", --dir, "{trial_dir}"]
              metric: test/ece
              goal: min
            parameters:
              temp: [0.5, 1.0, 2.0]
            strategy: grid
            """)
        let result = try cli.run(["search", "--config", path])
        #expect(result.status == 0, "\(result.stdout)\n\(result.stderr)")
        #expect(result.stdout.contains("3 completed"), "\(result.stdout)")
        guard case .list(let runs) = try cli.run(["runs", "--where", "study = calibrated", "--format", "json"]).json()
        else { return }
        func metric(_ name: String, at temperature: Double) -> Double? {
            runs.first { $0["params"]?["temp"]?.numericValue == temperature }?["metrics"]?[name]?["last"]?.numericValue
        }
        // Labels were drawn from the logits at temperature 1: that trial is calibrated, the others not;
        // and temperature scaling fitted on val recovers each file's factor.
        let ece = [0.5, 1.0, 2.0].map { metric("test/ece", at: $0) ?? .nan }
        #expect(ece[1] < ece[0] && ece[1] < ece[2], "\(ece)")
        for temperature in [0.5, 2.0] {
            let fitted = metric("test/temperature", at: temperature) ?? .nan
            #expect(abs(fitted * temperature - 1) < 0.1, "T fitted \(fitted) for logits divided by \(temperature)")
        }
        #expect(result.stdout.contains("temp=1"), "the best trial is the calibrated one: \(result.stdout)")

        let report = try cli.run(["report", "calibrated", "--format", "html", "--output", "report.html"])
        #expect(report.status == 0, "\(report.stderr)")
        let html = try String(
            contentsOf: cli.workingDirectory.appendingPathComponent("report.html"), encoding: .utf8)
        #expect(html.contains("Calibration of the best trial") && html.contains("Reliability bins, test"))

        // The dashboard's trial page draws each repeat's calibration.
        let (server, address) = try await ServeCommandTests.start([], in: cli.workingDirectory)
        defer { if server.isRunning { SearchCommandTests.killAndReap(server) } }
        let (status, page, _) = try await ServeCommandTests.get(address + "studies/calibrated/trials/1")
        #expect(status == 200 && page.contains("<h2>Calibration, test</h2>") && page.contains("<svg"))
        kill(server.processIdentifier, SIGTERM)
        #expect(SearchCommandTests.exitStatus(of: server) == 0)
    }
}
