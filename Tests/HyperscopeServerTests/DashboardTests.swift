import Foundation
import HyperscopeAnalysis
import HyperscopeCore
import HyperscopeServer
import HyperscopeStore
import Testing

/// The dashboard's routes in-process: pages, the JSON API, errors, escaping and the token rule,
/// over a memory store holding a study and a sweep of runs with hostile names and values.
@Suite("Dashboard routes")
struct DashboardTests {
    static let hostile = "<script>alert(1)</script>"

    /// A store with a 10-trial study (one trial still running) and 12 runs over optim.name × lr × seed.
    static func dashboard(token: String? = nil) async throws -> Dashboard {
        let store = MemoryStore()
        let study = try await store.createStudy(
            StudyRecord(
                name: "lr search", metric: "val/acc", goal: .maximize, strategy: "tpe", configuration: .null,
                toolVersion: "0.1.0", host: "h", startedAt: 1000))
        for index in 0..<10 {
            var trial = try await store.startTrial(
                studyID: study.id!,
                params: ["lr": .float(0.001 * Double(index + 1)), "opt": .string(index % 2 == 0 ? "adam" : hostile)],
                startedAt: 1000 + Double(index))
            if index < 9 {
                trial.state = .completed
                trial.value = 0.5 + Double(index % 5) / 10
                trial.endedAt = 1001 + Double(index)
                trial.intermediateValues = [
                    IntermediateValue(step: 1, value: 0.4), IntermediateValue(step: 2, value: trial.value!),
                ]
            }
            try await store.saveTrial(trial, runs: [])
        }
        var runs: [Run] = []
        for (index, (name, lr, seed)) in [("adam", 0.01), ("adam", 0.1), ("sgd", 0.01), (hostile, 0.1)].flatMap({
            pair in (0..<3).map { (pair.0, pair.1, $0) }
        }).enumerated() {
            let acc = (name == "adam" ? 0.9 : 0.8) - lr + 0.01 * Double(seed)
            runs.append(
                Run(
                    key: "logs/run\(index).jsonl", name: index == 0 ? hostile : "run\(index)",
                    source: "logs/run\(index).jsonl", format: .hyperscope,
                    status: .completed,
                    params: ["optim.name": .string(name), "optim.lr": .float(lr), "seed": .int(Int64(seed))],
                    curves: [
                        MetricCurve(
                            key: MetricKey(split: "val", metric: "acc"), values: [acc - 0.1, acc],
                            axes: [CurveAxis(name: "epoch", values: [1, 2])])
                    ]))
        }
        for run in runs {
            try await store.saveAsIngested(run)
        }
        return Dashboard(data: DashboardData(store: store, databasePath: nil), access: AccessPolicy(token: token))
    }

    static func get(
        _ dashboard: Dashboard, _ target: String, headers: [String: String] = [:]
    ) async -> DashboardResponse {
        await dashboard.respond(to: DashboardRequest(target: target, headers: headers))
    }

    @Test(
        "every page renders with its plots, and no user-provided string escapes into markup",
        arguments: [
            "/", "/studies/lr%20search", "/studies/lr%20search/trials/3", "/runs", "/runs?by=optim.name", "/insights",
            "/compare",
            "/compare?by=optim.name", "/compare?by=optim.name&a=adam&b=sgd",
        ])
    func pages(target: String) async throws {
        let response = await Self.get(try await Self.dashboard(), target)
        #expect(response.status == 200, "\(target): \(response.body)")
        #expect(response.contentType.hasPrefix("text/html"))
        #expect(!response.body.contains("<script"), "\(target) let a script through")
        #expect(!response.body.contains("alert(1)</"))
        #expect(response.headers["Content-Security-Policy"]?.contains("default-src 'none'") == true)
    }

