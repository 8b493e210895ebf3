import Foundation
import HyperscopeCore
import TestSupport
import Testing

@Suite("hyperscope delete and ingest --rescan")
struct DeleteCommandTests {
    /// The runs `hyperscope runs --format json` lists, by name.
    static func runNames(_ cli: CLI, where expression: String? = nil) throws -> [String] {
        let result = try cli.run(["runs", "--format", "json"] + (expression.map { ["--where", $0] } ?? []))
        guard case .list(let runs) = try result.json() else { return [] }
        return runs.compactMap { $0["name"]?.stringValue }.sorted()
    }

    @Test(
        "delete lists what it would delete, deletes with --yes, stays deleted over an unchanged re-ingest; --rescan reads it again"
    )
    func deleteAndRescan() async throws {
        let cli = CLI(workingDirectory: try TestSupport.scratchFolder("delete"))
        let logs = try TestSupport.copyFixtureFolder("logs/hyperscope", name: "delete-logs")
        #expect(try cli.run(["ingest", logs.path]).status == 0)
        let before = try Self.runNames(cli)
        #expect(before.count == 4)

        let dryRun = try cli.run(["delete", "--where", "optim.name = sgd"])
        #expect(dryRun.status == 0, "\(dryRun.stderr)")
        #expect(dryRun.stdout.contains("Would delete 1 run"), "\(dryRun.stdout)")
        #expect(dryRun.stdout.contains("--yes"))
        #expect(try Self.runNames(cli) == before)

        let deleted = try cli.run(["delete", "--where", "optim.name = sgd", "--yes"])
        #expect(deleted.stdout.contains("Deleted 1 run."), "\(deleted.stdout)")
        let after = try Self.runNames(cli)
        #expect(after.count == 3)
        #expect(try Self.runNames(cli, where: "optim.name = sgd").isEmpty)

        let again = try cli.run(["ingest", logs.path, "--format", "json"])
        #expect(try again.json()["files_unchanged"] == .int(4))
        #expect(try Self.runNames(cli) == after)

        let rescanned = try cli.run(["ingest", logs.path, "--rescan", "--format", "json"])
        let summary = try rescanned.json()
        #expect(summary["files_replaced"] == .int(3), "\(rescanned.stdout)")
        #expect(summary["files_read"] == .int(1))
        #expect(summary["runs_ingested"] == .int(1))
        #expect(try Self.runNames(cli) == before)

        // A running dashboard sees a deletion on its next request.
        let (server, address) = try await ServeCommandTests.start([], in: cli.workingDirectory)
        defer { if server.isRunning { SearchCommandTests.killAndReap(server) } }
        let total = { () async throws -> Value? in
            try JSONParser.parse(try await ServeCommandTests.get(address + "api/runs?limit=1").1)["total"]
        }
        #expect(try await total() == .int(4))
        #expect(try cli.run(["delete", "--where", "optim.name = sgd", "--yes"]).status == 0)
        #expect(try await total() == .int(3))
        #expect(try cli.run(["ingest", logs.path, "--rescan"]).status == 0)
        #expect(try await total() == .int(4))
        kill(server.processIdentifier, SIGTERM)
        #expect(SearchCommandTests.exitStatus(of: server) == 0)

        let byName = try cli.run(["delete", before[0], before[1], "--yes"])
        #expect(byName.stdout.contains("Deleted 2 runs."), "\(byName.stdout)")
        #expect(try Self.runNames(cli) == Array(before.dropFirst(2)))

        let unknown = try cli.run(["delete", "no-such-run", "--yes"])
        #expect(unknown.status != 0)
        #expect(unknown.stderr.contains("no run 'no-such-run'"))
        let both = try cli.run(["delete", before[2], "--study", "x"])
        #expect(both.status != 0)
        #expect(both.stderr.contains("exactly one of"))
    }

    @Test("delete --study takes the study's trials, runs and trial folders, and leaves other runs")
    func deleteStudy() throws {
        let cli = CLI(workingDirectory: try TestSupport.scratchFolder("delete-study"))
        #expect(try cli.run(["ingest", TestSupport.fixture("logs/hyperscope")]).status == 0)
        let path = try SearchCommandTests.config(
            cli.workingDirectory,
            """
            study: doomed
            objective:
              command: [python3, \(SearchCommandTests.objective), --x, "{x}", --y, "{y}", --seed, "{seed}"]
              metric: val/score
            parameters:
              x: {low: 0.0, high: 1.0}
              y: {low: 0.0, high: 1.0}
            strategy: random
            trials: 3
            """)
        #expect(try cli.run(["search", "--config", path]).status == 0)
        let studyFolder = cli.workingDirectory.appendingPathComponent(".hyperscope/runs/doomed")
        // Three trial folders and the list of the children they started.
        #expect(
            try FileManager.default.contentsOfDirectory(atPath: studyFolder.path).sorted() == [
                "0-0", "1-0", "2-0", "children.pid",
            ])
        #expect(try Self.runNames(cli).count == 7)

        let dryRun = try cli.run(["delete", "--study", "doomed"])
        #expect(dryRun.stdout.contains("Would delete study 'doomed': 3 trials, 3 runs"), "\(dryRun.stdout)")
        let deleted = try cli.run(["delete", "--study", "doomed", "--yes"])
        #expect(deleted.status == 0, "\(deleted.stderr)")
        #expect(deleted.stdout.contains("Deleted study 'doomed': 3 trials, 3 runs, 4 folders."), "\(deleted.stdout)")
        #expect(!FileManager.default.fileExists(atPath: studyFolder.path))
        #expect(try Self.runNames(cli).count == 4)
        let report = try cli.run(["report", "doomed"])
        #expect(report.status != 0)
        let missing = try cli.run(["delete", "--study", "doomed", "--yes"])
        #expect(missing.status != 0)
        #expect(missing.stderr.contains("no study 'doomed'"))
    }
}
