import HyperscopeCore

/// Which parameters take more than one value across a set of runs.
public enum ParameterVariation {
    /// The keys whose values differ across `runs` (a key missing from some runs counts as varying),
    /// in sorted order. With one run, every key is returned.
    ///
    /// - Complexity: O(*runs × keys*).
    public static func varyingKeys(in runs: [Run]) -> [String] {
        ParameterColumns(runs).varyingKeys
    }

    /// Every parameter key of any of the runs.
    ///
    /// - Complexity: O(*runs × keys*).
    public static func keys(in runs: [Run]) -> Set<String> {
        var keys: Set<String> = []
        for run in runs { keys.formUnion(run.params.keys) }
        return keys
    }

    /// The keys whose values differ across configurations (a key missing from some counts as
    /// varying), in sorted order. With one configuration, every key is returned.
    ///
    /// - Complexity: O(*configurations × keys*).
    public static func varyingKeys(in configurations: [[String: Value]]) -> [String] {
        ParameterColumns(configurations: configurations).varyingKeys
    }
}
