import SystemLibC

/// An arithmetic expression over named parameters, such as `lr * ceil(n_train / batch_size)` or
/// `base_lr * batch_size / 256`: numbers, dotted names, `+ - * / ^` (also `**`), parentheses, unary
/// minus, and the functions `ceil floor round abs sqrt exp log log2 log10 min max pow`.
public indirect enum ArithmeticExpression: Sendable, Hashable {
    /// A number.
    case number(Double)
    /// A parameter, by its dotted key.
    case name(String)
    /// A unary minus.
    case negate(ArithmeticExpression)
    /// A binary operation.
    case binary(Character, ArithmeticExpression, ArithmeticExpression)
    /// A function call.
    case call(String, [ArithmeticExpression])

    /// The functions and how many arguments each takes.
    public static let functions: [String: Int] = [
        "ceil": 1, "floor": 1, "round": 1, "abs": 1, "sqrt": 1, "exp": 1, "log": 1, "log2": 1, "log10": 1, "min": 2,
        "max": 2, "pow": 2,
    ]

    /// The names the expression reads, in order of appearance.
    public var names: [String] {
        switch self {
        case .number: []
        case .name(let name): [name]
        case .negate(let inner): inner.names
        case .binary(_, let left, let right): left.names + right.names
        case .call(_, let arguments): arguments.flatMap(\.names)
        }
    }

    /// Evaluates the expression.
    ///
    /// - Parameter lookup: The value of a name, or `nil` when it has none.
    /// - Returns: The value, or why there is none (a missing name, a non-finite result such as a division by zero).
    public func evaluate(_ lookup: (String) -> Double?) -> Result<Double, ExpressionError> {
        switch self {
        case .number(let value): return .success(value)
        case .name(let name):
            guard let value = lookup(name) else {
                return .failure(ExpressionError(column: nil, reason: "\(name) has no numeric value"))
            }
            return .success(value)
        case .negate(let inner): return inner.evaluate(lookup).map { -$0 }
        case .binary(let op, let left, let right):
            return left.evaluate(lookup).flatMap { a in
                right.evaluate(lookup).flatMap { b in
                    let result: Double
                    switch op {
                    case "+": result = a + b
                    case "-": result = a - b
                    case "*": result = a * b
                    case "/": result = a / b
                    default: result = pow(a, b)
                    }
                    return result.isFinite
                        ? .success(result)
                        : .failure(ExpressionError(column: nil, reason: "\(a) \(op) \(b) is not a finite number"))
                }
            }
        case .call(let function, let arguments):
            var values: [Double] = []
            for argument in arguments {
                switch argument.evaluate(lookup) {
                case .success(let value): values.append(value)
                case .failure(let error): return .failure(error)
                }
            }
            let result: Double
            switch function {
            case "ceil": result = ceil(values[0])
            case "floor": result = floor(values[0])
            case "round": result = values[0].rounded()
            case "abs": result = abs(values[0])
            case "sqrt": result = sqrt(values[0])
            case "exp": result = exp(values[0])
            case "log": result = log(values[0])
            case "log2": result = log2(values[0])
            case "log10": result = log10(values[0])
            case "min": result = Swift.min(values[0], values[1])
            case "max": result = Swift.max(values[0], values[1])
            default: result = pow(values[0], values[1])
            }
            return result.isFinite
                ? .success(result)
                : .failure(
                    ExpressionError(
                        column: nil,
                        reason: "\(function)(\(values.map { "\($0)" }.joined(separator: ", "))) is not a finite number")
                )
        }
    }

    /// Parses an expression.
    ///
    /// - Throws: ``ExpressionError`` naming the column where the text stops making sense.
    public static func parse(_ text: String) throws(ExpressionError) -> ArithmeticExpression {
        var parser = ExpressionParser(Array(text))
        let expression = try parser.parseSum()
        parser.skipSpaces()
        guard parser.position == parser.characters.count else {
            throw ExpressionError(
                column: parser.position + 1, reason: "unexpected '\(parser.characters[parser.position])'")
        }
        return expression
    }
}

/// An expression that cannot be parsed or evaluated, with the column when it is a parse error.
public struct ExpressionError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The 1-based column of a parse error; `nil` for evaluation errors.
    public var column: Int?
    /// What is wrong.
    public var reason: String

    /// Creates an error.
    public init(column: Int?, reason: String) {
        self.column = column
        self.reason = reason
    }

    /// The reason, with the column when known.
    public var description: String { column.map { "\(reason) at column \($0)" } ?? reason }

    /// ``ErrorCode/expressionSyntax`` for a parse error, ``ErrorCode/expressionEvaluation`` otherwise.
    public var code: ErrorCode<ExpressionError> { column == nil ? .expressionEvaluation : .expressionSyntax }

    /// The column of a parse error.
    public var location: ErrorLocation? { column.map { ErrorLocation(column: $0) } }
}

