/// Where in a user's input an error is: a file, a line and column in it, the command-line option a
/// value came from, and a key path. Every part is optional; shown as
/// `file:line:column: --set key=value: key.path`.
public struct ErrorLocation: Sendable, Hashable, CustomStringConvertible {
    /// The file, as the user named it.
    public var file: String?
    /// The 1-based line.
    public var line: Int?
    /// The 1-based column.
    public var column: Int?
    /// The command-line option that gave the value (`--set lr=2`), when it did not come from the file.
    public var option: String?
    /// The key path in the document (`parameters.lr.high`).
    public var keyPath: String?

    /// Creates a location from the parts known.
    public init(
        file: String? = nil, line: Int? = nil, column: Int? = nil, option: String? = nil, keyPath: String? = nil
    ) {
        self.file = file
        self.line = line
        self.column = column
        self.option = option
        self.keyPath = keyPath
    }

    /// `file:line:column`, then the option and the key path, each after `: `.
    public var description: String {
        var position = file ?? ""
        if let line {
            position += ":\(line)"
            if let column { position += ":\(column)" }
        }
        return ([position] + [option, keyPath].compactMap { $0 }).filter { !$0.isEmpty }.joined(separator: ": ")
    }
}
