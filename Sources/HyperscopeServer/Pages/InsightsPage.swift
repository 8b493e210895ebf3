import HyperscopeAnalysis
import HyperscopeCore
import HyperscopeReport

/// `/insights`: which hyperparameter values go with good results, as categorised cards with their
/// scores and counts, the parameters' importance, and the interaction of the two most important.
struct InsightsPage {
    let dashboard: Dashboard
    let request: DashboardRequest
    let query: RunQuery

    /// Importance fits forests; above this many runs it works on an even sample of them.
    static let importanceSampleSize = 1_000

    init(_ dashboard: Dashboard, request: DashboardRequest) throws {
        self.dashboard = dashboard
        self.request = request
        query = try RunQuery(request)
    }

    private func selected() async throws -> (runs: [Run], selection: MetricSelection) {
        let (runs, selection) = try await query.load(from: dashboard.data)
        guard let selection else { throw DashboardError.badRequest("no run matches, or the runs have no metric to score: give metric=") }
        return (runs, selection)
    }

    func insights(_ runs: [Run], _ selection: MetricSelection) throws -> InsightReport {
        switch InsightReport.analyse(runs, selection: selection, settings: dashboard.settings.insights, detection: dashboard.settings.detection()) {
        case .success(let report): return report
        case .failure(let why): throw DashboardError.badRequest(why.reason)
        }
    }

    /// The importance over at most ``importanceSampleSize`` runs (every k-th), with how many were used.
    func importance(_ runs: [Run], _ selection: MetricSelection) -> Result<ParameterImportance, NotComputable> {
        let step = max(1, runs.count / Self.importanceSampleSize)
        let sample = step == 1 ? runs : stride(from: 0, to: runs.count, by: step).map { runs[$0] }
        return ParameterImportance.compute(sample, selection: selection, detection: dashboard.settings.detection(), seeds: [0, 1, 2], treeCount: 16)
    }

    func html() async throws -> String {
        let (runs, selection) = try await query.load(from: dashboard.data)
        var body = HTMLPage.section("Filter", id: "filter", query.form(action: "/insights", selection: selection))
        guard let selection else {
            body += HTMLPage.section("Insights", id: "insights", "<p class=\"muted\">No run matches, or the runs have no metric to score.</p>")
            return dashboard.page(title: "Insights", body: body)
        }
        let report = try insights(runs, selection)
        body += HTMLPage.section("Value insights: \(selection.metric) at \(selection.point)", id: "insights", InsightCardsHTML.render(report, names: dashboard.settings.displayNames))
        switch importance(runs, selection) {
        case .success(let importance):
            body += HTMLPage.section(
                "Importance", id: "importance",
                HTMLPage.figure(StudyChartSVG.importance(importance)) + "<p class=\"muted\">fANOVA over \(importance.runCount) runs (3 forests of 16 trees); ◆ PED-ANOVA.</p>")
            if importance.entries.count >= 2, case .success(let pairs) = InsightReport.pairs(
                runs, first: importance.entries[0].key, second: importance.entries[1].key, selection: selection, settings: dashboard.settings.insights)
            {
                body += HTMLPage.section("Interaction: \(importance.entries[0].key) × \(importance.entries[1].key)", id: "interactions", InsightCardsHTML.render(pairs))
            }
        case .failure(let why):
            body += HTMLPage.section("Importance", id: "importance", "<p class=\"muted\">\(Markup.escape(why.reason))</p>")
        }
        return dashboard.page(title: "Insights", body: body)
    }

    func analysisJSON() async throws -> Value {
        let (runs, selection) = try await selected()
        return InsightRendering.json(try insights(runs, selection), names: dashboard.settings.displayNames)
    }

    func importanceJSON() async throws -> Value {
        let (runs, selection) = try await selected()
        switch importance(runs, selection) {
        case .success(let importance): return ImportanceRendering.json(importance, names: dashboard.settings.displayNames)
        case .failure(let why): throw DashboardError.badRequest(why.reason)
        }
    }

    func json() async throws -> Value {
        let (runs, selection) = try await selected()
        let report = try insights(runs, selection)
        var fields = [Value.Field("success", .bool(true)), Value.Field("analysis", InsightRendering.json(report, names: dashboard.settings.displayNames)["analysis"] ?? .null)]
        switch importance(runs, selection) {
        case .success(let importance):
            fields.append(Value.Field("importance", ImportanceRendering.json(importance, names: dashboard.settings.displayNames)))
            if importance.entries.count >= 2, case .success(let pairs) = InsightReport.pairs(
                runs, first: importance.entries[0].key, second: importance.entries[1].key, selection: selection, settings: dashboard.settings.insights)
            {
                fields.append(Value.Field("interaction", InsightRendering.json(pairs)["analysis"] ?? .null))
            }
        case .failure(let why):
            fields.append(Value.Field("importance", .null))
            fields.append(Value.Field("importance_unavailable", .string(why.reason)))
        }
        return .object(fields)
    }
}
