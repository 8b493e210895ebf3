import HyperscopeCore

/// Writes a ``Value`` as block-style YAML: objects as indented mappings, lists of objects as `-`
/// items, and scalars and lists of scalars in JSON's flow syntax (which YAML reads as written, so
/// strings such as `yes`, `1e3` or `null` stay strings).
public enum YAMLWriter {
    /// The YAML text of a value; comments, when given, head the document as `# ` lines, each kept on
    /// its line (a line break or other control character in a name is written as an escape, so it
    /// can never start a key).
    public static func document(_ value: Value, comments: [String] = []) -> String {
        var output = comments.map { "# " + $0.escapingControlCharacters + "\n" }.joined()
        write(value, indent: 0, into: &output)
        return output
    }

    private static func write(_ value: Value, indent: Int, into output: inout String) {
        let padding = String(repeating: " ", count: indent)
        switch value {
        case .object(let fields) where !fields.isEmpty:
            for field in fields {
                output += padding + scalar(.string(field.key)) + ":"
                if isBlock(field.value) {
                    output += "\n"
                    write(field.value, indent: indent + 2, into: &output)
                } else {
                    output += " " + scalar(field.value) + "\n"
                }
            }
        case .list(let items) where items.contains(where: isBlock):
            for item in items {
                output += padding + "-\n"
                write(item, indent: indent + 2, into: &output)
            }
        default:
            output += padding + scalar(value) + "\n"
        }
    }

    private static func isBlock(_ value: Value) -> Bool {
        switch value {
        case .object(let fields): return !fields.isEmpty
        case .list(let items): return items.contains(where: isBlock)
        default: return false
        }
    }

    /// A scalar or flow list in JSON syntax; plain keys stay unquoted, floats always carry a decimal
    /// point (YAML 1.1 reads `1e-05` as text).
    private static func scalar(_ value: Value) -> String {
        switch value {
        case .string(let text) where isPlainKey(text): return text
        case .float(let number) where number.isFinite:
            let text = Value.formatFloat(number)
            if text.contains("e"), !text.contains(".") { return text.replacingOccurrences(of: "e", with: ".0e") }
            return text.contains(".") || text.contains("e") ? text : text + ".0"
        case .float(let number): return number.isNaN ? ".nan" : (number > 0 ? ".inf" : "-.inf")
        case .list(let items): return "[" + items.map(scalar).joined(separator: ", ") + "]"
        default: return JSONWriter().string(from: value)
        }
    }

    /// Whether a string can be written without quotes: letters, digits, `_`, `-` and `.`, starting
    /// with a letter or `_`, and not a word YAML reads as something else.
    private static func isPlainKey(_ text: String) -> Bool {
        guard let first = text.first, first.isLetter || first == "_", first.isASCII else { return false }
        let reserved: Set<String> = ["true", "false", "yes", "no", "on", "off", "null", "y", "n"]
        return !reserved.contains(text.lowercased())
            && text.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "_-.".contains($0)) }
    }
}
