/// Commands that must succeed before a search starts, such as a check that a model server is up.
package enum Preflight {
    /// Runs each command in turn.
    ///
    /// - Throws: ``RunnerError`` naming the first command that could not start or failed, with the
    ///   end of what it printed.
    package static func run(_ commands: [[String]], workingDirectory: String) async throws {
        for command in commands {
            let shown = command.joined(separator: " ")
            let captured: ChildProcess.Captured
            do {
                captured = try await ChildProcess.capture(command, workingDirectory: workingDirectory)
            } catch {
                throw RunnerError("preflight `\(shown)`: \(error)")
            }
            guard captured.termination.isSuccess else {
                let printed = (captured.errors.isEmpty ? captured.output : captured.errors).split(separator: "\n")
                    .suffix(5).joined(separator: "\n")
                throw RunnerError(
                    "preflight `\(shown)` failed with \(captured.termination)"
                        + (printed.isEmpty ? "" : ":\n" + printed))
            }
        }
    }
}
