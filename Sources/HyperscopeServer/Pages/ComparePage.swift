import Foundation
import HyperscopeAnalysis
import HyperscopeCore
import HyperscopeReport

/// `/compare`: pick a parameter and two of its values; see the two groups compared with every
/// statistic (Welch, Mann–Whitney, bootstrap CI, Hedges' g, paired test), the verdict and the seeds
/// needed for 80% power. `metric=test/acc,test/ece` compares on several metrics at once, as
/// `hyperscope compare` does: Holm over all of them and the trade-off in words.
struct ComparePage {
    let dashboard: Dashboard
    let request: DashboardRequest
    /// The selection, reading the first of the metrics named.
    let query: RunQuery
    /// The metrics named after the first one.
    let moreMetrics: [String]

    init(_ dashboard: Dashboard, request: DashboardRequest) throws {
        self.dashboard = dashboard
        self.request = request
        var query = try RunQuery(request, judgingValues: true)
        let names = (query.metric ?? "").split(separator: ",", omittingEmptySubsequences: false).map {
            $0.trimmingCharacters(in: .whitespaces)
        }
        if names.count > 1 {
            guard !names.contains(where: \.isEmpty), Set(names).count == names.count else {
                throw DashboardError.badRequest("metric: expected distinct metric names separated by commas")
            }
            query.metric = names[0]
        }
        self.query = query
        moreMetrics = Array(names.dropFirst())
    }

    /// The parameter, its groups and the comparison when both values are chosen.
    struct Choice: Sendable {
        var by: String?
        var parameters: [String]
        /// Each value of the parameter with the positions of its runs among the selected ones.
        var groups: [(value: Value, rows: [Int])]
        var comparison: GroupComparison?
        /// The comparison on every metric, when several are named.
        var family: MultiMetricComparison?
        var selection: MetricSelection?
        /// The runs of other statuses left out of the comparison.
        var statusNote: String?
    }

    /// The choice the request makes, computed once per database state and kept between requests.
    func choose() async throws -> Choice {
        let selected = try await query.load(from: dashboard.data)
        let (by, a, b) = (request.parameter("by"), request.parameter("a"), request.parameter("b"))
        let key = query.key("compare", selection: selected.selection, [by ?? "", a ?? "", b ?? ""] + moreMetrics)
        let (settings, moreMetrics, query) = (dashboard.settings, moreMetrics, query)
        var choice = try await dashboard.data.derived(key) { _ in
            try await Self.choose(
                selected, by: by, a: a, b: b, moreMetrics: moreMetrics, query: query, settings: settings)
        }
        choice.statusNote = selected.statusNote
        return choice
    }

    private static func choose(
        _ selected: RunQuery.Selected, by: String?, a: String?, b: String?, moreMetrics: [String], query: RunQuery,
        settings: AnalysisSettings
    ) async throws -> Choice {
        let (columns, selection) = (selected.columns(), selected.selection)
        let parameters = settings.detection().classify(columns).varying
        guard let by else { return Choice(by: nil, parameters: parameters, groups: [], selection: selection) }
        guard columns.column(of: by) != nil else {
            throw DashboardError.badRequest("by: no run has the parameter '\(by)'")
        }
        let table = selected.table
        let groups = RunGrouping.byValue(table, of: by)
        guard let a, let b else {
            return Choice(by: by, parameters: parameters, groups: groups, selection: selection)
        }
        func group(_ text: String, _ name: String) throws -> (value: Value, rows: [Int]) {
            guard let found = groups.first(where: { $0.value.displayText == text }) else {
                throw DashboardError.badRequest(
                    "\(name): no run has \(by) = \(text); the values are \(groups.map(\.value.displayText).joined(separator: ", "))"
                )
            }
            return found
        }
        let first = try group(a, "a")
        let second = try group(b, "b")
        guard a != b else { throw DashboardError.badRequest("a and b are the same group (\(by) = \(a))") }
        guard let selection else { throw DashboardError.badRequest("the runs have no metric to compare: give metric=") }
        let available = selected.stored.metricSets.available(at: selected.positions)
        let selections =
            try [selection]
            + moreMetrics.map { name in
                switch MetricSelection.choose(
                    metric: name, at: query.at, goals: selected.goals, available: available, anyRun: true)
                {
                case .success(let other): return other
                case .failure(let why): throw DashboardError.badRequest("metric: " + why.reason)
                }
            }
        let pairing = RunPairing(columns: columns, comparedKeys: [by], detection: settings.detection())
        let names = settings.displayNames
        var comparisons: [GroupComparison] = []
        for selection in selections {
            let values = try await selected.objectives(selection)
            let sides = [first, second].map { group in
                ComparisonSide(
                    label: "\(names.name(of: by))=\(names.value(group.value, of: by))", table: table, rows: group.rows,
                    values: values, selection: selection, pairing: pairing)
            }
            comparisons.append(GroupComparison(sides[0], sides[1], goal: selection.goal))
        }
        var choice = Choice(
            by: by, parameters: parameters, groups: groups, comparison: comparisons[0], selection: selection)
        if selections.count > 1 {
            choice.family = MultiMetricComparison.family(metrics: selections, comparisons: [comparisons]).first
        }
        return choice
    }

