import Foundation
import HyperscopeCore
import TestSupport
import Testing

@testable import HyperscopeStore

/// Deleting runs and studies, run against every store like the rest of the conformance suite.
@Suite("Store conformance: deletion")
struct DeletionConformanceTests {
    typealias Kind = StoreConformanceTests.Kind

    @Test(
        "deleted runs lose their curves and leave their file's state; other runs and files are untouched",
        arguments: Kind.allCases)
    func deleteRuns(kind: Kind) async throws {
        let store = try StoreConformanceTests.makeStore(kind)
        let first = StoreConformanceTests.sampleRun(key: "/logs/t.csv#0")
        var second = StoreConformanceTests.sampleRun(key: "/logs/t.csv#1", lr: 0.02)
        second.source = "/logs/t.csv"
        var firstRow = first
        firstRow.source = "/logs/t.csv"
        var state = StoreConformanceTests.state("/logs/t.csv", keys: [firstRow.key, second.key])
        state.fingerprint = SourceFingerprint(inode: 7, headHash: 1, tailHash: 2)
        _ = try await store.save(
            FileIngestion(state: state, runs: [firstRow, second], problems: [], problemReplacement: .all))
        let other = StoreConformanceTests.sampleRun(key: "/logs/b.jsonl")
        let otherState = StoreConformanceTests.state(other.key, keys: [other.key])
        _ = try await store.save(
            FileIngestion(state: otherState, runs: [other], problems: [], problemReplacement: .all))
        let ids = try await store.runs(includingCurves: false).map { $0.id! }
        #expect(ids.count == 3)

        let deleted = try await store.deleteRuns(ids: [ids[0], 999])
        #expect(deleted.map(\.key) == [firstRow.key])
        #expect(try await store.run(id: ids[0]) == nil)
        #expect(try await store.runs(includingCurves: true).map(\.key) == [second.key, other.key])
        #expect(try await store.run(key: second.key)?.curves.count == 3)
        let fileState = try #require(try await store.sourceFileState(path: "/logs/t.csv"))
        #expect(fileState.runKeys == [second.key])
        #expect(fileState.fingerprint == nil)
        #expect(fileState.size == state.size)
        #expect(try await store.sourceFileState(path: other.key) == otherState)
    }

    @Test(
        "deleting a study deletes its trials and the runs they stored, and nothing of another study",
        arguments: Kind.allCases)
    func deleteStudy(kind: Kind) async throws {
        let store = try StoreConformanceTests.makeStore(kind)
        var trialRunKeys: [String: [String]] = [:]
        for name in ["gone", "kept"] {
            let study = try await store.createStudy(StudyStoreConformanceTests.record(name))
            for number in 0..<2 {
                var trial = try await store.startTrial(studyID: study.id!, params: ["lr": .float(0.1)], startedAt: 1)
                let run = Run(
                    key: "search:\(name)/\(number)-0", name: "\(name) #\(number).0",
                    source: "/runs/\(name)/\(number)-0/stdout.jsonl",
                    format: .trial, status: .completed, params: trial.params,
                    curves: [MetricCurve(key: MetricKey(parsing: "val/acc"), values: [0.5])])
                trial.state = .completed
                trial.value = 0.5
                trial.runKeys = [run.key]
                try await store.saveTrial(trial, runs: [run])
                trialRunKeys[name, default: []].append(run.key)
            }
        }
        let gone = try #require(try await store.study(named: "gone"))
        let deleted = try await store.deleteStudy(id: gone.id!)
        #expect(Set(deleted.map(\.key)) == Set(trialRunKeys["gone"]!))
        #expect(Set(deleted.map(\.source)) == ["/runs/gone/0-0/stdout.jsonl", "/runs/gone/1-0/stdout.jsonl"])
        #expect(try await store.study(named: "gone") == nil)
        #expect(try await store.trials(studyID: gone.id!).isEmpty)
        #expect(try await store.runs(includingCurves: false).map(\.key) == trialRunKeys["kept"]!)
        let kept = try #require(try await store.study(named: "kept"))
        #expect(try await store.trials(studyID: kept.id!).count == 2)
        await #expect(throws: StoreError.self) { try await store.deleteStudy(id: gone.id!) }
        // A new study after a deletion gets an id of its own.
        let again = try await store.createStudy(StudyStoreConformanceTests.record("again"))
        #expect(again.id != kept.id)
    }
}

/// Replacing a run's record after its log was read, as `hyperscope calibrate --run` does.
@Suite("Store conformance: updating a run")
struct RunUpdateConformanceTests {
    typealias Kind = StoreConformanceTests.Kind

    @Test(
        "an update replaces the run's fields and curves by key, keeps its id and its file's state; runs with attached artifacts are found by source",
        arguments: Kind.allCases)
    func update(kind: Kind) async throws {
        let store = try StoreConformanceTests.makeStore(kind)
        let run = StoreConformanceTests.sampleRun(key: "/logs/a.jsonl")
        let state = StoreConformanceTests.state(run.key, keys: [run.key])
        _ = try await store.save(FileIngestion(state: state, runs: [run], problems: [], problemReplacement: .all))
        var stored = try #require(try await store.run(key: run.key))
        #expect(try await store.runsWithAttachedArtifacts(source: run.source).isEmpty)

        stored.curves.append(MetricCurve(key: MetricKey(parsing: "test/ece"), values: [0.031]))
        stored.attributes[RunArtifact.attribute] = .list([
            RunArtifact.attachedEntry(kind: "predictions", path: "/preds/a.jsonl", split: "test")
        ])
        try await store.update(stored)
        let read = try #require(try await store.run(key: run.key))
        #expect(read.id == stored.id && read.curves.count == run.curves.count + 1)
        #expect(read.curve(MetricKey(parsing: "test/ece"))?.values == [0.031])
        #expect(RunArtifact.artifacts(of: read).map(\.attached) == [true])
        #expect(try await store.sourceFileState(path: run.key) == state, "the file's state is untouched")
        let attached = try await store.runsWithAttachedArtifacts(source: run.source)
        #expect(Array(attached.keys) == [run.key])
        #expect(try await store.runsWithAttachedArtifacts(source: "/logs/other.jsonl").isEmpty)

        let stranger = StoreConformanceTests.sampleRun(key: "/logs/never-stored.jsonl")
        await #expect(throws: StoreError.self) { try await store.update(stranger) }
    }
}
