import Foundation

/// One request to the dashboard, independent of the HTTP server that received it: the method, the
/// decoded path segments, the query parameters and the headers that matter.
package struct DashboardRequest: Sendable, Hashable {
    /// `GET`, `HEAD`, `POST`, …
    package var method: String
    /// The path's segments, percent-decoded (`/studies/my%20study` → `["studies", "my study"]`).
    package var segments: [String]
    /// The query parameters, percent-decoded with `+` as a space; the first value of a repeated name wins.
    package var query: [String: String]
    /// The headers, by lowercased name.
    package var headers: [String: String]

    /// A request from its parts; `target` is the path with its optional `?query`.
    package init(method: String = "GET", target: String, headers: [String: String] = [:]) {
        self.method = method.uppercased()
        let parts = target.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false)
        segments = parts[0].split(separator: "/").map { Self.decode(String($0), plusIsSpace: false) }
        var query: [String: String] = [:]
        if parts.count > 1 {
            for pair in parts[1].split(separator: "&") where !pair.isEmpty {
                let sides = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
                let name = Self.decode(String(sides[0]), plusIsSpace: true)
                if query[name] == nil {
                    query[name] = sides.count > 1 ? Self.decode(String(sides[1]), plusIsSpace: true) : ""
                }
            }
        }
        self.query = query
        self.headers = Dictionary(
            headers.map { ($0.key.lowercased(), $0.value) }, uniquingKeysWith: { first, _ in first })
    }

    /// The path as `/a/b`.
    package var path: String { "/" + segments.joined(separator: "/") }

    /// Whether the request is for the JSON API.
    package var isAPI: Bool { segments.first == "api" }

    /// A query parameter with surrounding spaces removed; `nil` when absent or empty.
    package func parameter(_ name: String) -> String? {
        guard let value = query[name]?.trimmingCharacters(in: .whitespaces), !value.isEmpty else { return nil }
        return value
    }

    /// An integer query parameter within `range`, or `fallback` when absent.
    ///
    /// - Throws: ``DashboardError`` (400) naming the parameter when it is not such an integer.
    package func integer(_ name: String, in range: ClosedRange<Int>, default fallback: Int) throws -> Int {
        guard let text = parameter(name) else { return fallback }
        guard let value = Int(text), range.contains(value) else {
            throw DashboardError.badRequest(
                "query parameter '\(name)' must be an integer from \(range.lowerBound) to \(range.upperBound), got '\(text)'"
            )
        }
        return value
    }

    /// A query parameter that must be one of `choices`, or `fallback` when absent.
    ///
    /// - Throws: ``DashboardError`` (400) listing the choices.
    package func choice(_ name: String, of choices: [String], default fallback: String) throws -> String {
        guard let text = parameter(name) else { return fallback }
        guard choices.contains(text) else {
            throw DashboardError.badRequest(
                "query parameter '\(name)' must be one of \(choices.joined(separator: ", ")), got '\(text)'")
        }
        return text
    }

    /// The value of a cookie sent with the request.
    package func cookie(_ name: String) -> String? {
        guard let header = headers["cookie"] else { return nil }
        for part in header.split(separator: ";") {
            let pair = part.trimmingCharacters(in: .whitespaces).split(separator: "=", maxSplits: 1)
            if pair.count == 2, pair[0] == name { return String(pair[1]) }
        }
        return nil
    }

    private static func decode(_ text: String, plusIsSpace: Bool) -> String {
        let spaced = plusIsSpace ? text.replacingOccurrences(of: "+", with: " ") : text
        return spaced.removingPercentEncoding ?? spaced
    }
}
