/// A mistake in a configuration file, with where it is: `file:line:column: key.path: what was expected`.
public struct ConfigurationError: Error, Sendable, CustomStringConvertible {
    /// The full message, location first.
    public var description: String

    /// Creates an error from its full message.
    public init(_ description: String) {
        self.description = description
    }
}
