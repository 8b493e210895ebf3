import Foundation
import HyperscopeCore
import TestSupport
import Testing

/// `hyperscope report` end to end: a real search, its report in every format, the exported best
/// configurations fed back into a search, and reports on imported result files.
@Suite("hyperscope report")
struct ReportCommandTests {
    @Test(
        "a conditional search's report in JSON, HTML and text; the exported best configurations run again as a search")
    func searchReportAndExport() throws {
        let cli = CLI(workingDirectory: try TestSupport.scratchFolder("report"))
        let path = try SearchCommandTests.config(
            cli.workingDirectory,
            """
            study: regions
            objective:
              command: [python3, \(SearchCommandTests.objective), --x, "{x}", --y, "{y}", --seed, "{seed}"]
              metric: val/score
            parameters:
              y: {low: 0.5, high: 0.9}
              region:
                left: {x: {low: 0.1, high: 0.5}, left_only: 1}
                right: {x: {low: 0.6, high: 1.0}, right_only: 2}
            strategy: random
            trials: 12
            repeats: 2
            parallel: 4
            """)
        let search = try cli.run(["search", "--config", path])
        #expect(search.status == 0, "\(search.stderr)")

        let json = try cli.run(["report", "--format", "json"])
        #expect(json.status == 0, "\(json.stderr)")
        let report = try json.json()
        #expect(report["study"] == .string("regions"))
        #expect(report["overview"]?["trials"]?["completed"] == .int(12))
        #expect(report["branches"]?["parameter"] == .string("region"))
        guard case .list(let branches)? = report["branches"]?["branches"],
            case .list(let ranges)? = report["optimal_ranges"],
            case .list(let advice)? = report["recommendations"]
        else {
            Issue.record("report parts missing: \(json.stdout)")
            return
        }
        // The objective peaks at x = 0.3, inside the left region.
        #expect(branches.first?["value"] == .string("left"))
        #expect(ranges.contains { $0["param"] == .string("x") })
        #expect(!advice.isEmpty)
        #expect(report["best"] == nil && report["overview"]?["best"]?["params"]?["region"] == .string("left"))

        let html = try cli.run(["report", "regions", "--format", "html", "--output", "report.html"])
        #expect(html.status == 0, "\(html.stderr)")
        let page = try String(contentsOf: cli.workingDirectory.appendingPathComponent("report.html"), encoding: .utf8)
        for section in [
            "Overview", "Branches (region)", "Optimisation history", "Parallel coordinates", "Importance", "Slices",
            "Intermediate values", "Trials",
        ] {
            #expect(page.contains("<h2>\(section)</h2>"), "no \(section) section")
        }
        #expect(page.components(separatedBy: "<svg ").count - 1 >= 6)
        #expect(!page.contains("<script"))

        let text = try cli.run(["report", "--latest"])
        #expect(text.stdout.contains("STUDY regions") && text.stdout.contains("RECOMMENDATIONS"), "\(text.stdout)")

        let export = try cli.run(["report", "regions", "--export", "best.yaml", "--export-repeats", "3"])
        #expect(export.status == 0, "\(export.stderr)")
        #expect(export.stderr.contains("hyperscope search --config best.yaml"))
        let confirm = try cli.run(["search", "--config", "best.yaml", "--study", "confirm"])
        #expect(confirm.status == 0, "\(confirm.stderr)\(confirm.stdout)")
        #expect(confirm.stdout.contains("2 trials — 2 completed"), "one grid point per branch: \(confirm.stdout)")
        let confirmed = try cli.run(["report", "confirm", "--format", "json"]).json()
        guard case .list(let confirmTrials)? = confirmed["trials"],
            case .list(let originalBranches)? = report["branches"]?["branches"]
        else {
            Issue.record("no trials")
            return
        }
        #expect(confirmTrials.allSatisfy { $0["n"] == .int(3) })
        for branch in originalBranches {
            let best = branch["best"]?["params"]
            #expect(
                confirmTrials.contains { $0["params"] == best },
                "the best of \(branch["value"]!.displayText) was run again")
        }

        let compared = try cli.run(["report", "--compare", "regions", "confirm"])
        #expect(
            compared.status == 0 && compared.stdout.contains("regions") && compared.stdout.contains("confirm")
                && compared.stdout.contains("best 95% CI"))
        let unknown = try cli.run(["report", "nosuch"])
        #expect(unknown.status == 1)
        #expect(
            unknown.stderr.contains("no study named 'nosuch' and no such file; studies: regions, confirm")
                || unknown.stderr.contains("studies: confirm, regions"), "\(unknown.stderr)")
    }

    @Test(
        "a sampler-bench results file reads as a study: branches by sampler_type, the failed entry counted, Markdown output"
    )
    func samplerBenchFile() throws {
        let cli = CLI(workingDirectory: try TestSupport.scratchFolder("report"))
        let file = TestSupport.fixture("logs/tables/sampler_bench_results.json")
        let json = try cli.run(["report", file, "--format", "json"])
        #expect(json.status == 0, "\(json.stderr)")
        let report = try json.json()
        #expect(
            report["overview"]?["trials"]
                == .object([Value.Field("completed", .int(2)), Value.Field("failed", .int(1))]))
        #expect(report["branches"]?["parameter"] == .string("sampler_type"))
        // The best entry's spread is its per-sample scores': numpy.std([7.5, 8.2, 8.6], ddof=1) = 0.556776436283002.
        guard case .float(let deviation)? = report["overview"]?["best"]?["std"] else {
            Issue.record("no std: \(json.stdout)")
            return
        }
        #expect(abs(deviation - 0.556776436283002) < 1e-12)
        let markdown = try cli.run(["report", file, "--format", "markdown"])
        #expect(markdown.stdout.hasPrefix("# Study sampler_bench_results.json"))
        #expect(markdown.stdout.contains("## Branches (sampler_type)"))
        let nothing = try cli.run(["report"])
        #expect(nothing.status == 1 && nothing.stderr.contains("nothing to report"), "\(nothing.stderr)")
    }
}
