import HyperscopeCore

extension RunFilter {
    /// The runs matching a filter expression, all of them when it is `nil`.
    ///
    /// - Returns: The runs, or why the expression cannot be used (see ``positions(in:columns:where:goals:)``).
    public static func select(
        _ runs: [Run], where expression: String?, goals: MetricGoals
    ) -> Result<[Run], NotComputable> {
        guard expression != nil else { return .success(runs) }
        return positions(in: runs, where: expression, goals: goals).map { $0.map { runs[$0] } }
    }

    /// The positions of the runs matching a filter expression, in order; all of them when it is `nil`.
    /// `columns`, the parameter columns of `runs` when the caller has them, lets parameters be read
    /// without the runs.
    ///
    /// - Returns: The positions, or why the expression cannot be used: a syntax error with its
    ///   column, or a field that no run has.
    public static func positions(
        in runs: [Run], columns: ParameterColumns? = nil, where expression: String?, goals: MetricGoals
    ) -> Result<[Int], NotComputable> {
        guard let expression else { return .success(Array(runs.indices)) }
        return parseChecked(expression, isKnown: { runs.isEmpty || RunField.isKnown($0, in: runs) }).map { filter in
            let goal = goals.goal(for:)
            if let columns { return filter.matchingPositions(in: runs, columns: columns, goal: goal) }
            return runs.indices.filter { filter.matches(runs[$0], goal: goal) }
        }
    }

    /// The positions of the runs of a table matching a filter expression, in order; all of them
    /// when it is `nil`: what ``positions(in:columns:where:goals:)`` gives for the table's runs.
    public static func positions(
        in table: RunTable, where expression: String?, goals: MetricGoals
    ) -> Result<[Int], NotComputable> {
        guard let expression else { return .success(Array(0..<table.count)) }
        return parseChecked(expression, isKnown: { table.count == 0 || RunField.isKnown($0, in: table) }).map {
            $0.matchingPositions(in: table, goal: goals.goal(for:))
        }
    }

    /// The filter of an expression, or why it cannot be used: a syntax error with its column, or a
    /// field `isKnown` says no run has.
    private static func parseChecked(
        _ expression: String, isKnown: (String) -> Bool
    ) -> Result<RunFilter, NotComputable> {
        let filter: RunFilter
        do {
            filter = try RunFilter.parse(expression)
        } catch {
            return .failure(NotComputable("invalid filter expression: \(error)"))
        }
        if let unknown = filter.expression.fields.first(where: { !isKnown($0) }) {
            return .failure(
                NotComputable(
                    "the filter refers to '\(unknown)', which no run has: use a parameter key, status, name, id, or a metric such as val/acc.best"
                ))
        }
        return .success(filter)
    }
}