    @Test("the study page shows plots and the trials sorted and filtered, and reloads itself while a trial runs")
    func studyPage() async throws {
        let dashboard = try await Self.dashboard()
        let page = await Self.get(dashboard, "/studies/lr%20search?state=completed&sort=value&order=desc").body
        for section in [
            "Optimisation history", "Parallel coordinates", "Importance", "Slices", "Intermediate values",
            "Trials (1–9 of 9, 10 in all)",
        ] {
            #expect(page.contains("<h2>\(section)</h2>"), "no \(section)")
        }
        #expect(page.contains("<meta http-equiv=\"refresh\" content=\"5\">"))
        #expect(page.contains("href=\"/studies/lr%20search/trials/4\""))
        let json = try JSONParser.parse(
            await Self.get(dashboard, "/api/studies/lr%20search?state=completed&sort=value&order=desc").body)
        guard case .list(let trials)? = json["trials"] else {
            Issue.record("no trials")
            return
        }
        #expect(trials.count == 9)
        #expect(trials.first?["value"] == .float(0.9))
        #expect(json["live"] == .bool(true))
        #expect(json["trials_total"] == .int(9))
    }

    @Test("the study's trials come a page at a time, with links to the pages before and after")
    func studyTrialPages() async throws {
        let dashboard = try await Self.dashboard()
        let page = await Self.get(dashboard, "/studies/lr%20search?sort=number&limit=3&offset=3").body
        #expect(page.contains("<h2>Trials (4–6 of 10)</h2>"))
        #expect(
            page.contains("href=\"/studies/lr%20search/trials/3\"")
                && !page.contains("href=\"/studies/lr%20search/trials/6\""))
        #expect(page.contains("offset=0&amp;limit=3#trials\">← previous 3</a>"))
        #expect(page.contains("offset=6&amp;limit=3#trials\">next 3 →</a>"))
        let json = try JSONParser.parse(await Self.get(dashboard, "/api/studies/lr%20search?limit=4&offset=8").body)
        #expect(json["trials_total"] == .int(10) && json["offset"] == .int(8) && json["limit"] == .int(4))
        if case .list(let trials)? = json["trials"] {
            #expect(trials.map { $0["number"] } == [.int(8), .int(9)])
        } else {
            Issue.record("no trials")
        }
        #expect(await Self.get(dashboard, "/api/studies/lr%20search?limit=0").status == 400)
    }

    @Test("a sweep at a point of an axis reads the runs' curves; at the last point, the run table")
    func sweepAtAxisPoint() async throws {
        let dashboard = try await Self.dashboard()
        func means(_ query: String) async throws -> [String: Double] {
            let answer = await Self.get(dashboard, "/api/sweep?metric=val/acc" + query)
            #expect(answer.status == 200, "\(answer.body)")
            guard case .list(let groups)? = try JSONParser.parse(answer.body)["groups"] else { return [:] }
            var means: [String: Double] = [:]
            for group in groups {
                guard let mean = group["mean"]?.numericValue, let params = group["params"] else { continue }
                means[JSONWriter().string(from: params)] = mean
            }
            return means
        }
        let last = try await means("")
        let first = try await means("&at=epoch%3D1")
        // Every run's curve reads acc − 0.1 at epoch 1 and acc at its last point.
        #expect(last.count == 4 && Set(first.keys) == Set(last.keys))
        for (group, mean) in last { #expect(abs(first[group]! - (mean - 0.1)) < 1e-12, "\(group)") }
    }

    @Test("/api/runs gives each run's own document, with its value at the point asked for")
    func apiRunDocuments() async throws {
        let dashboard = try await Self.dashboard()
        let stored = try await dashboard.data.store.runs(includingCurves: true)
        let writer = JSONWriter()
        for point in ["last", "best"] {
            let body = try JSONParser.parse(
                await Self.get(dashboard, "/api/runs?metric=val/acc&at=\(point)&limit=5&offset=2").body)
            guard case .list(let listed)? = body["runs"] else {
                Issue.record("no runs: \(body)")
                return
            }
            #expect(listed.count == 5)
            #expect(listed.contains { if case .float = $0["value"] { true } else { false } }, "values: \(listed)")
            for item in listed {
                guard case .object(let fields) = item, case .int(let id)? = item["id"],
                    let run = stored.first(where: { $0.id == id })
                else {
                    Issue.record("not a stored run: \(item)")
                    continue
                }
                let document = Value.object(fields.filter { $0.key != "value" })
                #expect(writer.string(from: document) == writer.string(from: run.document(goals: MetricGoals())))
                #expect(item["value"] == item["metrics"]?["val/acc"]?[point], "\(point) of run \(id)")
            }
        }
    }

    @Test("the API: studies, runs, sweep, curves, insights in DESIGN's shape, importance, compare")
    func api() async throws {
        let dashboard = try await Self.dashboard()
        let studies = try JSONParser.parse(await Self.get(dashboard, "/api/studies").body)
        #expect(
            studies["studies"].flatMap { if case .list(let items) = $0 { items.first?["name"] } else { nil } }
                == .string("lr search"))
        let runs = try JSONParser.parse(
            await Self.get(dashboard, "/api/runs?where=optim.name%20%3D%20adam&limit=2").body)
        #expect(runs["total"] == .int(6))
        let sweep = await Self.get(dashboard, "/api/sweep?metric=val/acc")
        #expect(sweep.status == 200, "\(sweep.body)")
        let curves = try JSONParser.parse(await Self.get(dashboard, "/api/curves?metric=val/acc&by=optim.name").body)
        #expect(curves["x"] == .string("epoch"))
        if case .list(let groups)? = curves["groups"] {
            #expect(groups.count == 3)
        } else {
            Issue.record("no groups: \(curves)")
        }
        let analysis = try JSONParser.parse(
            await Self.get(dashboard, "/api/experiments/hyperparameter-analysis/?metric=val/acc").body)
        #expect(analysis["success"] == .bool(true))
        #expect(analysis["analysis"]?["total_experiments"] == .int(12))
        #expect(analysis["analysis"]?["good_threshold"] != nil)
        guard case .list(let other)? = analysis["analysis"]?["other"], let first = other.first,
            case .list(let values)? = first["values"]
        else {
            Issue.record("no category: \(analysis)")
            return
        }
        #expect(
            values.first?["avg_val_acc"] != nil && values.first?["tpe_score"] != nil
                && values.first?["confidence"] != nil)
        let compare = try JSONParser.parse(
            await Self.get(dashboard, "/api/compare?by=optim.name&a=adam&b=sgd&metric=val/acc").body)
        #expect(compare["success"] == .bool(true))
        let index = try JSONParser.parse(await Self.get(dashboard, "/api").body)
        #expect(index["endpoints"] != nil)
        #expect(await dashboard.respond(to: DashboardRequest(method: "POST", target: "/api/studies")).status == 405)
    }

    @Test(
        "a filter that matches nothing gives empty answers, not a request to name the metric",
        arguments: [
            "/api/runs?metric=val/acc&where=optim.lr%20%3E%2099", "/api/sweep?metric=val/acc&where=optim.lr%20%3E%2099",
            "/api/sweep?metric=val/acc&at=epoch%3D2&where=optim.lr%20%3E%2099",
            "/api/curves?metric=val/acc&by=optim.name&where=optim.lr%20%3E%2099",
            "/api/insights?metric=val/acc&where=optim.lr%20%3E%2099",
            "/api/importance?metric=val/acc&where=optim.lr%20%3E%2099",
            "/runs?metric=val/acc&where=optim.lr%20%3E%2099", "/insights?metric=val/acc&where=optim.lr%20%3E%2099",
        ])
    func emptyFilter(target: String) async throws {
        let response = await Self.get(try await Self.dashboard(), target)
        #expect(response.status == 200, "\(target): \(response.body.prefix(300))")
        #expect(!response.body.contains("give metric="), "\(target)")
    }

    @Test("a point that reads as two (best=3) is a bad request")
    func doubledPoint() async throws {
        let response = await Self.get(try await Self.dashboard(), "/api/sweep?metric=val/acc&at=best%3D3")
        #expect(response.status == 400, "\(response.body)")
        #expect(CurvePoint(parsing: "best=3") == nil)
        #expect(CurvePoint(parsing: "epoch=inf") == nil)
        #expect(CurvePoint(parsing: "epoch=3") == .axis(name: "epoch", value: 3))
    }

    @Test(
        "bad query parameters are a 400 (a page on a page's route, JSON on the API's); unknown paths and studies a 404; other methods a 405",
        arguments: [
            ("/runs?limit=abc", 400), ("/api/runs?where=optim.lr%20%3E%3E%201", 400), ("/api/runs?metric=nope", 400),
            ("/runs?goal=up", 400),
            ("/studies/lr%20search?sort=size", 400), ("/compare?by=nope", 400),
            ("/api/compare?by=optim.name&a=adam&b=zzz", 400),
            ("/nope", 404), ("/api/nope", 404), ("/studies/none", 404), ("/studies/lr%20search/trials/99", 404),
            ("/../../etc/passwd", 404),
            ("/static/..%2F..%2Fetc%2Fpasswd", 404),
        ])
    func errors(target: String, status: Int) async throws {
        let response = await Self.get(try await Self.dashboard(), target)
        #expect(response.status == status, "\(target): \(response.body)")
        // The API answers errors in JSON, the pages with a page.
        if target.hasPrefix("/api") {
            #expect(response.contentType.hasPrefix("application/json"))
            #expect(try JSONParser.parse(response.body)["success"] == .bool(false))
        } else {
            #expect(response.contentType.hasPrefix("text/html"))
        }
        #expect(response.headers["Content-Security-Policy"] != nil)
        #expect(!response.body.contains("root:"))
    }

    @Test("with a token: 401 without it; a bearer header or the cookie set by ?token= lets requests through")
    func token() async throws {
        let dashboard = try await Self.dashboard(token: "s3cret")
        #expect(await Self.get(dashboard, "/").status == 401)
        #expect(await Self.get(dashboard, "/api/studies").status == 401)
        #expect(await Self.get(dashboard, "/", headers: ["Authorization": "Bearer wrong"]).status == 401)
        #expect(await Self.get(dashboard, "/?token=wrong").status == 401)
        #expect(await Self.get(dashboard, "/api/studies", headers: ["Authorization": "Bearer s3cret"]).status == 200)
        let visit = await Self.get(dashboard, "/runs?token=s3cret&metric=val%2Facc")
        #expect(visit.status == 303)
        #expect(visit.headers["Location"] == "/runs?metric=val%2Facc")
        #expect(visit.headers["Set-Cookie"]?.hasPrefix("hyperscope_token=s3cret; Path=/; HttpOnly") == true)
        #expect(
            await Self.get(dashboard, "/runs", headers: ["Cookie": "theme=dark; hyperscope_token=s3cret"]).status == 200
        )
        #expect(!AccessPolicy.allowsBinding(host: "0.0.0.0", token: nil))
        #expect(AccessPolicy.allowsBinding(host: "0.0.0.0", token: "t"))
        #expect(AccessPolicy.allowsBinding(host: "127.0.0.1", token: nil))
        // The scheme's name in any letter case (RFC 7235).
        for header in ["bearer s3cret", "BEARER s3cret", "Bearer  s3cret"] {
            #expect(
                await Self.get(dashboard, "/api/studies", headers: ["Authorization": header]).status == 200, "\(header)"
            )
        }
        #expect(await Self.get(dashboard, "/api/studies", headers: ["Authorization": "Basic s3cret"]).status == 401)
    }

    @Test("loopback is decided on addresses, not on how the host name starts")
    func loopback() {
        for host in ["127.0.0.1", "127.8.9.10", "::1", "[::1]", "::ffff:127.0.0.1", "localhost"] {
            #expect(AccessPolicy.isLoopback(host), "\(host)")
        }
        for host in [
            "0.0.0.0", "::", "10.0.0.1", "128.0.0.1", "127.evil.invalid", "127.0.0.1.nip.invalid", "localhost.invalid",
        ] {
            #expect(!AccessPolicy.isLoopback(host), "\(host)")
            #expect(!AccessPolicy.allowsBinding(host: host, token: nil), "\(host)")
        }
    }
}

