import HyperscopeCore

/// How each branch of a conditional search did: for `sampler_type ∈ {top_p, min_p}`, the statistics
/// of each branch's completed trials and its best configuration.
public struct BranchPerformance: Sendable, Hashable {
    /// One branch.
    public struct Branch: Sendable, Hashable {
        /// The branch parameter's value (`top_p`).
        public var value: Value
        /// The trials of the branch, whatever their state.
        public var trialCount: Int
        /// The statistics of the completed trials' values; `nil` when none completed.
        public var summary: SampleSummary?
        /// The completed trials' values, in trial order (for tests between branches).
        public var values: [Double]
        /// The branch's best completed trial.
        public var best: Trial?
    }

    /// The categorical parameter whose value decides which other parameters exist.
    public var parameter: String
    /// The parameters that exist only on some branches.
    public var conditionalParameters: [String]
    /// The branches, best mean first (branches without a completed trial last).
    public var branches: [Branch]

    /// The branches of `trials`, or `nil` when the search has no branch parameter.
    ///
    /// A branch parameter is one that every trial has, with text or boolean values (2 to 20 of them),
    /// such that some other parameter exists on some trials only and its presence follows from the
    /// branch parameter's value alone.
    ///
    /// `columns`, the parameter columns of `trials` when the caller has them, saves reading their parameters.
    ///
    /// - Complexity: O(*trials × keys²*).
    public init?(trials: [Trial], goal: MetricGoal, columns: ParameterColumns? = nil) {
        guard
            let (parameter, conditional) = Self.branchParameter(
                in: columns ?? ParameterColumns(configurations: trials.map(\.params)))
        else { return nil }
        self.parameter = parameter
        conditionalParameters = conditional
        var byValue: [Value: [Trial]] = [:]
        for trial in trials { byValue[trial.params[parameter]!, default: []].append(trial) }
        branches = byValue.map { value, members in
            let ranked = members.rankedByValue(goal: goal)
            let values = members.sorted { $0.number < $1.number }.compactMap { $0.state == .completed ? $0.value : nil }
            return Branch(
                value: value, trialCount: members.count, summary: SampleSummary(values), values: values,
                best: ranked.first)
        }.sorted { a, b in
            switch (a.summary?.mean, b.summary?.mean) {
            case (let x?, let y?) where x != y: return goal.prefers(x, over: y)
            case (.some, nil): return true
            case (nil, .some): return false
            default: return a.value.displayText < b.value.displayText
            }
        }
    }

    /// The branch parameter of `trials` and the parameters it switches on and off.
    static func branchParameter(in columns: ParameterColumns) -> (String, [String])? {
        guard columns.runCount > 0 else { return nil }
        let partial = columns.keys.indices.filter { columns.codes[$0].contains(-1) }
        guard !partial.isEmpty else { return nil }
        let candidates = columns.keys.indices.filter { column in
            let values = columns.values[column]
            return !partial.contains(column) && (2...20).contains(values.count)
                && values.allSatisfy { value in
                    if case .string = value { return true }
                    if case .bool = value { return true }
                    return false
                }
        }
        for candidate in candidates {
            let branchOfTrial = columns.codes[candidate]
            let switched = partial.filter { column in
                // Whether each branch has the parameter: unknown (-1), no (0) or yes (1).
                var presence = [Int8](repeating: -1, count: columns.values[candidate].count)
                for (trial, code) in columns.codes[column].enumerated() {
                    let present: Int8 = code >= 0 ? 1 : 0
                    let branch = Int(branchOfTrial[trial])
                    if presence[branch] < 0 {
                        presence[branch] = present
                    } else if presence[branch] != present {
                        return false
                    }
                }
                return true
            }
            if !switched.isEmpty { return (columns.keys[candidate], switched.map { columns.keys[$0] }) }
        }
        return nil
    }
}
