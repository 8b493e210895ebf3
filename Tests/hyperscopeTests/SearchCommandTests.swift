import Foundation
import HyperscopeCore
import TestSupport
import Testing

/// `hyperscope search` end to end: the real binary running real child processes.
@Suite("hyperscope search")
struct SearchCommandTests {
    static let objective = TestSupport.fixture("search/objective.py")

    static func config(_ folder: URL, name: String = "search.yaml", _ text: String) throws -> String {
        try TestSupport.write(text, to: name, in: folder).path
    }

    /// Kills a launched process with SIGKILL and reaps it. (Foundation's `waitUntilExit()` on Linux can
    /// miss the exit of a killed child and spin forever, so the test waits with `waitpid` itself.)
    /// A random search of `trials` trials, two at a time, whose every trial waits after its second
    /// epoch while the file `marker` exists, so a test can act while trials certainly run.
    static func stallingConfig(_ folder: URL, marker: String, trials: Int) throws -> String {
        try config(
            folder,
            """
            objective:
              command: [python3, \(objective), --x, "{x}", --stall-while, \(marker), --stall-from, "0"]
              metric: val/score
            parameters:
              x: {low: 0.0, high: 1.0}
            strategy: random
            trials: \(trials)
            parallel: 2
            """)
    }

    static func killAndReap(_ process: Process) {
        kill(process.processIdentifier, SIGKILL)
        _ = exitStatus(of: process)
    }

    /// Waits for a launched process and returns its exit status (128 + the signal when one ended it):
    /// with `waitpid`, or, when Foundation's own monitor reaped it first, from Foundation's record.
    static func exitStatus(of process: Process) -> Int32 {
        var status: Int32 = 0
        var reaped: pid_t
        repeat { reaped = waitpid(process.processIdentifier, &status, 0) } while reaped == -1 && errno == EINTR
        if reaped == process.processIdentifier {
            return status & 0x7F == 0 ? (status >> 8) & 0xFF : 128 + (status & 0x7F)
        }
        while process.isRunning { usleep(10_000) }
        return process.terminationReason == .uncaughtSignal
            ? 128 + process.terminationStatus : process.terminationStatus
    }

    /// Checks `condition` every 50 ms until it holds or a minute has passed.
    static func waitUntil(_ condition: () throws -> Bool) async throws {
        let deadline = Date().addingTimeInterval(60)
        while try !condition(), Date() < deadline {
            try await Task.sleep(for: .milliseconds(50))
        }
    }

    /// The contents of `file` in each of a study's run folders that has it.
    static func runFiles(_ file: String, study: String, in folder: URL) -> [String] {
        let runs = folder.appendingPathComponent(".hyperscope/runs/\(study)")
        return ((try? FileManager.default.contentsOfDirectory(atPath: runs.path)) ?? []).compactMap {
            try? String(contentsOf: runs.appendingPathComponent("\($0)/\(file)"), encoding: .utf8)
        }
    }

    /// The lines of a study folder's `children.pid`: process id, start time, trial folder.
    static func childRecords(study: String, in folder: URL) -> [Substring] {
        let list = folder.appendingPathComponent(".hyperscope/runs/\(study)/children.pid")
        return ((try? String(contentsOf: list, encoding: .utf8)) ?? "").split(separator: "\n")
    }

    /// Starts `hyperscope` with arguments in `folder` and returns without waiting for it.
    static func launch(_ arguments: [String], in folder: URL, output: Pipe? = nil) throws -> Process {
        let process = Process()
        process.executableURL = CLI.executable
        process.arguments = arguments
        process.currentDirectoryURL = folder
        process.standardOutput = output ?? FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        return process
    }

