import HyperscopeCore

/// Selects runs with a `--where` expression.
///
/// Comparisons follow the value's type: numbers numerically (an int and a float compare by value),
/// strings exactly or by glob with `~`. A run that lacks a field fails every comparison on it,
/// except `= null`, which a missing parameter satisfies. A list-valued parameter satisfies `=`, `~`
/// and `in` when any of its items does.
public struct RunFilter: Sendable {
    /// The parsed expression.
    public let expression: FilterExpression

    /// Parses an expression.
    ///
    /// - Throws: ``FilterSyntaxError`` pointing at the column where the expression stops making sense.
    public static func parse(_ text: String) throws(FilterSyntaxError) -> RunFilter {
        var parser = FilterParser(text)
        return RunFilter(expression: try parser.parse())
    }

    /// Creates a filter from an expression.
    public init(expression: FilterExpression) {
        self.expression = expression
    }

    /// Whether a run satisfies the filter.
    ///
    /// - Parameter goal: The goal of each metric, for `.best`; by default suggested by its name.
    public func matches(
        _ run: Run, goal: (MetricKey) -> MetricGoal = { MetricGoal.suggested(forMetricNamed: $0.metric) }
    ) -> Bool {
        Self.evaluate(expression) { RunField.value($0, in: run, goal: goal) }
    }

    /// The positions of the runs of `runs` that satisfy the filter, in order, their parameters
    /// read from `columns` (the parameter columns of `runs`).
    ///
    /// Each comparison on a parameter is made once per distinct value of the parameter, and each
    /// run's answer looked up by its value's code: a filter on parameters alone reads no run.
    ///
    /// - Complexity: O(*runs* × *comparisons*), plus the comparisons of each parameter's distinct values.
    public func matchingPositions(in runs: [Run], columns: ParameterColumns, goal: (MetricKey) -> MetricGoal) -> [Int] {
        withoutActuallyEscaping(goal) { goal in
            matchingPositions(
                count: runs.count,
                parameter: { field in columns.column(of: field).map { (columns.codes[$0], columns.values[$0]) } },
                reader: { field in { position in RunField.value(field, in: runs[position], goal: goal) } })
        }
    }

    /// The positions of the runs of a table that satisfy the filter, in order, each comparison on a
    /// parameter made once per distinct value, as ``matchingPositions(in:columns:goal:)`` does.
    ///
    /// - Complexity: O(*runs* × *comparisons*), plus the comparisons of each parameter's distinct values.
    public func matchingPositions(in table: RunTable, goal: (MetricKey) -> MetricGoal) -> [Int] {
        matchingPositions(
            count: table.count, parameter: { table.parameterColumn($0).map { ($0.codes, $0.values) } },
            reader: { field in RunField.reader(field, in: table, goal: goal) })
    }

    /// The positions of `count` runs that satisfy the filter: `parameter` gives a parameter's codes
    /// and distinct values, `reader` a field's reader of any run's value.
    private func matchingPositions(
        count: Int, parameter: (String) -> (codes: [Int32], values: [Value])?, reader: (String) -> (Int) -> Value?
    ) -> [Int] {
        let holds = Self.truth(of: expression) { field, test in
            // A run lacking the parameter may still have a metric or metadata field of that name.
            let value = reader(field)
            func perRun(_ position: Int) -> Bool { test(value(position)) }
            guard !RunField.metadataNames.contains(field), let column = parameter(field) else {
                return (0..<count).map(perRun)
            }
            let byCode = column.values.map(test)
            return column.codes.enumerated().map { position, code in
                code >= 0 ? byCode[Int(code)] : perRun(position)
            }
        }
        return holds.indices.filter { holds[$0] }
    }

    /// Evaluates an expression, `value` giving each field's value (`nil` when the run lacks it).
    private static func evaluate(_ expression: FilterExpression, value: (String) -> Value?) -> Bool {
        switch expression {
        case .and(let left, let right):
            return evaluate(left, value: value) && evaluate(right, value: value)
        case .or(let left, let right):
            return evaluate(left, value: value) || evaluate(right, value: value)
        case .not(let inner):
            return !evaluate(inner, value: value)
        case .membership(let field, let literals):
            return holds(value(field), in: literals)
        case .comparison(let field, let op, let literal):
            return holds(value(field), op, literal)
        }
    }

    /// Evaluates an expression for many runs at once: `answers` gives, for a field and a test of
    /// its value, each run's answer.
    private static func truth(of expression: FilterExpression, answers: (String, (Value?) -> Bool) -> [Bool]) -> [Bool]
    {
        switch expression {
        case .and(let left, let right):
            return zip(truth(of: left, answers: answers), truth(of: right, answers: answers)).map { $0 && $1 }
        case .or(let left, let right):
            return zip(truth(of: left, answers: answers), truth(of: right, answers: answers)).map { $0 || $1 }
        case .not(let inner):
            return truth(of: inner, answers: answers).map { !$0 }
        case .membership(let field, let literals):
            return answers(field) { holds($0, in: literals) }
        case .comparison(let field, let op, let literal):
            return answers(field) { holds($0, op, literal) }
        }
    }

    /// Whether a field's value (`nil` when the run lacks it) is one of the literals.
    private static func holds(_ value: Value?, in literals: [Value]) -> Bool {
        guard let value else { return literals.contains(.null) }
        return anyItem(of: value) { item in literals.contains { compare(item, .equal, $0) } }
    }

    /// Whether a field's value (`nil` when the run lacks it) compares with the literal as `op` says.
    private static func holds(_ value: Value?, _ op: FilterOperator, _ literal: Value) -> Bool {
        guard let value else { return op == .equal && literal == .null }
        if op == .notEqual { return !anyItem(of: value) { compare($0, .equal, literal) } }
        if op == .equal || op == .glob { return anyItem(of: value) { compare($0, op, literal) } }
        return compare(value, op, literal)
    }

    private static func order<T: Comparable>(_ left: T, _ op: FilterOperator, _ right: T) -> Bool {
        switch op {
        case .equal: left == right
        case .notEqual: left != right
        case .less: left < right
        case .lessOrEqual: left <= right
        case .greater: left > right
        case .greaterOrEqual: left >= right
        case .glob: false
        }
    }

    private static func anyItem(of value: Value, _ predicate: (Value) -> Bool) -> Bool {
        if predicate(value) { return true }
        if case .list(let items) = value { return items.contains(where: predicate) }
        return false
    }

    /// Compares a run's value with a literal under an operator.
    static func compare(_ value: Value, _ op: FilterOperator, _ literal: Value) -> Bool {
        if op == .glob { return Glob(literal.displayText).matches(value.displayText) }
        if let left = value.numericValue, let right = literal.numericValue { return order(left, op, right) }
        switch (value, literal) {
        case (.string(let left), .string(let right)):
            return order(left, op, right)
        default:
            switch op {
            case .equal: return value == literal || value.displayText == literal.displayText
            case .notEqual: return !(value == literal || value.displayText == literal.displayText)
            default: return false
            }
        }
    }
}
