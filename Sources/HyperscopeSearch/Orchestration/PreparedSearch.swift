import Foundation
import HyperscopeCore
import HyperscopeIngest
import HyperscopeStore

/// A planned search made ready to run: preflight passed, the study created or opened under this
/// process's lease, and the trials a stopped search left running recovered. ``run(events:)`` then
/// runs it to its end. `hyperscope search`, the quickstart and Swift programs start searches this way.
///
/// A prepared search holds the study's lease until ``run(events:)`` ends; one that will not be run
/// gives it up with ``abandon()``, or other orchestrators wait for the lease to go stale.
///
/// ## Topics
///
/// ### Preparing and running
/// - ``prepare(_:store:runsFolder:launchDirectory:requeue:)``
/// - ``run(events:)``
/// - ``abandon()``
/// - ``remainingTrials()``
/// - ``control``
/// - ``studyFolder``
///
/// ### What preparing found
/// - ``study``
/// - ``recoveredTrials``
/// - ``stoppedLeftoverCommands``
public struct PreparedSearch: Sendable {
    /// The plan.
    public let plan: SearchPlan
    /// The study, new or resumed.
    public let study: Study
    /// The runner of the objective command.
    package let runner: TrialRunner
    /// Stops the search when asked (Ctrl-C handlers call it).
    public let control: SearchControl
    /// Trials a stopped search left running, now marked interrupted (and queued again when asked).
    public let recoveredTrials: [Trial]
    /// How many of the recovered trials' commands were still running and were stopped.
    public let stoppedLeftoverCommands: Int
    private let session: SearchSession
    private let lease: StudyLeaseKeeper

    /// Prepares `plan`: checks the sampler can use its space, runs its preflight commands, then
    /// creates the study, or opens it under the lease and recovers its interrupted trials.
    ///
    /// - Parameters:
    ///   - runsFolder: The folder trial folders go under (in a folder named after the study).
    ///   - launchDirectory: The folder relative paths of the configuration are read from.
    ///   - requeue: Whether interrupted trials of a resumed study run again first.
    ///   - artifactReader: Reads the files a trial's log names (`{"event":"artifact","kind":"predictions",…}`)
    ///     into metrics before the trial is judged, as ingestion does; `nil` leaves them unread.
    /// - Throws: ``SearchPlanError`` when the sampler cannot use the space, the study exists or another
    ///   orchestrator runs it; the preflight's error when a preflight command fails; ``StoreError``.
    public static func prepare(
        _ plan: SearchPlan, store: any Store, runsFolder: String,
        launchDirectory: String = FileManager.default.currentDirectoryPath, requeue: Bool = false,
        artifactReader: (any ArtifactReader)? = nil
    ) async throws -> PreparedSearch {
        let configuration = plan.configuration
        let sampler = configuration.strategy.sampler(settings: configuration.sampler)
        do {
            try sampler.validate(configuration.space)
        } catch {
            throw SearchPlanError(.invalidConfiguration, "\(plan.sourceName): \(error)", study: plan.studyName)
        }
        try await Preflight.run(configuration.preflight, workingDirectory: launchDirectory)
        let runner = TrialRunner(
            objective: configuration.objective, studyName: plan.studyName,
            studyFolder: URL(fileURLWithPath: runsFolder).appendingPathComponent(plan.studyName).standardizedFileURL
                .path,
            launchDirectory: launchDirectory, artifactReader: artifactReader, constraints: configuration.constraints)
        let pruner = configuration.pruner?.pruner
        let study: Study
        let lease: StudyLeaseKeeper
        var recovered: [Trial] = []
        var stopped = 0
        if let record = plan.existingStudy, let studyID = record.id {
            // The lease first: another orchestrator's running trials are not this one's to interrupt.
            lease = try await StudyLeaseKeeper.acquire(studyID: studyID, name: record.name, store: store)
            do {
                study = try await Study(
                    record: record, space: configuration.space, sampler: sampler, pruner: pruner,
                    seed: configuration.seed, store: store)
                recovered = try await study.recoverInterruptedTrials(requeue: requeue)
            } catch {
                await lease.release()
                throw error
            }
            if !recovered.isEmpty {
                let folders = recovered.flatMap { trial in
                    (0..<configuration.runsPerTrial).map { runner.folder(trial: trial.number, repeat: $0) }
                }
                stopped = await LeftoverChildren.stop(inRunFolders: folders, graceSeconds: TrialRunner.graceSeconds)
            }
        } else {
            let provenance = await StudyProvenance.current(
                toolVersion: HyperscopeVersion.current, directory: launchDirectory)
            study = try await Study.create(
                name: plan.studyName, space: configuration.space,
                objectives: configuration.objective.studyObjectives, sampler: sampler,
                strategy: configuration.strategy.rawValue, pruner: pruner, seed: configuration.seed,
                configuration: plan.stored.value, store: store, provenance: provenance)
            lease = try await StudyLeaseKeeper.acquire(
                studyID: study.record.id ?? 0, name: plan.studyName, store: store)
        }
        let control = SearchControl()
        return PreparedSearch(
            plan: plan, study: study, runner: runner, control: control, recoveredTrials: recovered,
            stoppedLeftoverCommands: stopped,
            session: SearchSession(configuration: configuration, study: study, runner: runner, control: control),
            lease: lease)
    }

    /// The folder the trials' folders go in (one per trial and repeat).
    public var studyFolder: String { runner.studyFolder }

    /// How many trials are left to run before the budget is spent.
    public func remainingTrials() async -> Int {
        await session.remainingTrials()
    }

    /// Gives the study's lease up without running: for a prepared search that will not be run.
    public func abandon() async {
        await lease.release()
    }

    /// Runs the search until the budget is spent, the sampler runs out, ``control`` stops it, or its
    /// trials keep failing the same way; then gives the study's lease up.
    ///
    /// - Parameter events: Called as trials start and finish.
    public func run(events: @escaping @Sendable (SearchEvent) -> Void) async throws -> SearchOutcome {
        let ran: SearchSessionOutcome
        do {
            ran = try await session.run(events: events)
        } catch {
            await lease.release()
            throw error
        }
        await lease.release()
        let remaining = await session.remainingTrials()
        let unrun = control.isStopRequested && !ran.exhausted && ran.stoppedByFailures == nil && remaining > 0
        return SearchOutcome(
            record: study.record, trials: await study.trials, session: ran, stopped: control.isStopRequested,
            interrupted: control.isInterrupted, leftTrialsUnrun: unrun)
    }
}

/// How a search ended.
public struct SearchOutcome: Sendable {
    /// The study's record.
    public var record: StudyRecord
    /// Every trial of the study, this run's and earlier ones.
    public var trials: [Trial]
    /// How this session's trials went: the failures that stopped it, the trials it ran.
    public var session: SearchSessionOutcome
    /// Whether a stop was requested (Ctrl-C).
    public var stopped: Bool
    /// Whether running trials were stopped (a second Ctrl-C, SIGTERM or SIGHUP).
    public var interrupted: Bool
    /// Whether a stop left trials of the budget unrun (the sampler had more to give).
    public var leftTrialsUnrun: Bool

    /// Whether the sampler ran out (a finished grid).
    public var exhausted: Bool { session.exhausted }
}
