import Foundation
import HyperscopeCore
import TestSupport
import Testing

/// End-to-end tests: the real binary, real files, real SQLite databases.
@Suite("hyperscope command line")
struct CommandLineTests {
    private func freshCLI() throws -> CLI {
        CLI(workingDirectory: try TestSupport.scratchFolder("cli"))
    }

    @Test("ingest --format json summarises a mixed tree with problems named relative to the PATH")
    func ingestSummary() throws {
        let cli = try freshCLI()
        let result = try cli.run(["ingest", TestSupport.fixture("logs"), "--format", "json"])
        #expect(result.status == 0, "\(result.stderr)")
        let summary = try result.json()
        #expect(summary["files_seen"] == .int(15))
        #expect(summary["runs_ingested"]?.numericValue ?? 0 >= 18)
        #expect(summary["runs_updated"] == .int(0))
        #expect(summary["runs_unchanged"] == .int(0))
        guard case .list(let problems)? = summary["problems"] else {
            Issue.record("no problems list in \(result.stdout)")
            return
        }
        let locations = problems.map {
            "\($0["file"]?.stringValue ?? ""):\($0["line"]?.numericValue.map { String(Int($0)) } ?? "-")"
        }
        #expect(locations.contains("hyperscope/damaged.jsonl:3"))
        #expect(locations.contains("hyperscope/damaged.jsonl:10"))
        #expect(locations.contains("dr_gen/short.jsonl:-"))
        #expect(locations.contains("tables/optuna_trials.csv:5"))
        #expect(
            FileManager.default.fileExists(
                atPath: cli.workingDirectory.appendingPathComponent(".hyperscope/hyperscope.db").path))