    func html() async throws -> String {
        let choice = try await choose()
        var formQuery = query
        if let first = query.metric, !moreMetrics.isEmpty {
            formQuery.metric = ([first] + moreMetrics).joined(separator: ",")
        }
        func options(_ values: [String], chosen: String?) -> String {
            values.map { "<option\($0 == chosen ? " selected" : "")>\(Markup.escape($0))</option>" }.joined()
        }
        var fields =
            "<label>compare by <select name=\"by\"><option value=\"\">(choose)</option>\(options(choice.parameters, chosen: choice.by))</select></label>\n"
        if choice.by != nil {
            let values = choice.groups.map { $0.value.displayText }
            fields +=
                "<label>A <select name=\"a\">\(options(values, chosen: request.parameter("a") ?? values.first))</select></label>\n"
            fields +=
                "<label>B <select name=\"b\">\(options(values, chosen: request.parameter("b") ?? values.dropFirst().first))</select></label>\n"
        }
        var body = HTMLPage.section(
            "Choose two groups", id: "choose",
            formQuery.form(action: "/compare", selection: choice.selection, extraFields: fields)
                + (choice.statusNote.map { "<p class=\"muted\">\(Markup.escape($0))</p>" } ?? ""))
        if let family = choice.family {
            let metrics = family.entries.map { entry in
                "\(entry.selection.metric) at \(entry.selection.point) (\(entry.selection.goal == .maximize ? "higher" : "lower") is better)"
            }
            body += HTMLPage.section(
                "Comparison on \(family.entries.count) metrics", id: "comparison",
                "<p class=\"muted\">\(Markup.escape(metrics.joined(separator: "; ")))</p>"
                    + HTMLTable.render(ComparisonRendering.table([family]))
                    + ComparisonRendering.verdicts([family]).split(separator: "\n").map {
                        "<p class=\"verdict\">\(Markup.escape(String($0)))</p>"
                    }.joined())
        } else if let comparison = choice.comparison, let selection = choice.selection {
            let direction = selection.goal == .maximize ? "higher is better" : "lower is better"
            body += HTMLPage.section(
                "Comparison: \(selection.metric) at \(selection.point) (\(direction))", id: "comparison",
                HTMLTable.render(ComparisonRendering.table([comparison]))
                    + "<p class=\"verdict\">\(Markup.escape(ComparisonRendering.verdicts([comparison])))</p>")
        } else if let by = choice.by {
            let table = TextTable(
                columns: [TextTable.Column(by), TextTable.Column("runs", alignment: .right)],
                rows: choice.groups.map { [$0.value.displayText, "\($0.rows.count)"] })
            body += HTMLPage.section("Groups", id: "groups", HTMLTable.render(table))
        }
        return dashboard.page(title: "Compare", body: body)
    }

    func json() async throws -> Value {
        let choice = try await choose()
        guard let comparison = choice.comparison else {
            throw DashboardError.badRequest("give by=PARAMETER, a=VALUE and b=VALUE")
        }
        var fields = [Value.Field("success", .bool(true))]
        if let family = choice.family, case .object(let familyFields) = ComparisonRendering.json([family]) {
            fields += familyFields
        } else {
            fields.append(Value.Field("comparisons", ComparisonRendering.json([comparison])))
        }
        if let note = choice.statusNote { fields.append(Value.Field("left_out", .string(note))) }
        return .object(fields)
    }
}
