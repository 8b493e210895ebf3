import Foundation
import Hyperscope
import HyperscopeCore
import TestSupport
import Testing

/// `hyperscope search` with several objectives, as a user types it.
@Suite("hyperscope search with several objectives")
struct MultiObjectiveSearchTests {
    /// ZDT1 in two dimensions as a command: f1 = x, f2 = g·(1 − √(x/g)) with g = 1 + 9y, both minimised.
    static let command = """
        import json, math, sys
        args = dict(zip(sys.argv[1::2], sys.argv[2::2]))
        x, y = float(args["--x"]), float(args["--y"])
        g = 1 + 9 * y
        print(json.dumps({"f1": x, "f2": g * (1 - math.sqrt(x / g))}))

        """

    static func configuration(in folder: URL, extra: String = "") throws -> String {
        let script = try TestSupport.write(Self.command, to: "zdt.py", in: folder)
        return try SearchCommandTests.config(
            folder,
            """
            study: zdt
            objective:
              command: [python3, \(script.path), --x, "{x}", --y, "{y}"]
            objectives:
              - {metric: f1, goal: min}
              - {metric: f2, goal: min}
            parameters:
              x: {low: 0.0, high: 1.0}
              y: {low: 0.0, high: 1.0}
            trials: 30
            parallel: 3
            sampler: {population_size: 10}
            \(extra)
            """)
    }

    @Test("NSGA-II: each trial gets both values, the summary lists the front, and a resume keeps them")
    func search() throws {
        let cli = CLI(workingDirectory: try TestSupport.scratchFolder("mo-search"))
        let path = try Self.configuration(in: cli.workingDirectory, extra: "strategy: nsga2")
        let result = try cli.run(["search", "--config", path])
        #expect(result.status == 0, "\(result.stdout)\n\(result.stderr)")
        #expect(result.stdout.contains("nsga2 search over 2 parameters, trading off minimising f1"), "\(result.stdout)")
        #expect(result.stdout.contains("Pareto front: "), "\(result.stdout)")
        #expect(result.stdout.contains("hyperscope pareto --where 'study = zdt' --metrics f1=min,f2=min"))
        #expect(result.stdout.contains(" · f2 "), "each finished line gives both values: \(result.stdout)")

        // The front the search reports is the front of its runs, as pareto finds it.
        let pareto = try cli.run([
            "pareto", "--where", "study = zdt", "--metrics", "f1=min,f2=min", "--format", "json",
        ])
        #expect(pareto.status == 0, "\(pareto.stderr)")
        guard case .list(let front)? = try pareto.json()["configurations"] else { return }
        let frontLine = result.stdout.split(separator: "\n").first { $0.hasPrefix("Pareto front: ") } ?? ""
        #expect(frontLine.hasPrefix("Pareto front: \(front.count) of 30"), "\(frontLine) against \(front.count)")

        // The report lists the front too, in text and JSON.
        let report = try cli.run(["report", "zdt"])
        #expect(report.stdout.contains("trade off: minimise f1 and minimise f2"), "\(report.stdout)")
        #expect(report.stdout.contains("PARETO FRONT") && report.stdout.contains("Pareto front: \(front.count) of 30"))
        let reportJSON = try cli.run(["report", "zdt", "--format", "json"]).json()
        guard case .list(let reported)? = reportJSON["pareto_front"]?["trials"] else {
            Issue.record("no pareto_front in the report's JSON")
            return
        }
        #expect(reported.count == front.count)
        let html = try cli.run(["report", "zdt", "--format", "html", "--output", "zdt.html"])
        #expect(html.status == 0, "\(html.stderr)")
        let page = try String(contentsOf: cli.workingDirectory.appendingPathComponent("zdt.html"), encoding: .utf8)
        #expect(page.contains("<section id=\"pareto\">") && page.contains("Pareto front: f1 and f2"))
        #expect(page.contains("Hypervolume after each trial"))
        #expect(!page.contains("Optimisation history"), "the best so far on f1 alone is not a trade-off's progress")

        // --export writes the front and re-runs the knee (or the member --prefer picks) on every objective.
        let exported = try cli.run(["report", "zdt", "--export", "front.yaml", "--export-repeats", "2"])
        #expect(exported.status == 0, "\(exported.stderr)")
        let yaml = try String(contentsOf: cli.workingDirectory.appendingPathComponent("front.yaml"), encoding: .utf8)
        #expect(yaml.contains("objectives:") && yaml.contains("chosen:") && yaml.contains("by: knee"), "\(yaml)")
        let rerun = try cli.run(["search", "--config", "front.yaml"])
        #expect(rerun.status == 0 && rerun.stdout.contains("trading off"), "\(rerun.stdout)\n\(rerun.stderr)")
        let preferred = try cli.run(["report", "zdt", "--export", "f1.yaml", "--prefer", "f1"])
        #expect(preferred.status == 0, "\(preferred.stderr)")
        func firstValue(_ member: Value) -> Double {
            guard case .list(let values)? = member["values"], let first = values.first?.numericValue else { return 9 }
            return first
        }
        let lowest = reported.min { firstValue($0) < firstValue($1) }
        let chosenText = try String(contentsOf: cli.workingDirectory.appendingPathComponent("f1.yaml"), encoding: .utf8)
        #expect(chosenText.contains("by: f1"))
        if let number = lowest?["number"]?.numericValue {
            #expect(chosenText.contains("re-runs trial \(Int(number)) "), "\(chosenText)")
        }
        let bad = try cli.run(["report", "zdt", "--export", "x.yaml", "--prefer", "speed"])
        #expect(bad.status == 64 && bad.stderr.contains("--prefer"), "\(bad.stderr)")

        let resumed = try cli.run(["search", "--resume", "--study", "zdt", "--trials", "40"])
        #expect(resumed.status == 0, "\(resumed.stderr)")
        #expect(resumed.stdout.contains("trading off") && resumed.stdout.contains("of 40 completed trials"))
    }

