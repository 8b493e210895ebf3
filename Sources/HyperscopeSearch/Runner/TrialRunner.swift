import Foundation
import HyperscopeAnalysis
import HyperscopeCore
import HyperscopeIngest
import Synchronization

/// What one run of a trial's command produced.
package struct RepeatOutcome: Sendable {
    /// The run, as stored: the child's log with the trial's parameters, status and timing.
    package var run: Run
    /// The objective value, when the run completed and reported it (the first objective's).
    package var value: Double?
    /// Every objective's value, in order, when the run completed and reported them all.
    package var values: [Double] = []
    /// The last value of each constraint's metric, in order, when the run completed.
    package var constraintValues: [Double] = []
    /// How the run ended: completed, failed, pruned or interrupted.
    package var state: TrialState
    /// Why it did not complete (exit status and stderr tail, timeout, missing metric, pruning reason).
    package var message: String?
    /// The objective's intermediate values as the child reported them.
    package var intermediateValues: [IntermediateValue]
    /// How many times the command was started.
    package var attempts: Int
}

/// Runs a trial's command, once per repeat, as a child process: fills in the argv template, passes
/// the parameters as `HYPERSCOPE_PARAM_<KEY>` variables and in `params.json`, gives each run a folder
/// (`<runs>/<study>/<trial>-<repeat>/` with `stdout.jsonl`, `stderr.log`, `params.json` and
/// `run.json`), reads the child's JSON lines as they arrive, stops it on timeout or when the pruner
/// says so, and retries failures.
package struct TrialRunner: Sendable {
    /// Seconds between SIGTERM and SIGKILL when a child is stopped.
    package static let graceSeconds = 5.0

    /// The command and how its result is read.
    package var objective: ObjectiveSettings
    /// The study's name.
    package var studyName: String
    /// The folder holding one sub-folder per trial and repeat.
    package var studyFolder: String
    /// The folder relative working directories are resolved in, and the default working directory.
    package var launchDirectory: String
    /// Reads the files a run's log names (predictions) into its metrics before it is judged, so an
    /// objective such as `test/ece` can come from them; `nil` leaves them unread.
    package var artifactReader: (any ArtifactReader)?
    /// The bounds whose metrics each completed run must report.
    package var constraints: [MetricConstraint]

    /// Creates a runner.
    package init(
        objective: ObjectiveSettings, studyName: String, studyFolder: String, launchDirectory: String,
        artifactReader: (any ArtifactReader)? = nil, constraints: [MetricConstraint] = []
    ) {
        self.objective = objective
        self.constraints = constraints
        self.studyName = studyName
        self.studyFolder = studyFolder
        self.launchDirectory = launchDirectory
        self.artifactReader = artifactReader
    }

    /// This process's environment, which every child starts from (read once: Foundation builds it
    /// anew at each read).
    private static let processEnvironment = ProcessInfo.processInfo.environment

    /// The folder of a trial's repeat.
    package func folder(trial: Int, repeat index: Int) -> URL {
        URL(fileURLWithPath: studyFolder).appendingPathComponent("\(trial)-\(index)")
    }

    /// Runs one repeat of a trial, retrying failures as configured.
    ///
    /// - Parameters:
    ///   - extraParams: Values this repeat adds to the trial's parameters (its seed, a prompt).
    ///   - children: Where running children are registered, so an interrupt stops them.
    ///   - prune: Asked after each new intermediate value; a reason stops the child as pruned.
    package func run(
        _ trial: Trial, repeat index: Int, extraParams: [String: Value], children: SearchControl,
        prune: @escaping @Sendable ([IntermediateValue]) async -> String?
    ) async -> RepeatOutcome {
        var attempts = 0
        while true {
            attempts += 1
            var outcome = await attempt(
                trial, repeat: index, extraParams: extraParams, children: children, prune: prune)
            outcome.attempts = attempts
            guard outcome.state == .failed, attempts <= objective.retries, !children.isInterrupted else {
                if attempts > 1, outcome.state == .failed {
                    outcome.message = (outcome.message ?? "failed") + " (after \(attempts) attempts)"
                }
                outcome.run.attributes["attempts"] = .int(Int64(attempts))
                return outcome
            }
        }
    }

    private final class Watch: Sendable {
        struct State {
            var prunedReason: String?
            var timedOut = false
        }

        let state = Mutex(State())
    }

    /// What watching a running command saw.
    private struct Watched {
        /// The run as its output describes it, if it wrote any.
        var run: Run?
        /// How the command ended.
        var ended: ChildProcess.Termination
        /// The objective's values as they were reported, by step.
        var intermediate: [IntermediateValue]
        /// Why the pruner stopped it, if it did.
        var prunedReason: String?
        /// Whether the timeout stopped it.
        var timedOut: Bool
    }

    /// One run of the command for a trial's repeat: start it, watch it, judge it, record it.
    private func attempt(
        _ trial: Trial, repeat index: Int, extraParams: [String: Value], children: SearchControl,
        prune: @escaping @Sendable ([IntermediateValue]) async -> String?
    ) async -> RepeatOutcome {
        let folder = folder(trial: trial.number, repeat: index)
        let started = Date().timeIntervalSince1970
        let params = trial.params.merging(extraParams) { _, extra in extra }
        var run = Run(
            key: TrialFolderLayout.runKey(study: studyName, trial: trial.number, repeat: index),
            name: "\(studyName) #\(trial.number).\(index)",
            source: folder.appendingPathComponent(TrialFolderLayout.logName).path, format: .trial, status: .running,
            params: params, startedAt: started,
            attributes: ["study": .string(studyName), "trial": .int(Int64(trial.number)), "repeat": .int(Int64(index))])
        let child: ChildProcess
        do {
            child = try launch(trial, repeat: index, params: params, folder: folder)
        } catch {
            return record(run, .failed, "\(error)", folder: folder, started: started)
        }
        children.add(child)
        LeftoverChildren.record(child, in: folder)
        run.attributes["pid"] = .int(Int64(child.pid))
        let watched = await watch(child, run: run, prune: prune)
        children.remove(child)
        if let logged = watched.run {
            // The parameters the child logged stay; the trial's own take precedence.
            run = logged
            run.params.merge(params) { _, trial in trial }
            run.startedAt = started
        }
        run.attributes["exit"] = .string(watched.ended.description)
        if let artifactReader, watched.ended.isSuccess {
            // Files the run named (its predictions) give metrics before the run is judged.
            var failures: [(artifact: RunArtifact, reason: String)] = []
            run = artifactReader.applied(to: run, failures: &failures)
            run.messages += failures.map {
                RunMessage(text: "\($0.artifact.kind) artifact: \($0.reason)", line: $0.artifact.line)
            }
        }
        let judged = verdict(watched, run: run, folder: folder, interrupted: children.isInterrupted)
        return record(
            run, judged.state, judged.message, values: judged.values, constraintValues: judged.constraintValues,
            intermediate: watched.intermediate, folder: folder, started: started)
    }

    /// Writes the repeat's folder (`params.json`) and starts the command in it.
    private func launch(_ trial: Trial, repeat index: Int, params: [String: Value], folder: URL) throws -> ChildProcess
    {
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let placeholders = params.merging([
            "trial": .int(Int64(trial.number)), "repeat": .int(Int64(index)), "trial_dir": .string(folder.path),
            "study": .string(studyName),
            "params_file": .string(folder.appendingPathComponent(TrialFolderLayout.paramsName).path),
            "hyperscope": .string(Self.currentExecutable),
        ]) { own, _ in own }
        let paramsDocument = Value.object(sortedByKey: params)
        try TrialFile.write(
            JSONWriter(pretty: true).string(from: paramsDocument) + "\n",
            to: folder.appendingPathComponent(TrialFolderLayout.paramsName).path)
        let arguments = try CommandTemplate(objective.command).filled(with: placeholders)
        let workingDirectory = try objective.workingDirectory.map {
            try CommandTemplate([$0]).filled(with: placeholders)[0]
        }
        return try ChildProcess(
            arguments: arguments, environment: environment(params: params, placeholders: placeholders),
            workingDirectory: workingDirectory.map { resolve($0) } ?? launchDirectory,
            standardErrorPath: folder.appendingPathComponent(TrialFolderLayout.errorsName).path)
    }

    /// Reads the command's output as it runs (copying it to the run's source file), asks the pruner
    /// after each new value of the objective, and stops the command on pruning or timeout.
    private func watch(
        _ child: ChildProcess, run: Run, prune: @escaping @Sendable ([IntermediateValue]) async -> String?
    ) async -> Watched {
        let watch = Watch()
        let timeout = objective.timeoutSeconds.map { seconds in
            Task {
                try await Task.sleep(for: .seconds(seconds))
                watch.state.withLock { $0.timedOut = true }
                Self.stop(child)
            }
        }
        // When the command ends, whatever it left running in its group is ended too, which also
        // closes the output pipe those processes may still hold.
        let termination = Task {
            let ended = await child.termination()
            child.signalGroup(SIGKILL)
            return ended
        }
        var reader = LiveLogReader(run: run)
        let metric = MetricKey(parsing: objective.metric)
        var intermediate: [IntermediateValue] = []
        var pointsSeen = 0
        for await line in child.outputLines(copyingTo: run.source) {
            reader.read(line: line)
            // Once pruned, the values logged before the child stops are not the trial's.
            guard watch.state.withLock({ $0.prunedReason == nil }), let curve = reader.curve(metric),
                curve.count > pointsSeen
            else { continue }
            let steps = curve.axis(named: "epoch") ?? curve.axis(named: "step")
            defer { pointsSeen = curve.count }
            for position in pointsSeen..<curve.count where curve.values[position].isFinite {
                let step = steps.map { $0[position] }.flatMap { $0.isFinite ? $0 : nil } ?? Double(position + 1)
                intermediate.append(IntermediateValue(step: step, value: curve.values[position]))
            }
            if let reason = await prune(intermediate) {
                watch.state.withLock { $0.prunedReason = reason }
                Self.stop(child)
            }
        }
        let ended = await termination.value
        timeout?.cancel()
        let seen = watch.state.withLock { $0 }
        return Watched(
            run: reader.finish(), ended: ended, intermediate: intermediate, prunedReason: seen.prunedReason,
            timedOut: seen.timedOut)
    }

    /// How the repeat ended, why, its value of each objective and the last value of each constraint's
    /// metric: pruned, interrupted, timed out, failed, never reported a metric, or completed.
    private func verdict(
        _ watched: Watched, run: Run, folder: URL, interrupted: Bool
    ) -> (state: TrialState, message: String?, values: [Double], constraintValues: [Double]) {
        if let reason = watched.prunedReason { return (.pruned, "pruned: " + reason, [], []) }
        if interrupted, !watched.ended.isSuccess { return (.interrupted, "interrupted (\(watched.ended))", [], []) }
        if watched.timedOut {
            let limit = NumberFormatting.duration(objective.timeoutSeconds!)
            return (.failed, "timed out after \(limit)" + stderrTail(folder), [], [])
        }
        guard watched.ended.isSuccess else { return (.failed, "\(watched.ended)" + stderrTail(folder), [], []) }
        var values: [Double] = []
        for wanted in objective.objectives {
            let selection = MetricSelection(
                metric: MetricKey(parsing: wanted.metric), point: wanted.point, goal: wanted.goal)
            guard let value = try? selection.value(in: run).get() else {
                let logged = run.curves.map(\.key.description).joined(separator: ", ")
                let what = logged.isEmpty ? " (it logged no metrics)" : " (it logged: \(logged))"
                return (.failed, "exited normally but never reported \(wanted.metric)" + what, [], [])
            }
            values.append(value)
        }
        var constraintValues: [Double] = []
        for constraint in constraints {
            let selection = MetricSelection(
                metric: MetricKey(parsing: constraint.metric), point: .last, goal: .minimize)
            guard let value = try? selection.value(in: run).get() else {
                return (
                    .failed,
                    "exited normally but never reported \(constraint.metric), which the constraint \(constraint) needs",
                    [], []
                )
            }
            constraintValues.append(value)
        }
        return (.completed, nil, values, constraintValues)
    }

    /// Completes the run's record with how it ended, writes it as the folder's `run.json`, and
    /// returns the repeat's outcome.
    private func record(
        _ run: Run, _ state: TrialState, _ message: String?, values: [Double] = [], constraintValues: [Double] = [],
        intermediate: [IntermediateValue] = [], folder: URL, started: Double
    ) -> RepeatOutcome {
        var run = run
        run.status = RunStatus(rawValue: state.rawValue) ?? .failed
        run.statusReason = message
        run.endedAt = Date().timeIntervalSince1970
        if run.trainingSeconds == nil { run.trainingSeconds = run.endedAt! - started }
        let goals = MetricGoals(
            byMetric: Dictionary(objective.objectives.map { ($0.metric, $0.goal) }) { first, _ in first })
        let document = JSONWriter(pretty: true).string(from: run.document(goals: goals, includingCurves: true))
        try? TrialFile.write(document, to: folder.appendingPathComponent(TrialFolderLayout.runDocumentName).path)
        return RepeatOutcome(
            run: run, value: values.first, values: values, constraintValues: constraintValues, state: state,
            message: message, intermediateValues: intermediate, attempts: 1)
    }

    /// The path of the running program (the `{hyperscope}` placeholder's value).
    package static let currentExecutable: String = {
        let link = URL(fileURLWithPath: "/proc/self/exe")
        if FileManager.default.fileExists(atPath: link.path) { return link.resolvingSymlinksInPath().path }
        return Bundle.main.executablePath ?? CommandLine.arguments[0]
    }()

    private static func stop(_ child: ChildProcess) {
        child.signalGroup(SIGTERM)
        Task {
            try? await Task.sleep(for: .seconds(graceSeconds))
            child.signalGroup(SIGKILL)
        }
    }

    private func environment(params: [String: Value], placeholders: [String: Value]) -> [String: String] {
        var environment = Self.processEnvironment
        for (key, value) in objective.environment { environment[key] = value }
        for (key, value) in params {
            environment[CommandTemplate.environmentName(ofParameter: key)] = CommandTemplate.text(of: value)
        }
        for name in CommandTemplate.builtInNames where name != "hyperscope" {
            if let value = placeholders[name] {
                environment["HYPERSCOPE_" + name.uppercased()] = CommandTemplate.text(of: value)
            }
        }
        return environment
    }

    private func resolve(_ path: String) -> String {
        path.hasPrefix("/")
            ? path : URL(fileURLWithPath: launchDirectory).appendingPathComponent(path).standardizedFileURL.path
    }

    private func stderrTail(_ folder: URL, lines: Int = 5) -> String {
        guard let data = try? Data(contentsOf: folder.appendingPathComponent(TrialFolderLayout.errorsName)),
            !data.isEmpty
        else {
            return ""
        }
        let text = String(decoding: data.suffix(2000), as: UTF8.self)
        let tail = text.split(separator: "\n", omittingEmptySubsequences: true).suffix(lines).joined(separator: "\n")
        return tail.isEmpty ? "" : "; stderr ends: " + tail
    }
}
