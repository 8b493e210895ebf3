import HyperscopeAnalysis
import HyperscopeCore
import HyperscopeReport

/// `/runs`: the runs explorer: a filter box, the sweep summary with confidence intervals, learning
/// curves by group with their bands, and the matching runs a page at a time.
struct RunsPage {
    let dashboard: Dashboard
    let request: DashboardRequest
    let query: RunQuery

    /// The most groups drawn as curves, and the most sweep rows shown in HTML.
    static let maximumCurveGroups = 12
    static let maximumSweepRows = 50

    init(_ dashboard: Dashboard, request: DashboardRequest) throws {
        self.dashboard = dashboard
        self.request = request
        query = try RunQuery(request)
    }

    private var groupKeys: [String]? {
        request.parameter("by").map {
            $0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        }
    }

    /// The x-axis asked for, else the first of epoch, step and W&B's `_step` that the runs logged the
    /// metric against, else the point's index.
    private static func xAxis(_ runs: [Run], _ metric: MetricKey?, requested: String?) -> String {
        if let requested { return requested }
        let curves = runs.lazy.compactMap { run in metric.flatMap { run.curve($0) } }
        return ["epoch", "step", "_step"].first { axis in curves.contains { $0.axis(named: axis) != nil } } ?? "index"
    }

    /// The sweep summary of the selected runs, or `nil` when none matches or they have no metric:
    /// from the run table's summaries, or from the runs' curves at a point of an axis (`at=epoch=10`),
    /// which the table does not keep.
    func sweep() async throws -> SweepSummary? {
        let detection = dashboard.settings.detection()
        // Bound first: written as one `return … ?.result`, the closure's result was inferred optional.
        let summarised = try await query.derived("sweep", from: dashboard.data) { selected, selection -> SweepSummary in
            guard case .axis = selection.point else {
                let table = selected.table
                return SweepSummary(
                    table: table, values: selection.values(in: table) ?? [], selection: selection,
                    detection: detection)
            }
            let runs = try await selected.runs()
            let summary = SweepSummary(
                runs: runs, columns: selected.columns(), selection: selection, detection: detection)
            if let unreached = summary.unreachedPoint(in: runs) {
                throw DashboardError.badRequest(unreached.reason)
            }
            return summary
        }
        return summarised?.result
    }

    /// The learning-curve bands of the selected runs (see ``bands(_:_:sweep:groupKeys:axis:)``),
    /// kept between requests; only then are the runs' curves read.
    func bands() async throws -> (bands: CurveBands?, why: String?) {
        guard let summary = try await sweep() else { return (nil, nil) }
        let (groupKeys, requestedAxis) = (self.groupKeys, request.parameter("x"))
        if groupKeys == nil, summary.groups.count > Self.maximumCurveGroups {
            return (nil, Self.tooManyGroups(summary.groups.count))
        }
        return try await query.derived(
            "bands", groupKeys?.joined(separator: ",") ?? "", requestedAxis ?? "", from: dashboard.data
        ) { selected, selection in
            let runs = try await selected.runs()
            let answer = try Self.bands(
                runs, selection, sweep: summary, groupKeys: groupKeys,
                axis: Self.xAxis(runs, selection.metric, requested: requestedAxis))
            return Bands(bands: answer.0, why: answer.1)
        }.map { ($0.result.bands, $0.result.why) } ?? (nil, nil)
    }

    /// Curve bands, or why there are none, as a value kept between requests.
    private struct Bands: Sendable {
        var bands: CurveBands?
        var why: String?
    }