extension ErrorCode where Domain == ExpressionError {
    /// The expression cannot be read.
    public static var expressionSyntax: Self { Self("expression-syntax") }
    /// The expression reads but cannot be computed for these values (an unknown name, a division by zero).
    public static var expressionEvaluation: Self { Self("expression-evaluation") }
}

/// Recursive descent: sum := product (('+'|'-') product)*; product := power (('*'|'/') power)*;
/// power := unary ('^' power)?; unary := '-' unary | atom; atom := number | name | name '(' args ')' | '(' sum ')'.
private struct ExpressionParser {
    let characters: [Character]
    var position = 0

    init(_ characters: [Character]) {
        self.characters = characters
    }

    mutating func skipSpaces() {
        while position < characters.count, characters[position].isWhitespace { position += 1 }
    }

    private func error(_ reason: String) -> ExpressionError {
        ExpressionError(column: position + 1, reason: reason)
    }

    mutating func parseSum() throws(ExpressionError) -> ArithmeticExpression {
        var expression = try parseProduct()
        while true {
            skipSpaces()
            guard position < characters.count, characters[position] == "+" || characters[position] == "-" else {
                return expression
            }
            let op = characters[position]
            position += 1
            expression = .binary(op, expression, try parseProduct())
        }
    }

    mutating func parseProduct() throws(ExpressionError) -> ArithmeticExpression {
        var expression = try parsePower()
        while true {
            skipSpaces()
            guard position < characters.count, characters[position] == "*" || characters[position] == "/",
                !(characters[position] == "*" && position + 1 < characters.count && characters[position + 1] == "*")
            else { return expression }
            let op = characters[position]
            position += 1
            expression = .binary(op, expression, try parsePower())
        }
    }

    mutating func parsePower() throws(ExpressionError) -> ArithmeticExpression {
        let base = try parseUnary()
        skipSpaces()
        if position < characters.count, characters[position] == "^" {
            position += 1
            return .binary("^", base, try parsePower())
        }
        if position + 1 < characters.count, characters[position] == "*", characters[position + 1] == "*" {
            position += 2
            return .binary("^", base, try parsePower())
        }
        return base
    }

    mutating func parseUnary() throws(ExpressionError) -> ArithmeticExpression {
        skipSpaces()
        if position < characters.count, characters[position] == "-" {
            position += 1
            return .negate(try parseUnary())
        }
        if position < characters.count, characters[position] == "+" {
            position += 1
            return try parseUnary()
        }
        return try parseAtom()
    }

    mutating func parseAtom() throws(ExpressionError) -> ArithmeticExpression {
        skipSpaces()
        guard position < characters.count else {
            throw error("expected a number, a name or '(' but the expression ended")
        }
        let character = characters[position]
        if character == "(" {
            position += 1
            let inner = try parseSum()
            skipSpaces()
            guard position < characters.count, characters[position] == ")" else { throw error("expected ')'") }
            position += 1
            return inner
        }
        if character.isNumber || character == "." {
            let start = position
            while position < characters.count, characters[position].isNumber || characters[position] == "." {
                position += 1
            }
            if position < characters.count, characters[position] == "e" || characters[position] == "E" {
                var look = position + 1
                if look < characters.count, characters[look] == "-" || characters[look] == "+" { look += 1 }
                if look < characters.count, characters[look].isNumber {
                    position = look
                    while position < characters.count, characters[position].isNumber { position += 1 }
                }
            }
            let text = String(characters[start..<position])
            guard let value = Double(text) else {
                position = start
                throw error("'\(text)' is not a number")
            }
            return .number(value)
        }
        if character.isLetter || character == "_" {
            let start = position
            while position < characters.count,
                characters[position].isLetter || characters[position].isNumber || characters[position] == "_"
                    || characters[position] == "."
            { position += 1 }
            let name = String(characters[start..<position])
            skipSpaces()
            guard position < characters.count, characters[position] == "(" else { return .name(name) }
            guard let arity = ArithmeticExpression.functions[name] else {
                position = start
                throw error(
                    "unknown function '\(name)'; known: \(ArithmeticExpression.functions.keys.sorted().joined(separator: ", "))"
                )
            }
            position += 1
            var arguments: [ArithmeticExpression] = []
            while true {
                arguments.append(try parseSum())
                skipSpaces()
                guard position < characters.count else { throw error("expected ',' or ')' in the call to \(name)") }
                if characters[position] == "," {
                    position += 1
                    continue
                }
                guard characters[position] == ")" else { throw error("expected ',' or ')' in the call to \(name)") }
                position += 1
                break
            }
            guard arguments.count == arity else {
                position = start
                throw error("\(name) takes \(arity) argument\(arity == 1 ? "" : "s"), got \(arguments.count)")
            }
            return .call(name, arguments)
        }
        throw error("unexpected '\(character)', expected a number, a name or '('")
    }
}
