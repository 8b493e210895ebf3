import HyperscopeAnalysis
import HyperscopeCore
import HyperscopeReport

/// `/studies/NAME`: the study's report with its plots, and its trials with sorting and filtering;
/// the page reloads itself while trials run.
struct StudyPage {
    let dashboard: Dashboard
    let name: String

    init(_ dashboard: Dashboard, name: String) {
        self.dashboard = dashboard
        self.name = name
    }

    /// The trials shown: filtered by `state`, sorted by `sort` (number, value, duration) in `order`.
    struct TrialView {
        var state: String
        var sort: String
        var order: String

        init(_ request: DashboardRequest) throws {
            state = try request.choice("state", of: ["all"] + TrialState.allCases.map(\.rawValue), default: "all")
            sort = try request.choice("sort", of: ["number", "value", "duration"], default: "number")
            order = try request.choice("order", of: ["asc", "desc"], default: "asc")
        }

        func apply(_ trials: [Trial]) -> [Trial] {
            let kept = state == "all" ? trials : trials.filter { $0.state.rawValue == state }
            let sorted: [Trial]
            switch sort {
            case "value": sorted = kept.sorted { ($0.value ?? .infinity, $0.number) < ($1.value ?? .infinity, $1.number) }
            case "duration": sorted = kept.sorted { ($0.durationSeconds ?? .infinity, $0.number) < ($1.durationSeconds ?? .infinity, $1.number) }
            default: sorted = kept
            }
            return order == "desc" ? sorted.reversed() : sorted
        }

        func form(action: String) -> String {
            func options(_ values: [String], _ chosen: String) -> String {
                values.map { "<option\($0 == chosen ? " selected" : "")>\($0)</option>" }.joined()
            }
            return """
                <form class="filter" method="get" action="\(Markup.escape(action))#trials">
                <label>state <select name="state">\(options(["all"] + TrialState.allCases.map(\.rawValue), state))</select></label>
                <label>sort by <select name="sort">\(options(["number", "value", "duration"], sort))</select></label>
                <label>order <select name="order">\(options(["asc", "desc"], order))</select></label>
                <button type="submit">Show</button>
                </form>

                """
        }
    }

    func report() async throws -> StudyReport {
        guard let (study, trials) = try await dashboard.data.study(named: name) else {
            throw DashboardError.notFound("there is no study named '\(name)'")
        }
        return StudyReport(study: study, trials: trials)
    }

    func html(_ request: DashboardRequest) async throws -> String {
        let view = try TrialView(request)
        let report = try await report()
        let link = "/studies/" + AccessPolicy.encode(name)
        let running = report.trials.contains { $0.state == .running }
        var body = running
            ? "<p class=\"muted live\">Trials are running: this page reloads every \(dashboard.refreshSeconds) s.</p>\n"
            : ""
        body += StudyHTML.sections(report, trialLink: nil, includingTrials: false)
        let shown = view.apply(report.trials)
        let table = StudyHTML.trialsTable(report, trials: shown) { link + "/trials/\($0.number)" }
        body += HTMLPage.section("Trials (\(shown.count) of \(report.trials.count))", id: "trials", view.form(action: link) + table)
        return dashboard.page(title: "Study \(name)", body: body, refreshSeconds: running ? dashboard.refreshSeconds : nil)
    }

    func json(_ request: DashboardRequest) async throws -> Value {
        let view = try TrialView(request)
        let report = try await report()
        guard case .object(var fields) = StudyReportRendering.json(report) else { return .null }
        fields.removeAll { $0.key == "trials" }
        fields.append(Value.Field("live", .bool(report.trials.contains { $0.state == .running })))
        fields.append(Value.Field("trials", .list(view.apply(report.trials).map(StudyReportRendering.trialJSON))))
        return .object([Value.Field("success", .bool(true))] + fields)
    }
}