    @Test("analyses of a search's runs follow its goal, not the metric's name, unless --goal says otherwise")
    func studyGoalRules() throws {
        let cli = CLI(workingDirectory: try TestSupport.scratchFolder("studyGoal"))
        let path = try Self.config(
            cli.workingDirectory,
            """
            study: lowest
            objective:
              command: [python3, \(Self.objective), --x, "{x}", --epochs, "1"]
              metric: val/score
              goal: min
            parameters:
              x: [0.1, 0.3, 0.9]
            strategy: grid
            """)
        #expect(try cli.run(["search", "--config", path]).status == 0)
        let sweep = try cli.run(["sweep", "--metric", "val/score"])
        #expect(sweep.stdout.contains("val/score at last (lower is better)"), "\(sweep.stdout)")
        // The best (lowest) group first: x = 0.9 is furthest from 0.3, so lowest.
        #expect(sweep.stdout.split(separator: "\n").dropFirst(2).first?.hasPrefix("0.9") == true, "\(sweep.stdout)")
        let asked = try cli.run(["sweep", "--metric", "val/score", "--goal", "val/score=max"])
        #expect(asked.stdout.contains("val/score at last (higher is better)"), "\(asked.stdout)")
        let shown = try cli.run(["show", "1", "--format", "json"]).json()
        #expect(shown["metrics"]?["val/score"]?["goal"] == .string("min"), "\(shown)")
    }

    @Test("a TPE search runs the command, stores every trial's runs for analysis, and reports the best configuration")
    func tpeSearch() throws {
        let cli = CLI(workingDirectory: try TestSupport.scratchFolder("search"))
        let path = try Self.config(
            cli.workingDirectory,
            """
            study: quad
            objective:
              command: [python3, \(Self.objective), --x, "{x}", --y, "{y}", --seed, "{seed}"]
              metric: val/score
            parameters:
              x: {low: 0.0, high: 1.0}
              y: {low: 0.0, high: 1.0}
            strategy: tpe
            trials: 14
            repeats: 2
            parallel: 3
            sampler: {startup_trials: 5}
            """)
        let result = try cli.run(["search", "--config", path])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(
            result.stdout.contains("Study quad: 14 trials — 14 completed, 0 failed, 0 pruned, 0 interrupted"),
            "\(result.stdout)")
        #expect(result.stdout.contains("Best: trial"))
        // Not a terminal: one plain line per finished trial, with the progress figures.
        #expect(result.stdout.contains("[14/14] trial"))
        #expect(result.stdout.contains("hyperscope search --resume --study quad --trials 34"), "\(result.stdout)")
        let runs = try cli.run(["runs", "--where", "study = quad", "--format", "json"])
        guard case .list(let listed) = try runs.json() else {
            Issue.record("no run list: \(runs.stdout)")
            return
        }
        #expect(listed.count == 28, "14 trials × 2 repeats")
        #expect(listed.allSatisfy { $0["status"] == .string("completed") && $0["format"] == .string("trial") })
        let sweep = try cli.run(["sweep", "--where", "study = quad", "--metric", "val/score", "--format", "json"])
        #expect(sweep.status == 0, "\(sweep.stderr)")
    }

    @Test(
        "one grid search with a crashing child, a hanging child and a planted shell injection: each recorded, nothing injected"
    )
    func hostileChildren() throws {
        let cli = CLI(workingDirectory: try TestSupport.scratchFolder("search"))
        let marker = cli.workingDirectory.appendingPathComponent("pwned").path
        let path = try Self.config(
            cli.workingDirectory,
            """
            objective:
              command: [python3, \(Self.objective), --x, "{x}", --mode, "{mode}"]
              metric: val/score
              timeout: 4
            parameters:
              x: 0.5
              mode: [ok, crash, hang, "ok; touch \(marker) $(touch \(marker))"]
            strategy: grid
            parallel: 4
            """)
        let result = try cli.run(["search", "--config", path, "--study", "hostile"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("4 trials — 2 completed, 2 failed"), "\(result.stdout)")
        #expect(result.stdout.contains("every grid point was tried"))
        // Nothing is left to resume: the next steps read the results.
        #expect(
            result.stdout.contains("hyperscope report hostile --format html --output hostile.html"), "\(result.stdout)")
        #expect(!result.stdout.contains("--resume"), "\(result.stdout)")
        #expect(result.stdout.contains("exit status 3; stderr ends: Traceback"))
        // The timeout leaves room for four Python starts on a loaded machine (1 s was not always enough).
        #expect(result.stdout.contains("timed out after 4.0s"))
        #expect(!FileManager.default.fileExists(atPath: marker))
    }