    /// The bands by `groupKeys`, or by the sweep's varying keys when they make few enough groups.
    static func bands(
        _ runs: [Run], _ selection: MetricSelection, sweep: SweepSummary, groupKeys: [String]?, axis: String
    ) throws -> (CurveBands?, String?) {
        let keys: [String]
        if let chosen = groupKeys {
            for key in chosen where !runs.contains(where: { $0.params[key] != nil }) {
                throw DashboardError.badRequest("by: no run has the parameter '\(key)'")
            }
            keys = chosen
        } else if sweep.groups.count <= Self.maximumCurveGroups {
            keys = sweep.varying
        } else {
            return (nil, tooManyGroups(sweep.groups.count))
        }
        let bands = CurveBands(runs: runs, metric: selection.metric, groupedBy: keys, xAxis: axis)
        if bands.bands.count > Self.maximumCurveGroups * 4 {
            return (
                nil,
                "grouping by \(keys.joined(separator: ", ")) gives \(bands.bands.count) groups; choose fewer parameters."
            )
        }
        return bands.bands.isEmpty ? (nil, "no curve of \(selection.metric) against \(axis)") : (bands, nil)
    }

    /// Why the curves of `groups` configurations are not drawn.
    private static func tooManyGroups(_ groups: Int) -> String {
        "\(groups) configurations are too many to draw; choose parameters to group by (by=optim.name)."
    }

    func html() async throws -> String {
        let selected = try await query.load(from: dashboard.data)
        let selection = selected.selection
        let summary = selection == nil ? nil : try await sweep()
        let (bands, why) = summary == nil ? (nil, nil) : try await self.bands()
        // The axis the curves are drawn against; before any is drawn, the one asked for (empty: chosen).
        let axis = request.parameter("x") ?? bands?.xAxis ?? ""
        let extra = """
            <label>curves by <input type="text" name="by" size="14" value="\(Markup.escape(request.parameter("by") ?? ""))"></label>
            <label>x <input type="text" name="x" size="6" value="\(Markup.escape(axis))" placeholder="epoch"></label>

            """
        var body = HTMLPage.section(
            "Filter", id: "filter",
            query.form(action: "/runs", selection: selection, extraFields: extra)
                + "<p class=\"muted\">\(NumberFormatting.grouped(selected.count)) runs match.</p>")
        guard let selection, let summary else {
            body += HTMLPage.section(
                "Runs", id: "runs",
                selected.count == 0
                    ? "<p class=\"muted\">No run matches.</p>"
                    : "<p class=\"muted\">The runs have no metric to summarise: name one above.</p>\n"
                        + (try listing(selected)))
            return dashboard.page(title: "Runs", body: body)
        }
        var shown = summary
        shown.groups = summary.groups.prefix(Self.maximumSweepRows)
        let direction = selection.goal == .maximize ? "higher is better" : "lower is better"
        body += HTMLPage.section(
            "Sweep summary: \(selection.metric) at \(selection.point) (\(direction))", id: "sweep",
            "<p class=\"muted\">\(summary.groups.count) configurations of \(Markup.escape(summary.varying.map(summary.classification.label(of:)).joined(separator: ", "))); best \(shown.groups.count) shown; \(summary.incomplete.count) runs left out as incomplete.</p>\n"
                + HTMLTable.render(SweepRendering.table(shown, names: dashboard.settings.displayNames)))
        if let bands {
            body += HTMLPage.section(
                "Learning curves", id: "curves", HTMLPage.figure(SVGLineChart.render(CurveBandsRendering.chart(bands))))
        } else if let why {
            body += HTMLPage.section("Learning curves", id: "curves", "<p class=\"muted\">\(Markup.escape(why))</p>")
        }
        body += HTMLPage.section("Runs", id: "runs", try listing(selected))
        return dashboard.page(title: "Runs", body: body)
    }

