import HyperscopeCore

/// Renders an ingestion summary for people and as JSON for scripts.
public enum IngestSummaryRendering {
    /// How many problems the text summary lists before pointing to `hyperscope problems`.
    public static let problemsListed = 20

    /// The JSON summary: `files_seen`, `files_read` (new), `files_continued`, `files_replaced`,
    /// `files_unchanged`, `files_unreadable`, `files_passed_over`, `runs_ingested`, `runs_updated`, `runs_unchanged`,
    /// `bytes_read`,
    /// `seconds`, `mb_per_s`, `problems` (`{file, line, column, reason}`, `file` relative to the PATH
    /// given), `missing_paths` and `database`.
    public static func json(_ summary: IngestSummary, database: String) -> Value {
        .object([
            Value.Field("files_seen", .int(Int64(summary.filesSeen))),
            Value.Field("files_read", .int(Int64(summary.filesRead))),
            Value.Field("files_continued", .int(Int64(summary.filesContinued))),
            Value.Field("files_replaced", .int(Int64(summary.filesReplaced))),
            Value.Field("files_unchanged", .int(Int64(summary.filesUnchanged))),
            Value.Field("files_unreadable", .int(Int64(summary.filesUnreadable))),
            Value.Field(
                "files_passed_over",
                .list(
                    summary.passedOver.map { file in
                        .object([Value.Field("file", .string(file.file)), Value.Field("reason", .string(file.reason))])
                    })),
            Value.Field("runs_ingested", .int(Int64(summary.runsIngested))),
            Value.Field("runs_updated", .int(Int64(summary.runsUpdated))),
            Value.Field("runs_unchanged", .int(Int64(summary.runsUnchanged))),
            Value.Field("bytes_read", .int(summary.bytesRead)),
            Value.Field("seconds", .float(summary.seconds)),
            Value.Field("mb_per_s", .float(summary.megabytesPerSecond)),
            Value.Field(
                "problems",
                .list(
                    summary.problems.map { shown in
                        .object([
                            Value.Field("file", .string(shown.file)),
                            Value.Field("line", shown.problem.line.map { .int(Int64($0)) } ?? .null),
                            Value.Field("column", shown.problem.column.map { .int(Int64($0)) } ?? .null),
                            Value.Field("reason", .string(shown.problem.reason)),
                        ])
                    })),
            Value.Field("missing_paths", .list(summary.missingPaths.map(Value.string))),
            Value.Field("database", .string(database)),
        ])
    }

    /// The text summary: counts, speed, and the first problems with their locations (passed-over
    /// files among them).
    public static func text(_ summary: IngestSummary, database: String, style: TerminalStyle) -> String {
        let megabytes = Double(summary.bytesRead) / 1e6
        let headline =
            "Read \(NumberFormatting.grouped(summary.filesIngested)) of \(NumberFormatting.grouped(summary.filesSeen)) files"
        var output = style.bold(headline) + " into \(database)"
        output +=
            " · \(NumberFormatting.fixed(megabytes, decimals: 1)) MB in \(NumberFormatting.duration(summary.seconds))"
        if summary.bytesRead > 0 {
            output += " (\(NumberFormatting.fixed(summary.megabytesPerSecond, decimals: 1)) MB/s)"
        }
        output += "\n"
        var files = [
            "\(summary.filesRead) new", "\(summary.filesContinued) continued", "\(summary.filesReplaced) replaced",
            "\(summary.filesUnchanged) unchanged",
        ]
        if summary.filesUnreadable > 0 { files.append("\(summary.filesUnreadable) unreadable") }
        if !summary.passedOver.isEmpty { files.append("\(summary.passedOver.count) passed over") }
        output += "  files: " + files.joined(separator: ", ") + "\n"
        output +=
            "  runs:  \(style.green(String(summary.runsIngested))) new, \(summary.runsUpdated) updated, \(summary.runsUnchanged) unchanged\n"
        if summary.problems.isEmpty {
            output += "  problems: none\n"
        } else {
            output += style.yellow("  problems: \(summary.problems.count)") + "\n"
            for shown in summary.problems.prefix(problemsListed) {
                var location = shown.file
                if let line = shown.problem.line { location += ":\(line)" }
                output +=
                    "    \(location.escapingControlCharacters): \(shown.problem.reason.escapingControlCharacters)\n"
            }
            if summary.problems.count > problemsListed {
                output +=
                    "    … and \(summary.problems.count - problemsListed) more: `hyperscope problems` lists them all\n"
            }
        }
        for missing in summary.missingPaths {
            output += style.red("  no such file or folder: \(missing.escapingControlCharacters)") + "\n"
        }
        return output
    }
}