    @Test(
        "kill -9 of the orchestrator loses no finished trial; --resume marks the lost ones interrupted and finishes the study"
    )
    func killAndResume() async throws {
        let folder = try TestSupport.scratchFolder("search")
        let cli = CLI(workingDirectory: folder)
        // Trials 0 and 1 finish; from trial 2 on they wait while the marker exists, so the kill below
        // certainly finds trials running.
        let marker = try TestSupport.write("", to: "stall", in: folder).path
        let path = try Self.config(
            folder,
            """
            objective:
              command: [python3, \(Self.objective), --x, "{x}", --stall-while, \(marker)]
              metric: val/score
            parameters:
              x: {low: 0.0, high: 1.0}
            strategy: random
            trials: 8
            parallel: 2
            """)
        let process = try Self.launch(["search", "--config", path, "--study", "k"], in: folder)
        // Wait until at least two trials are committed (read from the database while the search
        // writes it), then kill -9 the orchestrator.
        func committedRuns() throws -> Int {
            guard case .list(let runs)? = try? cli.run(["runs", "--where", "study = k", "--format", "json"]).json()
            else { return 0 }
            return runs.count
        }
        var committed = 0
        try await Self.waitUntil {
            committed = try committedRuns()
            return committed >= 2
        }
        Self.killAndReap(process)
        #expect(committed >= 2)
        #expect(try committedRuns() >= committed, "every trial committed before the kill is still there")
        try FileManager.default.removeItem(atPath: marker)

        let resumed = try cli.run(["search", "--resume", "--study", "k", "--requeue"])
        #expect(resumed.status == 0, "\(resumed.stderr)")
        #expect(resumed.stdout.contains("marked interrupted and queued again"), "\(resumed.stdout)")
        #expect(resumed.stdout.contains("— 8 completed, 0 failed, 0 pruned"), "\(resumed.stdout)")
        let again = try cli.run(["search", "--config", path, "--study", "k"])
        #expect(again.status != 0 && again.stderr.contains("a study named 'k' exists; add --resume"), "\(again.stderr)")
    }

