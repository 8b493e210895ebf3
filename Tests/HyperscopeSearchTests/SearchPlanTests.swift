import Foundation
import HyperscopeCore
import HyperscopeSearch
import HyperscopeStore
import TestSupport
import Testing

/// Search orchestration as library code: plans from files and stored studies, their errors' codes,
/// and a prepared search run end to end with real child processes on a real SQLite file.
@Suite("Search plans")
struct SearchPlanTests {
    static func configurationFile(in folder: URL, trials: Int = 3, extra: String = "") throws -> String {
        let path = folder.appendingPathComponent("search.yaml").path
        let text = """
            study: planned
            objective:
              command: [python3, \(TestSupport.fixture("search/objective.py")), --x, "{x}", --seed, "{seed}"]
              metric: val/score
              goal: max
            parameters:
              x: {type: float, low: 0.0, high: 1.0}
              alpha: [1, 2]
            strategy: random
            trials: \(trials)
            seed: 7
            \(extra)
            """
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        return path
    }

    @Test(
        "a new study from a file takes its name, changes and stored options; a second with that name is refused with studyExists"
    )
    func newStudyAndItsName() async throws {
        let folder = try TestSupport.scratchFolder()
        let store = try SQLiteStore(path: folder.appendingPathComponent("h.db").path)
        let file = try Self.configurationFile(in: folder)
        let plan = try await SearchPlan.newStudy(
            configurationFile: file, changes: SearchPlan.Changes(trials: 2, seed: 1 << 63), store: store)
        #expect(plan.studyName == "planned" && plan.configuration.trials == 2 && plan.configuration.strategy == .random)
        #expect(plan.existingStudy == nil && plan.sourceName == file)
        // The stored form reads back to the same options, a seed above Int64.max included.
        let stored = try StoredSearchConfiguration(stored: plan.stored.value, study: "planned")
        #expect(stored.configuration.seed == 1 << 63 && stored.configuration.trials == 2 && stored.source == file)
        #expect(stored.configuration.objective.command == plan.configuration.objective.command)
        // As Codable (for a worker), through JSON and back: the same configuration, parameters in order.
        let encoded = try JSONEncoder().encode(plan.stored)
        let decoded = try JSONDecoder().decode(StoredSearchConfiguration.self, from: encoded)
        #expect(decoded.configuration.seed == 1 << 63 && decoded.configuration.trials == 2 && decoded.source == file)
        #expect(decoded.configuration.space.parameterNames == ["x", "alpha"])
        #expect(decoded.value == plan.stored.value)

        let search = try await PreparedSearch.prepare(
            plan, store: store, runsFolder: folder.appendingPathComponent("runs").path)
        let outcome = try await search.run { _ in }
        #expect(outcome.trials.count == 2 && outcome.trials.allSatisfy { $0.state == .completed })
        #expect(outcome.session.failureReason == nil && !outcome.stopped && !outcome.leftTrialsUnrun)

        await #expect(throws: SearchPlanError.self) {
            try await SearchPlan.newStudy(configurationFile: file, store: store)
        }
        do {
            _ = try await SearchPlan.newStudy(configurationFile: file, store: store)
        } catch let error as SearchPlanError {
            #expect(
                error.code == .studyExists && error.study == "planned"
                    && error.message == "a study named 'planned' exists")
        }
        do {
            _ = try await SearchPlan.newStudy(configurationFile: file, studyName: "bad\nname", store: store)
            Issue.record("a name with a line break was accepted")
        } catch let error as SearchPlanError {
            #expect(error.code == .invalidStudyName)
        }
    }

    @Test("resuming runs the stored configuration up to a larger budget; an unknown study is studyNotFound")
    func resume() async throws {
        let folder = try TestSupport.scratchFolder()
        let store = try SQLiteStore(path: folder.appendingPathComponent("h.db").path)
        let file = try Self.configurationFile(in: folder, trials: 2)
        let runs = folder.appendingPathComponent("runs").path
        let first = try await PreparedSearch.prepare(
            try await SearchPlan.newStudy(configurationFile: file, store: store), store: store, runsFolder: runs)
        _ = try await first.run { _ in }
        // The file changes afterwards; resuming reads only what the study stored.
        try Data("not: [a, search".utf8).write(to: URL(fileURLWithPath: file))

        let plan = try await SearchPlan.resume(
            studyNamed: "planned", changes: SearchPlan.Changes(trials: 3), store: store)
        #expect(plan.existingStudy?.name == "planned" && plan.configuration.seed == 7 && plan.configuration.trials == 3)
        let second = try await PreparedSearch.prepare(plan, store: store, runsFolder: runs)
        #expect(await second.remainingTrials() == 1)
        let outcome = try await second.run { _ in }
        #expect(outcome.trials.count == 3 && outcome.trials.map(\.number) == [0, 1, 2])

        do {
            _ = try await SearchPlan.resume(studyNamed: "nobody", store: store)
            Issue.record("an unknown study resumed")
        } catch let error as SearchPlanError {
            #expect(error.code == .studyNotFound && error.study == "nobody")
        }
    }

    @Test("a prepared search holds the study's lease until it has run, or until it is abandoned")
    func leaseUntilRunOrAbandoned() async throws {
        let folder = try TestSupport.scratchFolder()
        let store = try SQLiteStore(path: folder.appendingPathComponent("h.db").path)
        let file = try Self.configurationFile(in: folder, trials: 1)
        let runs = folder.appendingPathComponent("runs").path
        let search = try await PreparedSearch.prepare(
            try await SearchPlan.newStudy(configurationFile: file, store: store), store: store, runsFolder: runs)
        let studyID = try #require(search.study.record.id)
        #expect(try await store.studyLease(studyID: studyID) != nil)
        _ = try await search.run { _ in }
        #expect(try await store.studyLease(studyID: studyID) == nil)

        let resumed = try await PreparedSearch.prepare(
            try await SearchPlan.resume(studyNamed: "planned", changes: SearchPlan.Changes(trials: 2), store: store),
            store: store, runsFolder: runs)
        #expect(try await store.studyLease(studyID: studyID) != nil)
        await resumed.abandon()
        #expect(try await store.studyLease(studyID: studyID) == nil)
        #expect(await resumed.study.trials.count == 1, "abandoning runs nothing")
    }

    @Test("a study made in code without a search configuration cannot be resumed as a search: noStoredConfiguration")
    func noStoredConfiguration() async throws {
        let store = MemoryStore()
        let space = SearchSpace(parameters: [
            SearchParameter(name: "x", domain: .float(low: 0, high: 1, logarithmic: false, step: nil))
        ])
        _ = try await Study.create(name: "in-code", space: space, goal: .minimize, store: store)
        do {
            _ = try await SearchPlan.resume(studyNamed: "in-code", store: store)
            Issue.record("resumed without a configuration")
        } catch let error as SearchPlanError {
            #expect(error.code == .noStoredConfiguration && error.code.description == "no-stored-configuration")
        }
    }

    @Test("a replacing command is checked as its own: a ConfigurationError (invalidCommand) that names it")
    func invalidConfiguration() async throws {
        let folder = try TestSupport.scratchFolder()
        let file = try Self.configurationFile(in: folder)
        let changes = SearchPlan.Changes(command: ["python3", "{x"], commandLabel: "the command after --")
        do {
            _ = try await SearchPlan.newStudy(configurationFile: file, changes: changes, store: MemoryStore())
            Issue.record("an unpaired brace was accepted")
        } catch let error as ConfigurationError {
            #expect(error.code == .invalidCommand && error.location?.keyPath == "the command after --", "\(error)")
            #expect(error.description.hasPrefix("the command after --: argument 2 '{x'"), "\(error)")
        }
    }
}
