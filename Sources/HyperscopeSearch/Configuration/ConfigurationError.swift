import HyperscopeCore

/// A mistake in a configuration (a search configuration or `hyperscope.yaml`): what kind
/// (``code``), what was expected (``message``), and where (``location``). Shown as
/// `file:line:column: key.path: what was expected`.
public struct ConfigurationError: Error, Sendable, Hashable, CustomStringConvertible {
    /// A stable identifier of what went wrong; new codes may be added.
    public typealias Code = ErrorCode<ConfigurationError>

    /// What kind of mistake it is.
    public let code: Code
    /// What was expected, without the location.
    public let message: String
    /// Where the mistake is, when it is in a file or an option.
    public let location: ErrorLocation?

    package init(_ code: Code, _ message: String, at location: ErrorLocation? = nil) {
        self.code = code
        self.message = message
        self.location = location
    }

    package init(_ code: Code, at location: ErrorLocation, _ message: String) {
        self.init(code, message, at: location)
    }

    package init(_ code: Code, inFile file: String, _ message: String) {
        self.init(code, message, at: ErrorLocation(file: file))
    }

    /// The same error located in `file` when it names no file.
    package func located(inFile file: String) -> ConfigurationError {
        guard location?.file == nil else { return self }
        var location = self.location ?? ErrorLocation()
        location.file = file
        return ConfigurationError(code, message, at: location)
    }

    /// The location, then the message.
    public var description: String {
        guard let location, !location.description.isEmpty else { return message }
        return "\(location): \(message)"
    }
}

extension ErrorCode where Domain == ConfigurationError {
    /// The file cannot be read: missing, unreadable, a folder, too large, or not UTF-8.
    public static var unreadableFile: Self { Self("configuration-unreadable") }

    /// The text is not YAML (or expands beyond any configuration's size).
    public static var syntax: Self { Self("configuration-syntax") }

    /// A key or value is not what was expected.
    public static var invalidValue: Self { Self("configuration-invalid") }

    /// The objective command cannot run as written: missing, an unpaired brace, an unknown placeholder.
    public static var invalidCommand: Self { Self("configuration-command") }
}
