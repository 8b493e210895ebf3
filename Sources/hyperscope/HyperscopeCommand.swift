import ArgumentParser
import Hyperscope

/// The `hyperscope` command: subcommands for each part of an experiment campaign.
@main
struct HyperscopeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "hyperscope",
        abstract: "Collect, understand, search and show machine-learning experiment runs.",
        discussion: """
            Runs are stored in ./.hyperscope/hyperscope.db by default (override with --db or HYPERSCOPE_DB).
            Start with `hyperscope quickstart`, or `hyperscope ingest LOGS/` on your own logs.
            """,
        version: HyperscopeVersion.current,
        subcommands: [
            QuickstartCommand.self, IngestCommand.self, RunsCommand.self, ShowCommand.self, ProblemsCommand.self,
            SweepCommand.self,
            CompareCommand.self, CurvesCommand.self, InsightsCommand.self, ImportanceCommand.self, SuggestCommand.self,
            BackfillCommand.self,
            SearchCommand.self, ReportCommand.self, ServeCommand.self, DeleteCommand.self,
            ExampleTrainerCommand.self,
        ]
    )
}
