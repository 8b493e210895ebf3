import HyperscopeAnalysis
import HyperscopeCore
import HyperscopeReport

/// The dashboard: every page and its JSON twin under `/api`, answered from the store through
/// ``DashboardData``. It knows nothing of HTTP servers: ``DashboardServer`` feeds it requests, and
/// tests call ``respond(to:)`` directly.
///
/// ## Topics
/// - Pages: `/`, `/studies/NAME`, `/studies/NAME/trials/N`, `/runs`, `/insights`, `/compare`
/// - API: `/api` lists every endpoint (the README documents them)
public struct Dashboard: Sendable {
    /// Where the data comes from.
    public let data: DashboardData
    /// Who may ask.
    public let access: AccessPolicy
    /// Names, noise keys and insight categories from the project's configuration.
    public let settings: AnalysisSettings
    /// How often a page of a running study reloads itself, in seconds.
    public let refreshSeconds: Int

    /// Creates the dashboard.
    public init(
        data: DashboardData, access: AccessPolicy = AccessPolicy(token: nil),
        settings: AnalysisSettings = AnalysisSettings(), refreshSeconds: Int = 5
    ) {
        self.data = data
        self.access = access
        self.settings = settings
        self.refreshSeconds = refreshSeconds
    }

    /// The links of the top bar.
    static let navigation = [
        ("Studies", "/"), ("Runs", "/runs"), ("Insights", "/insights"), ("Compare", "/compare"), ("API", "/api"),
    ]

    /// The answer to one request: the page or JSON asked for; for a bad query parameter a 400, for
    /// an unknown path a 404 (an HTML page on a page's route, JSON on the API's); a 401 without the
    /// token when one is required. Every answer carries the same security headers.
    package func respond(to request: DashboardRequest) async -> DashboardResponse {
        if let refusal = access.check(request) { return refusal }
        guard request.method == "GET" || request.method == "HEAD" else {
            return .jsonError("only GET and HEAD are served; \(request.method) is not", status: 405)
        }
        var response: DashboardResponse
        do {
            response = try await route(request)
        } catch let error as DashboardError {
            response =
                request.isAPI
                ? .jsonError(error.message, status: error.status) : errorPage(error.message, status: error.status)
        } catch {
            response =
                request.isAPI
                ? .jsonError("internal error: \(error)", status: 500)
                : errorPage("internal error: \(error)", status: 500)
        }
        response.headers["Cache-Control"] = "no-store"
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Content-Security-Policy"] =
            "default-src 'none'; style-src 'unsafe-inline'; img-src data:; form-action 'self'"
        return response
    }

    /// An error on a page's route, as a page: what went wrong (escaped) and a way back.
    private func errorPage(_ message: String, status: Int) -> DashboardResponse {
        let title = status == 400 ? "Bad request" : status == 404 ? "Not found" : "Error"
        return .html(
            page(title: title, body: "<p>\(Markup.escape(message))</p>\n<p><a href=\"/\">Back to the studies</a></p>"),
            status: status)
    }

    /// Reads the runs and computes what the first pages show (the home page's studies and
    /// collections, the newest studies' reports and plots, and the sweep summary, insights and
    /// importance of all runs under the default metric), so that the first visitor does not wait
    /// for them. Failures are left for the pages to report.
    ///
    /// - Returns: How many runs are in memory.
    @discardableResult
    public func warmUp() async -> Int {
        // The studies' pages and the runs' pages share nothing: each is computed while the other is.
        async let studies: Void = warmUpStudies()
        let request = DashboardRequest(method: "GET", target: "/runs", headers: [:])
        let count = (try? await data.runTable().count) ?? 0
        _ = try? await HomePage(self).collections()
        _ = try? await RunsPage(self, request: request).sweep()
        _ = try? await InsightsPage(self, request: request).analysis(withImportance: true)
        await studies
        return count
    }

    /// Computes the pages of the ``warmedStudies`` newest studies.
    private func warmUpStudies() async {
        for row in (try? await HomePage(self).studyRows().prefix(Self.warmedStudies)) ?? [] {
            let name = row.study.name
            _ = try? await StudyPage(self, name: name).html(
                DashboardRequest(method: "GET", target: "/studies/" + AccessPolicy.encode(name), headers: [:]))
        }
    }

    /// Reads the runs' curves, which the default pages do not need, so that the first request for
    /// learning curves or a point of an axis does not wait for them; meant to run after
    /// ``warmUp()``, at a low priority. A failure is left for the pages to report.
    package func prefetchCurves() async {
        _ = try? await data.derived("curves read") { stored in try await stored.runs().count }
    }

    /// How many of the newest studies ``warmUp()`` computes the pages of.
    static let warmedStudies = 5

    private func route(_ request: DashboardRequest) async throws -> DashboardResponse {
        let path = request.segments
        switch (path.first, path.count) {
        case (nil, 0): return .html(try await HomePage(self).html())
        case ("studies", 2): return .html(try await StudyPage(self, name: path[1]).html(request))
        case ("studies", 4) where path[2] == "trials":
            return .html(try await TrialPage(self, study: path[1], number: try trialNumber(path[3])).html())
        case ("runs", 1): return .html(try await RunsPage(self, request: request).html())
        case ("runs", 2): return .html(try await RunPage(self, id: path[1]).html())
        case ("insights", 1): return .html(try await InsightsPage(self, request: request).html())
        case ("compare", 1): return .html(try await ComparePage(self, request: request).html())
        case ("api", _): return try await api(Array(path.dropFirst()), request)
        default: throw DashboardError.notFound("there is no page at \(request.path)")
        }
    }

    private func api(_ path: [String], _ request: DashboardRequest) async throws -> DashboardResponse {
        switch (path.first, path.count) {
        case (nil, 0): return .json(APIIndex.value)
        case ("studies", 1): return .json(try await HomePage(self).json())
        case ("studies", 2): return .json(try await StudyPage(self, name: path[1]).json(request))
        case ("studies", 4) where path[2] == "trials":
            return .json(try await TrialPage(self, study: path[1], number: try trialNumber(path[3])).json())
        case ("runs", 1): return .json(try await RunsPage(self, request: request).json())
        case ("runs", 2): return .json(try await RunPage(self, id: path[1]).json())
        case ("sweep", 1): return .json(try await RunsPage(self, request: request).sweepJSON())
        case ("curves", 1): return .json(try await RunsPage(self, request: request).curvesJSON())
        case ("insights", 1): return .json(try await InsightsPage(self, request: request).json())
        case ("importance", 1): return .json(try await InsightsPage(self, request: request).importanceJSON())
        case ("experiments", 2) where path[1] == "hyperparameter-analysis":
            return .json(try await InsightsPage(self, request: request).analysisJSON())
        case ("compare", 1): return .json(try await ComparePage(self, request: request).json())
        default: throw DashboardError.notFound("there is no API endpoint at \(request.path); GET /api lists them")
        }
    }

    private func trialNumber(_ text: String) throws -> Int {
        guard let number = Int(text), number >= 0 else {
            throw DashboardError.notFound("'\(text)' is not a trial number")
        }
        return number
    }

    /// A page with the dashboard's navigation.
    func page(title: String, body: String, refreshSeconds: Int? = nil) -> String {
        HTMLPage.document(title: title, body: body, navigation: Self.navigation, refreshSeconds: refreshSeconds)
    }
}
