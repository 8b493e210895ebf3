import HyperscopeAnalysis
import HyperscopeCore
import HyperscopeReport

/// `/studies/NAME`: the study's report with its plots, and its trials with sorting, filtering and
/// paging; the page reloads itself while trials run. The report and its plots are computed once
/// per state of the database.
struct StudyPage {
    let dashboard: Dashboard
    let name: String

    init(_ dashboard: Dashboard, name: String) {
        self.dashboard = dashboard
        self.name = name
    }

    /// The trials shown: filtered by `state`, sorted by `sort` (number, value, duration) in `order`,
    /// `limit` of them from `offset`.
    struct TrialView {
        var state: String
        var sort: String
        var order: String
        var limit: Int
        var offset: Int

        /// The trials a page lists unless `limit` says otherwise.
        static let defaultLimit = 100

        init(_ request: DashboardRequest) throws {
            state = try request.choice("state", of: ["all"] + TrialState.allCases.map(\.rawValue), default: "all")
            sort = try request.choice("sort", of: ["number", "value", "duration"], default: "number")
            order = try request.choice("order", of: ["asc", "desc"], default: "asc")
            limit = try request.integer("limit", in: 1...10_000, default: Self.defaultLimit)
            offset = try request.integer("offset", in: 0...Int.max - 10_000, default: 0)
        }

        /// This page's share of the filtered and sorted trials.
        func page(_ trials: [Trial]) -> [Trial] {
            Array(trials.dropFirst(offset).prefix(limit))
        }

        /// Links to the previous and next pages of `total` trials, keeping the filter and order.
        func pager(action: String, total: Int) -> String {
            guard total > limit || offset > 0 else { return "" }
            func link(_ start: Int, _ text: String) -> String {
                var pairs = [("state", state), ("sort", sort), ("order", order), ("offset", "\(start)")]
                if limit != Self.defaultLimit { pairs.append(("limit", "\(limit)")) }
                let query = pairs.map { "\($0.0)=\(AccessPolicy.encode($0.1))" }.joined(separator: "&")
                return "<a href=\"\(Markup.escape(action + "?" + query))#trials\">\(text)</a>"
            }
            var parts: [String] = []
            if offset > 0 { parts.append(link(max(0, offset - limit), "← previous \(limit)")) }
            if offset + limit < total {
                parts.append(link(offset + limit, "next \(min(limit, total - offset - limit)) →"))
            }
            return "<p class=\"pager\">\(parts.joined(separator: " · "))</p>\n"
        }

        func apply(_ trials: [Trial]) -> [Trial] {
            let kept = state == "all" ? trials : trials.filter { $0.state.rawValue == state }
            let sorted: [Trial]
            switch sort {
            case "value":
                sorted = kept.sorted { ($0.value ?? .infinity, $0.number) < ($1.value ?? .infinity, $1.number) }
            case "duration":
                sorted = kept.sorted {
                    ($0.durationSeconds ?? .infinity, $0.number) < ($1.durationSeconds ?? .infinity, $1.number)
                }
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
                \(limit == Self.defaultLimit ? "" : "<input type=\"hidden\" name=\"limit\" value=\"\(limit)\">")<button type="submit">Show</button>
                </form>

                """
        }
    }

    /// The study's report, computed once per state of the database.
    func report() async throws -> StudyReport {
        let (data, name) = (dashboard.data, name)
        return try await data.studyDerived("report\u{1}" + name) {
            guard let found = try await data.study(named: name) else {
                throw DashboardError.notFound("there is no study named '\(name)'")
            }
            return StudyReport(study: found.study, trials: found.trials)
        }
    }

    /// The report's sections with their plots, rendered once per state of the database.
    private func sections() async throws -> String {
        try await dashboard.data.studyDerived("sections\u{1}" + name) { [self] in
            StudyHTML.sections(try await report(), trialLink: nil, includingTrials: false)
        }
    }

    func html(_ request: DashboardRequest) async throws -> String {
        let view = try TrialView(request)
        let report = try await report()
        let link = "/studies/" + AccessPolicy.encode(name)
        let running = report.trials.contains { $0.state == .running }
        var body =
            running
            ? "<p class=\"muted live\">Trials are running: this page reloads every \(dashboard.refreshSeconds) s.</p>\n"
            : ""
        body += try await sections()
        let shown = view.apply(report.trials)
        let page = view.page(shown)
        let table = StudyHTML.trialsTable(report, trials: page) { link + "/trials/\($0.number)" }
        let range = page.isEmpty ? "none" : "\(view.offset + 1)–\(view.offset + page.count)"
        let title =
            "Trials (\(range) of \(NumberFormatting.grouped(shown.count))\(shown.count < report.trials.count ? ", \(NumberFormatting.grouped(report.trials.count)) in all" : ""))"
        body += HTMLPage.section(
            title, id: "trials", view.form(action: link) + table + view.pager(action: link, total: shown.count))
        return dashboard.page(
            title: "Study \(name)", body: body, refreshSeconds: running ? dashboard.refreshSeconds : nil)
    }

    func json(_ request: DashboardRequest) async throws -> Value {
        let view = try TrialView(request)
        let report = try await report()
        guard case .object(var fields) = StudyReportRendering.json(report, includingTrials: false) else { return .null }
        let shown = view.apply(report.trials)
        fields.append(Value.Field("live", .bool(report.trials.contains { $0.state == .running })))
        fields.append(Value.Field("trials_total", .int(Int64(shown.count))))
        fields.append(Value.Field("offset", .int(Int64(view.offset))))
        fields.append(Value.Field("limit", .int(Int64(view.limit))))
        fields.append(Value.Field("trials", .list(view.page(shown).map(StudyReportRendering.trialJSON))))
        return .object([Value.Field("success", .bool(true))] + fields)
    }
}
