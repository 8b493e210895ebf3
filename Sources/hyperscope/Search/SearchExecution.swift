import Foundation
import Hyperscope

/// Runs a planned search from start to end: preflight, the study (new or resumed), the runner, the
/// display and Ctrl-C handling. `hyperscope search` and the quickstart both run searches through it.
enum SearchExecution {
    /// How a search ended.
    struct Outcome {
        /// The study's record.
        var record: StudyRecord
        /// Every trial of the study, this run's and earlier ones.
        var trials: [Trial]
        /// Whether the sampler ran out (a finished grid).
        var exhausted: Bool
        /// How this session's trials went: the failures that stopped it, the trials it ran.
        var session: SearchSessionOutcome
        /// Whether a stop was requested (Ctrl-C).
        var stopped: Bool
        /// Whether running trials were stopped (a second Ctrl-C, SIGTERM or SIGHUP).
        var interrupted: Bool
        /// Whether a stop left trials of the budget unrun (the sampler had more to give).
        var leftTrialsUnrun: Bool
    }

    /// Runs the plan.
    ///
    /// - Parameters:
    ///   - databasePath: The database's path, beside which `runs/` goes by default.
    ///   - runsDirectory: Where trial folders go instead, if given.
    ///   - requeue: Whether interrupted trials of a resumed study run again first.
    static func run(_ plan: SearchPlan, store: SQLiteStore, databasePath: String, runsDirectory: String?, requeue: Bool) async throws -> Outcome {
        let configuration = plan.configuration
        let launchDirectory = FileManager.default.currentDirectoryPath
        let sampler = configuration.strategy.sampler(settings: configuration.sampler)
        do {
            try sampler.validate(configuration.space)
        } catch {
            throw CommandFailure("\(plan.sourceName): \(error)")
        }
        do {
            try await Preflight.run(configuration.preflight, workingDirectory: launchDirectory)
        } catch {
            throw CommandFailure("\(error)")
        }
        let runsFolder = runsDirectory ?? URL(fileURLWithPath: databasePath).deletingLastPathComponent().appendingPathComponent("runs").path
        let runner = TrialRunner(
            objective: configuration.objective, studyName: plan.studyName,
            studyFolder: URL(fileURLWithPath: runsFolder).appendingPathComponent(plan.studyName).standardizedFileURL.path,
            launchDirectory: launchDirectory)
        let study: Study
        let pruner = configuration.pruner?.pruner
        let lease: StudyLeaseKeeper
        if let record = plan.existingStudy, let studyID = record.id {
            // The lease first: another orchestrator's running trials are not this one's to interrupt.
            lease = try await Self.lease(studyID: studyID, name: record.name, store: store)
            study = try await Study(record: record, space: configuration.space, sampler: sampler, pruner: pruner, seed: configuration.seed, store: store)
            let recovered = try await study.recoverInterruptedTrials(requeue: requeue)
            if !recovered.isEmpty {
                print("\(recovered.count) trial(s) were running when the last search stopped; marked interrupted"
                    + (requeue ? " and queued again." : " (--requeue runs them again)."))
                let folders = recovered.flatMap { trial in (0..<configuration.runsPerTrial).map { runner.folder(trial: trial.number, repeat: $0) } }
                let stopped = await LeftoverChildren.stop(inRunFolders: folders, graceSeconds: TrialRunner.graceSeconds)
                if stopped > 0 { print("Stopped \(stopped) of their commands that were still running.") }
                fflush(nil)
            }
        } else {
            let provenance = await StudyProvenance.current(toolVersion: HyperscopeVersion.current, directory: launchDirectory)
            do {
                study = try await Study.create(
                    name: plan.studyName, space: configuration.space, metric: configuration.objective.metric, goal: configuration.objective.goal,
                    sampler: sampler, strategy: configuration.strategy.rawValue, pruner: pruner, seed: configuration.seed,
                    configuration: plan.storedConfiguration, store: store, provenance: provenance)
            } catch let error as StoreError {
                throw CommandFailure(error.message)
            }
            lease = try await Self.lease(studyID: study.record.id ?? 0, name: plan.studyName, store: store)
        }
        let control = SearchControl()
        let session = SearchSession(configuration: configuration, study: study, runner: runner, control: control)
        print(SearchDisplay.header(plan: plan, remaining: await session.remainingTrials(), studyFolder: runner.studyFolder))
        if let warning = configuration.repeatSeedWarning { printWarning(warning) }
        fflush(nil)
        let display = SearchDisplay(configuration: configuration, trialsBefore: await study.trials, budget: configuration.trialBudget)
        let interrupts = InterruptHandler(control: control, display: display)
        defer { interrupts.stop() }
        let ran: SearchSessionOutcome
        do {
            ran = try await session.run { display.show($0) }
        } catch {
            await lease.release()
            throw error
        }
        await lease.release()
        display.finish()
        if let warning = ran.identicalRepeatsWarning { printWarning(warning) }
        let remaining = await session.remainingTrials()
        let unrun = control.isStopRequested && !ran.exhausted && ran.stoppedByFailures == nil && remaining > 0
        return Outcome(
            record: study.record, trials: await study.trials, exhausted: ran.exhausted, session: ran, stopped: control.isStopRequested,
            interrupted: control.isInterrupted, leftTrialsUnrun: unrun)
    }

    /// Takes the study's lease, or fails naming the orchestrator that holds it.
    private static func lease(studyID: Int64, name: String, store: SQLiteStore) async throws -> StudyLeaseKeeper {
        do {
            return try await StudyLeaseKeeper.acquire(studyID: studyID, name: name, store: store)
        } catch let error as StoreError {
            throw CommandFailure(error.message)
        }
    }

    /// Writes a warning to standard error.
    private static func printWarning(_ text: String) {
        FileHandle.standardError.write(Data(("warning: " + text + "\n").utf8))
    }
}
