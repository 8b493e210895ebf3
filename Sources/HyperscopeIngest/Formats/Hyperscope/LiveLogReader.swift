import HyperscopeCore

/// Reads a Hyperscope log line by line while the program writing it is still running, such as a
/// search trial's standard output, so its metrics can be watched as they arrive.
///
/// Lines that are not JSON (progress bars, plain prints) are counted, not reported: a child's
/// standard output may mix both. JSON lines are interpreted exactly as ``Ingestion`` would.
package struct LiveLogReader {
    private var parser: HyperscopeLogParser
    private var lineNumber = 0
    private var textLines = 0
    /// Problems found in the JSON lines read so far (wrong types, unknown end statuses, …).
    package private(set) var problems: [IngestProblem] = []

    /// Starts reading into `run` (its key, name, source and parameters are kept).
    package init(run: Run) {
        parser = HyperscopeLogParser(run: run)
    }

    /// Reads one line (without its line break).
    package mutating func read(line: [UInt8]) {
        lineNumber += 1
        let number = lineNumber
        let handled = line.withUnsafeBytes { bytes in parser.consumeFast(bytes, line: number, problems: &problems) }
        if handled { return }
        guard let first = line.first(where: { $0 != 0x20 && $0 != 0x09 }), first == UInt8(ascii: "{"),
            case .object(let fields)? = try? JSONParser.parse(line)
        else {
            if line.contains(where: { $0 != 0x20 && $0 != 0x09 && $0 != 0x0D }) { textLines += 1 }
            return
        }
        parser.consume(fields, line: number, problems: &problems)
    }

    /// The curve of `key` as read so far.
    package func curve(_ key: MetricKey) -> MetricCurve? {
        parser.curve(key)
    }

    /// The run as read, with the number of non-JSON lines in its `stdout.text_lines` attribute.
    ///
    /// Its status is what the log said (`completed` after an end record, else `incomplete`); the
    /// caller, who knows how the program exited, may settle it otherwise.
    package mutating func finish() -> Run? {
        var problems = self.problems
        let context = LogFinishContext(modifiedAt: 0, now: 0, runningWindowSeconds: 0)
        var run = parser.finish(context: context, linesRead: lineNumber, problems: &problems)
        if textLines > 0 { run?.attributes["stdout.text_lines"] = .int(Int64(textLines)) }
        self.problems = problems
        return run
    }
}
