import Foundation
import HyperscopeAnalysis
import HyperscopeCore
import Testing

/// Fields, filters and orderings read from a run table answer as they do from the runs: the two
/// readings of each metadata field are written apart, and this is what keeps them one answer.
@Suite("Run table fields")
struct RunTableFieldTests {
    static func runs() -> [Run] {
        (0..<40).map { index in
            var run = Run(
                id: Int64(index + 1), key: "k\(index)", name: "run \(index)", source: "/logs/\(index % 3).jsonl",
                format: index % 4 == 0 ? .csvTable : .hyperscope, status: index % 5 == 0 ? .failed : .completed,
                statusReason: index % 5 == 0 ? "exit \(index)" : nil,
                params: ["lr": .float(0.001 * Double(index % 7)), "opt": .string(index % 2 == 0 ? "adam" : "sgd")],
                startedAt: index % 3 == 0 ? nil : Double(1_000 + index), endedAt: index % 6 == 0 ? nil : 2_000,
                trainingSeconds: index % 2 == 0 ? Double(index) : nil,
                gitCommit: index % 3 == 0 ? nil : "c\(index % 2)",
                curves: index % 7 == 3
                    ? [] : [MetricCurve(key: MetricKey(parsing: "val/acc"), values: [0.1, Double(index) / 40, .nan])])
            if index % 8 == 0 { run.attributes["study"] = .string("s") }
            if index % 8 == 0 { run.attributes["trial"] = .int(Int64(index)) }
            if index % 9 == 1 { run.params["trial"] = .int(3) }
            if index == 11 { run.params["val/acc"] = .int(5) }
            return run
        }
    }

    @Test("every metadata field, parameter and metric statistic reads the same from the table")
    func sameFields() {
        let runs = Self.runs()
        let table = RunTable(runs)
        let goal = { (key: MetricKey) in MetricGoal.suggested(forMetricNamed: key.metric) }
        let names =
            RunField.metadataNames.sorted() + ["lr", "opt", "val/acc", "missing"]
            + MetricSummary.statisticNames.map { "val/acc." + $0 } + ["val/acc.nothing"]
        for name in names {
            #expect(RunField.isKnown(name, in: table) == RunField.isKnown(name, in: runs), "\(name)")
            for (row, run) in runs.enumerated() {
                #expect(
                    RunField.value(name, in: table, row: row, goal: goal) == RunField.value(name, in: run, goal: goal),
                    "\(name) of \(run.name)")
                #expect(RunField.metricKey(name, in: table, row: row) == RunField.metricKey(name, in: run))
            }
        }
    }

    @Test("filters and orderings by a field pick the same runs in the same order from the table")
    func sameSelectionsAndOrders() throws {
        let runs = Self.runs()
        let table = RunTable(runs)
        for expression in [
            "lr > 0.002", "opt = adam and status = completed", "val/acc.best >= 0.5 or study = s",
            "git_commit = null", "trial in [3, 8]", "not (training_seconds < 10)", "source ~ *1.jsonl",
        ] {
            let fromRuns = try RunFilter.positions(in: runs, where: expression, goals: MetricGoals()).get()
            #expect(try RunFilter.positions(in: table, where: expression, goals: MetricGoals()).get() == fromRuns)
        }
        for field in ["val/acc.best", "lr", "name", "started_at", "status_reason", "val/acc"] {
            let fromRuns = RunOrdering.sorted(runs, by: field, goals: MetricGoals()).map(\.name)
            let fromTable = RunOrdering.sortedPositions(in: table, by: field, goals: MetricGoals()).map {
                table.names[$0]
            }
            #expect(fromTable == fromRuns, "\(field)")
            // Some of the rows, sorted in place: the order of those runs alone.
            let among = table.names.indices.filter { $0 % 3 != 1 }
            let amongRuns = among.map { runs[$0] }
            #expect(
                RunOrdering.sortedPositions(in: table, among: among, by: field, goals: MetricGoals()).map {
                    table.names[$0]
                } == RunOrdering.sorted(amongRuns, by: field, goals: MetricGoals()).map(\.name), "\(field)")
        }
    }
}