@Suite("Dashboard goals")
struct DashboardGoalTests {
    @Test("a study's goal for its metric rules the dashboard's runs, as the CLI's, unless goal= says otherwise")
    func studyGoal() async throws {
        let store = MemoryStore()
        _ = try await store.createStudy(
            StudyRecord(
                name: "lowest", metric: "val/acc", goal: .minimize, strategy: "grid", configuration: .null,
                toolVersion: "0.1.0", host: "h", startedAt: 1000))
        for (index, acc) in [0.3, 0.9].enumerated() {
            let run = Run(
                key: "r\(index)", name: "r\(index)", source: "r\(index).jsonl", format: .hyperscope, status: .completed,
                params: ["x": .int(Int64(index))],
                curves: [MetricCurve(key: MetricKey(parsing: "val/acc"), values: [acc])])
            try await store.saveAsIngested(run)
        }
        let dashboard = Dashboard(data: DashboardData(store: store, databasePath: nil))
        func goal(_ target: String) async throws -> Value? {
            let response = await dashboard.respond(to: DashboardRequest(target: target))
            guard case .list(let runs)? = try JSONParser.parse(response.body)["runs"] else { return nil }
            return runs.first?["metrics"]?["val/acc"]?["goal"]
        }
        #expect(try await goal("/api/runs?metric=val/acc") == .string("min"))
        #expect(try await goal("/api/runs?metric=val/acc&goal=max") == .string("max"))
    }
}

