import HyperscopeCore

/// A `--where` expression that could not be read, pointing at the column where reading stopped.
public struct FilterSyntaxError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The expression as given.
    public var expression: String
    /// The 1-based column (in characters) of the problem.
    public var column: Int
    /// What was wrong and what was expected.
    public var reason: String

    /// Creates an error.
    public init(expression: String, column: Int, reason: String) {
        self.expression = expression
        self.column = column
        self.reason = reason
    }

    /// The reason, the expression, and a caret under the column:
    ///
    /// ```
    /// expected a value after '>=' at column 12
    ///   optim.lr >=
    ///              ^
    /// ```
    public var description: String {
        "\(reason) at column \(column)\n  \(expression)\n  \(String(repeating: " ", count: max(0, column - 1)))^"
    }

    /// Always ``ErrorCode/filterSyntax``.
    public var code: ErrorCode<FilterSyntaxError> { .filterSyntax }

    /// The column in the expression.
    public var location: ErrorLocation { ErrorLocation(column: column) }
}

extension ErrorCode where Domain == FilterSyntaxError {
    /// The expression cannot be read.
    public static var filterSyntax: Self { Self("filter-syntax") }
}
