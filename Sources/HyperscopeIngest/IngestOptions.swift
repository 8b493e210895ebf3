import HyperscopeCore

/// How an ingestion reads its sources.
public struct IngestOptions: Sendable {
    /// Read every file as this format instead of detecting it.
    public var forcedFormat: LogFormat?
    /// For generic trial tables: the columns that hold metrics (the rest are parameters).
    public var metricColumns: [String]?
    /// The longest line of a log that is read; longer lines are reported and skipped.
    public var maximumLineBytes: Int
    /// The largest table or results file read whole.
    public var maximumDocumentBytes: Int
    /// How recently a log without an end record must have been written to count as still running
    /// rather than incomplete; 0 (the default) calls every such log incomplete.
    public var runningWindowSeconds: Double
    /// How many files are parsed at once.
    public var parallelism: Int
    /// Read every file again from the start, replacing its runs, even when it is unchanged or only
    /// grew (`hyperscope ingest --rescan`).
    public var rescan: Bool
    /// Reads the artifacts logs name (prediction files) into metrics of their runs; `nil` leaves
    /// them as references in the runs' attributes.
    public var artifactReader: (any ArtifactReader)?

    /// Creates options; the defaults suit most trees.
    public init(
        forcedFormat: LogFormat? = nil, metricColumns: [String]? = nil, maximumLineBytes: Int = 16 << 20,
        maximumDocumentBytes: Int = 1 << 30, runningWindowSeconds: Double = 0,
        parallelism: Int = IngestOptions.defaultParallelism, rescan: Bool = false,
        artifactReader: (any ArtifactReader)? = nil
    ) {
        self.forcedFormat = forcedFormat
        self.metricColumns = metricColumns
        self.maximumLineBytes = maximumLineBytes
        self.maximumDocumentBytes = maximumDocumentBytes
        self.runningWindowSeconds = runningWindowSeconds
        self.parallelism = max(1, parallelism)
        self.rescan = rescan
        self.artifactReader = artifactReader
    }

    /// One parser per active core.
    public static var defaultParallelism: Int { SystemFacts.activeProcessorCount }
}
