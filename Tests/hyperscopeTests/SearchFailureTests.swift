import Foundation
import HyperscopeCore
import TestSupport
import Testing

@Suite("hyperscope search stops when it cannot work")
struct SearchFailureTests {
    /// A configuration whose every trial fails the same way, as a training script with a missing module does.
    static func failingConfig(_ folder: URL, extra: String = "") throws -> String {
        try SearchCommandTests.config(
            folder,
            """
            study: broken
            objective:
              command: [python3, -c, "import sys; sys.stderr.write('ModuleNotFoundError: No module named torch\\\\n'); sys.exit(1)", "{x}"]
              metric: val/score
            \(extra)
            parameters:
              x: {low: 0.0, high: 1.0}
            strategy: random
            trials: 12
            """)
    }

    static func trialCount(_ cli: CLI, study: String) throws -> Int {
        let runs = try cli.run(["runs", "--where", "study = \(study)", "--format", "json"])
        guard case .list(let listed) = try runs.json() else { return -1 }
        return listed.count
    }

    @Test("after 5 trials in a row fail the same way the search stops, names the cause and exits non-zero")
    func stopsAfterConsecutiveFailures() throws {
        let cli = CLI(workingDirectory: try TestSupport.scratchFolder("search-failing"))
        let path = try Self.failingConfig(cli.workingDirectory)
        let result = try cli.run(["search", "--config", path])
        #expect(result.status != 0)
        #expect(result.stderr.contains("the last 5 trials failed the same way"), "\(result.stderr)")
        #expect(result.stderr.contains("No module named torch"), "\(result.stderr)")
        #expect(try Self.trialCount(cli, study: "broken") == 5)
    }

    @Test("with max_consecutive_failures: 0 every trial runs, and a search with no success still exits non-zero")
    func noSuccessExitsNonZero() throws {
        let cli = CLI(workingDirectory: try TestSupport.scratchFolder("search-failing-all"))
        let path = try Self.failingConfig(cli.workingDirectory, extra: "  max_consecutive_failures: 0")
        let result = try cli.run(["search", "--config", path, "--trials", "7"])
        #expect(result.status != 0)
        #expect(result.stderr.contains("no trial succeeded: 7 of 7 failed"), "\(result.stderr)")
        #expect(try Self.trialCount(cli, study: "broken") == 7)
    }

    @Test("failures with different causes, or broken by a success, do not stop the search")
    func mixedFailuresGoOn() throws {
        let cli = CLI(workingDirectory: try TestSupport.scratchFolder("search-mixed"))
        let path = try SearchCommandTests.config(
            cli.workingDirectory,
            """
            study: mixed
            objective:
              command: [python3, \(SearchCommandTests.objective), --x, "{x}", --mode, "{mode}", --epochs, "1"]
              metric: val/score
            parameters:
              x: {low: 0.0, high: 1.0}
              mode: [crash, silent, ok]
            strategy: grid
            """)
        let result = try cli.run(["search", "--config", path, "--set", "parameters.x=[0.1, 0.2, 0.3, 0.4]"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(try Self.trialCount(cli, study: "mixed") == 12)
    }

    @Test(
        "an unclosed brace in the command is a configuration error naming the argument; after -- it names the command line"
    )
    func unclosedBrace() throws {
        let cli = CLI(workingDirectory: try TestSupport.scratchFolder("search-brace"))
        let path = try SearchCommandTests.config(
            cli.workingDirectory,
            """
            objective:
              command: [python3, train.py, "--lr={x"]
              metric: val/score
            parameters:
              x: {low: 0.0, high: 1.0}
            trials: 2
            """)
        let fromFile = try cli.run(["search", "--config", path])
        #expect(fromFile.status != 0)
        #expect(
            fromFile.stderr.contains("objective.command: argument 3 '--lr={x': the '{' at character 6 is never closed"),
            "\(fromFile.stderr)")
        #expect(fromFile.stderr.contains(path))
        let fromCommandLine = try cli.run(["search", "--config", path, "--", "python3", "train.py", "--lr", "{x"])
        #expect(fromCommandLine.status != 0)
        #expect(fromCommandLine.stderr.contains("the command after --: argument 4 '{x'"), "\(fromCommandLine.stderr)")
        #expect(!fromCommandLine.stderr.contains(path), "\(fromCommandLine.stderr)")
        let literal = try cli.run([
            "search", "--config", path, "--trials", "1", "--", "python3", "-c", "print('{{\"val/score\": 1.0}}')",
            "{x}",
        ])
        #expect(literal.status == 0, "\(literal.stderr)")
    }

    @Test("repeats without {seed} warn before the search, and identical repeats warn after it")
    func repeatsWithoutSeed() throws {
        let cli = CLI(workingDirectory: try TestSupport.scratchFolder("search-repeats"))
        let path = try SearchCommandTests.config(
            cli.workingDirectory,
            """
            study: same
            objective:
              command: [python3, \(SearchCommandTests.objective), --x, "{x}", --epochs, "1"]
              metric: val/score
            parameters:
              x: {low: 0.0, high: 1.0}
            strategy: random
            trials: 3
            repeats: 3
            """)
        let result = try cli.run(["search", "--config", path])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.contains("repeats: 3, but the command has no {seed}"), "\(result.stderr)")
        #expect(result.stderr.contains("every trial's repeats gave the same value"), "\(result.stderr)")
    }
}
