import HyperscopeAnalysis
import HyperscopeCore
import HyperscopeReport

/// The run selection a page or API call asks for: `where`, `metric`, `at` and `goal`, read and
/// checked once for every page that works on runs.
struct RunQuery: Sendable {
    var whereExpression: String?
    var metric: String?
    var at: String
    var goals: MetricGoals
    /// The statuses of the runs judged on their values (`status`; completed by default), or `nil`
    /// for a page that lists every run.
    var statuses: RunStatusSelection?

    /// Reads the parameters of a request.
    ///
    /// - Parameter judgingValues: Whether the page judges runs on their values (insights,
    ///   importance, comparisons), and so keeps only the runs of the chosen statuses, as the CLI does.
    /// - Throws: ``DashboardError`` (400) for a goal other than max or min, or an unknown status.
    init(_ request: DashboardRequest, judgingValues: Bool = false) throws {
        whereExpression = request.parameter("where")
        metric = request.parameter("metric")
        at = request.parameter("at") ?? "last"
        let goal = try request.choice("goal", of: ["max", "min", "auto"], default: "auto")
        goals = goal == "auto" ? MetricGoals() : MetricGoals(all: goal == "max" ? .maximize : .minimize)
        guard judgingValues else { return }
        var given: RunStatusSelection?
        if let text = request.parameter("status") {
            do throws(NotComputable) {
                given = try RunStatusSelection(parsing: text)
            } catch {
                throw DashboardError.badRequest("status: " + error.reason)
            }
        }
        let fields = whereExpression.flatMap { try? RunFilter.parse($0).expression.fields } ?? []
        statuses = RunStatusSelection.resolved(given: given, whereFields: fields)
    }

    /// The runs a query selects, where they are among the stored runs, and the metric read from them.
    struct Selected: Sendable {
        /// Every stored run, with their columns.
        var stored: StoredRuns
        /// The positions of the matching runs among the stored runs, in order; `nil` when every
        /// stored run matches.
        var positions: [Int]?
        /// The metric and point, or `nil` when no run matches or the runs have no metric.
        var selection: MetricSelection?
        /// The runs of other statuses left out, for a page that judges values.
        var statusNote: String?
        /// The query's goals over those the stored studies record.
        var goals: MetricGoals

        /// How many runs match.
        var count: Int { positions?.count ?? stored.table.count }

        /// The positions of the matching runs among the stored runs.
        var rows: [Int] { positions ?? Array(0..<stored.table.count) }

        /// The matching runs as a table: the stored one, cut to their rows.
        ///
        /// - Complexity: O(*runs × (parameters + metrics)*) when some runs do not match.
        var table: RunTable { positions.map(stored.table.rows) ?? stored.table }

        /// The parameter columns of the matching runs, of every key or only of `keys`: the stored
        /// runs' columns, cut to these rows.
        func columns(keys: [String]? = nil) -> ParameterColumns {
            guard let positions else {
                return keys == nil ? stored.columns : stored.columns.rows(Array(0..<count), keys: keys)
            }
            return stored.columns.rows(positions, keys: keys)
        }

        /// The objective of each matching run under `selection`, or why it has none, picked from
        /// those of every stored run, which are read once.
        func objectives(_ selection: MetricSelection) async throws -> [Result<Double, NotComputable>] {
            let all = try await stored.objectives.values(selection)
            return positions.map { $0.map { all[$0] } } ?? all
        }

        /// The matching runs with their curves, for what the run table does not keep.
        func runs() async throws -> [Run] {
            let all = try await stored.runs()
            return positions.map { $0.map { all[$0] } } ?? all
        }
    }