    @Test(
        "configuration mistakes name the key: a metric twice, a sampler of one objective, a pruner",
        arguments: [
            ("objective_metric", "objective.metric: give the metric under objective: or the list under objectives:"),
            (
                "strategy: gp",
                "strategy: gp optimises one objective; with 2 objectives use auto, grid, random, sobol, tpe, nsga2 or motpe"
            ),
            ("pruner: {type: median}", "pruner: pruning compares one objective"),
        ])
    func mistakes(extra: String, expected: String) throws {
        let cli = CLI(workingDirectory: try TestSupport.scratchFolder("mo-mistakes"))
        var path = try Self.configuration(in: cli.workingDirectory, extra: extra == "objective_metric" ? "" : extra)
        if extra == "objective_metric" {
            let text = try String(contentsOfFile: path, encoding: .utf8).replacingOccurrences(
                of: "--y, \"{y}\"]\n", with: "--y, \"{y}\"]\n  metric: f1\n")
            path = try TestSupport.write(text, to: "search.yaml", in: cli.workingDirectory).path
        }
        let result = try cli.run(["search", "--config", path])
        #expect(result.status == 2, "\(result.stdout)\n\(result.stderr)")
        #expect(result.stderr.contains(expected), "\(result.stderr)")
        #expect(result.stderr.contains("search.yaml:"), "the file and line are named: \(result.stderr)")
    }

    @Test("--strategy auto picks multi-objective TPE for two objectives; --strategy gp is refused for them")
    func strategyOption() throws {
        let cli = CLI(workingDirectory: try TestSupport.scratchFolder("mo-strategy"))
        let path = try Self.configuration(in: cli.workingDirectory, extra: "strategy: random")
        // Past TPE's 10 random trials, so the model of fronts proposes the last four.
        let auto = try cli.run(["search", "--config", path, "--strategy", "auto", "--trials", "14"])
        #expect(auto.status == 0 && auto.stdout.contains("motpe search"), "\(auto.stdout)\n\(auto.stderr)")
        #expect(auto.stdout.contains("of 14 completed trials"), "\(auto.stdout)")
        let gp = try cli.run(["search", "--config", path, "--study", "other", "--strategy", "gp", "--trials", "3"])
        #expect(gp.status == 2 && gp.stderr.contains("--strategy gp optimises one objective"), "\(gp.stderr)")
    }

    @Test("constraints: a trial breaking one is infeasible, marked, stored, and never on the front")
    func constraints() async throws {
        let cli = CLI(workingDirectory: try TestSupport.scratchFolder("mo-constraints"))
        let path = try Self.configuration(in: cli.workingDirectory, extra: "constraints: [\"f2 <= 3\"]")
        let result = try cli.run(["search", "--config", path])
        #expect(result.status == 0, "\(result.stdout)\n\(result.stderr)")
        #expect(result.stdout.contains("infeasible: f2 = "), "\(result.stdout)")
        #expect(result.stdout.contains("break a constraint"))
        // Every member of the reported front keeps f2 <= 3.
        let rows = result.stdout.split(separator: "\n", omittingEmptySubsequences: false).drop {
            !$0.hasPrefix("trial ") || !$0.contains("f1 ↓")
        }
        .dropFirst(2).prefix { !$0.isEmpty }
        #expect(!rows.isEmpty, "\(result.stdout)")
        for row in rows {
            let cells = row.split(separator: " ", omittingEmptySubsequences: true)
            #expect(cells.count > 2 && (Double(cells[2]) ?? 99) <= 3, "\(row)")
        }
        let store = try SQLiteStore(path: cli.workingDirectory.appendingPathComponent(".hyperscope/hyperscope.db").path)
        let study = try #require(try await store.study(named: "zdt"))
        let trials = try await store.trials(studyID: study.id!)
        #expect(trials.contains { $0.constraintViolation ?? 0 > 0 } && trials.contains { $0.constraintViolation == 0 })
        for trial in trials where trial.state == .completed {
            guard let values = trial.values, values.count == 2, let violation = trial.constraintViolation else {
                Issue.record("trial \(trial.number) lacks its values or violation: \(trial)")
                continue
            }
            #expect(
                abs(violation - max(0, values[1] - 3)) < 1e-9, "trial \(trial.number): \(violation) for f2 \(values[1])"
            )
        }
    }

    @Test("a constraint that does not read is an error naming it")
    func badConstraint() throws {
        let cli = CLI(workingDirectory: try TestSupport.scratchFolder("mo-bad-constraint"))
        let path = try Self.configuration(in: cli.workingDirectory, extra: "constraints: [\"f2 is small\"]")
        let result = try cli.run(["search", "--config", path])
        #expect(result.status == 2 && result.stderr.contains("constraints[0]"), "\(result.stderr)")
        #expect(result.stderr.contains("expected METRIC OP NUMBER"))
    }
}
