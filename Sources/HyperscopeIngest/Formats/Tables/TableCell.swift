import HyperscopeCore

/// Gives a CSV cell its type: empty is missing, then bool, int, float, a JSON list or object, or a string.
enum TableCell {
    /// The typed value of a cell's text, or `nil` for an empty cell (a parameter a trial did not have).
    static func value(of text: String) -> Value? {
        let trimmed = text.trimmingWhitespace()
        if trimmed.isEmpty { return nil }
        switch trimmed {
        case "true", "True", "TRUE": return .bool(true)
        case "false", "False", "FALSE": return .bool(false)
        case "null", "None", "NULL": return .null
        case "nan", "NaN", "NAN": return .float(.nan)
        case "inf", "Infinity", "+inf", "+Infinity": return .float(.infinity)
        case "-inf", "-Infinity": return .float(-.infinity)
        default: break
        }
        if let integer = Int64(trimmed) { return .int(integer) }
        if let number = Double(trimmed),
            trimmed.first.map({ $0.isNumber || $0 == "-" || $0 == "+" || $0 == "." }) == true
        {
            return .float(number)
        }
        if let first = trimmed.first, first == "[" || first == "{", let parsed = try? JSONParser.parse(trimmed) {
            return parsed
        }
        return .string(text)
    }
}

extension String {
    /// The string without leading and trailing spaces and tabs.
    func trimmingWhitespace() -> String {
        var slice = Substring(self)
        while let first = slice.first, first == " " || first == "\t" { slice = slice.dropFirst() }
        while let last = slice.last, last == " " || last == "\t" { slice = slice.dropLast() }
        return String(slice)
    }
}
