import HyperscopeCore

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

    /// ``ErrorCode/unreachable`` when the file could not be reached, ``ErrorCode/unreadable`` when
    /// it was read and is not a log (binary data).
    public var code: ErrorCode<SourceReadError> { isAccessFailure ? .unreachable : .unreadable }
}

extension ErrorCode where Domain == SourceReadError {
    /// The file cannot be examined, opened or read (permissions, a vanished file, a disk error).
    public static var unreachable: Self { Self("source-unreachable") }
    /// The file was read and is not a log Hyperscope can use.
    public static var unreadable: Self { Self("source-unreadable") }
}