    @Test(
        "a second orchestrator on a running study is refused, naming the first, and touches none of its trials or children"
    )
    func oneOrchestratorPerStudy() async throws {
        let folder = try TestSupport.scratchFolder("search")
        let cli = CLI(workingDirectory: folder)
        let marker = try TestSupport.write("", to: "stall", in: folder).path
        let path = try Self.config(
            folder,
            """
            objective:
              command: [python3, \(Self.objective), --x, "{x}", --stall-while, \(marker), --stall-from, "0"]
              metric: val/score
            parameters:
              x: [0.1, 0.2, 0.3, 0.4, 0.5, 0.6]
            strategy: grid
            parallel: 2
            """)
        let first = try Self.launch(["search", "--config", path, "--study", "busy"], in: folder)
        defer { if first.isRunning { Self.killAndReap(first) } }
        // Wait until the first orchestrator's two trials are running (each writes its argv.json).
        try await Self.waitUntil { Self.runFiles("argv.json", study: "busy", in: folder).count >= 2 }
        let second = try cli.run(["search", "--resume", "--study", "busy"])
        #expect(second.status == 4, "another orchestrator holds the study: exit status 4")
        #expect(
            second.stderr.contains(
                "study 'busy' is being run by another hyperscope (process \(first.processIdentifier) on"),
            "\(second.stderr)")
        #expect(first.isRunning, "the refused orchestrator stopped the first one")
        let delete = try cli.run(["delete", "--study", "busy", "--yes"])
        #expect(delete.status != 0 && delete.stderr.contains("is being run by a hyperscope search"), "\(delete.stderr)")
        try FileManager.default.removeItem(atPath: marker)
        #expect(Self.exitStatus(of: first) == 0)
        // Every grid point once: nothing repeated, nothing interrupted.
        let report = try cli.run(["report", "busy", "--format", "json"])
        #expect(
            try report.json()["overview"]?["trials"] == .object([Value.Field("completed", .int(6))]),
            "\(report.stdout.prefix(400))")
        // The lease was given up: a resume now runs (and finds the grid done).
        let after = try cli.run(["search", "--resume", "--study", "busy"])
        #expect(after.status == 0, "\(after.stderr)")
    }

    @Test("after kill -9 of the orchestrator, --resume stops the commands it left running")
    func leftoverChildren() async throws {
        let folder = try TestSupport.scratchFolder("search")
        // Every trial waits after its second epoch while the marker exists.
        let marker = try TestSupport.write("", to: "stall", in: folder).path
        let path = try Self.stallingConfig(folder, marker: marker, trials: 2)
        let process = try Self.launch(["search", "--config", path, "--study", "o"], in: folder)
        var records: [Substring] = []
        try await Self.waitUntil {
            records = Self.childRecords(study: "o", in: folder)
            return records.count >= 2
        }
        Self.killAndReap(process)
        let groups = records.compactMap { pid_t($0.split(separator: " ").first ?? "") }
        #expect(groups.count == 2)
        #expect(groups.allSatisfy { kill(-$0, 0) == 0 }, "the orphaned commands are still running")

        // Resume; once it has stopped the leftovers, let the new trials finish by removing the marker.
        let output = Pipe()
        let resumed = try Self.launch(["search", "--resume", "--study", "o"], in: folder, output: output)
        // Should the line never come, the marker goes anyway, so a regression fails instead of hanging.
        Task {
            try await Task.sleep(for: .seconds(60))
            try? FileManager.default.removeItem(atPath: marker)
        }
        var printed = ""
        while !printed.contains("still running."), case let chunk = output.fileHandleForReading.availableData,
            !chunk.isEmpty
        {
            printed += String(decoding: chunk, as: UTF8.self)
        }
        try? FileManager.default.removeItem(atPath: marker)
        printed += String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        #expect(Self.exitStatus(of: resumed) == 0)
        #expect(printed.contains("Stopped 2 of their commands that were still running."), "\(printed)")
        #expect(printed.contains("2 completed, 0 failed, 0 pruned, 2 interrupted"), "\(printed)")
        #expect(groups.allSatisfy { kill(-$0, 0) == -1 }, "the leftover process groups were stopped")
    }

    @Test(
        "Ctrl-C stops scheduling; a second Ctrl-C stops the running children, recorded as interrupted, and the exit status is 130"
    )
    func interrupt() async throws {
        let folder = try TestSupport.scratchFolder("search")
        let path = try Self.config(
            folder,
            """
            objective:
              command: [python3, \(Self.objective), --x, "{x}", --mode, hang]
              metric: val/score
            parameters:
              x: {low: 0.0, high: 1.0}
            strategy: random
            trials: 10
            parallel: 2
            """)
        let output = Pipe()
        let process = try Self.launch(["search", "--config", path, "--study", "c"], in: folder, output: output)
        // Wait until both children are running (each writes argv.json first).
        try await Self.waitUntil { Self.runFiles("argv.json", study: "c", in: folder).count >= 2 }
        kill(process.processIdentifier, SIGINT)
        try await Task.sleep(for: .milliseconds(500))
        #expect(process.isRunning, "the first Ctrl-C waits for the running trials")
        kill(process.processIdentifier, SIGINT)
        let printed = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        #expect(Self.exitStatus(of: process) == 130)
        #expect(
            printed.contains("Study c: 2 trials — 0 completed, 0 failed, 0 pruned, 2 interrupted (stopped early)"),
            "\(printed)")
    }

    @Test(
        "one Ctrl-C that leaves trials unrun exits 130; SIGHUP stops the children like SIGTERM, recorded as interrupted"
    )
    func singleInterruptAndHangUp() async throws {
        let folder = try TestSupport.scratchFolder("search")
        let marker = try TestSupport.write("", to: "stall", in: folder).path
        let path = try Self.stallingConfig(folder, marker: marker, trials: 10)
        let output = Pipe()
        let process = try Self.launch(["search", "--config", path, "--study", "once"], in: folder, output: output)
        try await Self.waitUntil { Self.runFiles("argv.json", study: "once", in: folder).count >= 2 }
        kill(process.processIdentifier, SIGINT)
        try await Task.sleep(for: .milliseconds(300))
        try FileManager.default.removeItem(atPath: marker)
        let printed = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        #expect(Self.exitStatus(of: process) == 130, "\(printed)")
        #expect(printed.contains("Study once: 2 trials — 2 completed"), "\(printed)")

        let hungUpMarker = try TestSupport.write("", to: "stall", in: folder).path
        let hungUpOutput = Pipe()
        let hungUp = try Self.launch(["search", "--config", path, "--study", "hup"], in: folder, output: hungUpOutput)
        try await Self.waitUntil { Self.runFiles("argv.json", study: "hup", in: folder).count >= 2 }
        kill(hungUp.processIdentifier, SIGHUP)
        let hungUpPrinted = String(decoding: hungUpOutput.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        #expect(Self.exitStatus(of: hungUp) == 130, "\(hungUpPrinted)")
        #expect(
            hungUpPrinted.contains("Study hup: 2 trials — 0 completed, 0 failed, 0 pruned, 2 interrupted"),
            "\(hungUpPrinted)")
        // Its children were stopped: none is left writing.
        let started = Self.childRecords(study: "hup", in: folder).compactMap { pid_t($0.split(separator: " ")[0]) }
        #expect(started.count >= 2, "the children were recorded: \(started)")
        #expect(started.allSatisfy { kill(-$0, 0) == -1 }, "children left running: \(started)")
        try? FileManager.default.removeItem(atPath: hungUpMarker)
    }

    @Test("the sampler-bench configuration runs as given, with the command after -- and prompts as repeats")
    func samplerBenchFile() throws {
        let cli = CLI(workingDirectory: try TestSupport.scratchFolder("search"))
        let config = TestSupport.fixture("search/sampler_bench_config.yaml")
        let judge = [
            "--", "python3", TestSupport.fixture("search/judge.py"), "--sampler", "{sampler_type}", "--temperature",
            "{temperature}",
            "--top_p={top_p?}", "--min_p={min_p?}", "--prompt", "{prompt}", "--seed", "{seed}",
        ]
        let result = try cli.run(["search", "--config", config, "--section", "quick_test", "--study", "bench"] + judge)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(
            result.stdout.contains("Study bench: random search over 4 parameters, maximising objective (last value)"),
            "\(result.stdout)")
        #expect(result.stdout.contains("4 trials — 4 completed"), "\(result.stdout)")
        let full = try cli.run(["search", "--config", config, "--study", "bench-full", "--trials", "6"] + judge)
        #expect(full.status == 0, "\(full.stderr)")
        // 3 prompts × samples_per_config 2 = 6 runs per trial, their mean the trial's value.
        #expect(full.stdout.contains("6 runs each"), "\(full.stdout)")
        #expect(full.stdout.contains("(std n−1, n=6"), "\(full.stdout)")
    }

    @Test(
        "configuration mistakes stop before anything runs, with the file, line and key",
        arguments: [
            (
                "parameters:\n  lr: {low: 1.0, high: 0.1}\nobjective: {command: [a]}",
                "search.yaml:2:24: parameters.lr.high: high (0.1) must be above low (1.0)"
            ),
            (
                "parameters: {lr: [1, 2]}\nobjective: {command: [train, \"{lrr}\"]}",
                "search.yaml: objective.command: {lrr} is neither a parameter"
            ),
            (
                "parameters: {lr: {low: 0.0, high: 1.0}}\nobjective: {command: [a]}\nstrategy: grid",
                "search.yaml: grid search needs every range discrete: give lr a step"
            ),
        ])
    func configurationErrors(text: String, expected: String) throws {
        let cli = CLI(workingDirectory: try TestSupport.scratchFolder("search"))
        let path = try Self.config(cli.workingDirectory, text)
        let result = try cli.run(["search", "--config", path])
        #expect(result.status != 0)
        #expect(
            result.stderr.contains(expected.replacingOccurrences(of: "search.yaml", with: path)), "\(result.stderr)")
        #expect(
            !FileManager.default.fileExists(
                atPath: cli.workingDirectory.appendingPathComponent(".hyperscope/runs").path))
    }
}
