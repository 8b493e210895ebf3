import Foundation
import HyperscopeCore
import HyperscopeServer
import HyperscopeStore
import TestSupport
import Testing

/// What the dashboard keeps between requests, over a real SQLite file: results are reused while the
/// database is unchanged and recomputed once it changes.
@Suite("Dashboard data")
struct DashboardDataTests {
    /// Saves runs whose `lr` takes `count` distinct values and whose val/acc rises with it.
    static func save(_ count: Int, into store: SQLiteStore, from first: Int = 0) async throws {
        for index in first..<(first + count) {
            let run = Run(
                key: "logs/\(index).jsonl", name: "run\(index)", source: "logs/\(index).jsonl", format: .hyperscope,
                status: .completed,
                params: ["lr": .float(0.001 * Double(index + 1)), "opt": .string(index % 2 == 0 ? "adam" : "sgd")],
                curves: [
                    MetricCurve(
                        key: MetricKey(parsing: "val/acc"), values: [0.5 + 0.001 * Double(index)],
                        axes: [CurveAxis(name: "epoch", values: [1])])
                ])
            try await store.saveAsIngested(run)
        }
    }

    @Test("a result is computed once while the database is unchanged, and again after it changes")
    func keptUntilChange() async throws {
        let path = try TestSupport.scratchFolder("dashboard-data").appendingPathComponent("h.db").path
        let store = try SQLiteStore(path: path)
        try await Self.save(4, into: store)
        let data = DashboardData(store: store, databasePath: path)
        let computed = Counter()
        let first = try await data.derived("count") { stored in
            computed.increment()
            return stored.table.count
        }
        let again = try await data.derived("count") { stored in
            computed.increment()
            return stored.table.count
        }
        #expect(first == 4 && again == 4 && computed.value == 1)
        try await Task.sleep(for: .milliseconds(20))
        try await Self.save(1, into: store, from: 4)
        let afterChange = try await data.derived("count") { stored in
            computed.increment()
            return stored.table.count
        }
        #expect(afterChange == 5 && computed.value == 2)
    }

    @Test("the runs with their curves are read when asked for, in the run table's order, once per state")
    func wholeRunsOnDemand() async throws {
        let path = try TestSupport.scratchFolder("dashboard-whole").appendingPathComponent("h.db").path
        let store = try SQLiteStore(path: path)
        try await Self.save(6, into: store)
        let data = DashboardData(store: store, databasePath: path)
        let (ids, runs, again) = try await data.derived("whole") { stored in
            (stored.table.ids, try await stored.runs(), try await stored.runs())
        }
        #expect(runs.map { $0.id ?? 0 } == ids && ids.count == 6)
        #expect(runs.allSatisfy { !$0.curves.isEmpty })
        #expect(again.map(\.key) == runs.map(\.key))
    }

    @Test("a study's trials and results are kept until the database changes; a failed computation is not kept")
    func studiesKeptUntilChange() async throws {
        let path = try TestSupport.scratchFolder("dashboard-studies").appendingPathComponent("h.db").path
        let store = try SQLiteStore(path: path)
        let study = try await store.createStudy(
            StudyRecord(
                name: "s", metric: "objective", goal: .minimize, strategy: "random", configuration: .null,
                toolVersion: "test", host: "h", startedAt: 1))
        func finish(_ x: Double) async throws {
            var trial = try await store.startTrial(studyID: study.id!, params: ["x": .float(x)], startedAt: x)
            trial.state = .completed
            trial.value = x
            try await store.saveTrial(trial, runs: [])
        }
        try await finish(1)
        let data = DashboardData(store: store, databasePath: path)
        let computed = Counter()
        func trialCount() async throws -> Int {
            try await data.studyDerived("count") {
                computed.increment()
                return try await data.study(named: "s")?.trials.count ?? -1
            }
        }
        #expect(try await trialCount() == 1)
        #expect(try await trialCount() == 1 && computed.value == 1)
        try await Task.sleep(for: .milliseconds(20))
        try await finish(2)
        #expect(try await trialCount() == 2 && computed.value == 2)
        await #expect(throws: StoreError.self) {
            try await data.studyDerived("failing") { () async throws -> Int in
                computed.increment()
                throw StoreError(.unavailable, "busy")
            }
        }
        await #expect(throws: StoreError.self) {
            try await data.studyDerived("failing") { () async throws -> Int in
                computed.increment()
                throw StoreError(.unavailable, "busy")
            }
        }
        #expect(computed.value == 4)
    }

    @Test("insights bin a parameter with many numeric values into ten ranges, unless bins=0")
    func binnedByDefault() async throws {
        let path = try TestSupport.scratchFolder("dashboard-bins").appendingPathComponent("h.db").path
        let store = try SQLiteStore(path: path)
        try await Self.save(40, into: store)
        let dashboard = Dashboard(data: DashboardData(store: store, databasePath: path))
        func values(_ query: String) async throws -> [Value] {
            let body = await dashboard.respond(
                to: DashboardRequest(target: "/api/experiments/hyperparameter-analysis/?metric=val/acc" + query)
            ).body
            let other = try JSONParser.parse(body)["analysis"]?["other"]
            guard case .list(let parameters)? = other,
                let lr = parameters.first(where: { $0["field"] == .string("lr") }),
                case .list(let values)? = lr["values"]
            else {
                Issue.record("no lr insight in \(body.prefix(300))")
                return []
            }
            return values
        }
        let binned = try await values("")
        #expect(binned.count == 10)
        #expect(binned.first?["value"].flatMap(\.stringValue)?.hasPrefix("[") == true)
        #expect(try await values("&bins=0").count == 40)
        #expect(try await values("&bins=4").count == 4)
        #expect(
            await dashboard.respond(to: DashboardRequest(target: "/api/experiments/hyperparameter-analysis/?bins=many"))
                .status == 400)
    }
}

/// A thread-safe count of calls.
final class Counter: @unchecked Sendable {
    private let lock = NSLock()
    private var count = 0

    var value: Int { lock.withLock { count } }

    func increment() { lock.withLock { count += 1 } }
}
