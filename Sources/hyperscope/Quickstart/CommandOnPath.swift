import Foundation
import Hyperscope

/// Whether a new user can type `hyperscope` as the hints say, and how to make it so.
enum CommandOnPath {
    /// How to put this program on the `PATH`, or `nil` when a `hyperscope` is already found there.
    ///
    /// After `swift run hyperscope quickstart` the program lives in the package's `.build/debug/`,
    /// which no shell searches: the hint names that folder, and the release build to use instead.
    static func hint(environment: [String: String] = ProcessInfo.processInfo.environment) -> String? {
        let folders = (environment["PATH"] ?? "").split(separator: ":").map(String.init)
        let manager = FileManager.default
        if folders.contains(where: {
            manager.isExecutableFile(atPath: URL(fileURLWithPath: $0).appendingPathComponent("hyperscope").path)
        }) {
            return nil
        }
        let folder = URL(fileURLWithPath: TrialRunner.currentExecutable).deletingLastPathComponent().path
        var text = "`hyperscope` is not on your PATH yet, so the commands above need it first. In this shell:\n"
        text += "  export PATH=\"\(folder):$PATH\"\n"
        if let range = folder.range(of: "/.build/") {
            let package = String(folder[..<range.lowerBound])
            text += "or build a fast release binary once and put it on your PATH (the README's install step):\n"
            text +=
                "  swift build -c release --package-path \(package) && export PATH=\"\(package)/.build/release:$PATH\"\n"
        }
        return text + "or type `swift run hyperscope …` in place of `hyperscope …`."
    }
}