        let again = try cli.run(["ingest", TestSupport.fixture("logs"), "--format", "json"])
        let second = try again.json()
        #expect(second["runs_ingested"] == .int(0))
        #expect(second["runs_unchanged"] == summary["runs_ingested"])
        // Every file, the passed-over JSON among them: its problem is stored and it is not read again.
        #expect(second["files_unchanged"]?.numericValue == 15)
        #expect(second["files_read"] == .int(0))
        guard case .list(let secondProblems)? = second["problems"] else {
            Issue.record("no problems list in \(again.stdout)")
            return
        }
        #expect(secondProblems.contains { $0["reason"]?.stringValue?.hasPrefix("passed over: ") == true })
    }

    @Test(
        "runs --format json lists typed params and metric summaries; --where filters; --db and HYPERSCOPE_DB choose the database"
    )
    func runsListing() throws {
        let cli = try freshCLI()
        let database = cli.workingDirectory.appendingPathComponent("elsewhere/h.db").path
        #expect(try cli.run(["ingest", TestSupport.fixture("logs/hyperscope"), "--db", database]).status == 0)
        let listed = try cli.run(
            ["runs", "--format", "json", "--where", "optim.name = adam and val/acc.best >= 0.7"],
            environment: ["HYPERSCOPE_DB": database])
        #expect(listed.status == 0, "\(listed.stderr)")
        guard case .list(let runs) = try listed.json() else {
            Issue.record("expected a list: \(listed.stdout)")
            return
        }
        #expect(runs.count == 1)
        let run = runs[0]
        #expect(run["status"] == .string("completed"))
        #expect(run["params"]?["optim.lr"] == .float(0.01))
        #expect(run["params"]?["batch_size"] == .int(128))
        #expect(run["params"]?["model.layers"] == .list([.int(128), .int(64)]))
        #expect(run["metrics"]?["val/acc"]?["best"] == .float(0.7))
        #expect(run["metrics"]?["val/loss"]?["best"] == .float(0.95))
        #expect(run["metrics"]?["val/loss"]?["last"] == .float(0.95))
        #expect(run["metrics"]?["train/loss"]?["count"] == .int(2))
        #expect(run["source"]?.stringValue?.hasSuffix("adam-lr0.01-seed0.jsonl") == true)

        let maximized = try cli.run([
            "runs", "--format", "json", "--goal", "val/loss=max", "--db", database, "--where",
            "name = adam-lr0.01-seed0",
        ])
        guard case .list(let again) = try maximized.json() else { return }
        #expect(again.first?["metrics"]?["val/loss"]?["best"] == .float(1.1))

        let csv = try cli.run(["runs", "--format", "csv", "--db", database])
        #expect(csv.stdout.split(separator: "\n").count == 5)
        #expect(csv.stdout.hasPrefix("id,name,status"))

        let empty = try cli.run(["runs"])
        #expect(empty.stdout.contains("No runs yet"))
    }

    @Test("a bad --where expression exits non-zero with the column marked")
    func badWhere() throws {
        let cli = try freshCLI()
        _ = try cli.run(["ingest", TestSupport.fixture("logs/hyperscope")])
        let result = try cli.run(["runs", "--where", "optim.lr >= and status = completed"])
        #expect(result.status != 0)
        #expect(result.stderr.contains("column 13"))
        #expect(result.stderr.contains("^"))
        let typo = try cli.run(["runs", "--where", "optim.lrr > 0.1"])
        #expect(typo.status != 0)
        #expect(typo.stderr.contains("optim.lrr"))
    }

    @Test("show prints one run whole, by id or by name; problems lists every problem")
    func showAndProblems() throws {
        let cli = try freshCLI()
        _ = try cli.run(["ingest", TestSupport.fixture("logs/hyperscope")])
        let shown = try cli.run(["show", "adam-lr0.01-seed0"])
        #expect(shown.status == 0)
        #expect(shown.stdout.contains("optim.lr"))
        #expect(shown.stdout.contains("early stopping at epoch 2"))
        #expect(shown.stdout.contains("epoch, step"))
        let json = try cli.run(["show", "1", "--format", "json"])
        #expect(try json.json()["metrics"]?["train/loss"]?["values"] != nil)
        let missing = try cli.run(["show", "no-such-run"])
        #expect(missing.status != 0)
        let problems = try cli.run(["problems", "--format", "json"])
        guard case .list(let list) = try problems.json() else {
            Issue.record("expected a list")
            return
        }
        #expect(list.count == 5)
        #expect(list.allSatisfy { $0["file"]?.stringValue?.hasSuffix("damaged.jsonl") == true })
    }

    @Test("forcing an input format and naming metric columns work from the command line")
    func formatsFromCommandLine() throws {
        let cli = try freshCLI()
        let result = try cli.run([
            "ingest", TestSupport.fixture("logs/tables/generic.csv"), "--metric-columns", "recall@100,latency_ms",
            "--format", "csv", "--format", "json",
        ])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(try result.json()["runs_ingested"] == .int(3))
        let bad = try cli.run(["ingest", TestSupport.fixture("logs"), "--format", "xml"])
        #expect(bad.status != 0)
        let missing = try cli.run(["ingest", "no/such/folder"])
        #expect(missing.status != 0)
        #expect(missing.stderr.contains("no/such/folder"))
    }

    @Test(
        "quickstart trains 18 runs as child processes, ingests them with their calibration, prints the best, runs a TPE search, and compares accuracy and calibration"
    )
    func quickstart() throws {
        let cli = try freshCLI()
        let result = try cli.run(["quickstart"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("18 new"))
        #expect(result.stdout.contains("Best run:"))
        let logs = try FileManager.default.contentsOfDirectory(
            atPath: cli.workingDirectory.appendingPathComponent("hyperscope-quickstart/logs").path)
        // A log and its test predictions per run; the predictions are measured, not read as runs.
        #expect(logs.count == 36 && logs.filter { $0.hasSuffix(".predictions.jsonl") }.count == 18, "\(logs)")
        let runs = try cli.run(["runs", "--format", "json", "--where", "status = completed and format = hyperscope"])
        guard case .list(let list) = try runs.json() else { return }
        #expect(list.count == 18)
        let calibrated = try cli.run([
            "runs", "--format", "json", "--where", "format = hyperscope and test/ece < 1 and test/acc > 0.5",
        ])
        guard case .list(let calibratedRuns) = try calibrated.json() else { return }
        #expect(calibratedRuns.count == 18, "\(calibrated.stderr)")
        // The search's trials write their predictions into their folders: measured as each trial ends.
        let trialsCalibrated = try cli.run([
            "runs", "--format", "json", "--where", "study = quickstart-tpe and test/ece < 1",
        ])
        guard case .list(let calibratedTrials) = try trialsCalibrated.json() else { return }
        #expect(!calibratedTrials.isEmpty, "\(trialsCalibrated.stderr)")
        // It ends comparing the two optimisers on accuracy and calibration at once.
        #expect(result.stdout.contains("7. Accurate, and calibrated?"))
        #expect(
            result.stdout.contains("test/ece at last") || result.stdout.contains("on test/ece:"), "\(result.stdout)")
        #expect(result.stdout.contains("better calibrated by"), "\(result.stdout)")
        #expect(result.stdout.contains("Study quickstart-tpe: tpe search over 4 parameters"))
        #expect(result.stdout.contains("Best configuration: optimizer="))
        let trials = try cli.run(["runs", "--format", "json", "--where", "study = quickstart-tpe"])
        guard case .list(let trialRuns) = try trials.json() else { return }
        #expect(trialRuns.count == 16)
        // The search file it wrote runs again as a new study, and a rerun of the quickstart picks a free name.
        let again = try cli.run([
            "search", "--config", "hyperscope-quickstart/search.yaml", "--study", "again", "--trials", "3",
        ])
        #expect(again.status == 0, "\(again.stderr)")
        let rerun = try cli.run(["quickstart"])
        #expect(rerun.stdout.contains("Study quickstart-tpe-2:"), "\(rerun.stdout)")
        // The rerun rewrote its 18 logs: each is read again whole, never continued onto its old self.
        let problems = try cli.run(["problems"])
        #expect(!problems.stdout.contains("malformed JSON"), "\(problems.stdout)")
        let rewritten = try cli.run(["runs", "--format", "json", "--where", "format = hyperscope"])
        guard case .list(let logged) = try rewritten.json() else { return }
        #expect(logged.count == 18)
        #expect(
            logged.allSatisfy { $0["metrics"]?["val/acc"]?["count"] == .int(15) }, "\(rewritten.stdout.prefix(600))")
        // A new user's shell cannot find `hyperscope` yet: the closing lines say how to put it on the PATH.
        #expect(result.stdout.contains("`hyperscope` is not on your PATH yet"), "\(result.stdout.suffix(800))")
        #expect(result.stdout.contains("export PATH=\"" + CLI.executable.deletingLastPathComponent().path + ":$PATH\""))
    }
}

