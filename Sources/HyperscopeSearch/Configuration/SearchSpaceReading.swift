import HyperscopeCore
import HyperscopeIngest
import Yams

/// Reads search parameters from YAML, in every shape a configuration may give them:
///
/// ```yaml
/// lr: {type: float, low: 1.0e-4, high: 1.0, log: true}
/// dropout: {type: float, low: 0.0, high: 0.5, step: 0.1}
/// batch_size: {type: int, low: 16, high: 256, log: true}
/// optimizer: [sgd, adam]                      # categorical shorthand
/// activation: {type: categorical, choices: [relu, gelu]}
/// epochs: 10                                  # fixed
/// sampler_type:                               # a branch per choice, each with its own parameters
///   top_p: {temperature: {low: 0.6, high: 1.3}, top_p: [0.9, 0.95]}
///   min_p: {temperature: {low: 0.7, high: 1.6}, min_p: {low: 0.01, high: 0.1, log: true}}
/// ```
extension YAMLReader {
    /// The keys a typed parameter mapping may have.
    static let parameterKeys = ["type", "low", "high", "log", "step", "choices", "value"]

    /// Reads a mapping of parameter names to declarations.
    package func searchParameters(_ node: Node, at keyPath: String) throws -> [SearchParameter] {
        if node.null != nil { return [] }
        return try mapping(node, at: keyPath).map { nameNode, declaration in
            let name = try key(nameNode, at: keyPath)
            return try searchParameter(named: name, declaration, at: Self.join(keyPath, name))
        }
    }

    /// Reads one parameter declaration.
    package func searchParameter(named name: String, _ node: Node, at keyPath: String) throws -> SearchParameter {
        switch node {
        case .scalar, .alias:
            return SearchParameter(name: name, domain: .fixed(YAMLDocument.value(of: node)))
        case .sequence(let items):
            return SearchParameter(name: name, domain: try categorical(Array(items), at: keyPath, node: node))
        case .mapping(let pairs):
            let keys = try pairs.map { try key($0.key, at: keyPath) }
            let looksTyped = keys.contains { ["type", "low", "high", "choices", "value"].contains($0) }
            guard looksTyped else { return try branching(named: name, choices: node, at: keyPath) }
            return try typedParameter(named: name, node, at: keyPath)
        }
    }

    /// Reads `derived: {name: "expression"}` (or `{name: {expr: "expression"}}`), checking that each
    /// expression reads only known parameters or earlier derived ones.
    package func derivedParameters(
        _ node: Node, at keyPath: String, known: Set<String>
    ) throws -> [DerivedSearchParameter] {
        var available = known
        return try mapping(node, at: keyPath).map { nameNode, declaration in
            let name = try key(nameNode, at: keyPath)
            let path = Self.join(keyPath, name)
            var expressionNode = declaration
            if case .mapping = declaration {
                guard let expr = try fields(declaration, at: path, allowed: ["expr"])["expr"] else {
                    throw error(declaration, at: path, "expected expr: \"an expression\"")
                }
                expressionNode = expr.value
            }
            let expression: ArithmeticExpression
            do {
                expression = try ArithmeticExpression.parse(try valueText(expressionNode, at: path))
            } catch let parseError as ExpressionError {
                throw error(expressionNode, at: path, parseError.description)
            }
            if let unknown = expression.names.first(where: { !available.contains($0) }) {
                throw error(
                    expressionNode, at: path,
                    "'\(unknown)' is not a parameter; known: \(available.sorted().joined(separator: ", "))")
            }
            available.insert(name)
            return DerivedSearchParameter(name: name, expression: expression)
        }
    }

