import Foundation
import HyperscopeAnalysis
import HyperscopeCore
import HyperscopeReport
import HyperscopeServer
import HyperscopeStore
import Testing

/// Every user-provided string in the dashboard and the HTML report is escaped: a database in which
/// run names, parameter keys and values, metric and split names, messages, sources, the study's name
/// and metric, categories and display names are all hostile.
@Suite("Hostile strings are escaped everywhere")
struct HostileStringTests {
    /// Payloads that must never reach a page unescaped: each opens an element or an attribute.
    static let payloads = [
        "<script>alert(1)</script>", "<img src=x onerror=alert(2)>", "\"><svg onload=alert(3)>",
        "' onmouseover='alert(4)",
    ]
    /// What must not appear in a page body: the payloads' elements, and a quote that closes an
    /// attribute (the pages quote attributes with `"` only, so `'` in text is harmless).
    static let forbidden = ["<script", "<img", "<svg onload", "\"><svg"]

    static let studyName = "s " + payloads[1]
    static let key = "k" + payloads[0]
    static let metric = MetricKey(split: "v" + payloads[2], metric: "m" + payloads[3])

    static func dashboard() async throws -> Dashboard {
        let store = MemoryStore()
        let study = try await store.createStudy(
            StudyRecord(
                name: studyName, metric: metric.description, goal: .maximize, strategy: payloads[0],
                configuration: .null, toolVersion: payloads[1],
                host: payloads[2], startedAt: 1000, gitCommit: payloads[3]))
        for index in 0..<8 {
            var trial = try await store.startTrial(
                studyID: study.id!,
                params: [key: .float(0.01 * Double(index + 1)), "opt": .string(payloads[index % payloads.count])],
                startedAt: 1000 + Double(index))
            trial.state = index == 7 ? .failed : .completed
            trial.value = index == 7 ? nil : 0.5 + Double(index % 4) / 10
            trial.message = index == 7 ? payloads[0] : nil
            trial.endedAt = 1001 + Double(index)
            trial.intermediateValues = [IntermediateValue(step: 1, value: 0.4)]
            try await store.saveTrial(trial, runs: [])
        }
        for index in 0..<12 {
            let value = 0.7 + 0.01 * Double(index % 5)
            let run = Run(
                key: "logs/\(index)\(payloads[2]).jsonl", name: payloads[index % payloads.count] + "\(index)",
                source: "logs/\(index)\(payloads[1]).jsonl",
                format: .hyperscope, status: .completed,
                params: [
                    key: .float(index % 2 == 0 ? 0.1 : 0.01), "opt": .string(payloads[index % 2]),
                    "seed": .int(Int64(index / 2)), payloads[3]: .int(Int64(index % 3)),
                ],
                gitCommit: payloads[0], messages: [RunMessage(text: payloads[1], line: 3, time: nil)],
                curves: [
                    MetricCurve(
                        key: metric, values: [value - 0.1, value], axes: [CurveAxis(name: "epoch", values: [1, 2])])
                ])
            _ = try await store.save(
                FileIngestion(
                    state: SourceFileState(
                        path: run.source, size: 1, modifiedAt: 0, consumedBytes: 1, consumedLines: 1,
                        format: .hyperscope, runKeys: [run.key]),
                    runs: [run], problems: [IngestProblem(file: run.source, line: 2, reason: payloads[0])],
                    problemReplacement: .all))
        }
        let settings = AnalysisSettings(
            displayNames: DisplayNames(
                parameters: ["opt": "o" + payloads[3]], values: ["opt": [payloads[0]: "v" + payloads[2]]]),
            insights: InsightSettings(categories: [InsightSettings.Category(name: "c" + payloads[1], patterns: ["opt"])]
            ))
        return Dashboard(data: DashboardData(store: store, databasePath: nil), settings: settings)
    }

    /// The text around the first place `needle` occurs in `body`, or `nil` when it does not.
    static func context(of needle: String, in body: String) -> String? {
        guard let range = body.range(of: needle) else { return nil }
        let start = body.index(range.lowerBound, offsetBy: -60, limitedBy: body.startIndex) ?? body.startIndex
        let end = body.index(range.upperBound, offsetBy: 40, limitedBy: body.endIndex) ?? body.endIndex
        return String(body[start..<end])
    }

    static func encoded(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!
    }

    static var targets: [String] {
        let study = "/studies/" + encoded(studyName)
        let metricQuery = "metric=" + encoded(metric.description)
        return [
            "/", study, study + "?state=completed&sort=value", study + "/trials/7", study + "/trials/0",
            "/runs", "/runs?" + metricQuery, "/runs?\(metricQuery)&by=opt", "/runs?\(metricQuery)&by=" + encoded(key),
            "/insights?" + metricQuery, "/compare?" + metricQuery, "/compare?\(metricQuery)&by=opt",
            "/compare?\(metricQuery)&by=opt&a=" + encoded(payloads[0]) + "&b=" + encoded(payloads[1]),
            "/runs?where=" + encoded("opt = \"\(payloads[0])\""), "/runs?where=" + encoded(payloads[2]),
            "/nope" + encoded(payloads[0]),
        ]
    }

    @Test("no page lets a payload through, whatever the route")
    func pages() async throws {
        let dashboard = try await Self.dashboard()
        for target in Self.targets {
            let response = await dashboard.respond(to: DashboardRequest(target: target))
            for forbidden in Self.forbidden {
                let leak = Self.context(of: forbidden, in: response.body)
                #expect(leak == nil, "\(target) (\(response.status)) lets '\(forbidden)' through: \(leak ?? "")")
            }
        }
    }

    @Test("the HTML report of a hostile study lets no payload through")
    func report() async throws {
        let study = StudyRecord(
            name: Self.studyName, metric: Self.metric.description, goal: .maximize, strategy: Self.payloads[0],
            configuration: .null,
            toolVersion: Self.payloads[1], host: Self.payloads[2], startedAt: 1000, gitCommit: Self.payloads[3])
        var trials: [Trial] = []
        for index in 0..<12 {
            let params: [String: Value] = [
                Self.key: .float(0.01 * Double(index + 1)), "opt": .string(Self.payloads[index % Self.payloads.count]),
            ]
            let failed = index == 11
            let value: Double? = failed ? nil : 0.5 + Double(index % 4) / 10
            trials.append(
                Trial(
                    id: Int64(index), studyID: 1, number: index, state: failed ? .failed : .completed, params: params,
                    value: value,
                    startedAt: 1000, endedAt: 1001, message: failed ? Self.payloads[0] : nil))
        }
        let html = StudyHTML.document(StudyReport(study: study, trials: trials), generatedAt: 0)
        for forbidden in Self.forbidden {
            let leak = Self.context(of: forbidden, in: html)
            #expect(leak == nil, "the report lets '\(forbidden)' through: \(leak ?? "")")
        }
    }
}
