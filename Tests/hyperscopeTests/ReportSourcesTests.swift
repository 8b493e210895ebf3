import Foundation
import HyperscopeCore
import TestSupport
import Testing

/// Reports on imported results files: merged configurations said so, the per-result view, ranges
/// of branch parameters over the configurations that set them, and an export that runs again.
@Suite("Reports are right about branches and sources")
struct ReportSourcesTests {
    /// A sampler-bench results file of 10 results: top_p configurations scoring high (three of them
    /// repeated: 7 unique), and min_p configurations, one of them among the best, each run once.
    static func resultsFile(in folder: URL) throws -> String {
        var results: [String] = []
        let topP: [(Double, Double, Double)] = [
            (0.7, 0.9, 8.6), (0.7, 0.9, 8.4), (0.8, 0.95, 8.5), (0.8, 0.95, 8.3), (0.9, 0.9, 8.2), (0.9, 0.9, 8.0),
            (1.0, 0.95, 7.9),
        ]
        for (temperature, p, score) in topP {
            results.append(
                #"{"parameters": {"temperature": \#(temperature), "top_p": \#(p)}, "mean_score": \#(score), "std_score": 0.2, "scores": [\#(score - 0.2), \#(score), \#(score + 0.2)], "sampler_type": "top_p", "sample_count": 3}"#
            )
        }
        for (temperature, minP, score) in [(0.7, 0.02, 8.45), (1.0, 0.05, 6.0), (1.3, 0.1, 5.0)] {
            results.append(
                #"{"parameters": {"temperature": \#(temperature), "min_p": \#(minP)}, "mean_score": \#(score), "std_score": 0.3, "scores": [\#(score - 0.3), \#(score), \#(score + 0.3)], "sampler_type": "min_p", "sample_count": 3}"#
            )
        }
        let text = #"{"search_metadata": {"strategy": "grid"}, "all_results": [\#(results.joined(separator: ",\n"))]}"#
        return try TestSupport.write(text, to: "sampler_bench_results.json", in: folder).path
    }

    @Test("a results file says its results were merged into unique configurations; --per-result shows each one")
    func mergedAndPerResult() throws {
        let cli = CLI(workingDirectory: try TestSupport.scratchFolder("report-sources"))
        let file = try Self.resultsFile(in: cli.workingDirectory)
        let merged = try cli.run(["report", file, "--format", "json"])
        #expect(merged.status == 0, "\(merged.stderr)")
        let json = try merged.json()
        #expect(
            json["notes"]
                == .list([
                    .string(
                        "10 results were merged into 7 unique configurations: results with the same parameters are one configuration, "
                            + "with the mean and spread over them (--per-result shows each result on its own)")
                ]))
        #expect(json["overview"]?["trials"]?["completed"] == .int(7))
        let perResult = try cli.run(["report", file, "--per-result", "--format", "json"])
        #expect(perResult.status == 0, "\(perResult.stderr)")
        #expect(try perResult.json()["overview"]?["trials"]?["completed"] == .int(10))
        #expect(try perResult.json()["notes"] == .list([]))
        let text = try cli.run(["report", file])
        #expect(text.stdout.contains("note: 10 results were merged into 7 unique configurations"))
        #expect(text.stdout.contains("std (n−1)"), "\(text.stdout)")
    }

    @Test(
        "a branch parameter's range and advice use only the configurations that set it; each branch has its own ranges")
    func branchRanges() throws {
        let cli = CLI(workingDirectory: try TestSupport.scratchFolder("report-branches"))
        let file = try Self.resultsFile(in: cli.workingDirectory)
        let json = try cli.run(["report", file, "--format", "json"]).json()
        guard case .list(let ranges)? = json["optimal_ranges"],
            let minP = ranges.first(where: { $0["param"] == .string("min_p") })
        else {
            Issue.record("no min_p range: \(json)")
            return
        }
        // Of 3 min_p configurations, the best quarter (rounded up) is 1: the one among the overall best.
        #expect(minP["configurations_setting_it"] == .int(3))
        #expect(minP["top_count"] == .int(1))
        #expect(minP["conditional"] == .bool(true))
        #expect(minP["top"]?["low"] == .float(0.02))
        guard case .list(let branches)? = json["branch_optimal_ranges"] else {
            Issue.record("no branch ranges: \(json)")
            return
        }
        #expect(Set(branches.compactMap { $0["branch"]?.stringValue }) == ["top_p", "min_p"])
        let topP = try #require(branches.first { $0["branch"] == .string("top_p") })
        guard case .list(let topRanges)? = topP["ranges"] else { return }
        #expect(Set(topRanges.compactMap { $0["param"]?.stringValue }) == ["temperature", "top_p"])
        let text = try cli.run(["report", file]).stdout
        #expect(text.contains("OPTIMAL RANGES WHERE SAMPLER_TYPE = MIN_P (TOP 1 OF 3 CONFIGURATIONS)"), "\(text)")
    }

    @Test("report --export of a results file writes the metric and prints a command that runs it again")
    func exportRunsAgain() throws {
        let cli = CLI(workingDirectory: try TestSupport.scratchFolder("report-export"))
        let file = try Self.resultsFile(in: cli.workingDirectory)
        let exported = try cli.run(["report", file, "--export", "best.yaml"])
        #expect(exported.status == 0, "\(exported.stderr)")
        let yaml = try String(contentsOf: cli.workingDirectory.appendingPathComponent("best.yaml"), encoding: .utf8)
        #expect(yaml.contains("objective:\n  metric: mean_score\n  goal: max\n"), "\(yaml)")
        #expect(yaml.contains("std_convention:"))
        let printed = "run them again with: hyperscope search --config best.yaml -- YOUR_COMMAND "
        #expect(
            exported.stderr.contains(
                printed + "--min_p={min_p?} --sampler_type={sampler_type} --temperature={temperature} --top_p={top_p?}"),
            "\(exported.stderr)")
        // As printed, with a command that reports the metric.
        let again = try cli.run([
            "search", "--config", "best.yaml", "--repeats", "1", "--", "python3", "-c",
            "import json; print(json.dumps(dict(mean_score=1.0)))",
            "--min_p={min_p?}", "--sampler_type={sampler_type}", "--temperature={temperature}", "--top_p={top_p?}",
        ])
        #expect(again.status == 0, "\(again.stderr)")
        #expect(again.stdout.contains("2 trials — 2 completed"), "\(again.stdout)")
    }
}