    /// A page of the runs (`limit`, `offset`), each linked to its own page, and a link to the next page.
    private func listing(_ selected: RunQuery.Selected) throws -> String {
        let limit = try request.integer("limit", in: 1...1000, default: 100)
        let offset = try request.integer("offset", in: 0...Int.max - 1000, default: 0)
        let rows = Array(selected.rows.dropFirst(offset).prefix(limit))
        let page = selected.stored.table.rows(rows)
        let total = selected.count
        var listing =
            "<p class=\"muted\">Runs \(min(offset + 1, total))–\(offset + page.count) of \(total).</p>\n"
        var links: [Int: String] = [:]
        for (index, id) in page.ids.enumerated() where id != 0 { links[index] = "/runs/\(id)" }
        listing += HTMLTable.render(RunRendering.listing(page, goals: selected.goals), links: links)
        if offset + limit < total {
            listing +=
                "<p><a href=\"/runs?\(Markup.escape(query.queryString(adding: [("offset", "\(offset + limit)"), ("limit", "\(limit)")])))#runs\">Next \(limit) runs</a></p>\n"
        }
        return listing
    }

    func json() async throws -> Value {
        let selected = try await query.load(from: dashboard.data)
        let selection = selected.selection
        let limit = try request.integer("limit", in: 1...10_000, default: 100)
        let offset = try request.integer("offset", in: 0...Int.max - 10_000, default: 0)
        // Each run's document from the run table and the page's attributes: no run is read whole.
        let table = selected.stored.table
        let rows = Array(selected.rows.dropFirst(offset).prefix(limit))
        let attributes = try await dashboard.data.store.runAttributes(ids: rows.map { table.ids[$0] })
        var values: [Result<Double, NotComputable>]?
        if let selection { values = try await selected.stored.objectives.values(selection) }
        return .object([
            Value.Field("success", .bool(true)), Value.Field("total", .int(Int64(selected.count))),
            Value.Field("offset", .int(Int64(offset))),
            Value.Field("limit", .int(Int64(limit))),
            Value.Field("metric", selection.map { .string($0.metric.description) } ?? .null),
            Value.Field(
                "runs",
                .list(
                    rows.map { row in
                        let document = table.document(
                            row: row, goals: selected.goals, attributes: attributes[table.ids[row]] ?? [:])
                        guard let values, case .object(var fields) = document else { return document }
                        fields.append(Value.Field("value", (try? values[row].get()).map(Value.float) ?? .null))
                        return .object(fields)
                    })),
        ])
    }

    func sweepJSON() async throws -> Value {
        guard let summary = try await sweep() else {
            throw DashboardError.badRequest("no run matches, or the runs have no metric: give metric=")
        }
        let limit = try request.integer("limit", in: 1...100_000, default: 1_000)
        let offset = try request.integer("offset", in: 0...Int.max - 100_000, default: 0)
        var page = summary
        page.groups = summary.groups.dropFirst(offset).prefix(limit)
        guard case .object(var fields) = SweepRendering.json(page, names: dashboard.settings.displayNames) else {
            return .null
        }
        fields += [
            Value.Field("total_groups", .int(Int64(summary.groups.count))), Value.Field("offset", .int(Int64(offset))),
            Value.Field("limit", .int(Int64(limit))),
        ]
        return .object(fields)
    }

    func curvesJSON() async throws -> Value {
        guard let summary = try await sweep() else {
            throw DashboardError.badRequest("no run matches, or the runs have no metric: give metric=")
        }
        if summary.groups.isEmpty, summary.incomplete.isEmpty {
            return .object([
                Value.Field("success", .bool(true)), Value.Field("groups", .list([])),
                Value.Field("skipped_total", .int(0)),
            ])
        }
        let (bands, why) = try await self.bands()
        guard var bands else { throw DashboardError.badRequest(why ?? "no curves") }
        // Runs without the curve are listed up to a page: over a table export of 100,000 runs
        // the full list would be most of the answer.
        let skipped = bands.skipped.count
        bands.skipped = Array(bands.skipped.prefix(Self.maximumSkippedListed))
        guard case .object(var fields) = CurveBandsRendering.json(bands) else { return .null }
        fields.append(Value.Field("skipped_total", .int(Int64(skipped))))
        return .object(fields)
    }

    /// The most runs without the curve that `/api/curves` lists.
    static let maximumSkippedListed = 100
}
