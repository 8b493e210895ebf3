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
    /// - Complexity: O(*trials × keys²*).
    public init?(trials: [Trial], goal: MetricGoal) {
        guard let (parameter, conditional) = Self.branchParameter(in: trials) else { return nil }
        self.parameter = parameter
        conditionalParameters = conditional
        var byValue: [Value: [Trial]] = [:]
        for trial in trials { byValue[trial.params[parameter]!, default: []].append(trial) }
        branches = byValue.map { value, members in
            let ranked = members.rankedByValue(goal: goal)
            let values = members.sorted { $0.number < $1.number }.compactMap { $0.state == .completed ? $0.value : nil }
            return Branch(value: value, trialCount: members.count, summary: SampleSummary(values), values: values, best: ranked.first)
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
    static func branchParameter(in trials: [Trial]) -> (String, [String])? {
        guard !trials.isEmpty else { return nil }
        let keys = Set(trials.flatMap(\.params.keys))
        let partial = keys.filter { key in trials.contains { $0.params[key] == nil } }.sorted()
        guard !partial.isEmpty else { return nil }
        let candidates = keys.subtracting(partial).filter { key in
            let values = Set(trials.map { $0.params[key]! })
            return (2...20).contains(values.count) && values.allSatisfy { value in
                if case .string = value { return true }
                if case .bool = value { return true }
                return false
            }
        }
        for candidate in candidates.sorted() {
            let switched = partial.filter { key in
                var presence: [Value: Bool] = [:]
                for trial in trials {
                    let present = trial.params[key] != nil
                    if let seen = presence.updateValue(present, forKey: trial.params[candidate]!), seen != present { return false }
                }
                return true
            }
            if !switched.isEmpty { return (candidate, switched) }
        }
        return nil
    }
}
