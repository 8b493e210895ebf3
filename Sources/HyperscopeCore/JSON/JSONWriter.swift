/// Writes ``Value``s as JSON text.
///
/// Two choices matter: indentation for people versus compact lines for machines, and what to do
/// with NaN and the infinities, which strict JSON cannot hold. Storage writes them as Python's
/// `NaN`/`Infinity` literals, which ``JSONParser`` reads back; command output writes `null` so that
/// every JSON consumer accepts it.
public struct JSONWriter: Sendable {
    /// How NaN and the infinities are written.
    public enum NonFiniteNumbers: Sendable {
        /// `NaN`, `Infinity`, `-Infinity`, as Python's `json` module writes them.
        case literals
        /// `null`, which strict JSON parsers accept.
        case null
    }

    /// Whether to break lines and indent nested values by two spaces.
    public var pretty: Bool
    /// How NaN and the infinities are written.
    public var nonFiniteNumbers: NonFiniteNumbers

    /// Creates a writer.
    public init(pretty: Bool = false, nonFiniteNumbers: NonFiniteNumbers = .null) {
        self.pretty = pretty
        self.nonFiniteNumbers = nonFiniteNumbers
    }

    /// Returns the JSON text of a value.
    ///
    /// - Complexity: O(*n*) in the size of the value.
    public func string(from value: Value) -> String {
        var output = ""
        write(value, indent: 0, into: &output)
        return output
    }

    /// Writes the JSON text of a list element by element, handing `sink` pieces of at most about
    /// `chunkBytes` (one element may exceed it): the same text as ``string(from:)`` of `.list(elements)`,
    /// without building the whole list or the whole text, so a long listing streams in bounded memory.
    package func writeList<Elements: Sequence<Value>>(
        _ elements: Elements, chunkBytes: Int = 1 << 20, to sink: (String) throws -> Void
    ) rethrows {
        var output = "["
        var count = 0
        for element in elements {
            output += count > 0 ? "," : ""
            output += pretty ? "\n  " : ""
            write(element, indent: 1, into: &output)
            count += 1
            if output.utf8.count >= chunkBytes {
                try sink(output)
                output = ""
            }
        }
        output += (pretty && count > 0 ? "\n" : "") + "]"
        try sink(output)
    }

    private func write(_ value: Value, indent: Int, into output: inout String) {
        switch value {
        case .null: output += "null"
        case .bool(let flag): output += flag ? "true" : "false"
        case .int(let integer): output += String(integer)
        case .float(let number): output += format(number)
        case .string(let text): JSONWriter.appendQuoted(text, to: &output)
        case .list(let items):
            writeContainer(open: "[", close: "]", count: items.count, indent: indent, into: &output) { index, output in
                write(items[index], indent: indent + 1, into: &output)
            }
        case .object(let fields):
            writeContainer(open: "{", close: "}", count: fields.count, indent: indent, into: &output) { index, output in
                JSONWriter.appendQuoted(fields[index].key, to: &output)
                output += pretty ? ": " : ":"
                write(fields[index].value, indent: indent + 1, into: &output)
            }
        }
    }

    private func writeContainer(
        open: String, close: String, count: Int, indent: Int, into output: inout String,
        element: (Int, inout String) -> Void
    ) {
        output += open
        guard count > 0 else {
            output += close
            return
        }
        let inner = pretty ? "\n" + String(repeating: "  ", count: indent + 1) : ""
        for index in 0..<count {
            if index > 0 { output += "," }
            output += inner
            element(index, &output)
        }
        if pretty { output += "\n" + String(repeating: "  ", count: indent) }
        output += close
    }

    private func format(_ number: Double) -> String {
        if number.isFinite { return "\(number)" }
        switch nonFiniteNumbers {
        case .null: return "null"
        case .literals: return Value.formatFloat(number)
        }
    }

    /// Appends `text` as a quoted JSON string, escaping quotes, backslashes and control characters.
    ///
    /// Unescaped stretches are appended as substrings of `text`: appending through
    /// `output.unicodeScalars` rebuilds the whole output each time, which made large answers quadratic.
    ///
    /// - Complexity: O(*n*) in the length of `text`, amortised over the output.
    public static func appendQuoted(_ text: String, to output: inout String) {
        output += "\""
        var pendingStart = text.unicodeScalars.startIndex
        var index = pendingStart
        let scalars = text.unicodeScalars
        while index != scalars.endIndex {
            let scalar = scalars[index]
            let escape: String? =
                switch scalar {
                case "\"": "\\\""
                case "\\": "\\\\"
                case "\n": "\\n"
                case "\r": "\\r"
                case "\t": "\\t"
                case _ where scalar.value < 0x20:
                    "\\u00" + (scalar.value < 0x10 ? "0" : "") + String(scalar.value, radix: 16)
                default: nil
                }
            if let escape {
                output += text[pendingStart..<index]
                output += escape
                pendingStart = scalars.index(after: index)
            }
            index = scalars.index(after: index)
        }
        output += text[pendingStart..<scalars.endIndex]
        output += "\""
    }
}
