import Foundation
import HyperscopeCore
import HyperscopeIngest
import HyperscopeSearch
import HyperscopeStore
import TestSupport
import Testing

/// A search's runs folder ingested back, after a real search with child processes on SQLite.
@Suite("Trial folders ingested back")
struct TrialFolderIngestTests {
    @Test("into the search's own database the runs are the ones it holds; into another, the same runs")
    func runsFolderIngestedBack() async throws {
        let folder = try TestSupport.scratchFolder()
        let store = try SQLiteStore(path: folder.appendingPathComponent("h.db").path)
        let file = try SearchPlanTests.configurationFile(in: folder, trials: 3, extra: "repeats: 2")
        let plan = try await SearchPlan.newStudy(configurationFile: file, store: store)
        let runsFolder = folder.appendingPathComponent("runs").path
        let search = try await PreparedSearch.prepare(plan, store: store, runsFolder: runsFolder)
        _ = try await search.run { _ in }
        let searched = try await store.runs(includingCurves: true)
        #expect(searched.count == 6)

        let again = try await Ingestion(store: store).run(paths: [runsFolder])
        #expect(again.runsIngested == 0 && again.runsUpdated == 6)
        // The objective writes argv.json and env.json into its folder: the user's files, still looked at.
        #expect(again.problems.allSatisfy { $0.file.hasSuffix("/argv.json") || $0.file.hasSuffix("/env.json") })
        #expect(try await store.runs(includingCurves: false).count == 6)

        let other = MemoryStore()
        _ = try await Ingestion(store: other).run(paths: [runsFolder])
        let copied = Dictionary(uniqueKeysWithValues: try await other.runs(includingCurves: true).map { ($0.key, $0) })
        #expect(copied.count == 6)
        for run in searched {
            let copy = try #require(copied[run.key])
            #expect(copy.format == .trial && copy.status == run.status && copy.name == run.name)
            #expect(copy.params == run.params)
            #expect(
                copy.curve(MetricKey(parsing: "val/score"))?.values
                    == run.curve(MetricKey(parsing: "val/score"))?.values)
            #expect(
                copy.curve(MetricKey(parsing: "val/score"))?.axes == run.curve(MetricKey(parsing: "val/score"))?.axes)
        }
    }
}
