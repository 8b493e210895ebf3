/// A source file that could not be read at all, as opposed to a bad line within it.
public struct SourceReadError: Error, Sendable, CustomStringConvertible {
    /// What went wrong, for example "cannot open: No such file or directory".
    public var reason: String
    /// Whether the file could not be reached (examined, opened, read) rather than read and found
    /// wanting: such a file is tried again on the next ingestion, whether or not it changed, since
    /// fixing a permission changes neither its size nor its modification time.
    public var isAccessFailure: Bool

    /// Creates an error.
    public init(_ reason: String, isAccessFailure: Bool = false) {
        self.reason = reason
        self.isAccessFailure = isAccessFailure
    }

    /// The reason.
    public var description: String { reason }
}
