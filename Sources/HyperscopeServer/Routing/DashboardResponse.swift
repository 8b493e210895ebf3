import HyperscopeCore

/// The dashboard's answer to a request: a status, a content type, extra headers and the body.
package struct DashboardResponse: Sendable, Hashable {
    /// The HTTP status code.
    package var status: Int
    /// The `Content-Type`.
    package var contentType: String
    /// Other headers (`Location`, `Set-Cookie`, `Cache-Control`).
    package var headers: [String: String]
    /// The body.
    package var body: String

    /// Creates a response.
    package init(status: Int = 200, contentType: String, headers: [String: String] = [:], body: String) {
        self.status = status
        self.contentType = contentType
        self.headers = headers
        self.body = body
    }

    /// An HTML page.
    package static func html(_ body: String, status: Int = 200) -> DashboardResponse {
        DashboardResponse(status: status, contentType: "text/html; charset=utf-8", body: body)
    }

    /// A JSON document (NaN and the infinities written as `null`).
    package static func json(_ value: Value, status: Int = 200) -> DashboardResponse {
        DashboardResponse(
            status: status, contentType: "application/json; charset=utf-8",
            body: JSONWriter(pretty: true, nonFiniteNumbers: .null).string(from: value) + "\n")
    }

    /// `{"success": false, "error": message}` with a status.
    package static func jsonError(_ message: String, status: Int) -> DashboardResponse {
        json(.object([Value.Field("success", .bool(false)), Value.Field("error", .string(message))]), status: status)
    }

    /// A redirect (303 See Other) to a path on this server.
    package static func redirect(to location: String, headers: [String: String] = [:]) -> DashboardResponse {
        var all = headers
        all["Location"] = location
        return DashboardResponse(
            status: 303, contentType: "text/plain; charset=utf-8", headers: all, body: "See \(location)\n")
    }
}

/// Why a request cannot be answered: a status and a message for the user.
public struct DashboardError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The HTTP status code (400, 401, 404).
    public var status: Int
    /// What went wrong.
    public var message: String

    /// A 400: a query parameter is missing or malformed.
    public static func badRequest(_ message: String) -> DashboardError { DashboardError(status: 400, message: message) }
    /// A 404: no such page, study or trial.
    public static func notFound(_ message: String) -> DashboardError { DashboardError(status: 404, message: message) }

    /// The message.
    public var description: String { message }

    /// The code of the status: ``ErrorCode/badRequest``, ``ErrorCode/unauthorized``,
    /// ``ErrorCode/notFound``, or ``ErrorCode/refused`` for any other.
    public var code: ErrorCode<DashboardError> {
        switch status {
        case 400: .badRequest
        case 401: .unauthorized
        case 404: .notFound
        default: .refused
        }
    }
}

extension ErrorCode where Domain == DashboardError {
    /// A query parameter is missing or malformed.
    public static var badRequest: Self { Self("dashboard-bad-request") }
    /// The request lacks the dashboard's token.
    public static var unauthorized: Self { Self("dashboard-unauthorized") }
    /// No such page, study, trial or run.
    public static var notFound: Self { Self("dashboard-not-found") }
    /// The dashboard refuses the request or the setting (another status).
    public static var refused: Self { Self("dashboard-refused") }
}
