/// Who may use the dashboard: everyone on a loopback address; with a token, only requests that
/// carry it as `Authorization: Bearer TOKEN` or in the `hyperscope_token` cookie, which a visit with
/// `?token=TOKEN` sets.
public struct AccessPolicy: Sendable, Hashable {
    /// The token requests must carry, or `nil` when none is needed.
    public var token: String?

    /// The cookie that carries the token.
    public static let cookieName = "hyperscope_token"

    /// Creates a policy.
    public init(token: String?) {
        self.token = token
    }

    /// Whether binding `host` is allowed: loopback addresses always, others only with a token.
    public static func allowsBinding(host: String, token: String?) -> Bool {
        isLoopback(host) || !(token ?? "").isEmpty
    }

    /// Whether a host is loopback: an IPv4 address in `127.0.0.0/8`, the IPv6 `::1`, or a name
    /// (`localhost`) every address of which is one of those. `127.example.com` is a name like any
    /// other: it is loopback only if it resolves to loopback addresses alone.
    public static func isLoopback(_ host: String) -> Bool {
        let bare = host.hasPrefix("[") && host.hasSuffix("]") ? String(host.dropFirst().dropLast()) : host
        if let address = IPAddressText(bare) { return address.isLoopback }
        let resolved = IPAddressText.resolve(bare)
        return !resolved.isEmpty && resolved.allSatisfy(\.isLoopback)
    }

    /// The response that stops a request, or `nil` when it may go on: a 401 without the token, or a
    /// redirect that moves a `?token=` into the cookie (so the token leaves the address bar).
    package func check(_ request: DashboardRequest) -> DashboardResponse? {
        guard let token, !token.isEmpty else { return nil }
        if let given = request.query["token"] {
            guard Self.constantTimeEqual(given, token) else { return refusal(request) }
            var rest = request.query
            rest["token"] = nil
            let query = rest.sorted { $0.key < $1.key }.map { "\(Self.encode($0.key))=\(Self.encode($0.value))" }
                .joined(separator: "&")
            let location = request.segments.map(Self.encode).joined(separator: "/")
            return .redirect(
                to: "/" + location + (query.isEmpty ? "" : "?" + query),
                headers: ["Set-Cookie": "\(Self.cookieName)=\(token); Path=/; HttpOnly; SameSite=Strict"])
        }
        if let given = Self.bearerToken(request.headers["authorization"]), Self.constantTimeEqual(given, token) {
            return nil
        }
        if let cookie = request.cookie(Self.cookieName), Self.constantTimeEqual(cookie, token) { return nil }
        return refusal(request)
    }

    /// The token of an `Authorization` header in the bearer scheme, whose name is in any letter case
    /// (RFC 7235): `Bearer T`, `bearer T`, `BEARER  T`.
    static func bearerToken(_ header: String?) -> String? {
        guard let header else { return nil }
        let parts = header.split(separator: " ", maxSplits: 1, omittingEmptySubsequences: true)
        guard parts.count == 2, parts[0].lowercased() == "bearer" else { return nil }
        return parts[1].trimmingCharacters(in: .whitespaces)
    }

    private func refusal(_ request: DashboardRequest) -> DashboardResponse {
        let message =
            "this dashboard needs its token: send Authorization: Bearer TOKEN, or open any page once with ?token=TOKEN"
        var response =
            request.isAPI
            ? DashboardResponse.jsonError(message, status: 401) : .html(Self.refusalPage(message), status: 401)
        response.headers["WWW-Authenticate"] = "Bearer"
        return response
    }

    private static func refusalPage(_ message: String) -> String {
        "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Token needed</title></head><body><h1>Token needed</h1><p>\(message)</p></body></html>\n"
    }

    /// Compares without stopping at the first difference, so timing does not reveal the token.
    static func constantTimeEqual(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8)
        let y = Array(b.utf8)
        var difference = UInt8(x.count == y.count ? 0 : 1)
        for index in 0..<max(x.count, y.count) {
            difference |= (index < x.count ? x[index] : 0) ^ (index < y.count ? y[index] : 0)
        }
        return difference == 0
    }

    /// Percent-encodes everything but unreserved characters.
    static func encode(_ text: String) -> String {
        var output = ""
        for byte in text.utf8 {
            let character = Character(UnicodeScalar(byte))
            if byte < 128, character.isLetter || character.isNumber || "-._~".contains(character) {
                output.append(character)
            } else {
                output += "%" + (byte < 16 ? "0" : "") + String(byte, radix: 16, uppercase: true)
            }
        }
        return output
    }
}
