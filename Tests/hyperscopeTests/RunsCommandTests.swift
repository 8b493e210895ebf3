import Foundation
import HyperscopeCore
import TestSupport
import Testing

@Suite("hyperscope runs")
struct RunsCommandTests {
    @Test("--format json streams the listing: the same text to standard output and to --output, a list of every run")
    func streamedJSON() throws {
        let folder = try TestSupport.scratchFolder("runs-json")
        for (index, lr) in [0.1, 0.01, 0.001].enumerated() {
            try TestSupport.write(
                """
                {"event": "config", "params": {"lr": \(lr), "name": "run \\"\(index)\\""}}
                {"event": "metrics", "split": "val", "epoch": 1, "acc": 0.\(index + 5)}

                """, to: "run\(index).jsonl", in: folder.appendingPathComponent("logs"))
        }
        let cli = CLI(workingDirectory: folder)
        #expect(try cli.run(["ingest", "logs"]).status == 0)
        let printed = try cli.run(["runs", "--format", "json"])
        #expect(printed.status == 0, "\(printed.stderr)")
        let written = try cli.run(["runs", "--format", "json", "--output", "runs.json"])
        #expect(written.status == 0, "\(written.stderr)")
        let file = try String(contentsOf: folder.appendingPathComponent("runs.json"), encoding: .utf8)
        #expect(file == printed.stdout)
        guard case .list(let runs) = try JSONParser.parse(file) else {
            Issue.record("not a list")
            return
        }
        #expect(runs.count == 3 && runs.allSatisfy { $0["params"]?["lr"] != nil })
        // Tables are written out in pieces too: the listing and a sweep with its footer read the
        // same in a file as on standard output, and end with a line break.
        for arguments in [["runs"], ["sweep", "--metric", "val/acc"]] {
            let shown = try cli.run(arguments)
            #expect(shown.status == 0 && shown.stdout.hasSuffix("\n"), "\(shown.stderr)")
            #expect(try cli.run(arguments + ["--output", "table.txt"]).status == 0)
            let text = try String(contentsOf: folder.appendingPathComponent("table.txt"), encoding: .utf8)
            #expect(text == shown.stdout || text + "\n" == shown.stdout, "\(arguments)")
        }
    }
}