@Suite("hyperscope sweep and compare")
struct AnalysisCommandTests {
    /// A folder of dr_gen logs: 2 learning rates × 3 seeds with a noise key, one run cut short.
    static func drGenSweep() throws -> URL {
        let folder = try TestSupport.scratchFolder("drgen-sweep")
        let finals: [Double: [Double]] = [0.1: [61.0, 62.5, 60.5], 0.01: [55.0, 56.0, 54.5]]
        for (lr, values) in finals {
            for (seed, final) in values.enumerated() {
                let epochs = lr == 0.01 && seed == 2 ? 2 : 3
                var lines = [
                    #"{"type":"dict_config","value":{"optim":{"lr":\#(lr)},"epochs":3,"seed":\#(seed),"paths":{"out":"/o/\#(seed)"}}}"#
                ]
                for epoch in 0..<epochs {
                    lines.append(
                        #"{"title":"agg_val","data_name":"val","agg_stats":{"loss":1.0,"acc1":\#(final - Double(2 - epoch))}}"#
                    )
                }
                try TestSupport.write(lines.joined(separator: "\n") + "\n", to: "lr\(lr)/seed\(seed).jsonl", in: folder)
            }
        }
        return folder
    }

    @Test(
        "sweep --format json: varying keys without noise, groups with n/mean/std/sem/ci95 matching SciPy, incomplete runs listed"
    )
    func sweepJSON() throws {
        let cli = CLI(workingDirectory: try TestSupport.scratchFolder("sweep"))
        #expect(try cli.run(["ingest", try Self.drGenSweep().path]).status == 0)
        let result = try cli.run(["sweep", "--metric", "val/acc1", "--format", "json"])
        #expect(result.status == 0, "\(result.stderr)")
        let json = try result.json()
        #expect(
            json["varying"]
                == .list([
                    .object([
                        Value.Field("key", .string("optim.lr")), Value.Field("name", .string("optim.lr")),
                        Value.Field("aliases", .list([])),
                    ])
                ]))
        #expect(json["excluded"] == .list([.string("paths.out"), .string("seed")]))
        guard case .list(let groups)? = json["groups"], groups.count == 2 else {
            Issue.record("expected two groups: \(result.stdout)")
            return
        }
        // numpy.mean([61.0, 62.5, 60.5]) = 61.333333333333336, numpy.std(ddof=1) = 1.0408329997330665,
        // scipy.stats.sem = 0.6009252125773317,
        // scipy.stats.t.interval(0.95, 2, loc=61.333333333333336, scale=0.6009252125773317) = (58.7477608270622,
        // 63.91890583960447)
        let best = groups[0]
        #expect(best["params"]?["optim.lr"] == .float(0.1))
        #expect(best["n"] == .int(3))
        #expect(abs((best["mean"]?.numericValue ?? 0) - 61.333333333333336) < 1e-9)
        #expect(abs((best["std"]?.numericValue ?? 0) - 1.0408329997330665) < 1e-9)
        #expect(abs((best["sem"]?.numericValue ?? 0) - 0.6009252125773317) < 1e-9)
        guard case .list(let interval)? = best["ci95"] else { return }
        #expect(abs((interval[0].numericValue ?? 0) - 58.7477608270622) < 1e-9 * 58.7)
        #expect(abs((interval[1].numericValue ?? 0) - 63.91890583960447) < 1e-9 * 63.9)
        #expect(groups[1]["n"] == .int(2))
        guard case .list(let incomplete)? = json["incomplete"] else { return }
        #expect(incomplete.count == 1)
        // The short run was ingested as incomplete: listed with its status, never aggregated.
        let reason = incomplete.first?["reason"]?.stringValue ?? ""
        #expect(reason.hasPrefix("incomplete: ") && reason.hasSuffix("has 2 of 3 epochs"), "\(reason)")
    }

    @Test("sweep at a point no run reaches is an error naming the furthest point reached, not a table of empty rows")
    func sweepBeyondTheEnd() throws {
        let cli = CLI(workingDirectory: try TestSupport.scratchFolder("sweep-beyond"))
        #expect(try cli.run(["ingest", try Self.drGenSweep().path]).status == 0)
        let result = try cli.run(["sweep", "--metric", "val/acc1", "--at", "epoch=50"])
        #expect(result.status != 0)
        #expect(
            result.stderr.contains("no run reaches epoch=50 of val/acc1: the furthest any run reaches is epoch=2"),
            "\(result.stderr)")
        #expect(try cli.run(["sweep", "--metric", "val/acc1", "--at", "epoch=1"]).status == 0)
    }

    @Test("compare --by with a baseline, and --a/--b; bad input exits non-zero")
    func compare() throws {
        let cli = CLI(workingDirectory: try TestSupport.scratchFolder("compare"))
        #expect(try cli.run(["ingest", try Self.drGenSweep().path]).status == 0)
        let result = try cli.run([
            "compare", "--by", "optim.lr", "--baseline", "0.01", "--metric", "val/acc1", "--format", "json",
        ])
        #expect(result.status == 0, "\(result.stderr)")
        guard case .list(let comparisons) = try result.json(), let comparison = comparisons.first else {
            Issue.record("expected a list: \(result.stdout)")
            return
        }
        #expect(comparison["a"]?["label"] == .string("optim.lr=0.1"))
        #expect(comparison["b"]?["n"] == .int(2))
        for key in [
            "diff", "diff_ci95", "welch", "mann_whitney", "hedges_g", "paired", "p_holm", "verdict",
            "seeds_for_80pct_power",
        ] {
            #expect(comparison[key] != nil, "missing \(key)")
        }
        // scipy.stats.ttest_ind([61.0, 62.5, 60.5], [55.0, 56.0], equal_var=False) -> t=7.462025072446368,
        // p=0.00543648085281311, df=2.9244712990936557
        #expect(abs((comparison["welch"]?["t"]?.numericValue ?? 0) - 7.462025072446368) < 1e-9 * 7.5)
        #expect(abs((comparison["welch"]?["p"]?.numericValue ?? 0) - 0.00543648085281311) < 1e-9 * 0.0054)
        #expect(abs((comparison["welch"]?["df"]?.numericValue ?? 0) - 2.9244712990936557) < 1e-9 * 2.9)
        #expect(comparison["verdict"]?.stringValue?.hasPrefix("optim.lr=0.1 is better") == true)
        let expressions = try cli.run([
            "compare", "--a", "optim.lr = 0.1", "--b", "optim.lr = 0.01", "--metric", "val/acc1",
        ])
        #expect(expressions.status == 0)
        #expect(expressions.stdout.contains("optim.lr = 0.1 vs optim.lr = 0.01"))
        #expect(try cli.run(["compare", "--a", "optim.lr = 0.1"]).status != 0)
        #expect(try cli.run(["compare", "--by", "optim.lr", "--baseline", "7", "--metric", "val/acc1"]).status != 0)
        #expect(try cli.run(["compare", "--by", "optim.lr", "--metric", "val/nothing"]).status != 0)
    }

    @Test("curves writes an SVG chart and a table of mean and CI per group and epoch")
    func curves() throws {
        let cli = CLI(workingDirectory: try TestSupport.scratchFolder("curves"))
        #expect(try cli.run(["ingest", try Self.drGenSweep().path]).status == 0)
        let svg = cli.workingDirectory.appendingPathComponent("acc.svg").path
        let result = try cli.run([
            "curves", "--metric", "val/acc1", "--by", "optim.lr", "--svg", svg, "--format", "csv",
        ])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.hasPrefix("group,epoch,n,mean,95% CI"))
        #expect(result.stdout.contains("optim.lr=0.1,0,3,"))
        let chart = try String(contentsOfFile: svg, encoding: .utf8)
        #expect(chart.contains("<polyline") && chart.contains("optim.lr=0.1 (n=3)"))
        #expect(try cli.run(["curves", "--metric", "val/acc1", "--x", "step"]).status != 0)
    }

    @Test("hyperscope.yaml renames parameters and values in tables, keeps raw values in JSON, and adds noise keys")
    func displayNames() throws {
        let cli = CLI(workingDirectory: try TestSupport.scratchFolder("yaml"))
        #expect(try cli.run(["ingest", try Self.drGenSweep().path]).status == 0)
        try TestSupport.write(
            """
            display:
              params:
                optim.lr: LR
              values:
                optim.lr:
                  1e-1: high
            sweep:
              exclude: ["epochs"]
            """, to: "hyperscope.yaml", in: cli.workingDirectory)
        let table = try cli.run(["sweep", "--metric", "val/acc1"])
        #expect(table.status == 0, "\(table.stderr)")
        #expect(table.stdout.hasPrefix("LR "))
        #expect(table.stdout.contains("high"))
        let json = try cli.run(["sweep", "--metric", "val/acc1", "--format", "json"]).json()
        guard case .list(let groups)? = json["groups"] else { return }
        #expect(groups[0]["params"]?["optim.lr"] == .float(0.1))
        #expect(groups[0]["display"]?["LR"] == .string("high"))
        let compared = try cli.run(["compare", "--by", "optim.lr", "--metric", "val/acc1"])
        #expect(compared.stdout.contains("LR=high"))

        try TestSupport.write("display:\n  params: [a, b]\n", to: "bad.yaml", in: cli.workingDirectory)
        let bad = try cli.run(["sweep", "--metric", "val/acc1", "--config", "bad.yaml"])
        #expect(bad.status != 0)
        #expect(bad.stderr.contains("bad.yaml:2:11: display.params: expected a mapping"))
        try TestSupport.write("colours: {}\n", to: "unknown.yaml", in: cli.workingDirectory)
        let unknown = try cli.run(["sweep", "--metric", "val/acc1", "--config", "unknown.yaml"])
        #expect(unknown.stderr.contains("unknown.yaml:1:1: colours: unknown key"))
    }

    @Test(
        "insights --format json has the shape of the dashboard's hyperparameter-analysis API, with categories and alias from hyperscope.yaml"
    )
    func insightsJSON() throws {
        let cli = CLI(workingDirectory: try TestSupport.scratchFolder("insights"))
        #expect(try cli.run(["ingest", try Self.drGenSweep().path]).status == 0)
        try TestSupport.write(
            """
            display:
              params:
                optim.lr: LR
            insights:
              alias: acc
              categories:
                training: [optim.*]
            """, to: "hyperscope.yaml", in: cli.workingDirectory)
        let result = try cli.run(["insights", "--metric", "val/acc1", "--format", "json"])
        #expect(result.status == 0, "\(result.stderr)")
        let json = try result.json()
        #expect(json["success"] == .bool(true))
        let analysis = try #require(json["analysis"])
        // 6 runs, 5 completed (the short one stopped at epoch 2 and is left out, with a note);
        // floor(0.3 · 5) = 1 good run: the best, 62.5.
        #expect(result.stderr.contains("note: left out 1 incomplete run"), "\(result.stderr)")
        #expect(analysis["total_experiments"] == .int(5))
        #expect(analysis["good_experiments"] == .int(1))
        #expect(analysis["good_threshold"] == .float(62.5))
        guard case .list(let training)? = analysis["training"], let lr = training.first else {
            Issue.record("no training category: \(result.stdout)")
            return
        }
        #expect(lr["param"] == .string("LR"))
        #expect(lr["field"] == .string("optim.lr"))
        guard case .list(let values)? = lr["values"], let best = values.first else { return }
        #expect(best["value"] == .string("0.1"))
        #expect(best["raw_value"] == .float(0.1))
        // 1 good and 2 bad of 3: ((1+1)/5) / ((2+1)/5), by hand
        #expect(abs((best["tpe_score"]?.numericValue ?? 0) - 2.0 / 3.0) < 1e-12)
        #expect(best["avg_acc"] != nil && best["best_acc"] == .float(62.5))
        #expect(best["count"] == .int(3) && best["good_count"] == .int(1))
        #expect(best["confidence"] == .string("medium"))
        let text = try cli.run(["insights", "--metric", "val/acc1"])
        #expect(text.stdout.contains("TRAINING") && text.stdout.contains("LR"))
        #expect(try cli.run(["insights", "--metric", "val/acc1", "--gamma", "1.5"]).status != 0)
    }

    @Test("derived parameters from hyperscope.yaml are stored by ingest and recomputed by backfill")
    func derived() throws {
        let cli = CLI(workingDirectory: try TestSupport.scratchFolder("derived"))
        try TestSupport.write(
            """
            derived:
              lr_per_epoch: {expr: "optim.lr * ceil(1000 / 64)"}
              lr_level: {bucket: optim.lr, ranges: {small: 0.01, large: inf}}
            """, to: "hyperscope.yaml", in: cli.workingDirectory)
        #expect(try cli.run(["ingest", try Self.drGenSweep().path]).status == 0)
        guard case .list(let runs) = try cli.run(["runs", "--format", "json", "--where", "lr_level = large"]).json()
        else { return }
        #expect(runs.count == 3)
        #expect(abs((runs.first?["params"]?["lr_per_epoch"]?.numericValue ?? 0) - 1.6) < 1e-12)
        try TestSupport.write(
            "derived:\n  lr_level: {bucket: optim.lr, ranges: {tiny: 0.05, big: inf}}\n", to: "hyperscope.yaml",
            in: cli.workingDirectory)
        let backfill = try cli.run(["backfill"])
        #expect(backfill.status == 0, "\(backfill.stderr)")
        #expect(backfill.stdout.contains("lr_level: 6 computed"))
        guard case .list(let after) = try cli.run(["runs", "--format", "json", "--where", "lr_level = tiny"]).json()
        else { return }
        #expect(after.count == 3)
        #expect(after.first?["params"]?["lr_per_epoch"] == nil)
        try TestSupport.write("derived:\n  x: {expr: \"optim.lr * (\"}\n", to: "bad.yaml", in: cli.workingDirectory)
        let bad = try cli.run(["backfill", "--config", "bad.yaml"])
        #expect(bad.status != 0)
        #expect(bad.stderr.contains("derived.x.expr"))
    }

    @Test("importance --format json ranks the varying parameter first; unknown options are refused")
    func importance() throws {
        let cli = CLI(workingDirectory: try TestSupport.scratchFolder("importance"))
        #expect(try cli.run(["ingest", try Self.drGenSweep().path]).status == 0)
        let refused = try cli.run(["importance", "--metric", "val/acc1", "--include-incomplete"])
        #expect(refused.status != 0)
        #expect(refused.stderr.contains("include-incomplete"))
        let result = try cli.run([
            "importance", "--metric", "val/acc1", "--format", "json", "--seeds", "3", "--trees", "8",
        ])
        #expect(result.status == 0, "\(result.stderr)")
        let json = try result.json()
        #expect(json["runs"] == .int(5), "the short, incomplete run is not judged on its early value")
        #expect(result.stderr.contains("--status completed,incomplete includes them"), "\(result.stderr)")
        let all = try cli.run([
            "importance", "--metric", "val/acc1", "--format", "json", "--seeds", "3", "--trees", "8", "--status", "all",
        ])
        #expect(try all.json()["runs"] == .int(6))
        guard case .list(let entries)? = json["importance"] else {
            Issue.record("no importance list: \(result.stdout)")
            return
        }
        #expect(entries.first?["field"] == .string("optim.lr"))
        #expect((entries.first?["fanova"]?.numericValue ?? 0) > 0.5)
    }

    @Test("suggest prints new configurations with their l(x)/g(x) and exports them as YAML")
    func suggest() throws {
        let cli = CLI(workingDirectory: try TestSupport.scratchFolder("suggest"))
        #expect(try cli.run(["ingest", try Self.drGenSweep().path]).status == 0)
        let result = try cli.run([
            "suggest", "-n", "3", "--metric", "val/acc1", "--format", "json", "--export", "next.yaml", "--seed", "4",
        ])
        #expect(result.status == 0, "\(result.stderr)")
        guard case .list(let suggestions) = try result.json() else { return }
        #expect(suggestions.count == 3)
        #expect(
            suggestions.allSatisfy {
                $0["params"]?["optim.lr"]?.numericValue != nil && ($0["improvement_ratio"]?.numericValue ?? 0) > 0
            })
        let yaml = try String(contentsOf: cli.workingDirectory.appendingPathComponent("next.yaml"), encoding: .utf8)
        #expect(yaml.contains("suggestions:\n  - params:\n      \"optim.lr\": "))
        let again = try cli.run(["suggest", "-n", "3", "--metric", "val/acc1", "--format", "json", "--seed", "4"])
        #expect(again.stdout == result.stdout)
    }
}
