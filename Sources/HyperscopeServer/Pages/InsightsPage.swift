import HyperscopeAnalysis
import HyperscopeCore
import HyperscopeReport

/// `/insights`: which hyperparameter values go with good results, as categorised cards with their
/// scores and counts, the parameters' importance, and the interaction of the two most important.
struct InsightsPage {
    let dashboard: Dashboard
    let request: DashboardRequest
    let query: RunQuery

    init(_ dashboard: Dashboard, request: DashboardRequest) throws {
        self.dashboard = dashboard
        self.request = request
        query = try RunQuery(request, judgingValues: true)
    }

    /// Why there are no insights or importance to show.
    private static let nothingToScore = "no run matches, or the runs have no metric to score: give metric="

    /// The insights, importance and interaction of the selected runs, each kept between requests;
    /// `nil` when no run matches or they have no metric.
    struct Analysis: Sendable {
        var selection: MetricSelection
        var report: InsightReport
        var importance: Result<ParameterImportance, NotComputable>
        var interaction: InsightReport?
    }

    /// The insight settings of the configuration, with the binning asked for (`bins=0` keeps exact values).
    private func settings() throws -> InsightSettings {
        var settings = dashboard.settings.insights
        let bins = try request.integer("bins", in: 0...1_000, default: settings.bins ?? InsightSettings.readableBins)
        settings.bins = bins == 0 ? nil : bins
        if let binning = request.parameter("binning") {
            guard let chosen = InsightSettings.Binning(rawValue: binning) else {
                throw DashboardError.badRequest("binning: expected quantile or log, got '\(binning)'")
            }
            settings.binning = chosen
        }
        return settings
    }

    func analysis(withImportance: Bool) async throws -> Analysis? {
        let (settings, detection) = (try settings(), dashboard.settings.detection())
        let binning = "\(settings.bins ?? 0) \(settings.binning.rawValue)"
        let (data, query) = (dashboard.data, self.query)
        // The importance does not depend on the insights: both are computed at once, on two cores.
        async let importance = withImportance ? self.importance() : nil
        guard
            let (_, selection, report) = try await query.derived(
                "insights", binning, from: data,
                compute: { selected, selection in
                    // Over the stored columns, with the filter's rows: cutting 30 columns to the rows would cost more
                    // than the insights.
                    // Every stored run's objective is read once: a new filter only picks its runs'.
                    let stored = selected.stored
                    switch InsightReport.analyse(
                        stored.table, columns: stored.columns, rows: selected.positions,
                        objectives: try await stored.objectives.values(selection), selection: selection,
                        settings: settings, detection: detection)
                    {
                    case .success(let report): return report
                    case .failure(let why): throw DashboardError.badRequest(why.reason)
                    }
                })
        else { return nil }
        var analysis = Analysis(
            selection: selection, report: report, importance: .failure(NotComputable("not asked for")))
        guard withImportance else { return analysis }
        analysis.importance = try await importance ?? .failure(NotComputable("no run matches"))
        if case .success(let importance) = analysis.importance, importance.entries.count >= 2 {
            let (first, second) = (importance.entries[0].key, importance.entries[1].key)
            analysis.interaction =
                try await query.derived("pairs", first, second, binning, from: data) { selected, selection in
                    let stored = selected.stored
                    return try? InsightReport.pairs(
                        stored.table, columns: stored.columns, rows: selected.positions,
                        objectives: try await stored.objectives.values(selection), first: first, second: second,
                        selection: selection, settings: settings
                    ).get()
                }?.result ?? nil
        }
        return analysis
    }

    private func requiredAnalysis(withImportance: Bool) async throws -> Analysis {
        guard let analysis = try await analysis(withImportance: withImportance) else {
            throw DashboardError.badRequest(Self.nothingToScore)
        }
        return analysis
    }

    /// The importance of the selected runs, kept between requests; `nil` when no run matches or they have no metric.
    private func importance() async throws -> Result<ParameterImportance, NotComputable>? {
        let detection = dashboard.settings.detection()
        let computed = try await query.derived("importance", from: dashboard.data) {
            selected, selection -> Result<ParameterImportance, NotComputable> in
            // Over the stored table, the runs the filter leaves out having no objective: the even
            // spread is then that of the matching runs, and only its rows are cut from the table.
            var objectives = try await selected.stored.objectives.values(selection)
            if let positions = selected.positions {
                let matching = objectives
                objectives = [Result](repeating: .failure(Self.leftOutByFilter), count: matching.count)
                for position in positions { objectives[position] = matching[position] }
            }
            return ParameterImportance.compute(
                selected.stored.table, objectives: objectives, selection: selection, detection: detection)
        }
        return computed?.result
    }