    /// The stored runs that match, with the metric selection over them.
    ///
    /// - Throws: ``DashboardError`` (400) for a bad filter, an unknown metric or point.
    func load(from data: DashboardData) async throws -> Selected {
        try await data.derived("runs" + Self.separator + parametersKey) { [self] stored in
            var goals = goals
            goals.recorded = stored.recordedGoals
            var selected = Selected(stored: stored, goals: goals)
            if whereExpression != nil {
                switch RunFilter.positions(in: stored.table, where: whereExpression, goals: goals) {
                case .success(let matching): selected.positions = matching
                case .failure(let why): throw DashboardError.badRequest("where: " + why.reason)
                }
            }
            if let statuses {
                let base = selected.rows
                let (kept, leftOut) = statuses.keptPositions(base.map { stored.table.statuses[$0] })
                if !leftOut.isEmpty {
                    selected.positions = kept.map { base[$0] }
                    selected.statusNote = RunStatusSelectionResult.note(leftOut: leftOut, selection: statuses)
                }
            }
            guard selected.count > 0 else {
                // A filter that matches nothing, with the metric named: an empty answer, not a request to name it.
                guard let metric else { return selected }
                guard let point = CurvePoint(parsing: at) else {
                    throw DashboardError.badRequest("at: expected last, best or AXIS=VALUE, got '\(at)'")
                }
                let key = MetricKey(parsing: metric)
                selected.selection = MetricSelection(metric: key, point: point, goal: goals.goal(for: key))
                return selected
            }
            let available = stored.metricSets.available(at: selected.positions)
            switch MetricSelection.choose(metric: metric, at: at, goals: goals, available: available, anyRun: true) {
            case .success(let selection): selected.selection = selection
            case .failure(let why) where metric != nil || CurvePoint(parsing: at) == nil:
                throw DashboardError.badRequest(why.reason)
            case .failure: break
            }
            return selected
        }
    }

    /// A result computed from the selected runs (with the selection they are read with), kept
    /// while the database is unchanged: `name` says what is computed and `details` whatever else it
    /// depends on. Pages that ask for the same filter and metric in different words (no metric, or
    /// the metric it defaults to) share it.
    func derived<Result: Sendable>(
        _ name: String, _ details: String..., from data: DashboardData,
        compute: @escaping @Sendable (Selected, MetricSelection) async throws -> Result
    ) async throws -> (selected: Selected, selection: MetricSelection, result: Result)? {
        let selected = try await load(from: data)
        guard let selection = selected.selection else { return nil }
        let result = try await data.derived(key(name, selection: selection, details)) { _ in
            try await compute(selected, selection)
        }
        return (selected, selection, result)
    }

    /// The key of a result named `name` computed from the runs this query selects, read with
    /// `selection`, that also depends on `details`.
    func key(_ name: String, selection: MetricSelection?, _ details: [String]) -> String {
        let goal = goals.all.map { $0 == .maximize ? "max" : "min" } ?? "auto"
        let read =
            selection.map { [$0.metric.description, $0.point.description, $0.goal == .maximize ? "max" : "min"] } ?? [
                metric ?? "", at,
            ]
        let judged = statuses.map { $0.statuses.map(\.rawValue).sorted().joined(separator: ",") } ?? "every status"
        return ([name, whereExpression ?? "", goal, judged] + read + details).joined(separator: Self.separator)
    }

    /// What the request asked for, as a key for results kept between requests.
    private var parametersKey: String {
        [
            whereExpression ?? "", metric ?? "", at, goals.all.map { $0 == .maximize ? "max" : "min" } ?? "auto",
            statuses.map { $0.statuses.map(\.rawValue).sorted().joined(separator: ",") } ?? "every status",
        ].joined(separator: Self.separator)
    }

    private static let separator = "\u{1}"

    /// The filter form: expression, metric, point and goal, plus extra fields (already escaped markup).
    func form(action: String, selection: MetricSelection?, extraFields: String = "") -> String {
        let goal = goals.all.map { $0 == .maximize ? "max" : "min" } ?? "auto"
        let goalOptions = ["auto", "max", "min"].map { "<option\($0 == goal ? " selected" : "")>\($0)</option>" }
            .joined()
        return """
            <form class="filter" method="get" action="\(Markup.escape(action))">
            <label>where <input type="text" name="where" value="\(Markup.escape(whereExpression ?? ""))" placeholder="optim.lr &gt;= 1e-3 and status = completed"></label>
            <label>metric <input type="text" name="metric" size="14" value="\(Markup.escape(metric ?? selection?.metric.description ?? ""))"></label>
            <label>at <input type="text" name="at" size="8" value="\(Markup.escape(at))"></label>
            <label>goal <select name="goal">\(goalOptions)</select></label>
            \(extraFields)<button type="submit">Apply</button>
            </form>

            """
    }

    /// The query string that reproduces this selection, for links (`where=…&metric=…`).
    func queryString(adding extra: [(String, String)] = []) -> String {
        var pairs: [(String, String)] = []
        if let whereExpression { pairs.append(("where", whereExpression)) }
        if let metric { pairs.append(("metric", metric)) }
        if at != "last" { pairs.append(("at", at)) }
        if let all = goals.all { pairs.append(("goal", all == .maximize ? "max" : "min")) }
        return (pairs + extra).map { "\(AccessPolicy.encode($0.0))=\(AccessPolicy.encode($0.1))" }.joined(
            separator: "&")
    }
}
