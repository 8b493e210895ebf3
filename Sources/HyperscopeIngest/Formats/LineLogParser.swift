import HyperscopeCore

/// When a line-based log is finished reading: what the parser needs to settle the run's status.
struct LogFinishContext {
    /// The file's modification time, in seconds since 1970.
    var modifiedAt: Double
    /// The current time, in seconds since 1970.
    var now: Double
    /// How recently a log without an end must have been written to count as still running.
    var runningWindowSeconds: Double

    /// Whether a log without an end record still looks alive.
    var looksAlive: Bool { runningWindowSeconds > 0 && now - modifiedAt <= runningWindowSeconds }
}

/// A format whose records are JSON objects, one per line, making at most one run per file.
///
/// The shared reading loop (``LineLogReading``) splits lines, parses JSON and reports malformed
/// lines; a conforming parser only interprets well-formed objects. A parser can be resumed from a
/// stored run, so a log that grew is continued instead of read again.
protocol LineLogParser {
    /// Creates a parser that continues `run` (a new, empty run when the file is read for the first time).
    init(run: Run)

    /// Reads a line on a fast path that skips building a ``Value``, when the line is simple enough,
    /// recording anything wrong in `problems` as ``consume(_:line:problems:)`` would.
    ///
    /// - Returns: Whether the line was read; `false` hands it to ``consume(_:line:problems:)``.
    mutating func consumeFast(_ bytes: UnsafeRawBufferPointer, line: Int, problems: inout [IngestProblem]) -> Bool

    /// Interprets one well-formed JSON object of line `line`, recording anything wrong in `problems`.
    mutating func consume(_ fields: [Value.Field], line: Int, problems: inout [IngestProblem])

    /// The run as read so far with its status settled, or `nil` when the file held no run.
    mutating func finish(context: LogFinishContext, linesRead: Int, problems: inout [IngestProblem]) -> Run?
}

extension LineLogParser {
    /// No fast path: every line is parsed whole.
    mutating func consumeFast(_ bytes: UnsafeRawBufferPointer, line: Int, problems: inout [IngestProblem]) -> Bool {
        false
    }

    /// A problem about `line` of the run's source.
    static func problem(_ reason: String, line: Int?, in run: Run) -> IngestProblem {
        IngestProblem(file: run.source, line: line, reason: reason)
    }
}

/// Reads a line-based log with a ``LineLogParser``.
enum LineLogReading {
    /// Reads `run.source` from the state's offset, feeding each JSON object to a parser of type `Parser`.
    ///
    /// Malformed lines, overlong lines, non-object lines and a truncated last line become problems;
    /// the good lines are read all the same.
    ///
    /// - Returns: The run (or `nil`), the problems, and how far the file was read.
    /// - Throws: ``SourceReadError`` when the file cannot be read at all.
    static func read<Parser: LineLogParser>(
        _ parserType: Parser.Type, resuming run: Run, from offset: Int64, firstLineNumber: Int,
        maximumLineBytes: Int, finish context: LogFinishContext
    ) throws(SourceReadError) -> (run: Run?, problems: [IngestProblem], progress: LineReadProgress) {
        var parser = Parser(run: run)
        var problems: [IngestProblem] = []
        var lastLineSeen = firstLineNumber - 1
        let path = run.source
        let progress = try LineReader.read(
            path: path, from: offset, firstLineNumber: firstLineNumber, maximumLineBytes: maximumLineBytes
        ) { event in
            switch event {
            case .overlong(let number, _): lastLineSeen = number
            case .line(let line): lastLineSeen = line.number
            }
            switch event {
            case .overlong(let number, let length):
                problems.append(
                    IngestProblem(
                        file: path, line: number,
                        reason: "line of \(length) bytes is longer than the limit of \(maximumLineBytes) bytes; skipped"
                    ))
                return true
            case .line(let line):
                // A byte-order mark before the first line is not part of the log.
                let skipped = line.number == 1 ? SourceFile.byteOrderMarkLength(line.bytes) : 0
                let bytes = skipped == 0 ? line.bytes : UnsafeRawBufferPointer(rebasing: line.bytes[skipped...])
                if parser.consumeFast(bytes, line: line.number, problems: &problems) { return true }
                if isBlank(bytes) { return line.isTerminated }
                let value: Value
                do throws(JSONSyntaxError) {
                    value = try JSONParser.parse(bytes)
                } catch {
                    let reason =
                        line.isTerminated
                        ? "malformed JSON: \(error.reason)"
                        : "truncated last line (no line break at the end of the file): \(error.reason)"
                    problems.append(IngestProblem(file: path, line: line.number, column: error.column, reason: reason))
                    return false
                }
                guard case .object(let fields) = value else {
                    problems.append(
                        IngestProblem(
                            file: path, line: line.number, reason: "expected a JSON object, found a \(value.typeName)"))
                    return true
                }
                parser.consume(fields, line: line.number, problems: &problems)
                return true
            }
        }
        // A line handed over but not consumed (an unterminated last line that does not parse) still
        // counts as read: a file holding only such a line is not empty.
        let linesRead = max(progress.consumedLines, lastLineSeen)
        let finished = parser.finish(context: context, linesRead: linesRead, problems: &problems)
        return (finished, problems, progress)
    }

    private static func isBlank(_ bytes: UnsafeRawBufferPointer) -> Bool {
        bytes.allSatisfy { $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }
    }
}
