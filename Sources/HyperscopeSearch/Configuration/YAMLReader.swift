import HyperscopeCore
import HyperscopeIngest
import Yams

/// Walks the nodes of a YAML document, turning every shape mistake into a ``ConfigurationError``
/// that names the file, line, column and key path.
///
/// Shared by the project settings file and search configurations, so both report mistakes alike.
struct YAMLReader: Sendable {
    /// The file being read, as the user named it.
    let path: String
    /// Key paths whose values came from the command line (`--set key=value`) rather than the file;
    /// errors under them name the option instead of a line.
    var overriddenKeyPaths: [String] = []

    /// Creates a reader of the file at `path`.
    init(path: String) {
        self.path = path
    }

    /// Reads and parses the file.
    ///
    /// - Returns: The root node, or `nil` for an empty document.
    /// - Throws: ``ConfigurationError`` when the file cannot be read or is not valid YAML.
    func document(text: String) throws -> Node? {
        do throws(YAMLDocument.ReadError) {
            return try YAMLDocument.compose(text)
        } catch {
            switch error {
            case .syntax(let message):
                // A bare {placeholder} inside [flow, lists] is the most common slip in search configurations.
                let hint =
                    text.contains("{") && message.contains("flow")
                    ? " (write placeholders in quotes: \"{lr}\", \"--lr={lr}\")" : ""
                throw ConfigurationError(.syntax, "invalid YAML: \(message)\(hint)", at: ErrorLocation(file: path))
            case .tooLarge:
                throw ConfigurationError(.syntax, YAMLDocument.tooLargeReason, at: ErrorLocation(file: path))
            }
        }
    }

    /// The pairs of a mapping node, in document order.
    func mapping(_ node: Node, at keyPath: String) throws -> [(Node, Node)] {
        guard case .mapping(let mapping) = node else {
            throw error(node, at: keyPath, "expected a mapping of keys to values")
        }
        return mapping.map { ($0.key, $0.value) }
    }

    /// A mapping as a dictionary from plain keys to value nodes, rejecting keys not in `allowed`.
    func fields(_ node: Node, at keyPath: String, allowed: [String]) throws -> [String: (key: Node, value: Node)] {
        var fields: [String: (key: Node, value: Node)] = [:]
        for (keyNode, value) in try mapping(node, at: keyPath) {
            let name = try key(keyNode, at: keyPath)
            guard allowed.contains(name) else {
                throw error(
                    keyNode, at: Self.join(keyPath, name),
                    "unknown key; expected one of \(allowed.joined(separator: ", "))")
            }
            fields[name] = (keyNode, value)
        }
        return fields
    }

    /// A mapping key as text.
    func key(_ node: Node, at keyPath: String) throws -> String {
        guard case .scalar(let scalar) = node else { throw error(node, at: keyPath, "expected a plain key") }
        return scalar.string
    }

    /// A scalar as the text a value is displayed as (`null`, `0.001`, `true`, `adam`).
    func valueText(_ node: Node, at keyPath: String) throws -> String {
        guard case .scalar = node else { throw error(node, at: keyPath, "expected a single value") }
        return YAMLDocument.value(of: node).displayText
    }

    /// A string or a list of strings.
    func strings(_ node: Node, at keyPath: String) throws -> [String] {
        if case .scalar(let scalar) = node { return [scalar.string] }
        guard case .sequence(let sequence) = node else { throw error(node, at: keyPath, "expected a list of strings") }
        return try sequence.map { item in
            guard case .scalar(let scalar) = item else { throw error(item, at: keyPath, "expected a string") }
            return scalar.string
        }
    }

    /// A number (integer or float).
    func number(_ node: Node, at keyPath: String) throws -> Double {
        guard case .scalar = node, let number = YAMLDocument.value(of: node).numericValue, number.isFinite else {
            throw error(node, at: keyPath, "expected a finite number")
        }
        return number
    }

    /// A whole number no smaller than `minimum`.
    func integer(_ node: Node, at keyPath: String, minimum: Int) throws -> Int {
        guard case .int(let integer) = YAMLDocument.value(of: node), integer >= minimum else {
            throw error(node, at: keyPath, "expected a whole number of at least \(minimum)")
        }
        return Int(integer)
    }

    /// `true` or `false`.
    func bool(_ node: Node, at keyPath: String) throws -> Bool {
        guard case .bool(let flag) = YAMLDocument.value(of: node) else {
            throw error(node, at: keyPath, "expected true or false")
        }
        return flag
    }

    /// An error about `node` at `keyPath`, located by the node's line and column (or by the
    /// command-line override the value came from).
    func error(_ node: Node, at keyPath: String, _ reason: String) -> ConfigurationError {
        let name = keyPath.isEmpty ? "top level" : keyPath
        if let override = overriddenKeyPaths.first(where: { keyPath == $0 || keyPath.hasPrefix($0 + ".") }) {
            let location = ErrorLocation(file: path, option: "--set \(override)", keyPath: name)
            return ConfigurationError(.invalidValue, reason, at: location)
        }
        let location = ErrorLocation(file: path, line: node.mark?.line, column: node.mark?.column, keyPath: name)
        return ConfigurationError(.invalidValue, reason, at: location)
    }

    /// `parent.child`, or `child` at the top level.
    static func join(_ parent: String, _ child: String) -> String {
        parent.isEmpty ? child : parent + "." + child
    }
}
