import ArgumentParser
import Foundation
import Hyperscope

/// `hyperscope delete RUN... | --where EXPR | --study NAME`: remove runs or a whole study.
struct DeleteCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "delete",
        abstract: "Delete runs, or a study with its trials, runs and trial folders.",
        discussion: """
            Without --yes it only lists what it would delete. RUN is a run id, name, or source path. A deleted run's log \
            file is left on disk: ingesting it again while it is unchanged does not bring the run back; a file that \
            changes, or `hyperscope ingest --rescan`, reads it again. A study takes its trials, the runs they stored and \
            their folders (<study folder>/<trial>-<repeat>/) with it. Nothing else is touched.
            """)

    @Argument(help: "Runs to delete: ids, names or source paths.")
    var runs: [String] = []

    @OptionGroup var selection: RunSelectionOptions

    @Option(
        name: .long,
        help: ArgumentHelp("Delete this study, its trials, their runs and their folders.", valueName: "name"))
    var study: String?

    @Flag(name: .long, help: "Delete; without it the command only lists what it would delete.")
    var yes = false

    @OptionGroup var store: StoreOptions

    func validate() throws {
        let ways = [!runs.isEmpty, selection.whereExpression != nil, study != nil].filter { $0 }.count
        guard ways == 1 else {
            throw ValidationError("give exactly one of: RUN..., --where EXPR, --study NAME")
        }
    }

    func run() async throws {
        let database = try store.openStore()
        if let study {
            try await deleteStudy(named: study, in: database)
        } else {
            try await deleteRuns(in: database)
        }
    }

    private func deleteStudy(named name: String, in database: any Store) async throws {
        guard let record = try await database.study(named: name), let id = record.id else {
            let known = try await database.studies().map(\.name)
            throw CommandFailure(
                "no study '\(name)' in \(store.databasePath)"
                    + (known.isEmpty ? "" : "; the studies are: " + known.joined(separator: ", ")))
        }
        if let held = try await database.studyLease(studyID: id), StudyLeaseKeeper.isAlive(held) {
            throw CommandFailure(
                "study '\(name)' is being run by a hyperscope search (process \(held.pid) on \(held.host)); stop it before deleting the study"
            )
        }
        let trials = try await database.trials(studyID: id)
        let runCount = Set(trials.flatMap(\.runKeys)).count
        let what = "study '\(name)': \(trials.count) trials, \(runCount) runs and their trial folders"
        guard yes else {
            print("Would delete \(what) from \(store.databasePath).\nRun again with --yes to delete.")
            return
        }
        let deleted = try await database.deleteStudy(id: id)
        let folders = TrialFolders.remove(of: deleted)
        print("Deleted study '\(name)': \(trials.count) trials, \(deleted.count) runs, \(folders.count) folders.")
    }

    private func deleteRuns(in database: any Store) async throws {
        var selected: [Run] = []
        if selection.whereExpression != nil {
            selected = try selection.select(
                try await database.runs(includingCurves: true), goals: try selection.goals())
        } else {
            for reference in runs {
                guard let found = try await RunLookup.find(reference, in: database) else {
                    throw CommandFailure(
                        "no run '\(reference)' in \(store.databasePath): give an id, name or source path from `hyperscope runs`"
                    )
                }
                if !selected.contains(where: { $0.id == found.id }) { selected.append(found) }
            }
        }
        guard !selected.isEmpty else {
            print("No run matches; nothing to delete.")
            return
        }
        let style = TerminalStyle.forDescriptor(STDOUT_FILENO)
        let verb = yes ? "Deleting" : "Would delete"
        print("\(verb) \(selected.count) run\(selected.count == 1 ? "" : "s") from \(store.databasePath):")
        for run in selected.prefix(50) {
            print("  \(run.id.map(String.init) ?? "-")  \(run.name)  \(style.dim(run.source))")
        }
        if selected.count > 50 { print("  … and \(selected.count - 50) more") }
        guard yes else {
            print("Run again with --yes to delete.")
            return
        }
        let deleted = try await database.deleteRuns(ids: selected.compactMap(\.id))
        print("Deleted \(deleted.count) run\(deleted.count == 1 ? "" : "s").")
    }
}
