import HyperscopeCore

/// Groups runs by the values of some parameters.
public enum RunGrouping {
    /// The runs grouped by their values of `keys` (a missing key is `nil`), groups in order of first
    /// appearance, runs in their given order. `columns`, the parameter columns of `runs` when the
    /// caller has them already, saves reading the runs' parameters.
    ///
    /// - Complexity: O(*runs × keys*), through ``ParameterColumns``.
    public static func group(
        _ runs: [Run], by keys: [String], columns: ParameterColumns? = nil
    ) -> [(combination: [Value?], runs: [Run])] {
        let columns = columns ?? ParameterColumns(runs, keys: keys)
        let positions = keys.map(columns.column(of:))
        return columns.groups(by: positions.compactMap { $0 }).map { members in
            (
                positions.map { column in column.flatMap { columns.value($0, run: members[0]) } },
                members.map { runs[$0] }
            )
        }
    }
}
