import Foundation
import HyperscopeCore
import HyperscopeSearch
import TestSupport
import Testing

/// The trial runner against real child processes: the test objective `Tests/Fixtures/search/objective.py`.
@Suite("Trial runner")
struct TrialRunnerTests {
    static let objective = TestSupport.fixture("search/objective.py")

    static func runner(
        _ folder: URL, mode: String = "ok", timeout: Double? = nil, retries: Int = 0, extra: [String] = []
    ) -> TrialRunner {
        let settings = ObjectiveSettings(
            command: ["python3", objective, "--x", "{x}", "--mode", mode, "--seed", "{seed}"] + extra,
            metric: "val/score", goal: .maximize,
            timeoutSeconds: timeout, retries: retries)
        return TrialRunner(objective: settings, studyName: "t", studyFolder: folder.path, launchDirectory: folder.path)
    }

    static func trial(_ params: [String: Value] = ["x": .float(0.3)]) -> Trial {
        Trial(id: 1, studyID: 1, number: 4, params: params, startedAt: 0)
    }

    static func json(_ url: URL) throws -> Value {
        try JSONParser.parse(String(contentsOf: url, encoding: .utf8))
    }

    @Test(
        "a run completes: value from the child's JSON lines, parameters in argv, params.json and HYPERSCOPE_* variables"
    )
    func completes() async throws {
        let folder = try TestSupport.scratchFolder()
        let outcome = await Self.runner(folder).run(
            Self.trial(), repeat: 1, extraParams: ["seed": .int(1)], children: SearchControl()
        ) { _ in nil }
        #expect(outcome.state == .completed, "\(outcome.message ?? "")")
        // -(0.3 - 0.3)² - (0.5 - 0.7)² + 0.001·sin(2) − 0.5/5, as the objective computes it
        #expect(abs(outcome.value! - (-0.04 + 0.001 * sin(2.0) - 0.1)) < 1e-12)
        #expect(outcome.intermediateValues.map(\.step) == [1, 2, 3, 4, 5])
        #expect(outcome.run.key == "search:t/4-1" && outcome.run.format == .trial && outcome.run.status == .completed)
        #expect(
            outcome.run.params["x"] == .float(0.3) && outcome.run.params["seed"] == .int(1)
                && outcome.run.params["mode"] == .string("ok"))
        #expect(outcome.run.attributes["stdout.text_lines"] == .int(5), "plain prints are counted, not errors")
        let trialFolder = folder.appendingPathComponent("4-1")
        #expect(
            try Self.json(trialFolder.appendingPathComponent("argv.json"))
                == .list(["--x", "0.3", "--mode", "ok", "--seed", "1"].map(Value.string)))
        let environment = try Self.json(trialFolder.appendingPathComponent("env.json"))
        #expect(environment["HYPERSCOPE_PARAM_X"] == .string("0.3") && environment["HYPERSCOPE_SEED"] == .string("1"))
        #expect(environment["HYPERSCOPE_TRIAL"] == .string("4") && environment["HYPERSCOPE_REPEAT"] == .string("1"))
        #expect(try Self.json(trialFolder.appendingPathComponent("params.json"))["x"] == .float(0.3))
        for file in ["stdout.jsonl", "stderr.log", "run.json"] {
            #expect(FileManager.default.fileExists(atPath: trialFolder.appendingPathComponent(file).path), "\(file)")
        }
    }

    @Test("a planted shell-injection value reaches the child as one inert argument")
    func noShell() async throws {
        let folder = try TestSupport.scratchFolder()
        let marker = folder.appendingPathComponent("pwned").path
        let planted = "0.5; touch \(marker) && $(touch \(marker)) `touch \(marker)` | tee \(marker)"
        let runner = Self.runner(folder, extra: ["--note", "{note}"])
        let outcome = await runner.run(
            Self.trial(["x": .float(0.5), "note": .string(planted)]), repeat: 0, extraParams: ["seed": .int(0)],
            children: SearchControl()
        ) { _ in nil }
        #expect(outcome.state == .completed)
        let argv = try Self.json(folder.appendingPathComponent("4-0/argv.json"))
        #expect(argv == .list(["--x", "0.5", "--mode", "ok", "--seed", "0", "--note", planted].map(Value.string)))
        #expect(!FileManager.default.fileExists(atPath: marker))
    }

    @Test("a crashing child is a failed run with its exit status and the end of its stderr, retried as configured")
    func crash() async throws {
        let folder = try TestSupport.scratchFolder()
        let outcome = await Self.runner(folder, mode: "crash", retries: 1).run(
            Self.trial(), repeat: 0, extraParams: ["seed": .int(0)], children: SearchControl()
        ) { _ in nil }
        #expect(outcome.state == .failed && outcome.attempts == 2)
        let message = try #require(outcome.message)
        #expect(
            message.contains("exit status 3") && message.contains("ValueError: planted crash")
                && message.contains("after 2 attempts"), "\(message)")
        #expect(outcome.run.status == .failed)
    }

    @Test("a child that hangs past its timeout is stopped with its whole process group")
    func timeout() async throws {
        let folder = try TestSupport.scratchFolder()
        let started = Date()
        let outcome = await Self.runner(folder, mode: "hang", timeout: 1).run(
            Self.trial(), repeat: 0, extraParams: ["seed": .int(0)], children: SearchControl()
        ) { _ in nil }
        let elapsed = Date().timeIntervalSince(started)
        #expect(
            outcome.state == .failed && outcome.message?.hasPrefix("timed out after 1.0s") == true,
            "\(outcome.message ?? "")")
        // The child sleeps for 600 s: ending within five minutes means the timeout stopped it (a full
        // parallel test run on two cores can delay the timeout's task by tens of seconds).
        #expect(elapsed < 300, "took \(elapsed) s")
        guard case .int(let pid)? = outcome.run.attributes["pid"] else {
            Issue.record("no pid recorded")
            return
        }
        // The group was sent SIGKILL; give the system a moment to reap the orphaned worker.
        var groupGone = false
        for _ in 0..<30 where !groupGone {
            groupGone = kill(-pid_t(pid), 0) == -1 && errno == ESRCH
            if !groupGone { try await Task.sleep(for: .milliseconds(100)) }
        }
        #expect(groupGone, "the child's worker process is gone too")
    }

    @Test("a child that exits normally without the metric fails, naming what it did log")
    func missingMetric() async throws {
        let folder = try TestSupport.scratchFolder()
        var runner = Self.runner(folder)
        runner.objective.metric = "val/accuracy"
        let outcome = await runner.run(
            Self.trial(), repeat: 0, extraParams: ["seed": .int(0)], children: SearchControl()
        ) { _ in nil }
        #expect(outcome.state == .failed)
        #expect(outcome.message == "exited normally but never reported val/accuracy (it logged: val/score)")
    }

    @Test("a program that does not exist fails the run with a clear message")
    func notFound() async throws {
        let folder = try TestSupport.scratchFolder()
        var runner = Self.runner(folder)
        runner.objective.command = ["no-such-trainer-here", "--x", "{x}"]
        let outcome = await runner.run(
            Self.trial(), repeat: 0, extraParams: ["seed": .int(0)], children: SearchControl()
        ) { _ in nil }
        #expect(outcome.state == .failed && outcome.message == "cannot start no-such-trainer-here: not found on PATH")
    }

    @Test("a pruned child is stopped as soon as the pruner says so, keeping its curve so far")
    func pruned() async throws {
        let folder = try TestSupport.scratchFolder()
        let started = Date()
        let outcome = await Self.runner(folder, mode: "stall").run(
            Self.trial(), repeat: 0, extraParams: ["seed": .int(0)], children: SearchControl()
        ) { values in
            values.count >= 2 ? "planted decision at step \(values.count)" : nil
        }
        #expect(outcome.state == .pruned && outcome.message == "pruned: planted decision at step 2")
        #expect(outcome.intermediateValues.count == 2)
        // The child stalls for three minutes before its third epoch: only stopping it ends it sooner.
        // (Under a full parallel test run on two cores the pruner's answer can wait tens of seconds
        // for a thread; the stall is long enough that only a stop ends the child first.)
        let output = try String(contentsOf: folder.appendingPathComponent("4-0/stdout.jsonl"), encoding: .utf8)
        #expect(!output.contains("\"end\""), "the child ran to its end")
        #expect(Date().timeIntervalSince(started) < 150)
    }

    @Test("interrupting the search stops running children, which are recorded as interrupted")
    func interrupted() async throws {
        let folder = try TestSupport.scratchFolder()
        let control = SearchControl()
        Task {
            try await Task.sleep(for: .milliseconds(300))
            control.interruptAll(graceSeconds: 1)
        }
        let outcome = await Self.runner(folder, mode: "hang").run(
            Self.trial(), repeat: 0, extraParams: ["seed": .int(0)], children: control
        ) { _ in nil }
        #expect(outcome.state == .interrupted)
        #expect(control.isStopRequested)
    }
}
