/// How much of a source file has been ingested, so the next ingestion reads only what changed.
///
/// A file whose size and modification time are unchanged is skipped. A log whose ``fingerprint``
/// still matches (the same file, its bytes up to ``consumedBytes`` untouched) is continued from
/// there. Anything else is read again whole and its runs replaced.
public struct SourceFileState: Sendable, Hashable {
    /// The file's absolute path.
    public var path: String
    /// The file's size when it was last read.
    public var size: Int64
    /// The file's modification time when it was last read, in seconds since 1970.
    public var modifiedAt: Double
    /// The bytes consumed: up to the end of the last complete line.
    public var consumedBytes: Int64
    /// The number of lines consumed, so continued reading reports the right line numbers.
    public var consumedLines: Int
    /// The format the file was read as.
    public var format: LogFormat
    /// The keys of the runs the file produced.
    public var runKeys: [String]
    /// What identifies the bytes read so far, for logs that may be continued; `nil` for files that
    /// are always read whole (tables, results files) and for files that could not be read.
    public var fingerprint: SourceFingerprint?

    /// Creates a state record.
    public init(
        path: String, size: Int64, modifiedAt: Double, consumedBytes: Int64, consumedLines: Int,
        format: LogFormat, runKeys: [String], fingerprint: SourceFingerprint? = nil
    ) {
        self.path = path
        self.size = size
        self.modifiedAt = modifiedAt
        self.consumedBytes = consumedBytes
        self.consumedLines = consumedLines
        self.format = format
        self.runKeys = runKeys
        self.fingerprint = fingerprint
    }
}
