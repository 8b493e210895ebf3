import Foundation
import HyperscopeCore
import TestSupport
import Testing

/// The same question asked through the CLI and the dashboard's JSON API gets the same numbers, and
/// both judge only completed runs unless told otherwise.
@Suite("One answer per question")
struct OneAnswerTests {
    /// A CSV export of a pruned search: 3 optimisers × 4 learning rates × 3 seeds completed, and 6
    /// pruned trials whose early values are low.
    static func export(in folder: URL) throws -> String {
        var rows = ["number,value,params_optimizer,params_lr,params_seed,state"]
        var number = 0
        for (o, optimizer) in ["adam", "sgd", "lion"].enumerated() {
            for (l, lr) in [0.001, 0.01, 0.1, 0.3].enumerated() {
                for seed in 0..<3 {
                    let value =
                        0.6 + 0.05 * Double(o) + 0.02 * Double(l) + 0.003 * Double(seed) + 0.001
                        * Double((number * 7) % 5)
                    rows.append("\(number),\(value),\(optimizer),\(lr),\(seed),COMPLETE")
                    number += 1
                }
            }
        }
        for index in 0..<6 {
            rows.append("\(number),\(0.1 + 0.01 * Double(index)),lion,0.3,\(index % 3),PRUNED")
            number += 1
        }
        return try TestSupport.write(rows.joined(separator: "\n") + "\n", to: "trials.csv", in: folder).path
    }

    @Test(
        "importance and a comparison are identical from the CLI and the dashboard API, over completed runs only by default"
    )
    func sameNumbers() async throws {
        let cli = CLI(workingDirectory: try TestSupport.scratchFolder("one-answer"))
        #expect(try cli.run(["ingest", try Self.export(in: cli.workingDirectory)]).status == 0)

        let importance = try cli.run(["importance", "--metric", "value", "--format", "json"])
        #expect(importance.status == 0, "\(importance.stderr)")
        #expect(importance.stderr.contains("note: left out 6 pruned runs"), "\(importance.stderr)")
        let cliImportance = try importance.json()
        #expect(cliImportance["runs"] == .int(36))
        // One comparison, as the dashboard makes: with all three optimisers the CLI would Holm-adjust over three.
        let compare = try cli.run([
            "compare", "--by", "optimizer", "--where", "optimizer in [lion, sgd]", "--metric", "value", "--format",
            "json",
        ])
        #expect(compare.status == 0, "\(compare.stderr)")
        guard case .list(let cliComparisons) = try compare.json() else {
            Issue.record("no comparison list: \(compare.stdout)")
            return
        }
        let cliLion = try #require(
            cliComparisons.first {
                $0["a"]?["label"]?.stringValue == "optimizer=lion" && $0["b"]?["label"]?.stringValue == "optimizer=sgd"
            })

        let (server, address) = try await ServeCommandTests.start([], in: cli.workingDirectory)
        defer { if server.isRunning { SearchCommandTests.killAndReap(server) } }
        let (status, body, _) = try await ServeCommandTests.get(address + "api/importance?metric=value")
        #expect(status == 200, "\(body)")
        let apiImportance = try JSONParser.parse(body)
        #expect(apiImportance["importance"] == cliImportance["importance"])
        #expect(apiImportance["runs"] == cliImportance["runs"])

        let (compareStatus, compareBody, _) = try await ServeCommandTests.get(
            address + "api/compare?metric=value&by=optimizer&a=lion&b=sgd")
        #expect(compareStatus == 200, "\(compareBody)")
        let api = try JSONParser.parse(compareBody)
        #expect(api["left_out"]?.stringValue?.contains("6 pruned") == true)
        guard case .list(let apiComparisons)? = api["comparisons"], let apiLion = apiComparisons.first else {
            Issue.record("no comparisons: \(compareBody)")
            return
        }
        for key in ["diff", "diff_ci95", "welch", "mann_whitney", "hedges_g", "paired", "verdict", "decided_by"] {
            #expect(
                apiLion[key] == cliLion[key],
                "\(key): \(String(describing: apiLion[key])) vs \(String(describing: cliLion[key]))")
        }
        #expect(apiLion["a"]?["n"] == .int(12))
        // The page shows the same verdict, word for word.
        let (pageStatus, page, _) = try await ServeCommandTests.get(
            address + "compare?metric=value&by=optimizer&a=lion&b=sgd")
        #expect(pageStatus == 200)
        let verdict = try #require(cliLion["verdict"]?.stringValue)
        #expect(page.contains(verdict.replacingOccurrences(of: "<", with: "&lt;")), "\(verdict)")

        // Insights: the CLI reads the store's run table, the dashboard its runs; one answer.
        for query in [["--metric", "value"], ["--metric", "value", "--where", "lr > 0.001", "--status", "all"]] {
            let insights = try cli.run(["insights", "--format", "json"] + query)
            #expect(insights.status == 0, "\(insights.stderr)")
            let parameters = query.count > 2 ? "&where=lr%20%3E%200.001&status=all" : ""
            let (insightsStatus, insightsBody, _) = try await ServeCommandTests.get(
                address + "api/insights?metric=value" + parameters)
            #expect(insightsStatus == 200, "\(insightsBody)")
            let cliInsights = try insights.json()
            #expect(cliInsights["analysis"]?["other"] != nil, "\(insights.stdout)")
            // The API adds the importance to the same analysis.
            #expect(try JSONParser.parse(insightsBody)["analysis"] == cliInsights["analysis"], "\(insightsBody)")
        }

        let (allStatus, allBody, _) = try await ServeCommandTests.get(
            address + "api/importance?metric=value&status=all")
        #expect(allStatus == 200)
        #expect(try JSONParser.parse(allBody)["runs"] == .int(42))
        kill(server.processIdentifier, SIGTERM)
        #expect(SearchCommandTests.exitStatus(of: server) == 0)
    }
}
