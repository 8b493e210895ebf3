/// Escaping for HTML and SVG text, the one place every user-provided string (run names, parameter
/// values, messages: they come from files) passes before it is written into markup.
package enum Markup {
    /// Text with the five XML special characters escaped, safe inside elements and quoted attributes.
    package static func escape(_ text: String) -> String {
        var escaped = ""
        escaped.reserveCapacity(text.utf8.count)
        for character in text {
            switch character {
            case "&": escaped += "&amp;"
            case "<": escaped += "&lt;"
            case ">": escaped += "&gt;"
            case "\"": escaped += "&quot;"
            case "'": escaped += "&#39;"
            default: escaped.append(character)
            }
        }
        return escaped
    }
}
