extension String {
    /// The text with every control character written as an escape (`\n`, `\t`, `\r`, `\u{1B}`), and
    /// backslashes doubled, so it shows as one line with nothing a terminal or a file format would act
    /// on: an ESC sequence cannot recolour a terminal, and a newline cannot start a YAML key in a
    /// comment. Text without control characters is returned as it is.
    ///
    /// - Complexity: O(*n*).
    package var escapingControlCharacters: String {
        guard unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) else { return self }
        var escaped = ""
        escaped.reserveCapacity(utf8.count + 8)
        for scalar in unicodeScalars {
            switch scalar {
            case "\n": escaped += "\\n"
            case "\r": escaped += "\\r"
            case "\t": escaped += "\\t"
            case "\\": escaped += "\\\\"
            default:
                if scalar.properties.generalCategory == .control {
                    escaped += "\\u{" + String(scalar.value, radix: 16, uppercase: true) + "}"
                } else {
                    escaped.unicodeScalars.append(scalar)
                }
            }
        }
        return escaped
    }
}
