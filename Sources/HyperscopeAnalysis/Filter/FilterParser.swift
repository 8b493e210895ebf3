import HyperscopeCore

/// Reads the `--where` language into a ``FilterExpression`` by recursive descent.
///
/// Grammar (keywords are case-insensitive):
/// ```
/// expression := conjunction ('or' conjunction)*
/// conjunction := negation ('and' negation)*
/// negation := 'not' negation | '(' expression ')' | comparison
/// comparison := field operator literal | field ['not'] 'in' '[' literal (',' literal)* ']'
/// ```
/// A literal is a number, `true`, `false`, `null`, a quoted string, or a bare word.
struct FilterParser {
    private enum Token: Equatable {
        case word(String)
        case quoted(String)
        case op(FilterOperator)
        case open, close, openBracket, closeBracket, comma
        case end
    }

    private let text: String
    private var tokens: [(token: Token, column: Int)] = []
    private var index = 0

    init(_ text: String) {
        self.text = text
    }

    mutating func parse() throws(FilterSyntaxError) -> FilterExpression {
        tokens = try tokenize()
        let expression = try parseDisjunction()
        guard case .end = current.token else {
            throw error("unexpected \(describe(current.token)); expected 'and', 'or' or the end")
        }
        return expression
    }

    // MARK: - Grammar

    private mutating func parseDisjunction() throws(FilterSyntaxError) -> FilterExpression {
        var expression = try parseConjunction()
        while isKeyword("or") {
            index += 1
            expression = .or(expression, try parseConjunction())
        }
        return expression
    }

    private mutating func parseConjunction() throws(FilterSyntaxError) -> FilterExpression {
        var expression = try parseNegation()
        while isKeyword("and") {
            index += 1
            expression = .and(expression, try parseNegation())
        }
        return expression
    }

    private mutating func parseNegation() throws(FilterSyntaxError) -> FilterExpression {
        if isKeyword("not") {
            index += 1
            return .not(try parseNegation())
        }
        if case .open = current.token {
            index += 1
            let inner = try parseDisjunction()
            guard case .close = current.token else {
                throw error("expected ')' to close the '(' , found \(describe(current.token))")
            }
            index += 1
            return inner
        }
        return try parseComparison()
    }

    private mutating func parseComparison() throws(FilterSyntaxError) -> FilterExpression {
        guard case .word(let field) = current.token, !isReserved(field) else {
            throw error(
                "expected a field name (a parameter, status, or a metric such as val/acc.best), found \(describe(current.token))"
            )
        }
        index += 1
        var negated = false
        if isKeyword("not") {
            negated = true
            index += 1
            guard isKeyword("in") else { throw error("expected 'in' after 'not'") }
        }
        if isKeyword("in") {
            index += 1
            let membership = FilterExpression.membership(field: field, literals: try parseList())
            return negated ? .not(membership) : membership
        }
        guard case .op(let op) = current.token else {
            throw error("expected an operator (= != < <= > >= ~ in) after '\(field)', found \(describe(current.token))")
        }
        index += 1
        return .comparison(field: field, op: op, literal: try parseLiteral(after: op.rawValue))
    }

    private mutating func parseList() throws(FilterSyntaxError) -> [Value] {
        guard case .openBracket = current.token else { throw error("expected '[' to start the list after 'in'") }
        index += 1
        var literals: [Value] = []
        if case .closeBracket = current.token {
            index += 1
            return literals
        }
        while true {
            literals.append(try parseLiteral(after: literals.isEmpty ? "[" : ","))
            switch current.token {
            case .comma: index += 1
            case .closeBracket:
                index += 1
                return literals
            default: throw error("expected ',' or ']' in the list, found \(describe(current.token))")
            }
        }
    }

    private mutating func parseLiteral(after previous: String) throws(FilterSyntaxError) -> Value {
        let token = current.token
        switch token {
        case .quoted(let text):
            index += 1
            return .string(text)
        case .word(let word) where !isReserved(word):
            index += 1
            return Self.literal(ofBareWord: word)
        default:
            throw error("expected a value after '\(previous)', found \(describe(token))")
        }
    }

    /// The typed value of an unquoted word: a number, a boolean, null, or the word as a string.
    static func literal(ofBareWord word: String) -> Value {
        switch word.lowercased() {
        case "true": return .bool(true)
        case "false": return .bool(false)
        case "null", "none": return .null
        default: break
        }
        if let integer = Int64(word) { return .int(integer) }
        if let number = Double(word) { return .float(number) }
        return .string(word)
    }

    // MARK: - Tokens

    private mutating func tokenize() throws(FilterSyntaxError) -> [(token: Token, column: Int)] {
        var result: [(token: Token, column: Int)] = []
        let characters = Array(text)
        var position = 0
        while position < characters.count {
            let character = characters[position]
            let column = position + 1
            switch character {
            case " ", "\t", "\n": position += 1
            case "(":
                result.append((.open, column))
                position += 1
            case ")":
                result.append((.close, column))
                position += 1
            case "[":
                result.append((.openBracket, column))
                position += 1
            case "]":
                result.append((.closeBracket, column))
                position += 1
            case ",":
                result.append((.comma, column))
                position += 1
            case "\"", "'":
                var end = position + 1
                var content = ""
                while end < characters.count, characters[end] != character {
                    if characters[end] == "\\", end + 1 < characters.count {
                        end += 1
                    }
                    content.append(characters[end])
                    end += 1
                }
                guard end < characters.count else {
                    throw FilterSyntaxError(expression: text, column: column, reason: "unterminated quoted string")
                }
                result.append((.quoted(content), column))
                position = end + 1
            case "=", "!", "<", ">", "~":
                let next = position + 1 < characters.count ? characters[position + 1] : " "
                let pair = String([character, next])
                if let op = ["==": FilterOperator.equal, "!=": .notEqual, "<=": .lessOrEqual, ">=": .greaterOrEqual][
                    pair]
                {
                    result.append((.op(op), column))
                    position += 2
                } else if let op = FilterOperator(rawValue: String(character)) {
                    result.append((.op(op), column))
                    position += 1
                } else {
                    throw FilterSyntaxError(
                        expression: text, column: column, reason: "'!' must be followed by '=' (use 'not' to negate)")
                }
            default:
                var end = position
                while end < characters.count, !" \t\n()[],=!<>~\"'".contains(characters[end]) { end += 1 }
                result.append((.word(String(characters[position..<end])), column))
                position = end
            }
        }
        result.append((.end, characters.count + 1))
        return result
    }

    private var current: (token: Token, column: Int) { tokens[min(index, tokens.count - 1)] }

    private func isKeyword(_ keyword: String) -> Bool {
        if case .word(let word) = current.token { return word.lowercased() == keyword }
        return false
    }

    private func isReserved(_ word: String) -> Bool {
        ["and", "or", "not", "in"].contains(word.lowercased())
    }

    private func describe(_ token: Token) -> String {
        switch token {
        case .word(let word): "'\(word)'"
        case .quoted(let text): "\"\(text)\""
        case .op(let op): "'\(op.rawValue)'"
        case .open: "'('"
        case .close: "')'"
        case .openBracket: "'['"
        case .closeBracket: "']'"
        case .comma: "','"
        case .end: "the end of the expression"
        }
    }

    private func error(_ reason: String) -> FilterSyntaxError {
        FilterSyntaxError(expression: text, column: current.column, reason: reason)
    }
}
