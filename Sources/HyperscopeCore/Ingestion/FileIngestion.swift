/// What reading one source file produced, saved by a store in one transaction.
///
/// Saving it replaces the file's runs (matched by key) and its problems, and records how far the
/// file was read, all at once, so an interrupted ingestion never leaves a file half-recorded.
public struct FileIngestion: Sendable {
    /// Which of the file's earlier problems the new ones replace.
    public enum ProblemReplacement: Sendable, Hashable {
        /// The file was read again whole: all its earlier problems go.
        case all
        /// The file was continued from a line: earlier problems from that line on go (a truncated
        /// last line read again, for example), and so do those of the whole file (a configuration
        /// file beside it, an attached artifact), which every reading finds again; the ones of lines
        /// before it stay.
        case fromLine(Int)
    }

    /// How far the file was read.
    public var state: SourceFileState
    /// The runs the file holds now, complete (a continued log's run includes its earlier points).
    public var runs: [Run]
    /// Problems found in this reading.
    public var problems: [IngestProblem]
    /// Which earlier problems these replace.
    public var problemReplacement: ProblemReplacement

    /// Creates an ingestion record.
    public init(state: SourceFileState, runs: [Run], problems: [IngestProblem], problemReplacement: ProblemReplacement)
    {
        self.state = state
        self.runs = runs
        self.problems = problems
        self.problemReplacement = problemReplacement
    }
}

/// What saving one run did.
public enum RunWriteOutcome: Sendable, Hashable {
    /// The run was new; it got this id.
    case inserted(Int64)
    /// A run with the same key existed and was replaced; it kept this id.
    case updated(Int64)
}
