import Foundation

/// Text for command lines shown to a user (the "Next:" hints), quoted so that pasting one into a
/// POSIX shell runs exactly what is shown, whatever a name holds.
package enum CommandLineText {
    /// An argument as a shell reads it back unchanged: bare when it holds only letters, digits and
    /// `-_./=:,@+%`, else in single quotes (a `'` inside written `'\''`).
    package static func shellQuoted(_ argument: String) -> String {
        let safe =
            !argument.isEmpty
            && argument.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "-_./=:,@+%".contains($0)) }
        return safe ? argument : "'" + argument.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }

    /// A value as the `--where` language reads it back: a bare word when it is letters, digits and
    /// `-_.` starting with a letter, else a double-quoted string with `"` and `\` escaped.
    package static func filterLiteral(_ value: String) -> String {
        let bare =
            value.first.map { $0.isLetter && $0.isASCII } == true
            && value.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "-_.".contains($0)) }
            && !["true", "false", "null", "and", "or", "not", "in"].contains(value.lowercased())
        guard !bare else { return value }
        return "\"" + value.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
            + "\""
    }

    /// `--where 'study = NAME'`, quoted for the filter language and then for the shell.
    package static func whereStudy(_ name: String) -> String {
        "--where " + shellQuoted("study = " + filterLiteral(name))
    }
}