    private func typedParameter(named name: String, _ node: Node, at keyPath: String) throws -> SearchParameter {
        let given = try fields(node, at: keyPath, allowed: Self.parameterKeys)
        let typeName: String
        if let type = given["type"] {
            typeName = try valueText(type.value, at: Self.join(keyPath, "type"))
        } else if given["choices"] != nil {
            typeName = "categorical"
        } else if given["value"] != nil {
            typeName = "fixed"
        } else {
            let bounds = [given["low"], given["high"], given["step"]].compactMap { $0 }.map {
                YAMLDocument.value(of: $0.value)
            }
            typeName = bounds.allSatisfy { if case .int = $0 { true } else { false } } ? "int" : "float"
        }
        func allow(_ keys: [String]) throws {
            if let extra = given.first(where: { !keys.contains($0.key) && $0.key != "type" }) {
                throw error(
                    extra.value.key, at: Self.join(keyPath, extra.key),
                    "not allowed for a \(typeName) parameter; expected \(keys.joined(separator: ", "))")
            }
        }
        switch typeName {
        case "float":
            try allow(["low", "high", "log", "step"])
            let (low, high) = try bounds(given, at: keyPath, node: node)
            let logarithmic = try given["log"].map { try bool($0.value, at: Self.join(keyPath, "log")) } ?? false
            let step = try given["step"].map { try number($0.value, at: Self.join(keyPath, "step")) }
            if logarithmic, low <= 0 {
                throw error(given["low"]!.value, at: Self.join(keyPath, "low"), "a log range needs low > 0")
            }
            if let step {
                let stepNode = given["step"]!.value
                if step <= 0 || step > high - low {
                    throw error(
                        stepNode, at: Self.join(keyPath, "step"),
                        "expected a step between 0 and high − low (\(high - low))")
                }
                if logarithmic {
                    throw error(stepNode, at: Self.join(keyPath, "step"), "step and log cannot be combined")
                }
            }
            return SearchParameter(
                name: name, domain: .float(low: low, high: high, logarithmic: logarithmic, step: step))
        case "int", "integer":
            try allow(["low", "high", "log", "step"])
            let low = try wholeNumber(given["low"], name: "low", at: keyPath, node: node)
            let high = try wholeNumber(given["high"], name: "high", at: keyPath, node: node)
            guard low < high else {
                throw error(
                    given["high"]!.value, at: Self.join(keyPath, "high"), "high (\(high)) must be above low (\(low))")
            }
            let logarithmic = try given["log"].map { try bool($0.value, at: Self.join(keyPath, "log")) } ?? false
            let step =
                try given["step"].map { Int64(try integer($0.value, at: Self.join(keyPath, "step"), minimum: 1)) } ?? 1
            if logarithmic, low < 1 {
                throw error(given["low"]!.value, at: Self.join(keyPath, "low"), "a log range needs low ≥ 1")
            }
            if logarithmic, step != 1 {
                throw error(given["step"]!.value, at: Self.join(keyPath, "step"), "step and log cannot be combined")
            }
            if step > high - low {
                throw error(given["step"]!.value, at: Self.join(keyPath, "step"), "step is larger than the range")
            }
            return SearchParameter(
                name: name, domain: .integer(low: low, high: high, logarithmic: logarithmic, step: step))
        case "categorical":
            try allow(["choices"])
            guard let choices = given["choices"]?.value else {
                throw error(node, at: keyPath, "a categorical parameter needs choices: [...]")
            }
            if case .mapping = choices {
                return try branching(named: name, choices: choices, at: Self.join(keyPath, "choices"))
            }
            guard case .sequence(let items) = choices else {
                throw error(choices, at: Self.join(keyPath, "choices"), "expected a list of choices")
            }
            return SearchParameter(
                name: name, domain: try categorical(Array(items), at: Self.join(keyPath, "choices"), node: choices))
        case "fixed":
            try allow(["value"])
            guard let value = given["value"]?.value else {
                throw error(node, at: keyPath, "a fixed parameter needs value: ...")
            }
            return SearchParameter(name: name, domain: .fixed(YAMLDocument.value(of: value)))
        default:
            throw error(
                given["type"]!.value, at: Self.join(keyPath, "type"),
                "unknown type '\(typeName)'; expected float, int, categorical or fixed")
        }
    }

    private func branching(named name: String, choices node: Node, at keyPath: String) throws -> SearchParameter {
        var branches: [SearchBranch] = []
        for (choiceNode, parameters) in try mapping(node, at: keyPath) {
            let choice = YAMLDocument.value(of: choiceNode)
            let path = Self.join(keyPath, choice.displayText)
            if branches.contains(where: { $0.choice == choice }) {
                throw error(choiceNode, at: path, "the choice \(choice.displayText) is given twice")
            }
            branches.append(SearchBranch(choice: choice, parameters: try searchParameters(parameters, at: path)))
        }
        guard !branches.isEmpty else { throw error(node, at: keyPath, "expected at least one choice") }
        return SearchParameter(name: name, domain: .categorical(branches.map(\.choice)), branches: branches)
    }

    private func categorical(_ items: [Node], at keyPath: String, node: Node) throws -> ParameterDomain {
        guard !items.isEmpty else { throw error(node, at: keyPath, "expected at least one choice") }
        var choices: [Value] = []
        for item in items {
            let value = YAMLDocument.value(of: item)
            if choices.contains(value) {
                throw error(item, at: keyPath, "the choice \(value.displayText) is given twice")
            }
            choices.append(value)
        }
        return choices.count == 1 ? .fixed(choices[0]) : .categorical(choices)
    }

    private func bounds(
        _ given: [String: (key: Node, value: Node)], at keyPath: String, node: Node
    ) throws -> (Double, Double) {
        guard let lowNode = given["low"]?.value, let highNode = given["high"]?.value else {
            throw error(node, at: keyPath, "a range needs low and high")
        }
        let low = try number(lowNode, at: Self.join(keyPath, "low"))
        let high = try number(highNode, at: Self.join(keyPath, "high"))
        guard low < high else {
            throw error(
                highNode, at: Self.join(keyPath, "high"),
                "high (\(try valueText(highNode, at: keyPath))) must be above low (\(try valueText(lowNode, at: keyPath)))"
            )
        }
        return (low, high)
    }

    private func wholeNumber(
        _ field: (key: Node, value: Node)?, name: String, at keyPath: String, node: Node
    ) throws -> Int64 {
        guard let field else { throw error(node, at: keyPath, "a range needs low and high") }
        guard case .int(let integer) = YAMLDocument.value(of: field.value) else {
            throw error(field.value, at: Self.join(keyPath, name), "expected a whole number")
        }
        return integer
    }
}
