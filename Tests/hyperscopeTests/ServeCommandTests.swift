import Foundation
import HyperscopeCore
import TestSupport
import Testing

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// `hyperscope serve` end to end: the real binary on a loopback port, asked over HTTP.
@Suite("hyperscope serve")
struct ServeCommandTests {
    /// Starts `hyperscope serve --port 0` and returns the process and the address it printed.
    static func start(_ arguments: [String], in folder: URL) async throws -> (Process, String) {
        let output = Pipe()
        let process = try SearchCommandTests.launch(["serve", "--port", "0"] + arguments, in: folder, output: output)
        var printed = ""
        let deadline = Date().addingTimeInterval(60)
        while !printed.contains("\n"), Date() < deadline, process.isRunning {
            let chunk = output.fileHandleForReading.availableData
            if chunk.isEmpty {
                try await Task.sleep(for: .milliseconds(20))
            } else {
                printed += String(decoding: chunk, as: UTF8.self)
            }
        }
        guard let range = printed.range(of: "http://[^ ]+", options: .regularExpression) else {
            SearchCommandTests.killAndReap(process)
            throw CLIError(message: "no address printed: \(printed)")
        }
        return (process, String(printed[range]))
    }

    struct CLIError: Error { var message: String }

    static func get(_ url: String, headers: [String: String] = [:]) async throws -> (Int, String, [AnyHashable: Any]) {
        var request = URLRequest(url: URL(string: url)!)
        for (name, value) in headers { request.setValue(value, forHTTPHeaderField: name) }
        let (data, response) = try await URLSession.shared.data(for: request)
        let http = response as! HTTPURLResponse
        return (http.statusCode, String(decoding: data, as: UTF8.self), http.allHeaderFields)
    }

    @Test("serves the pages and the API on a loopback port and stops cleanly on SIGTERM; another address needs --token")
    func serve() async throws {
        let cli = CLI(workingDirectory: try TestSupport.scratchFolder("serve"))
        #expect(try cli.run(["ingest", TestSupport.fixture("logs/hyperscope")]).status == 0)
        let (process, address) = try await Self.start([], in: cli.workingDirectory)
        defer { if process.isRunning { SearchCommandTests.killAndReap(process) } }
        #expect(address.hasPrefix("http://127.0.0.1:"))
        let (status, home, headers) = try await Self.get(address)
        #expect(status == 200)
        #expect(home.contains("<h2>Run collections</h2>"))
        #expect((headers["Content-Type"] as? String)?.hasPrefix("text/html") == true)
        let (apiStatus, api, _) = try await Self.get(address + "api/runs?limit=1")
        #expect(apiStatus == 200)
        #expect(try JSONParser.parse(api)["success"] == .bool(true))
        let (missing, _, _) = try await Self.get(address + "no/such/page")
        #expect(missing == 404)
        kill(process.processIdentifier, SIGTERM)
        #expect(SearchCommandTests.exitStatus(of: process) == 0)

        let exposed = try cli.run(["serve", "--host", "0.0.0.0", "--port", "0"])
        #expect(exposed.status == 1)
        #expect(exposed.stderr.contains("give --token TOKEN"), "\(exposed.stderr)")
        let (guarded, guardedAddress) = try await Self.start(
            ["--host", "0.0.0.0", "--token", "t0ken"], in: cli.workingDirectory)
        defer { if guarded.isRunning { SearchCommandTests.killAndReap(guarded) } }
        #expect(guardedAddress.hasSuffix("/?token=t0ken"))
        let base = guardedAddress.replacingOccurrences(of: "0.0.0.0", with: "127.0.0.1").replacingOccurrences(
            of: "?token=t0ken", with: "")
        #expect(try await Self.get(base + "api/studies").0 == 401)
        #expect(try await Self.get(base + "api/studies", headers: ["Authorization": "Bearer t0ken"]).0 == 200)
        kill(guarded.processIdentifier, SIGTERM)
        #expect(SearchCommandTests.exitStatus(of: guarded) == 0)
    }
}
