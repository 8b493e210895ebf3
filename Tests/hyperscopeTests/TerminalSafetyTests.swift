import Foundation
import HyperscopeCore
import TestSupport
import Testing

/// What reaches a terminal: control characters from files shown as escapes, and hints that a shell
/// runs as shown.
@Suite("Terminals and shells")
struct TerminalSafetyTests {
    @Test("an escape sequence in a run's name, keys, values and messages never reaches the terminal raw")
    func escapeSequences() throws {
        let cli = CLI(workingDirectory: try TestSupport.scratchFolder("terminal"))
        let esc = #"\u001b[31m"#
        let log =
            #"{"event":"config","params":{"opt":"adam\#(esc)red","k\#(esc)ey":1}}"# + "\n"
            + #"{"event":"message","text":"bell\u0007 and \#(esc)colour"}"# + "\n" + #"{"val/acc":0.5}"# + "\n"
            + #"{"event":"end","status":"completed"}"# + "\n"
        let folder = cli.workingDirectory.appendingPathComponent("logs")
        try TestSupport.write(log, to: "run\u{1B}x.jsonl", in: folder)
        try TestSupport.write(log.replacingOccurrences(of: "adam", with: "sgd"), to: "other.jsonl", in: folder)
        for arguments in [
            ["ingest", folder.path], ["runs"], ["show", "other"], ["problems"], ["sweep", "--metric", "val/acc"],
        ] {
            let result = try cli.run(arguments)
            #expect(
                !result.stdout.contains("\u{1B}") && !result.stdout.contains("\u{7}"),
                "\(arguments): \(result.stdout.debugDescription)")
        }
        #expect(try cli.run(["show", "other"]).stdout.contains("\\u{1B}[31m"))
    }

    @Test("the hints after a search quote the study's name so a shell runs them as shown")
    func quotedHints() throws {
        let cli = CLI(workingDirectory: try TestSupport.scratchFolder("hints"))
        let name = "it's a \"study\" $HOME"
        let path = try SearchCommandTests.config(
            cli.workingDirectory,
            """
            objective:
              command: [python3, \(SearchCommandTests.objective), --x, "{x}"]
              metric: val/score
            parameters:
              x: [0.1, 0.2]
            strategy: grid
            """)
        let search = try cli.run(["search", "--config", path, "--study", name])
        #expect(search.status == 0, "\(search.stderr)")
        let hint = try #require(
            search.stdout.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }.first {
                $0.hasPrefix("hyperscope runs ")
            })
        // Run the hint through a real shell, with `hyperscope` standing for the built binary.
        let shell = Process()
        shell.executableURL = URL(fileURLWithPath: "/bin/sh")
        shell.arguments = ["-c", CLI.executable.path + hint.dropFirst("hyperscope".count) + " --format json"]
        shell.currentDirectoryURL = cli.workingDirectory
        var environment = ProcessInfo.processInfo.environment
        environment["HYPERSCOPE_DB"] = nil
        shell.environment = environment
        let output = Pipe()
        shell.standardOutput = output
        try shell.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        shell.waitUntilExit()
        #expect(shell.terminationStatus == 0, "\(hint)")
        guard case .list(let runs) = try JSONParser.parse(String(decoding: data, as: UTF8.self)) else {
            Issue.record("no runs from \(hint)")
            return
        }
        #expect(runs.count == 2, "\(hint)")
    }
}
