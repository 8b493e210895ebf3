import Foundation

extension ChildProcess {
    /// What a short command printed and how it ended.
    package struct Captured: Sendable {
        /// How it ended.
        package var termination: Termination
        /// Its standard output.
        package var output: String
        /// Its standard error.
        package var errors: String
    }

    /// Runs a short command to its end, capturing what it prints (for preflight checks and git).
    ///
    /// - Throws: ``RunnerError`` when it cannot be started.
    package static func capture(_ arguments: [String], workingDirectory: String?) async throws -> Captured {
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("hyperscope-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratch) }
        let errorsPath = scratch.appendingPathComponent("stderr").path
        let child = try ChildProcess(
            arguments: arguments, environment: ProcessInfo.processInfo.environment, workingDirectory: workingDirectory,
            standardErrorPath: errorsPath)
        var output: [UInt8] = []
        for await line in child.outputLines(copyingTo: scratch.appendingPathComponent("stdout").path) {
            output += line + [0x0A]
        }
        let termination = await child.termination()
        let errors = (try? String(contentsOfFile: errorsPath, encoding: .utf8)) ?? ""
        return Captured(termination: termination, output: String(decoding: output, as: UTF8.self), errors: errors)
    }
}
