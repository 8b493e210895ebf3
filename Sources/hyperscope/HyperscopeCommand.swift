import ArgumentParser
import Foundation
import Hyperscope

/// The `hyperscope` command: subcommands for each part of an experiment campaign.
@main
struct HyperscopeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "hyperscope",
        abstract: "Collect, understand, search and show machine-learning experiment runs.",
        discussion: """
            Runs are stored in ./.hyperscope/hyperscope.db by default (override with --db or HYPERSCOPE_DB). \
            Start with `hyperscope quickstart`, or `hyperscope ingest LOGS/` on your own logs.
            """,
        version: HyperscopeVersion.current,
        subcommands: [
            QuickstartCommand.self, IngestCommand.self, RunsCommand.self, ShowCommand.self, ProblemsCommand.self,
            SweepCommand.self,
            CompareCommand.self, CurvesCommand.self, InsightsCommand.self, ImportanceCommand.self, SuggestCommand.self,
            CalibrateCommand.self, ParetoCommand.self,
            BackfillCommand.self,
            SearchCommand.self, ReportCommand.self, ServeCommand.self, DeleteCommand.self,
            ExampleTrainerCommand.self,
        ]
    )

    /// Parses the arguments and runs the command; an error is printed as `Error: …` and ends the
    /// process with the status ``ExitStatus`` gives it.
    static func main() async {
        var command: any ParsableCommand
        do {
            command = try parseAsRoot()
        } catch {
            exit(withError: error)
        }
        AllocatorTuning.padHeaps()
        do {
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch {
            guard let status = ExitStatus.of(error) else { exit(withError: error) }
            FileHandle.standardError.write(Data("Error: \(error)\n".utf8))
            Foundation.exit(status)
        }
    }
}