@Suite("Dashboard run collections")
struct RunCollectionTests {
    @Test("runs that are folders of their own are grouped by the folder holding them, and their link selects them")
    func runFolders() async throws {
        let store = MemoryStore()
        let sources: [(String, LogFormat)] = [
            ("/x/mlruns/1/a0/meta.yaml", .mlflow), ("/x/mlruns/1/b1/meta.yaml", .mlflow),
            ("/x/mlruns/2/c2/meta.yaml", .mlflow), ("/x/wandb/run-a/files/wandb-history.jsonl", .hyperscope),
            ("/x/wandb/run-b/files/wandb-history.jsonl", .hyperscope), ("/x/logs/one.jsonl", .hyperscope),
            ("/x/logs/two.jsonl", .hyperscope), ("/x/sweep.csv", .csvTable),
        ]
        for (index, (source, format)) in sources.enumerated() {
            try await store.saveAsIngested(
                Run(
                    key: source, name: "r\(index)", source: source, format: format, status: .completed,
                    curves: [MetricCurve(key: MetricKey(parsing: "val/acc"), values: [0.5])]))
        }
        let dashboard = Dashboard(data: DashboardData(store: store, databasePath: nil))
        let response = await dashboard.respond(to: DashboardRequest(target: "/api/studies"))
        guard case .list(let collections)? = try JSONParser.parse(response.body)["collections"] else {
            Issue.record("no collections: \(response.body)")
            return
        }
        let found = collections.map { ($0["name"]?.stringValue ?? "", $0["runs"]?.numericValue ?? 0) }
        #expect(found.map(\.0) == ["/x/mlruns/1", "/x/mlruns/2", "/x/wandb", "/x/logs", "/x/sweep.csv"])
        #expect(found.map(\.1) == [2, 1, 2, 2, 1])
        for collection in collections {
            let filter = try #require(collection["where"]?.stringValue)
            let selected = await dashboard.respond(
                to: DashboardRequest(
                    target: "/api/runs?where="
                        + (filter.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? filter)))
            #expect(try JSONParser.parse(selected.body)["total"] == collection["runs"], "\(filter)")
        }
    }
}
