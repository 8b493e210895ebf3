import Foundation
import Hyperscope
import TestSupport
import Testing

/// Exports stay one value per value: a hostile name cannot add a key (a `preflight` that would run a
/// command on the next search), and hostile study names are refused before they name a folder.
@Suite("Exports cannot inject")
struct ExportInjectionTests {
    static let hostile = "evil\npreflight: [[touch, PWN]]\n#"

    @Test("report --export of a results file with a hostile name reads back with the same name and no preflight")
    func hostileFileName() throws {
        let cli = CLI(workingDirectory: try TestSupport.scratchFolder("export-injection"))
        let source = try String(
            contentsOfFile: TestSupport.fixture("logs/tables/sampler_bench_results.json"), encoding: .utf8)
        let file = try TestSupport.write(source, to: Self.hostile + ".json", in: cli.workingDirectory)
        let exported = try cli.run(["report", file.path, "--export", "best.yaml"])
        #expect(exported.status == 0, "\(exported.stderr)")
        let path = cli.workingDirectory.appendingPathComponent("best.yaml").path
        let text = try String(contentsOfFile: path, encoding: .utf8)
        #expect(!text.contains("\npreflight:"), "\(text)")
        let configuration = try SearchConfigurationFile.load(path: path)
        #expect(configuration.preflight.isEmpty)
        #expect(configuration.resolved["results"]?["study"] == .string(Self.hostile + ".json"))
        // The study it would create has the hostile name: the search refuses it before running anything.
        let search = try cli.run(["search", "--config", path, "--", "touch", "PWN"])
        #expect(search.status != 0)
        #expect(search.stderr.contains("control characters"), "\(search.stderr)")
        #expect(!FileManager.default.fileExists(atPath: cli.workingDirectory.appendingPathComponent("PWN").path))
    }

    @Test(
        "--study names that leave the runs folder or hold a line break are refused before anything runs",
        arguments: ["../../escaped", "a/b", "x\ny"])
    func hostileStudyNames(name: String) throws {
        let cli = CLI(workingDirectory: try TestSupport.scratchFolder("study-names"))
        let path = try SearchCommandTests.config(
            cli.workingDirectory,
            """
            objective:
              command: [touch, ran]
              metric: val/score
            parameters:
              x: {low: 0.0, high: 1.0}
            trials: 1
            """)
        let result = try cli.run(["search", "--config", path, "--study", name])
        #expect(result.status != 0)
        #expect(result.stderr.contains("a study name cannot"), "\(result.stderr)")
        #expect(!FileManager.default.fileExists(atPath: cli.workingDirectory.appendingPathComponent("ran").path))
        #expect(
            !FileManager.default.fileExists(
                atPath: cli.workingDirectory.deletingLastPathComponent().appendingPathComponent("escaped").path))
    }
}

@Suite("Table exports keep each value one value")
struct TableExportTests {
    static let hostile = [
        "a,b", "quote \" inside", "line\nbreak", "cr\r\nlf", "pipe | cell", "<script>alert(1)</script>", "=cmd()",
        " lead",
    ]

    @Test("a CSV export reads back cell for cell; a Markdown export keeps one cell per value and no markup")
    func readBack() throws {
        let table = TextTable(
            columns: [TextTable.Column("name"), TextTable.Column("value")], rows: Self.hostile.map { [$0, "1"] })
        let parsed = CSVTestReader.records(Array(table.renderCSV().utf8))
        #expect(parsed.first == ["name", "value"])
        #expect(parsed.dropFirst().map { $0[0] } == Self.hostile, "\(parsed)")
        let markdown = table.renderMarkdown()
        let lines = markdown.split(separator: "\n", omittingEmptySubsequences: false).filter { !$0.isEmpty }
        #expect(lines.count == Self.hostile.count + 2, "\(markdown)")
        for line in lines.dropFirst(2) {
            // Every row has its two cells: no `|` or line break in a value split it.
            #expect(line.replacingOccurrences(of: "\\|", with: "").split(separator: "|").count == 2, "\(line)")
        }
        #expect(!markdown.contains("<script"))
    }
}
