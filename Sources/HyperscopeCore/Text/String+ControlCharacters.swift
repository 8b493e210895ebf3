extension String {
    /// The text with every control character written as an escape (`\n`, `\t`, `\r`, `\u{1B}`), and
    /// backslashes doubled, so it shows as one line with nothing a terminal or a file format would act
    /// on: an ESC sequence cannot recolour a terminal, and a newline cannot start a YAML key in a
    /// comment. Text without control characters is returned as it is.
    ///
    /// - Complexity: O(*n*).
    package var escapingControlCharacters: String {
        guard hasControlCharacters else { return self }
        var escaped = ""
        escaped.reserveCapacity(utf8.count + 8)
        for scalar in unicodeScalars {
            switch scalar {
            case "\n": escaped += "\\n"
            case "\r": escaped += "\\r"
            case "\t": escaped += "\\t"
            case "\\": escaped += "\\\\"
            default:
                if Self.isControl(scalar) {
                    escaped += "\\u{" + String(scalar.value, radix: 16, uppercase: true) + "}"
                } else {
                    escaped.unicodeScalars.append(scalar)
                }
            }
        }
        return escaped
    }

    /// Whether the text holds a control character, read from its UTF-8 bytes: U+0000–U+001F and
    /// U+007F are single bytes, U+0080–U+009F are 0xC2 followed by 0x80–0x9F. Looking up each
    /// scalar's general category was the largest single cost of printing a 100,000-row table.
    package var hasControlCharacters: Bool {
        var afterC2 = false
        for byte in utf8 {
            if byte < 0x20 || byte == 0x7F || (afterC2 && byte <= 0x9F) { return true }
            afterC2 = byte == 0xC2
        }
        return false
    }

    /// Whether a scalar is a control character, general category Cc: U+0000–U+001F and
    /// U+007F–U+009F (a set Unicode's stability policy keeps fixed).
    static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value)
    }
}
