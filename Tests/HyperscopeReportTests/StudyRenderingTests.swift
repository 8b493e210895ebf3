import Foundation
import HyperscopeAnalysis
import HyperscopeCore
import HyperscopeReport
import Testing

/// The study report's renderings: hostile strings escaped in HTML and SVG, YAML that reads back as written.
@Suite("Study rendering")
struct StudyRenderingTests {
    static let hostile = "<script>alert('x')</script>&\"q\""

    static func report() -> StudyReport {
        let trials = (0..<8).map { index in
            Trial(
                studyID: 1, number: index, state: index == 7 ? .failed : .completed,
                params: [
                    "opt": .string(index % 2 == 0 ? hostile : "adam"), "lr": .float(0.001 * Double(index + 1)),
                    hostile: .int(Int64(index % 3)),
                ],
                value: index == 7 ? nil : Double(index % 4) / 10,
                intermediateValues: [IntermediateValue(step: 1, value: 0.1)], startedAt: 100, endedAt: 101,
                message: index == 7 ? hostile : nil)
        }
        let study = StudyRecord(
            id: 1, name: hostile, metric: "val/\(hostile)", goal: .maximize, strategy: "tpe", configuration: .null,
            toolVersion: "0.1.0", host: hostile, startedAt: 100)
        return StudyReport(study: study, trials: trials)
    }

    @Test("every user-provided string in the HTML report is escaped: study, metric, host, parameter names and values")
    func htmlEscaping() {
        let html = StudyHTML.document(Self.report(), generatedAt: 0)
        #expect(!html.contains("<script"))
        #expect(!html.contains("alert('x')"))
        #expect(html.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&amp;&quot;q&quot;"))
        #expect(html.contains("<h2>Parallel coordinates</h2>"))
    }

    @Test("three objectives: the HTML draws every pair as a scatter and every trial across parallel axes")
    func threeObjectives() {
        // DTLZ2-like values on a sphere, one trial infeasible; the metric names are hostile.
        let objectives = [
            StudyObjective(metric: Self.hostile, goal: .minimize), StudyObjective(metric: "f2", goal: .minimize),
            StudyObjective(metric: "acc", goal: .maximize),
        ]
        var generator = SplitMix64(seed: 5)
        let trials = (0..<20).map { index in
            let (a, b) = (Double.random(in: 0..<1, using: &generator), Double.random(in: 0..<1, using: &generator))
            let values = [cos(a) * cos(b), cos(a) * sin(b), sin(a)]
            var trial = Trial(
                studyID: 1, number: index, state: .completed, params: ["a": .float(a), "b": .float(b)],
                value: values[0], values: values, startedAt: 100, endedAt: 101)
            if index == 4 { trial.constraintViolation = 2 }
            return trial
        }
        let study = StudyRecord(
            id: 1, name: "sphere", metric: Self.hostile, goal: .minimize, objectives: objectives, strategy: "nsga2",
            configuration: .null, toolVersion: "0.1.0", host: "h", startedAt: 100)
        let html = StudyHTML.document(StudyReport(study: study, trials: trials), generatedAt: 0)
        #expect(html.contains("Pareto front: 3 objectives, pair by pair"), "the scatter matrix, not two of three")
        let parallel = html.components(separatedBy: "The 3 objectives of every trial, better at the top")
        #expect(parallel.count == 2)
        let chart = parallel.last!.components(separatedBy: "</svg>")[0]
        // One line per completed trial, the infeasible one red and marked.
        #expect(chart.components(separatedBy: "<polyline").count - 1 == 20)
        #expect(chart.contains("infeasible: trial 4"))
        #expect(chart.contains("higher is better") && chart.contains("lower is better"))
        #expect(!html.contains("<script"))
    }

    @Test("a study of 3,000 trials: the plots draw a sample and say so, the report's table lists the 1,000 best")
    func largeStudy() {
        var generator = SplitMix64(seed: 3)
        let trials = (0..<3_000).map { index in
            let lr = Double.random(in: 1e-5...1e-1, using: &generator)
            return Trial(
                studyID: 1, number: index, state: .completed,
                params: ["lr": .float(lr), "depth": .int(Int64(index % 7))],
                value: -abs(log10(lr) + 3) + Double(index % 7) / 100, startedAt: 100, endedAt: 101)
        }
        let study = StudyRecord(
            id: 1, name: "big", metric: "acc", goal: .maximize, strategy: "random", configuration: .null,
            toolVersion: "0.1.0", host: "h", startedAt: 100)
        let html = StudyHTML.document(StudyReport(study: study, trials: trials), generatedAt: 0)
        #expect(html.contains("1,000 of 3,000 trials drawn: the best, an even spread of the others."))
        #expect(html.contains("2,000 of 3,000 trials drawn: the best, an even spread of the others."))
        #expect(
            html.contains("trials drawn: the best, every improvement of the best value, an even spread of the others."))
        #expect(html.contains("<h2>Trials (the 1,000 best of 3,000; the JSON report lists them all)</h2>"))
        // Parallel coordinates: one line per drawn trial (a polyline with a tooltip each).
        let parallel = html.components(separatedBy: "<h2>Parallel coordinates</h2>")[1].components(
            separatedBy: "</section>")[0]
        #expect(parallel.components(separatedBy: "<polyline").count - 1 == 1_000)
    }

    @Test(
        "YAML: strings YAML would read as something else are quoted, floats keep a decimal point, nesting is by indentation"
    )
    func yaml() {
        let value = Value.object([
            Value.Field("words", .list([.string("yes"), .string("null"), .string("1e3"), .string("plain")])),
            Value.Field("tiny", .float(1e-05)), Value.Field("whole", .float(3)), Value.Field("n", .int(2)),
            Value.Field("nested", .object([Value.Field("a b", .bool(true))])),
        ])
        let text = YAMLWriter.document(value, comments: ["made by a test"])
        #expect(
            text == """
                # made by a test
                words: ["yes", "null", "1e3", plain]
                tiny: 1.0e-05
                whole: 3.0
                "n": 2
                nested:
                  "a b": true

                """)
    }

    @Test("the export names the best trial and, for a conditional search, one grid point per branch")
    func export() throws {
        let report = Self.report()
        let yaml = try #require(BestConfigurationExport.yaml(report, repeats: 4, exportedAt: 0, toolVersion: "9.9"))
        #expect(yaml.contains("strategy: grid\ntrials: 1\nrepeats: 4\n"))
        #expect(yaml.contains("exported_at: \"1970-01-01T00:00:00Z\""))
        #expect(yaml.contains("    trial: \(report.best!.number)\n"))
    }
}
