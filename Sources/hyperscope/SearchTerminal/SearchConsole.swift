import Foundation
import Hyperscope

/// Runs a planned search in the terminal: the library prepares and runs it, this shows it (the
/// header, recovered trials, progress, warnings) and turns Ctrl-C into stops. `hyperscope search`
/// and the quickstart both run searches through it.
enum SearchConsole {
    /// Prepares and runs `plan`, showing it as it goes.
    ///
    /// - Parameters:
    ///   - databasePath: The database's path, beside which `runs/` goes by default.
    ///   - runsDirectory: Where trial folders go instead, if given.
    ///   - requeue: Whether interrupted trials of a resumed study run again first.
    static func run(
        _ plan: SearchPlan, store: any Store, databasePath: String, runsDirectory: String?, requeue: Bool
    ) async throws -> SearchOutcome {
        let runsFolder =
            runsDirectory
            ?? URL(fileURLWithPath: databasePath).deletingLastPathComponent().appendingPathComponent("runs").path
        let search = try await PreparedSearch.prepare(
            plan, store: store, runsFolder: runsFolder, requeue: requeue, artifactReader: CalibrationArtifactReader())
        let recovered = search.recoveredTrials
        if !recovered.isEmpty {
            print(
                "\(recovered.count) trial(s) were running when the last search stopped; marked interrupted"
                    + (requeue ? " and queued again." : " (--requeue runs them again)."))
            if search.stoppedLeftoverCommands > 0 {
                print("Stopped \(search.stoppedLeftoverCommands) of their commands that were still running.")
            }
        }
        let configuration = plan.configuration
        print(
            SearchDisplay.header(
                plan: plan, remaining: await search.remainingTrials(), studyFolder: search.studyFolder))
        if let warning = configuration.repeatSeedWarning { printWarning(warning) }
        fflush(nil)
        let display = SearchDisplay(
            configuration: configuration, trialsBefore: await search.study.trials, budget: configuration.trialBudget)
        let interrupts = InterruptHandler(control: search.control, display: display)
        defer { interrupts.stop() }
        let outcome = try await search.run { display.show($0) }
        display.finish()
        if let warning = outcome.session.identicalRepeatsWarning { printWarning(warning) }
        return outcome
    }

    /// Writes a warning to standard error.
    private static func printWarning(_ text: String) {
        FileHandle.standardError.write(Data(("warning: " + text + "\n").utf8))
    }
}

extension SearchPlanError {
    /// The error with what to type next on the command line, where there is advice to give.
    var withCommandLineAdvice: CommandFailure {
        let advice =
            switch code {
            case .studyExists: "; add --resume to continue it, or --study NEW_NAME to start another"
            case .studyNotFound: "; run without --resume to start it"
            case .invalidStudyName: "; choose another with --study NAME"
            default: ""
            }
        return CommandFailure(message + advice, status: ExitStatus.of(code))
    }
}