    /// What the importance reads for a run the filter leaves out.
    private static let leftOutByFilter = NotComputable("left out by the filter")

    func html() async throws -> String {
        let loaded = try await query.load(from: dashboard.data)
        var body = HTMLPage.section(
            "Filter", id: "filter",
            query.form(action: "/insights", selection: loaded.selection)
                + (loaded.statusNote.map { "<p class=\"muted\">\(Markup.escape($0))</p>" } ?? ""))
        if loaded.count == 0, loaded.selection != nil {
            body += HTMLPage.section("Insights", id: "insights", "<p class=\"muted\">No run matches the filter.</p>")
            return dashboard.page(title: "Insights", body: body)
        }
        guard let analysis = try await analysis(withImportance: true) else {
            body += HTMLPage.section(
                "Insights", id: "insights",
                "<p class=\"muted\">No run matches, or the runs have no metric to score.</p>")
            return dashboard.page(title: "Insights", body: body)
        }
        let names = dashboard.settings.displayNames
        body += HTMLPage.section(
            "Value insights: \(analysis.selection.metric) at \(analysis.selection.point)", id: "insights",
            InsightCardsHTML.render(analysis.report, names: names))
        switch analysis.importance {
        case .success(let importance):
            body += HTMLPage.section(
                "Importance", id: "importance",
                HTMLPage.figure(StudyChartSVG.importance(importance))
                    + "<p class=\"muted\">fANOVA over \(importance.runCount) runs (\(importance.seeds.count) forests of \(ParameterImportance.standardTreeCount) trees); ◆ PED-ANOVA.</p>"
            )
            if let pairs = analysis.interaction {
                body += HTMLPage.section(
                    "Interaction: \(importance.entries[0].key) × \(importance.entries[1].key)", id: "interactions",
                    InsightCardsHTML.render(pairs))
            }
        case .failure(let why):
            body += HTMLPage.section(
                "Importance", id: "importance", "<p class=\"muted\">\(Markup.escape(why.reason))</p>")
        }
        return dashboard.page(title: "Insights", body: body)
    }

    /// Whether the filter matches no run although the metric is named: the answer is then empty.
    private func matchesNothing() async throws -> Bool {
        let loaded = try await query.load(from: dashboard.data)
        return loaded.count == 0 && loaded.selection != nil
    }

    /// The answers of an empty selection, in the shapes of the full ones.
    private static let emptyAnalysis = Value.object([
        Value.Field("success", .bool(true)), Value.Field("analysis", .object([])),
        Value.Field("feature_details", .object([])),
        Value.Field("good_threshold", .null), Value.Field("total_experiments", .int(0)),
        Value.Field("good_experiments", .int(0)),
    ])

    func analysisJSON() async throws -> Value {
        if try await matchesNothing() { return Self.emptyAnalysis }
        return InsightRendering.json(
            try await requiredAnalysis(withImportance: false).report, names: dashboard.settings.displayNames)
    }

    func importanceJSON() async throws -> Value {
        if try await matchesNothing() {
            return .object([
                Value.Field("success", .bool(true)), Value.Field("runs", .int(0)), Value.Field("importance", .list([])),
            ])
        }
        // The importance alone: the insights and interaction the page shows with it are not needed.
        guard let importance = try await importance() else {
            throw DashboardError.badRequest(Self.nothingToScore)
        }
        switch importance {
        case .success(let importance):
            return ImportanceRendering.json(importance, names: dashboard.settings.displayNames)
        case .failure(let why): throw DashboardError.badRequest(why.reason)
        }
    }

    func json() async throws -> Value {
        if try await matchesNothing() {
            return .object([
                Value.Field("success", .bool(true)), Value.Field("analysis", .object([])),
                Value.Field("importance", .null),
                Value.Field("importance_unavailable", .string("no run matches the filter")),
            ])
        }
        let analysis = try await requiredAnalysis(withImportance: true)
        let names = dashboard.settings.displayNames
        var fields = [
            Value.Field("success", .bool(true)),
            Value.Field("analysis", InsightRendering.json(analysis.report, names: names)["analysis"] ?? .null),
        ]
        if let note = try await query.load(from: dashboard.data).statusNote {
            fields.append(Value.Field("left_out", .string(note)))
        }
        switch analysis.importance {
        case .success(let importance):
            fields.append(Value.Field("importance", ImportanceRendering.json(importance, names: names)))
            if let pairs = analysis.interaction {
                fields.append(Value.Field("interaction", InsightRendering.json(pairs)["analysis"] ?? .null))
            }
        case .failure(let why):
            fields.append(Value.Field("importance", .null))
            fields.append(Value.Field("importance_unavailable", .string(why.reason)))
        }
        return .object(fields)
    }
}
