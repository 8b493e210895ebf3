/// Something in a source that could not be read as intended, kept so that nothing is dropped silently.
///
/// Problems are stored beside the runs, shown in the ingestion summary and listed by
/// `hyperscope problems`. The good parts of a damaged file are ingested all the same.
public struct IngestProblem: Sendable, Hashable, CustomStringConvertible {
    /// The file, as an absolute path in storage; summaries show it relative to the path the user gave.
    public var file: String
    /// The 1-based line, when the problem is on one line; `nil` for whole-file problems.
    public var line: Int?
    /// The 1-based byte column within the line, when known.
    public var column: Int?
    /// What is wrong and what was expected.
    public var reason: String

    /// Creates a problem record.
    public init(file: String, line: Int? = nil, column: Int? = nil, reason: String) {
        self.file = file
        self.line = line
        self.column = column
        self.reason = reason
    }

    /// `file:line:column: reason`, leaving out what is unknown.
    public var description: String {
        var location = file
        if let line { location += ":\(line)" }
        if let line, line > 0, let column { location += ":\(column)" }
        return location + ": " + reason
    }
}
