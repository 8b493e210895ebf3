import HyperscopeAnalysis
import HyperscopeCore
import HyperscopeReport
import Testing

/// The study report of a search of several objectives speaks of the trade-off, not of the first objective.
@Suite("Report of several objectives")
struct MultiObjectiveReportTests {
    /// f1 = x (to minimise) depends on x alone, f2 = (1 − y)² on y alone; z is noise-free and irrelevant.
    static func report() -> StudyReport {
        var generator = SplitMix64(seed: 11)
        let trials = (0..<80).map { index in
            let (x, y, z) = (
                Double.random(in: 0..<1, using: &generator), Double.random(in: 0..<1, using: &generator),
                Double.random(in: 0..<1, using: &generator)
            )
            let values = [x, (1 - y) * (1 - y)]
            return Trial(
                studyID: 1, number: index, state: .completed,
                params: ["x": .float(x), "y": .float(y), "z": .float(z)], value: values[0], values: values,
                startedAt: 100, endedAt: 101)
        }
        let study = StudyRecord(
            id: 1, name: "two", metric: "f1", goal: .minimize,
            objectives: [StudyObjective(metric: "f1", goal: .minimize), StudyObjective(metric: "f2", goal: .minimize)],
            strategy: "motpe", configuration: .null, toolVersion: "0.1.0", host: "h", startedAt: 100)
        return StudyReport(study: study, trials: trials)
    }

    @Test("importance for each objective, ranges over the front, no best trials by the first objective")
    func tradeOff() throws {
        let report = Self.report()
        #expect(report.objectiveImportances.map(\.selection.metric.description) == ["f1", "f2"])
        func share(_ key: String, _ objective: Int) -> Double {
            report.objectiveImportances[objective].entries.first { $0.key == key }?.fanova ?? -1
        }
        #expect(share("x", 0) > 0.9 && share("y", 1) > 0.9, "each objective's own parameter explains it")
        #expect(share("y", 0) < 0.05 && share("x", 1) < 0.05)

        // Every front member's configuration is counted top, and only those.
        let front = try #require(report.paretoFront).front.map(\.number)
        #expect(report.optimalRanges.allSatisfy { $0.topCount == front.count })

        let text = StudyReportRendering.text(report)
        #expect(text.contains("IMPORTANCE FOR EACH OBJECTIVE") && text.contains("f2 fANOVA"))
        #expect(!text.contains("BEST TRIALS"), "the front is the answer, not the best on f1")
        #expect(text.contains("OPTIMAL RANGES (THE \(front.count) ON THE PARETO FRONT, OF 80 CONFIGURATIONS)"))
        // The advice reads the front: y's members lie where f2 is small, and nothing speaks of a best trial.
        #expect(
            report.recommendations.contains {
                $0.text.hasPrefix("y: the \(front.count) configurations on the Pareto front lie in")
            }, "\(report.recommendations.map(\.text))")
        #expect(!report.recommendations.contains { $0.text.contains("best") }, "\(report.recommendations.map(\.text))")

        let json = StudyReportRendering.json(report)
        guard case .list(let byObjective)? = json["importance_by_objective"] else {
            Issue.record("no importance_by_objective")
            return
        }
        #expect(byObjective.map { $0["metric"] } == [.string("f1"), .string("f2")])
    }

    @Test("a repeated front member shows each objective's mean with its 95% CI, in the table and the JSON")
    func repeatedMembers() throws {
        var report = Self.report()
        var trials = report.trials
        // Trial 0 repeated three times: f1 values 0.1, 0.2, 0.3 → mean 0.2, and
        // scipy.stats.t.interval(0.95, 2, loc=0.2, scale=0.1/sqrt(3)) = (-0.04841, 0.44841).
        trials[0].values = [0.2, 0]
        trials[0].value = 0.2
        trials[0].valueSummaries = [
            TrialValueSummary(count: 3, standardDeviation: 0.1, confidenceInterval95: -0.04841...0.44841),
            TrialValueSummary(count: 3, standardDeviation: 0, confidenceInterval95: 0...0),
        ]
        report = StudyReport(study: report.study, trials: trials)
        let text = StudyReportRendering.text(report)
        #expect(text.contains("0.2 [-0.04841, 0.4484]"), "\(text)")
        let json = StudyReportRendering.json(report)
        guard case .list(let members)? = json["pareto_front"]?["trials"],
            let member = members.first(where: { $0["number"] == .int(0) })
        else {
            Issue.record("trial 0 is not on the front")
            return
        }
        #expect(
            member["confidence_intervals_95"]
                == .list([.list([.float(-0.04841), .float(0.44841)]), .list([.float(0), .float(0)])]))
    }
}
