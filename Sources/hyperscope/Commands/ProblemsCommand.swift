import ArgumentParser
import Hyperscope

/// `hyperscope problems`: every ingestion problem stored, with its file and line.
struct ProblemsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "problems",
        abstract: "List the problems found while ingesting: malformed lines, truncated or unreadable files.")

    @OptionGroup var store: StoreOptions
    @OptionGroup var output: OutputOptions

    @Option(name: .long, help: ArgumentHelp("Only problems of files matching this glob.", valueName: "glob"))
    var file: String?

    func run() async throws {
        var problems = try await store.openStore().problems()
        if let file {
            let glob = Glob(file.contains("/") || file.hasPrefix("*") ? file : "*" + file)
            problems = problems.filter { glob.matches($0.file) }
        }
        let table = TextTable(
            columns: [
                TextTable.Column("file"), TextTable.Column("line", alignment: .right),
                TextTable.Column("column", alignment: .right), TextTable.Column("reason"),
            ],
            rows: problems.map {
                [$0.file, $0.line.map(String.init) ?? "", $0.column.map(String.init) ?? "", $0.reason]
            })
        switch output.format {
        case .json:
            try output.emit(
                Output.json(
                    .list(
                        problems.map { problem in
                            .object([
                                Value.Field("file", .string(problem.file)),
                                Value.Field("line", problem.line.map { .int(Int64($0)) } ?? .null),
                                Value.Field("column", problem.column.map { .int(Int64($0)) } ?? .null),
                                Value.Field("reason", .string(problem.reason)),
                            ])
                        })))
        case .csv: try output.emit(table.renderCSV())
        case .markdown: try output.emit(table.renderMarkdown())
        case .table:
            try output.emit(
                problems.isEmpty
                    ? "No ingestion problems.\n"
                    : table.renderText(style: output.style)
                        + "\(problems.count) problem\(problems.count == 1 ? "" : "s")\n")
        }
    }
}
