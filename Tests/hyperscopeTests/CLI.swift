import Foundation
import HyperscopeCore
import TestSupport

/// Runs the built `hyperscope` executable as a user would, and captures what it prints.
struct CLI {
    /// What one invocation did.
    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String

        /// The standard output parsed as JSON.
        func json() throws -> Value {
            try JSONParser.parse(stdout)
        }
    }

    /// The folder commands run in; the default database lands in its `.hyperscope/`.
    var workingDirectory: URL
    /// A program and its arguments that start `hyperscope` (`setpriv --reuid=…` to run it as another
    /// user); empty to start it directly.
    var launcher: [String] = []

    /// The `hyperscope` binary built beside the test bundle.
    static var executable: URL {
        URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().deletingLastPathComponent()
            .appendingPathComponent("hyperscope")
    }

    /// Runs `hyperscope` with arguments and extra environment variables.
    func run(_ arguments: [String], environment: [String: String] = [:]) throws -> Result {
        let process = Process()
        if let program = launcher.first {
            process.executableURL = URL(fileURLWithPath: program)
            process.arguments = Array(launcher.dropFirst()) + [Self.executable.path] + arguments
        } else {
            process.executableURL = Self.executable
            process.arguments = arguments
        }
        process.currentDirectoryURL = workingDirectory
        var merged = ProcessInfo.processInfo.environment
        merged["HYPERSCOPE_DB"] = nil
        merged["NO_COLOR"] = "1"
        for (key, value) in environment { merged[key] = value }
        process.environment = merged
        let output = Pipe()
        let errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        let stdout = output.fileHandleForReading.readDataToEndOfFile()
        let stderr = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Result(
            status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self),
            stderr: String(decoding: stderr, as: UTF8.self))
    }
}
