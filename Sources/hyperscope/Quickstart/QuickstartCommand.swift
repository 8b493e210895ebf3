import ArgumentParser
import Foundation
import Hyperscope

/// `hyperscope quickstart`: a first campaign in one command.
///
/// It runs a small sweep of the example trainer (2 optimisers × 3 learning rates × 3 seeds) as real
/// child processes writing logs and test predictions into a folder, ingests the folder into the
/// database (each run's calibration measured from its predictions), prints what it found, runs a
/// short TPE search over the same trainer, and ends by comparing the two optimisers on accuracy and
/// calibration at once.
struct QuickstartCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "quickstart",
        abstract:
            "Run a small example sweep, ingest its logs, show the results, run a short TPE search, and compare accuracy and calibration."
    )

    @Option(name: .long, help: ArgumentHelp("The folder for the example's logs.", valueName: "folder"))
    var dir = "hyperscope-quickstart"

    @OptionGroup var store: StoreOptions

    @Option(name: .long, help: "Training processes run at once (default: one per core).")
    var parallel: Int = ProcessInfo.processInfo.activeProcessorCount

    func run() async throws {
        let style = TerminalStyle.forDescriptor(STDOUT_FILENO)
        let logFolder = URL(fileURLWithPath: dir).appendingPathComponent("logs").path
        try? FileManager.default.removeItem(atPath: logFolder)
        try FileManager.default.createDirectory(atPath: logFolder, withIntermediateDirectories: true)
        let jobs = QuickstartSweep.jobs(logFolder: logFolder)
        print(
            style.bold("1. Training")
                + " \(jobs.count) runs of the example model (2 optimisers × 3 learning rates × 3 seeds) into \(logFolder)/"
        )
        let failures = try await QuickstartSweep.run(jobs, parallel: max(1, parallel))
        for failure in failures { StandardError.write("warning: \(failure)\n") }

        print("\n" + style.bold("2. Ingesting") + " the logs into \(store.databasePath)")
        let database = try store.openStore()
        let summary = try await IngestRunner.ingest(
            paths: [logFolder], into: database, options: IngestOptions(artifactReader: CalibrationArtifactReader()),
            showProgress: true)
        print(IngestSummaryRendering.text(summary, database: store.databasePath, style: style), terminator: "")

        let logKeys = Set(jobs.map { URL(fileURLWithPath: $0.logPath).standardizedFileURL.path })
        let runs = try await database.runs(includingCurves: true).filter { logKeys.contains($0.key) }
        let goals = MetricGoals()
        let sorted = RunOrdering.sorted(runs, by: "val/acc.best", goals: goals)
        print("\n" + style.bold("3. What we found") + " (best validation accuracy first)")
        print(RunRendering.listing(sorted, goals: goals).renderText(style: style), terminator: "")
        if let best = sorted.first,
            let accuracy = RunField.value("val/acc.best", in: best, goal: goals.goal(for:))?.numericValue
        {
            let optimizer = best.params["optim.name"]?.displayText ?? "?"
            let rate = best.params["optim.lr"]?.displayText ?? "?"
            print(
                "\nBest run: \(best.name) (optimizer \(optimizer), lr \(rate)) reached val/acc \(NumberFormatting.metric(accuracy))."
            )
        }

        let selection = MetricSelection(metric: MetricKey(parsing: "val/acc"), point: .last, goal: .maximize)
        let sweep = SweepSummary(runs: runs, selection: selection)
        print("\n" + style.bold("4. The sweep") + " (val/acc at the last epoch, mean over 3 seeds per configuration)")
        print(
            SweepRendering.table(sweep).renderText(style: style) + SweepCommand.footer(sweep, style: style),
            terminator: "")

        print(
            "\n" + style.bold("5. A short TPE search")
                + " over optimizer, learning rate, batch size and weight decay, from \(dir)/search.yaml")
        let search = try await QuickstartSearch.run(
            in: dir, store: database, databasePath: store.databasePath, parallel: max(1, parallel))
        if let reason = search.session.failureReason { throw CommandFailure(reason) }
        if let best = search.trials.best(goal: search.record.goal) {
            let order = ["optimizer", "lr", "batch_size", "weight_decay", "epochs"]
            print(
                "\nBest configuration: \(TrialRendering.paramsText(best.params, order: order)) reached val/acc \(TrialRendering.valueText(best)) (trial \(best.number) of \(search.trials.count))."
            )
        }
        let reportPath = "\(dir)/report.html"
        let report = StudyReport(study: search.record, trials: search.trials)
        let bestRuns = await ReportCommand.bestTrialRuns(of: report, in: database)
        try Output.emit(
            StudyHTML.document(report, generatedAt: Date().timeIntervalSince1970, bestTrialRuns: bestRuns),
            to: reportPath)
        print(
            "\n" + style.bold("6. The report")
                + " of the search, with its plots, is in \(reportPath) (one file; open it in a browser, it works offline)."
        )
        print("\n" + style.bold("7. Accurate, and calibrated?") + " adam against sgd at lr 0.03, over 3 seeds")
        let family = Self.accuracyAndCalibration(runs)
        print(
            ComparisonRendering.table(family).renderText(style: style) + "\n" + ComparisonRendering.verdicts(family),
            terminator: "")
        print(
            """

            See it all in the dashboard:
              hyperscope serve        # then open http://127.0.0.1:8080/

            Next:
              hyperscope report --latest
              hyperscope report --latest --export best.yaml
              hyperscope runs --where 'optim.name = adam and val/acc.best > 0.9'
              hyperscope sweep --metric val/acc --at epoch=10
              hyperscope compare --by optim.name --metric val/acc
              hyperscope compare --by optim.name --where 'optim.lr = 0.03' --metric test/acc,test/ece
              hyperscope calibrate \(logFolder)/adam-lr0.03-seed0.predictions.jsonl --fit-temperature --svg reliability.svg
              hyperscope show \(sorted.first?.id.map(String.init) ?? "1")
              hyperscope search --config \(dir)/search.yaml --study my-search --trials 40
              hyperscope importance \(CommandLineText.whereStudy(search.record.name)) --metric val/acc
              hyperscope ingest YOUR_LOGS/
            """)
        if let hint = CommandOnPath.hint() { print("\n" + hint) }
    }

    /// Step 7: adam and sgd at the learning rate 0.03 compared on test accuracy and on the test ECE that
    /// ingestion measured from each run's predictions file, Holm over both, with the trade-off in words.
    private static func accuracyAndCalibration(_ runs: [Run]) -> [MultiMetricComparison] {
        let atRate = runs.filter { $0.params["optim.lr"] == .float(0.03) }
        let pairing = RunPairing(runs: atRate, comparedKeys: ["optim.name"])
        let metrics = ["test/acc", "test/ece"].map { name in
            let key = MetricKey(parsing: name)
            return MetricSelection(metric: key, point: .last, goal: MetricGoals().goal(for: key))
        }
        let groups = ["adam", "sgd"].map { name in atRate.filter { $0.params["optim.name"] == .string(name) } }
        let comparisons = metrics.map { selection in
            let sides = zip(["adam", "sgd"], groups).map { name, chosen in
                ComparisonSide(label: "optim.name=\(name)", runs: chosen, selection: selection, pairing: pairing)
            }
            return GroupComparison(sides[0], sides[1], goal: selection.goal)
        }
        return MultiMetricComparison.family(metrics: metrics, comparisons: [comparisons])
    }
}

