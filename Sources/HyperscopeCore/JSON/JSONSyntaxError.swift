/// A JSON document that could not be read, with the byte column where reading stopped.
public struct JSONSyntaxError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The 1-based column (in bytes) of the offending byte within the text given to the parser.
    public var column: Int
    /// What was wrong, in words a user can act on ("expected ',' or '}' after an object field").
    public var reason: String

    /// Creates an error at a 1-based byte column.
    public init(column: Int, reason: String) {
        self.column = column
        self.reason = reason
    }

    /// `"<reason> at column <column>"`.
    public var description: String { "\(reason) at column \(column)" }

    /// Always ``ErrorCode/jsonSyntax``.
    public var code: ErrorCode<JSONSyntaxError> { .jsonSyntax }

    /// The column; the caller knows the file and line.
    public var location: ErrorLocation { ErrorLocation(column: column) }
}

extension ErrorCode where Domain == JSONSyntaxError {
    /// The text is not JSON (or holds a number beyond 64 bits).
    public static var jsonSyntax: Self { Self("json-syntax") }
}
