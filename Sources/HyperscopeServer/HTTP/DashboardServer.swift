import HTTPTypes
import Hummingbird
import Logging

/// Serves a ``Dashboard`` over HTTP with Hummingbird: every request becomes a ``DashboardRequest``
/// and every answer an HTTP response. No file is served from disk; pages and plots are generated.
public struct DashboardServer: Sendable {
    /// The dashboard answered.
    public let dashboard: Dashboard
    /// The address to bind.
    public let host: String
    /// The port to bind (0 picks a free one).
    public let port: Int

    /// Creates a server.
    ///
    /// - Throws: ``DashboardError`` when `host` is not a loopback address and the dashboard has no token.
    public init(dashboard: Dashboard, host: String = "127.0.0.1", port: Int = 8080) throws {
        guard AccessPolicy.allowsBinding(host: host, token: dashboard.access.token) else {
            throw DashboardError(
                status: 403,
                message:
                    "binding \(host) exposes the dashboard beyond this machine: give --token TOKEN (or bind 127.0.0.1)")
        }
        self.dashboard = dashboard
        self.host = host
        self.port = port
    }

    /// Runs until the process is interrupted (SIGINT or SIGTERM stop it gracefully).
    ///
    /// - Parameter onListening: Called with the bound port once the server accepts connections.
    public func run(onListening: @escaping @Sendable (Int) async -> Void = { _ in }) async throws {
        let dashboard = self.dashboard
        let responder = CallbackResponder<BasicRequestContext> { request, _ in
            var headers: [String: String] = [:]
            for field in request.headers { headers[field.name.canonicalName] = field.value }
            let target = request.uri.path + (request.uri.query.map { "?" + $0 } ?? "")
            let answer = await dashboard.respond(
                to: DashboardRequest(method: request.method.rawValue, target: target, headers: headers))
            var fields = HTTPFields()
            fields[.contentType] = answer.contentType
            for (name, value) in answer.headers {
                if let field = HTTPField.Name(name) { fields[field] = value }
            }
            let body = request.method == .head ? ByteBuffer() : ByteBuffer(string: answer.body)
            if request.method == .head { fields[.contentLength] = String(answer.body.utf8.count) }
            return Response(
                status: HTTPResponse.Status(code: answer.status), headers: fields, body: ResponseBody(byteBuffer: body))
        }
        var logger = Logger(label: "hyperscope.serve")
        logger.logLevel = .warning
        let application = Application(
            responder: responder,
            configuration: ApplicationConfiguration(address: .hostname(host, port: port), serverName: "hyperscope"),
            onServerRunning: { channel in await onListening(channel.localAddress?.port ?? 0) }, logger: logger)
        try await application.runService()
    }
}
