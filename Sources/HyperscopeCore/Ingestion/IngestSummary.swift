/// What an ingestion did, for the summary a user reads and the JSON a script reads.
public struct IngestSummary: Sendable {
    /// A problem with the file shown relative to the PATH the user gave.
    public struct ShownProblem: Sendable, Hashable {
        /// The file, relative to the PATH given.
        public var file: String
        /// The problem as stored (with the absolute path).
        public var problem: IngestProblem

        package init(file: String, problem: IngestProblem) {
            self.file = file
            self.problem = problem
        }
    }

    /// A file found in a folder but not read, and why.
    public struct PassedOverFile: Sendable, Hashable {
        /// The file, relative to the PATH given.
        public var file: String
        /// Why it was not read.
        public var reason: String

        package init(file: String, reason: String) {
            self.file = file
            self.reason = reason
        }
    }

    /// Candidate files found.
    public var filesSeen = 0
    /// Files read for the first time.
    public var filesRead = 0
    /// Logs that had grown and were continued where the last ingestion stopped.
    public var filesContinued = 0
    /// Files read before that changed other than by growing (rewritten, truncated, replaced, or
    /// asked to be read again), read again from the start with their runs replaced.
    public var filesReplaced = 0
    /// Files that could not be read this time (their problem is listed; runs stored from them
    /// before are kept).
    public var filesUnreadable = 0
    /// Files skipped because their size and modification time had not changed.
    public var filesUnchanged = 0
    /// Files found in folders that are in no format Hyperscope reads.
    public var passedOver: [PassedOverFile] = []
    /// Runs stored for the first time.
    public var runsIngested = 0
    /// Runs stored before and replaced by a newer reading (of a continued or a replaced file).
    public var runsUpdated = 0
    /// Runs of unchanged files.
    public var runsUnchanged = 0
    /// The bytes read.
    public var bytesRead: Int64 = 0
    /// The wall time taken.
    public var seconds = 0.0
    /// The problems of every file seen, new and stored.
    public var problems: [ShownProblem] = []
    /// PATH arguments that do not exist.
    public var missingPaths: [String] = []

    /// Creates an empty summary.
    public init() {}

    /// Files whose runs were read this time: new, continued and replaced.
    public var filesIngested: Int { filesRead + filesContinued + filesReplaced }

    /// Megabytes (10⁶ bytes) read per second.
    public var megabytesPerSecond: Double { seconds > 0 ? Double(bytesRead) / 1e6 / seconds : 0 }
}

/// How far a running ingestion has come, for a progress bar.
public struct IngestProgress: Sendable {
    /// Files finished.
    public var filesDone: Int
    /// Files found.
    public var filesTotal: Int
    /// Runs stored or found unchanged so far.
    public var runs: Int
    /// Bytes read so far.
    public var bytesRead: Int64
    /// Seconds since the ingestion started.
    public var elapsedSeconds: Double

    package init(filesDone: Int, filesTotal: Int, runs: Int, bytesRead: Int64, elapsedSeconds: Double) {
        self.filesDone = filesDone
        self.filesTotal = filesTotal
        self.runs = runs
        self.bytesRead = bytesRead
        self.elapsedSeconds = elapsedSeconds
    }
}
