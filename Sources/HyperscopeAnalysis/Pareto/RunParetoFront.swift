import HyperscopeCore

/// The best trade-offs among stored runs (`hyperscope pareto`): runs with the same configuration are
/// aggregated over seeds first, as the sweep summary groups them, and a configuration is on the front
/// by its means. Each front member says which others could dominate it within noise.
public struct RunParetoFront: Sendable {
    /// One configuration: its parameters and, per objective, the summary of its runs' values.
    public struct Configuration: Sendable {
        /// The varying parameters' values.
        public var params: [String: Value?]
        /// Per objective (in the order asked), the values' summary.
        public var summaries: [SampleSummary]
        /// Its front number: 0 on the Pareto front, 1 on the front of the rest, and so on.
        public var rank: Int
        /// The other front members that could dominate it within noise (by position in ``configurations``);
        /// empty when none could, or when it is not on the front.
        public var withinNoiseOf: [Int]

        /// The means, one per objective.
        public var means: [Double] { summaries.map(\.mean) }
    }

    /// The objectives: metric, point and goal.
    public var objectives: [MetricSelection]
    /// Every configuration with a value of every objective, front members first (in order of the first
    /// objective, best first), then the others by front number.
    public var configurations: [Configuration]
    /// The positions in ``configurations`` of the Pareto front.
    public var front: [Int]
    /// The front's knee (see ``ParetoDominance/knee(of:goals:)``), a position in ``configurations``.
    public var knee: Int?
    /// The hypervolume of the front, up to the worst value of each objective among all configurations;
    /// `nil` for more than three objectives.
    public var hypervolume: Double?
    /// The varying parameters the configurations differ in.
    public var varying: [String]
    /// Why configurations were left out: a value missing for an objective.
    public var leftOut: [String]

    /// The front of `runs` on `objectives`.
    ///
    /// - Parameters:
    ///   - detection: Which keys are parameters, as for the sweep summary (seeds and noise are aggregated over).
    ///   - statuses: The statuses of runs judged on their values.
    public init(
        runs: [Run], objectives: [MetricSelection], detection: SweepDetection = SweepDetection(),
        statuses: RunStatusSelection = .completedOnly
    ) {
        let columns = ParameterColumns(runs)
        let sweeps = objectives.map {
            SweepSummary(runs: runs, columns: columns, selection: $0, detection: detection, statuses: statuses)
        }
        self.objectives = objectives
        varying = sweeps.first?.varying ?? []
        // One configuration per combination that every objective's sweep has values for.
        var byCombination: [[Value?]: [SampleSummary?]] = [:]
        var order: [[Value?]] = []
        for (index, sweep) in sweeps.enumerated() {
            for group in sweep.groups {
                if byCombination[group.combination] == nil {
                    byCombination[group.combination] = Array(repeating: nil, count: objectives.count)
                    order.append(group.combination)
                }
                byCombination[group.combination]![index] = group.summary
            }
        }
        var found: [Configuration] = []
        var leftOut: [String] = []
        let keys = varying
        for combination in order {
            let params = Dictionary(uniqueKeysWithValues: zip(keys, combination))
            let summaries = byCombination[combination]!
            guard summaries.allSatisfy({ $0 != nil }) else {
                let missing = zip(objectives, summaries).filter { $0.1 == nil }.map { $0.0.metric.description }
                let named = keys.map { "\($0)=\(params[$0]??.displayText ?? "–")" }.joined(separator: ", ")
                leftOut.append("\(named.isEmpty ? "the runs" : named): no value of \(missing.joined(separator: ", "))")
                continue
            }
            found.append(Configuration(params: params, summaries: summaries.map { $0! }, rank: 0, withinNoiseOf: []))
        }
        self.leftOut = leftOut
        let goals = objectives.map(\.goal)
        let ranks = ParetoDominance.ranks(found.map(\.means), goals: goals)
        for index in found.indices { found[index].rank = ranks[index] }
        // Front members first, each group by the first objective, best first.
        found.sort { left, right in
            if left.rank != right.rank { return left.rank < right.rank }
            return goals[0].prefers(left.means[0], over: right.means[0])
        }
        front = found.indices.filter { found[$0].rank == 0 }
        for member in front {
            found[member].withinNoiseOf = front.filter {
                $0 != member && Self.couldDominate(found[$0], found[member], goals: goals)
            }
        }
        configurations = found
        knee = ParetoDominance.knee(of: front.map { found[$0].means }, goals: goals).map { front[$0] }
        let worst = ParetoDominance.worst(found.map(\.means), goals: goals)
        hypervolume =
            found.isEmpty ? nil : Hypervolume.of(front.map { found[$0].means }, reference: worst, goals: goals)
    }

    /// Whether `other` could dominate `member` within noise: on every objective `other`'s mean is better,
    /// or worse by less than 1.96 standard errors of the difference (`√(se₁² + se₂²)`); never for a pair
    /// where an objective has one run on either side, whose noise is unknown.
    static func couldDominate(_ other: Configuration, _ member: Configuration, goals: [MetricGoal]) -> Bool {
        for k in goals.indices {
            guard let a = other.summaries[k].standardError, let b = member.summaries[k].standardError else {
                return false
            }
            let shortfall =
                goals[k] == .maximize
                ? member.summaries[k].mean - other.summaries[k].mean
                : other.summaries[k].mean - member.summaries[k].mean
            if shortfall >= 1.96 * (a * a + b * b).squareRoot() { return false }
        }
        return true
    }
}
