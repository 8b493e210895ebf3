import Foundation
import HyperscopeCore

/// An argv template with `{name}` placeholders, filled in per run without any shell.
///
/// `{lr}` becomes the value of parameter `lr` (numbers in their shortest exact form, lists as JSON),
/// `{hyperscope}` the path of the running Hyperscope program (to call `{hyperscope} example-trainer`),
/// `{{` and `}}` stand for literal braces, and a placeholder may sit inside an argument
/// (`--lr={lr}`). Each filled-in argument stays one argument, whatever characters the value holds.
/// An argument with an optional placeholder, `--top_p={top_p?}`, is left out when the parameter has
/// no value (it belongs to another branch of a conditional space).
package struct CommandTemplate: Sendable, Hashable {
    /// Placeholders every run provides besides the parameters.
    package static let builtInNames = ["seed", "trial", "repeat", "trial_dir", "study", "params_file", "hyperscope"]

    /// The arguments as written.
    package var arguments: [String]

    /// Creates a template.
    package init(_ arguments: [String]) {
        self.arguments = arguments
    }

    /// The placeholder names the template uses, in order of appearance.
    package var placeholderNames: [String] {
        placeholders.map(\.name)
    }

    /// The placeholders the template uses, in order, each with whether it is optional (`{name?}`).
    package var placeholders: [(name: String, isOptional: Bool)] {
        arguments.flatMap {
            Self.pieces(of: $0).compactMap {
                if case .placeholder(let name, let optional) = $0 { (name, optional) } else { nil }
            }
        }
    }

    /// The first unmatched brace, described for an error: a `{` that no `}` closes (`--lr={lr`) or a
    /// `}` that no `{` opens; literal braces are written `{{` and `}}`. `nil` when every brace pairs.
    package var braceProblem: String? {
        for (position, argument) in arguments.enumerated() {
            var index = argument.startIndex
            var column = 1
            while index < argument.endIndex {
                let character = argument[index]
                let next = argument.index(after: index)
                if character == "{" || character == "}", next < argument.endIndex, argument[next] == character {
                    index = argument.index(after: next)
                    column += 2
                    continue
                }
                if character == "{" {
                    guard let close = argument[next...].firstIndex(of: "}"), !argument[next..<close].contains("{")
                    else {
                        return "argument \(position + 1) '\(argument)': the '{' at character \(column) is never closed"
                            + " (write {{ for a literal brace)"
                    }
                    column += argument.distance(from: index, to: close) + 1
                    index = argument.index(after: close)
                    continue
                }
                if character == "}" {
                    return "argument \(position + 1) '\(argument)': the '}' at character \(column) closes no '{'"
                        + " (write }} for a literal brace)"
                }
                index = next
                column += 1
            }
        }
        return nil
    }

    /// The arguments with every placeholder replaced.
    ///
    /// - Throws: ``RunnerError`` naming a placeholder that has no value.
    package func filled(with values: [String: Value]) throws -> [String] {
        try arguments.compactMap { argument in
            var text = ""
            for piece in Self.pieces(of: argument) {
                switch piece {
                case .text(let literal): text += literal
                case .placeholder(let name, let optional):
                    guard let value = values[name] else {
                        if optional { return nil }
                        throw RunnerError("the command uses {\(name)}, which has no value in this trial")
                    }
                    text += Self.text(of: value)
                }
            }
            return text
        }
    }

    /// A value as a command-line argument: strings bare, numbers in their shortest exact form, lists and objects as
    /// JSON.
    package static func text(of value: Value) -> String {
        switch value {
        case .list, .object: JSONWriter().string(from: value)
        default: value.displayText
        }
    }

    /// The environment variable a parameter is passed in: `HYPERSCOPE_PARAM_` and the key in capitals,
    /// other characters as `_` (`optim.lr` → `HYPERSCOPE_PARAM_OPTIM_LR`).
    package static func environmentName(ofParameter key: String) -> String {
        "HYPERSCOPE_PARAM_" + String(key.uppercased().map { $0.isASCII && ($0.isLetter || $0.isNumber) ? $0 : "_" })
    }

    private enum Piece {
        case text(String)
        case placeholder(String, optional: Bool)
    }

    private static func pieces(of argument: String) -> [Piece] {
        var pieces: [Piece] = []
        var text = ""
        var index = argument.startIndex
        while index < argument.endIndex {
            let character = argument[index]
            let next = argument.index(after: index)
            if character == "{" || character == "}", next < argument.endIndex, argument[next] == character {
                text.append(character)
                index = argument.index(after: next)
            } else if character == "{", let close = argument[next...].firstIndex(of: "}"),
                !argument[next..<close].contains("{")
            {
                if !text.isEmpty { pieces.append(.text(text)) }
                text = ""
                let name = String(argument[next..<close]).trimmingCharacters(in: .whitespaces)
                pieces.append(
                    name.hasSuffix("?")
                        ? .placeholder(String(name.dropLast()), optional: true) : .placeholder(name, optional: false))
                index = argument.index(after: close)
            } else {
                text.append(character)
                index = next
            }
        }
        if !text.isEmpty || pieces.isEmpty { pieces.append(.text(text)) }
        return pieces
    }
}
