import Foundation
import HyperscopeCore
import HyperscopeSearch
import HyperscopeStore
import TestSupport
import Testing

@Suite("Study API")
struct StudyTests {
    static let space = SearchSpace(
        parameters: [
            SearchParameter(name: "x", domain: .float(low: -3, high: 3, logarithmic: false, step: nil)),
            SearchParameter(name: "kind", domain: .categorical([.string("a"), .string("b")])),
        ], derived: [DerivedSearchParameter(name: "x2", expression: try! ArithmeticExpression.parse("x * 2"))])

    @Test("ask and tell store trials with derived parameters; the best trial follows the goal")
    func askTell() async throws {
        let store = MemoryStore()
        let study = try await Study.create(
            name: "s", space: Self.space, goal: .minimize, sampler: RandomSampler(), store: store)
        for _ in 0..<5 {
            let trial = try #require(try await study.ask())
            #expect(trial.params["x2"]?.numericValue == trial.params["x"]!.numericValue! * 2)
            try await study.tell(trial, value: abs(trial.params["x"]!.numericValue!))
        }
        let trials = await study.trials
        #expect(trials.map(\.number) == [0, 1, 2, 3, 4] && trials.allSatisfy { $0.state == .completed })
        let best = try #require(await study.bestTrial)
        #expect(best.value == trials.compactMap(\.value).min())
        #expect(try await store.trials(studyID: study.record.id!).count == 5, "every told trial is in the store")
    }

    @Test("optimize runs a Swift closure in parallel, records thrown errors as failures, and TPE improves on its start")
    func optimize() async throws {
        struct Planted: Error {}
        let study = try await Study.create(
            name: "s", space: Self.space, goal: .minimize,
            sampler: TPESampler(settings: SamplerSettings(startupTrials: 10)), seed: 3, store: MemoryStore())
        let ran = try await study.optimize(trials: 60, parallel: 4) { trial in
            let x = trial.params["x"]!.numericValue!
            if trial.number == 7 { throw Planted() }
            return (x - 1) * (x - 1) + (trial.params["kind"] == .string("b") ? 0 : 1)
        }
        #expect(ran == 60)
        let trials = await study.trials
        #expect(trials.filter { $0.state == .failed }.map(\.number) == [7])
        #expect(trials.filter { $0.state == .running }.isEmpty)
        let firstTen = trials.prefix(10).compactMap(\.value).min()!
        let best = try #require(await study.bestTrial?.value)
        #expect(best < firstTen && best < 0.05, "best \(best) after 60 trials vs \(firstTen) in the first 10")
    }

    @Test("a configuration whose derived parameter cannot be computed is a failed trial, and the search goes on")
    func derivedFailure() async throws {
        let space = SearchSpace(
            parameters: [SearchParameter(name: "k", domain: .categorical([.int(0), .int(2)]))],
            derived: [DerivedSearchParameter(name: "inverse", expression: try ArithmeticExpression.parse("1 / k"))])
        let study = try await Study.create(
            name: "d", space: space, goal: .maximize, sampler: GridSampler(), store: MemoryStore())
        let ran = try await study.optimize(trials: 5) { $0.params["inverse"]!.numericValue! }
        #expect(ran == 1, "only k = 2 makes a runnable trial")
        let trials = await study.trials
        #expect(trials.count == 2)
        let failed = try #require(trials.first { $0.state == .failed })
        #expect(
            failed.params["k"] == .int(0) && failed.message?.contains("derived parameter inverse") == true,
            "\(failed.message ?? "")")
        #expect(trials.first { $0.state == .completed }?.value == 0.5)
    }

    @Test("a grid study stops when every point was tried")
    func gridExhausts() async throws {
        let space = SearchSpace(parameters: [
            SearchParameter(name: "k", domain: .categorical([.int(1), .int(2), .int(3)]))
        ])
        let study = try await Study.create(
            name: "g", space: space, goal: .maximize, sampler: GridSampler(), store: MemoryStore())
        let ran = try await study.optimize(trials: 10, parallel: 2) { Double($0.params["k"]!.numericValue!) }
        #expect(ran == 3)
        #expect(Set(await study.trials.map { $0.params["k"]! }) == [.int(1), .int(2), .int(3)])
        await #expect(throws: SearchSpaceError.self) {
            _ = try await Study.create(
                name: "h", space: Self.space, goal: .maximize, sampler: GridSampler(), store: MemoryStore())
        }
    }

    @Test("reopening a study after a crash marks its running trials interrupted and can queue them again")
    func recovery() async throws {
        let store = try SQLiteStore(path: try TestSupport.scratchFolder().appendingPathComponent("h.db").path)
        let first = try await Study.create(
            name: "r", space: Self.space, goal: .minimize, sampler: RandomSampler(), store: store)
        let done = try #require(try await first.ask())
        try await first.tell(done, value: 1)
        let lost = try #require(try await first.ask())
        // The orchestrator dies here; a new one opens the study.
        let record = try #require(try await store.study(named: "r"))
        let second = try await Study(record: record, space: Self.space, sampler: RandomSampler(), seed: 0, store: store)
        let marked = try await second.recoverInterruptedTrials(requeue: true)
        #expect(marked.map(\.number) == [lost.number])
        let rerun = try #require(try await second.ask())
        #expect(rerun.number == 2 && rerun.params == lost.params)
        #expect(await second.trials.map(\.state) == [.completed, .interrupted, .running])
    }
}

@Suite("Study provenance")
struct StudyProvenanceTests {
    @Test("a study started in a git working tree records its commit and whether it had uncommitted changes")
    func gitState() async throws {
        let folder = try TestSupport.scratchFolder()
        for arguments in [
            ["init", "-q"],
            ["-c", "user.name=t", "-c", "user.email=t@t", "commit", "-q", "--allow-empty", "-m", "first"],
        ] {
            let git = try await ChildProcess.capture(["git"] + arguments, workingDirectory: folder.path)
            #expect(git.termination.isSuccess, "\(git.errors)")
        }
        let head = try await ChildProcess.capture(["git", "rev-parse", "HEAD"], workingDirectory: folder.path).output
            .trimmingCharacters(in: .whitespacesAndNewlines)
        let clean = await StudyProvenance.current(toolVersion: "1.2.3", directory: folder.path)
        #expect(
            clean.gitCommit == head && clean.gitDirty == false && clean.toolVersion == "1.2.3" && !clean.host.isEmpty)
        try TestSupport.write("x", to: "train.py", in: folder)
        #expect(await StudyProvenance.current(toolVersion: "1.2.3", directory: folder.path).gitDirty == true)
        let outside = await StudyProvenance.current(toolVersion: "1.2.3", directory: "/")
        #expect(outside.gitCommit == nil && outside.gitDirty == nil)
    }
}