/// The quickstart's sweep: which runs, and running them as child processes.
enum QuickstartSweep {
    /// One training run: its arguments and log file.
    struct Job: Sendable {
        var arguments: [String]
        var logPath: String
    }

    /// The 18 runs: optimisers sgd and adam, learning rates 0.003, 0.03 and 0.3, seeds 0 to 2.
    static func jobs(logFolder: String) -> [Job] {
        var jobs: [Job] = []
        for optimizer in ["sgd", "adam"] {
            for rate in ["0.003", "0.03", "0.3"] {
                for seed in 0..<3 {
                    let logPath = "\(logFolder)/\(optimizer)-lr\(rate)-seed\(seed).jsonl"
                    jobs.append(
                        Job(
                            arguments: [
                                "example-trainer", "--optimizer", optimizer, "--lr", rate, "--seed", String(seed),
                                "--log", logPath,
                            ],
                            logPath: logPath))
                }
            }
        }
        return jobs
    }

    /// Runs the jobs as child processes of this executable, `parallel` at a time, with a progress bar.
    ///
    /// - Returns: A description of each job that failed.
    static func run(_ jobs: [Job], parallel: Int) async throws -> [String] {
        let executable = URL(fileURLWithPath: TrialRunner.currentExecutable)
        let progress = ProgressLine()
        let started = Date()
        var failures: [String] = []
        var finished = 0
        try await withThrowingTaskGroup(of: String?.self) { group in
            var pending = jobs.makeIterator()
            for _ in 0..<parallel {
                guard let job = pending.next() else { break }
                group.addTask { try await runChild(executable, job) }
            }
            while let result = try await group.next() {
                if let failure = result { failures.append(failure) }
                finished += 1
                progress.update(
                    done: finished, total: jobs.count, unit: "runs trained",
                    elapsedSeconds: Date().timeIntervalSince(started))
                if let job = pending.next() { group.addTask { try await runChild(executable, job) } }
            }
        }
        progress.finish()
        return failures
    }

    private static func runChild(_ executable: URL, _ job: Job) async throws -> String? {
        let process = Process()
        process.executableURL = executable
        process.arguments = job.arguments
        process.standardOutput = FileHandle.nullDevice
        return try await withCheckedThrowingContinuation { continuation in
            process.terminationHandler = { finished in
                let status = finished.terminationStatus
                continuation.resume(
                    returning: status == 0 ? nil : "\(job.logPath): the trainer exited with status \(status)")
            }
            do {
                try process.run()
            } catch {
                continuation.resume(
                    throwing: CommandFailure("cannot start \(executable.path): \(error.localizedDescription)"))
            }
        }
    }
}
