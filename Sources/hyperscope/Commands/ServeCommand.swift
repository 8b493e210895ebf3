import ArgumentParser
import Foundation
import HyperscopeDashboard

/// `hyperscope serve`: the local web dashboard over the store.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve the web dashboard: studies, plots, runs explorer, insights, comparisons and a JSON API.",
        discussion: """
            The dashboard binds 127.0.0.1 by default. Binding any other address requires --token (or HYPERSCOPE_TOKEN):
            requests then need `Authorization: Bearer TOKEN`, or a visit to any page with ?token=TOKEN, which sets a cookie. \
            Pages are rendered on the server, with inline SVG plots and no JavaScript; pages of a running study reload \
            themselves. GET /api lists the JSON endpoints.
            """)

    @OptionGroup var store: StoreOptions
    @OptionGroup var configuration: ConfigOptions

    @Option(name: .long, help: "The address to bind.")
    var host: String = "127.0.0.1"

    @Option(name: .long, help: "The port to bind (0 picks a free one).")
    var port: Int = 8080

    @Option(
        name: .long,
        help: ArgumentHelp("The token every request must carry (default: $HYPERSCOPE_TOKEN).", valueName: "token"))
    var token: String?

    @Option(name: .long, help: "Seconds between reloads of a running study's pages.")
    var refresh: Int = 5

    func validate() throws {
        if !(0...65_535).contains(port) { throw ValidationError("--port must be from 0 to 65535") }
        if refresh < 1 { throw ValidationError("--refresh must be at least 1 second") }
        if let token = resolvedToken,
            token.contains(where: { !($0.isLetter || $0.isNumber || "-._~".contains($0)) || !$0.isASCII })
        {
            throw ValidationError(
                "--token may hold letters, digits and - . _ ~ only (it travels in a cookie and a URL)")
        }
    }

    private var resolvedToken: String? {
        let value = token ?? ProcessInfo.processInfo.environment["HYPERSCOPE_TOKEN"]
        return value?.isEmpty == false ? value : nil
    }

    func run() async throws {
        AllocatorTuning.keepFreedMemory()
        let settings = try configuration.settings()
        let database = try store.openStore()
        let dashboard = Dashboard(
            data: DashboardData(store: database, databasePath: store.databasePath),
            access: AccessPolicy(token: resolvedToken), settings: settings,
            refreshSeconds: refresh)
        let server = try DashboardServer(dashboard: dashboard, host: host, port: port)
        let host = self.host
        let token = resolvedToken
        let databasePath = store.databasePath
        do {
            try await server.run { port in
                let shownHost = host.contains(":") ? "[\(host)]" : host
                let address = "http://\(shownHost):\(port)/" + (token.map { "?token=\($0)" } ?? "")
                print("Dashboard of \(databasePath) at \(address)  (Ctrl-C stops it)")
                fflush(nil)
                Task.detached(priority: .utility) {
                    let started = Date()
                    let runs = await dashboard.warmUp()
                    print(
                        "Ready: \(NumberFormatting.grouped(runs)) runs in memory and the first pages computed in \(String(format: "%.1f", Date().timeIntervalSince(started))) s"
                    )
                    fflush(nil)
                    // The curves, for the pages that draw them, read while nobody waits.
                    await dashboard.prefetchCurves()
                }
            }
        } catch {
            throw CommandFailure("cannot serve on \(host):\(port): \(error)")
        }
    }
}
