import Foundation
import HyperscopeCore
import HyperscopeSearch
import HyperscopeStore
import TestSupport
import Testing

@Suite("Studies of several objectives")
struct MultiObjectiveStudyTests {
    static let space = SearchSpace(parameters: [
        SearchParameter(name: "x", domain: .float(low: 0, high: 1, logarithmic: false, step: nil))
    ])
    static let objectives = [
        StudyObjective(metric: "val/recall", goal: .maximize), StudyObjective(metric: "train_time_s", goal: .minimize),
    ]

    /// Recall grows with x, and so does the time: every x is a trade-off, except where noise is planted.
    static func values(_ x: Double, number: Int) -> [Double] {
        number % 3 == 0 ? [x * 0.5, 10 + 100 * x] : [x, 10 + 50 * x]
    }

    @Test(
        "tell with a value per objective; the front is what nothing dominates; SQLite keeps objectives and values",
        arguments: [false, true])
    func frontAndStorage(sqlite: Bool) async throws {
        let path = try TestSupport.scratchFolder("multi-objective").appendingPathComponent("db").path
        let store: any Store = sqlite ? try SQLiteStore(path: path) : MemoryStore()
        let study = try await Study.create(
            name: "trade-offs", space: Self.space, objectives: Self.objectives, seed: 4, store: store)
        #expect(study.record.isMultiObjective && study.record.metric == "val/recall")
        for _ in 0..<30 {
            let trial = try #require(try await study.ask())
            try await study.tell(trial, values: Self.values(trial.params["x"]!.numericValue!, number: trial.number))
        }
        let trials = await study.trials
        let front = await study.paretoFront
        // By the definition: the trials no other is at least as good on both and better on one.
        let expected = trials.filter { trial in
            !trials.contains { other in
                let (a, b) = (other.values!, trial.values!)
                return a[0] >= b[0] && a[1] <= b[1] && (a[0] > b[0] || a[1] < b[1])
            }
        }
        #expect(front.map(\.number) == expected.map(\.number))
        #expect(!front.contains { $0.number % 3 == 0 }, "the planted slow, poor trials are dominated")
        #expect(trials.allSatisfy { $0.value == $0.values?[0] }, "the value is the first objective's")

        // Told the wrong number of values, or a NaN.
        let extra = try #require(try await study.ask())
        await #expect(throws: SearchSpaceError.self) { try await study.tell(extra, values: [1]) }
        try await study.tell(extra, values: [.nan, 3])
        #expect(await study.trials.last?.state == .failed)

        guard sqlite else { return }
        let reopened = try SQLiteStore(path: path)
        let record = try #require(try await reopened.study(named: "trade-offs"))
        #expect(record.objectives == Self.objectives)
        let stored = try await reopened.trials(studyID: record.id!)
        #expect(stored.map(\.values) == trials.map(\.values) + [nil])
        let again = try await Study(
            record: record, space: Self.space, sampler: RandomSampler(), seed: 4, store: reopened)
        #expect(await again.paretoFront.map(\.number) == front.map(\.number))
    }

    @Test("repeats give each objective its mean and spread; a single-objective sampler is refused")
    func repeatsAndSamplers() async throws {
        let study = try await Study.create(
            name: "repeats", space: Self.space, objectives: Self.objectives, store: MemoryStore())
        let trial = try #require(try await study.ask())
        let finished = try await study.finish(
            trial, state: .completed, values: [0.8, 0.9, 0.7], objectiveValues: [[0.8, 20], [0.9, 22], [0.7, 24]])
        // numpy.mean([0.8, 0.9, 0.7]) = 0.8, numpy.std([20, 22, 24], ddof=1) = 2.0
        #expect(abs((finished.values?[0] ?? 0) - 0.8) < 1e-12 && finished.values?[1] == 22)
        #expect(finished.valueSummaries?[1].standardDeviation == 2 && finished.valueSummaries?[1].count == 3)

        await #expect(throws: SearchSpaceError.self) {
            _ = try await Study.create(
                name: "tpe", space: Self.space, objectives: Self.objectives, sampler: TPESampler(), store: MemoryStore()
            )
        }
        await #expect(throws: SearchSpaceError.self) {
            _ = try await Study.create(
                name: "one", space: Self.space, objectives: [Self.objectives[0]], store: MemoryStore())
        }
    }
}
