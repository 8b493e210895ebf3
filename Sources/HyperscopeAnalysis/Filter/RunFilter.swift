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
    public func matches(_ run: Run, goal: (MetricKey) -> MetricGoal = { MetricGoal.suggested(forMetricNamed: $0.metric) }) -> Bool {
        Self.evaluate(expression) { RunField.value($0, in: run, goal: goal) }
    }

    /// Whether the run at `position` of `runs` satisfies the filter, its parameters read from
    /// `columns` (the parameter columns of `runs`): a filter on parameters alone then reads no run.
    public func matches(position: Int, in runs: [Run], columns: ParameterColumns, goal: (MetricKey) -> MetricGoal) -> Bool {
        Self.evaluate(expression) { field in
            if !RunField.metadataNames.contains(field), let column = columns.column(of: field), let value = columns.value(column, run: position) {
                return value
            }
            return RunField.value(field, in: runs[position], goal: goal)
        }
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
            guard let value = value(field) else { return literals.contains(.null) }
            return Self.anyItem(of: value) { item in literals.contains { Self.compare(item, .equal, $0) } }
        case .comparison(let field, let op, let literal):
            guard let value = value(field) else { return op == .equal && literal == .null }
            if op == .notEqual { return !Self.anyItem(of: value) { Self.compare($0, .equal, literal) } }
            if op == .equal || op == .glob { return Self.anyItem(of: value) { Self.compare($0, op, literal) } }
            return Self.compare(value, op, literal)
        }
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
