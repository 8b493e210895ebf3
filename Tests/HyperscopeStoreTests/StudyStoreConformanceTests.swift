import Foundation
import HyperscopeCore
import TestSupport
import Testing

@testable import HyperscopeStore

/// Studies and trials, run against every store like the rest of the conformance suite.
@Suite("Store conformance: studies and trials")
struct StudyStoreConformanceTests {
    typealias Kind = StoreConformanceTests.Kind

    static func record(_ name: String = "s") -> StudyRecord {
        StudyRecord(
            name: name, metric: "val/acc", goal: .maximize, strategy: "tpe",
            configuration: .object([Value.Field("trials", .int(20)), Value.Field("command", .list([.string("{lr}")]))]),
            toolVersion: "0.1.0",
            host: "box", startedAt: 1000, gitCommit: "abc", gitDirty: true)
    }

    @Test("a study round-trips, and a second study of the same name is refused", arguments: Kind.allCases)
    func studies(kind: Kind) async throws {
        let store = try StoreConformanceTests.makeStore(kind)
        let stored = try await store.createStudy(Self.record())
        var expected = Self.record()
        expected.id = stored.id
        #expect(stored.id != nil)
        #expect(try await store.study(named: "s") == expected)
        #expect(try await store.study(named: "other") == nil)
        await #expect(throws: StoreError.self) { try await store.createStudy(Self.record()) }
        _ = try await store.createStudy(Self.record("t"))
        #expect(try await store.studies().map(\.name) == ["s", "t"])
    }

    @Test(
        "concurrent starts get distinct numbers; a saved trial keeps its value, spread, curve, message and runs",
        arguments: Kind.allCases)
    func trials(kind: Kind) async throws {
        let store = try StoreConformanceTests.makeStore(kind)
        let study = try await store.createStudy(Self.record())
        let id = try #require(study.id)
        let started = try await withThrowingTaskGroup(of: Trial.self) { group in
            for index in 0..<8 {
                group.addTask {
                    try await store.startTrial(studyID: id, params: ["lr": .float(Double(index))], startedAt: 5)
                }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        #expect(Set(started.map(\.number)) == Set(0..<8))
        var trial = try #require(started.first { $0.number == 3 })
        trial.state = .completed
        trial.value = 0.91
        trial.valueSummary = TrialValueSummary(count: 3, standardDeviation: 0.01, confidenceInterval95: 0.88...0.94)
        trial.intermediateValues = [IntermediateValue(step: 1, value: 0.5), IntermediateValue(step: 2, value: 0.91)]
        trial.endedAt = 9
        trial.message = nil
        trial.attempts = 2
        let run = Run(
            key: "search:s/3-0", name: "s #3.0", source: "/runs/s/3-0/stdout.jsonl", format: .trial, status: .completed,
            params: trial.params,
            curves: [MetricCurve(key: MetricKey(parsing: "val/acc"), values: [0.5, 0.91])])
        trial.runKeys = [run.key]
        try await store.saveTrial(trial, runs: [run])
        let loaded = try await store.trials(studyID: id)
        #expect(loaded.map(\.number) == Array(0..<8))
        #expect(loaded[3] == trial)
        #expect(try await store.run(key: "search:s/3-0")?.curves.first?.values == [0.5, 0.91])
        var stranger = trial
        stranger.id = 999
        await #expect(throws: StoreError.self) { try await store.saveTrial(stranger, runs: []) }
    }

    @Test("running trials are marked interrupted, and only those", arguments: Kind.allCases)
    func interruption(kind: Kind) async throws {
        let store = try StoreConformanceTests.makeStore(kind)
        let id = try #require(try await store.createStudy(Self.record()).id)
        var done = try await store.startTrial(studyID: id, params: [:], startedAt: 1)
        done.state = .completed
        done.value = 1
        try await store.saveTrial(done, runs: [])
        let running = try await store.startTrial(studyID: id, params: ["x": .int(1)], startedAt: 2)
        let marked = try await store.interruptRunningTrials(studyID: id, endedAt: 3, reason: "gone")
        #expect(marked.map(\.number) == [running.number])
        let states = try await store.trials(studyID: id).map(\.state)
        #expect(states == [.completed, .interrupted])
        #expect(try await store.trials(studyID: id)[1].message == "gone")
    }
}
