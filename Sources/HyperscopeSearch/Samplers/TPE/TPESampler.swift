import HyperscopeCore
import SystemLibC

/// The Tree-structured Parzen Estimator (Bergstra et al. 2011), with the multivariate and
/// conditional refinements described by Watanabe (2023).
///
/// After ``SamplerSettings/startupTrials`` random trials, the finished trials are split into the best
/// γ(n) = min(⌈0.1·n⌉, 25) ("good") and the rest; a ``ParzenEstimator`` is fitted to each, candidates
/// are drawn from the good density l(x), and the one with the largest l(x)/g(x) is proposed, which
/// maximises expected improvement. Newer trials weigh more once there are more than 25.
///
/// - Multivariate: parameters that are active together (the top level, or one branch of a
///   conditional parameter) are modelled jointly, so their dependencies are learnt; univariate mode
///   models each parameter on its own.
/// - Conditional: a branch's parameters are modelled only from the trials that took that branch.
/// - Parallel: running trials count as bad ("constant liar") and their exact points are not proposed
///   again, so workers asking at the same time are steered apart; pruned trials count as bad too.
/// - Several objectives (multi-objective TPE, Ozaki et al. 2020, 2022): the good trials are whole
///   non-dominated fronts, and from the front that does not fit those that add most hypervolume
///   (``ParetoSplit``); they are ⌈0.1·n⌉ without the cap, and all weigh the same.
/// - Constraints: infeasible trials count as bad, the least violating ranked first among them.
public struct TPESampler: Sampler {
    /// The sampler's settings.
    public var settings: SamplerSettings

    /// Creates the sampler.
    public init(settings: SamplerSettings = SamplerSettings()) {
        self.settings = settings
    }

    /// It learns trade-offs too: with several objectives the good trials are the best fronts
    /// (see ``TPESampler``).
    public var handlesSeveralObjectives: Bool { true }

    /// See ``Sampler/suggest(_:)``.
    public func suggest(_ context: SamplingContext) throws -> [String: Value]? {
        var generator = context.generator
        let (ranked, completed) = Self.rankedTrials(context)
        guard completed >= max(1, settings.startupTrials) else {
            return try RandomSampler().suggest(context)
        }
        let severalObjectives = context.goals.count > 1
        let columns = context.trialColumns
        let dimensions = context.space.dimensions
        var params: [String: Value] = [:]
        var done: Set<String> = []
        for (index, dimension) in dimensions.enumerated()
        where !done.contains(dimension.id) && dimension.isActive(in: params) {
            let members =
                settings.multivariate
                ? dimensions.indices.filter { dimensions[$0].conditions == dimension.conditions } : [index]
            let group = members.map { dimensions[$0] }
            let values = sample(
                group, columns: members.map { columns.values[$0] }, orders: members.map { columns.numericOrders[$0] },
                trials: context.trials, ranked: ranked, severalObjectives: severalObjectives, using: &generator)
            for (member, value) in zip(group, values) {
                params[member.name] = value
                done.insert(member.id)
            }
        }
        return params
    }

    /// Draws values for dimensions that are active together, from the trials that had all of them.
    ///
    /// - Parameters:
    ///   - columns: The trials' values of each of the group's dimensions (``TrialColumns``).
    ///   - orders: For each of the group's numeric dimensions, the trials by value (``TrialColumns``).
    ///   - severalObjectives: Whether the good trials are fronts: then they are 10% of the trials
    ///     without the cap of 25, and all weigh the same (being on a front does not age), as in Optuna.
    private func sample(
        _ group: [SearchDimension], columns: [[Value?]], orders: [[Int]], trials: [Trial], ranked: [Int],
        severalObjectives: Bool, using generator: inout SplitMix64
    ) -> [Value] {
        // One pass over the trials: the group's values of each trial that had all of them, in rank order.
        var rows: [[Value]] = []
        var numbers: [Int] = []
        var running: Set<[Value]> = []
        // Each trial's row, -1 for a trial left out.
        var rowOfTrial = [Int](repeating: -1, count: trials.count)
        rows.reserveCapacity(ranked.count)
        for position in ranked {
            var row: [Value] = []
            row.reserveCapacity(group.count)
            for column in columns {
                guard let value = column[position] else { break }
                row.append(value)
            }
            guard row.count == group.count else { continue }
            if trials[position].state == .running { running.insert(row) }
            rowOfTrial[position] = rows.count
            rows.append(row)
            numbers.append(trials[position].number)
        }
        let domains = group.map(\.domain)
        guard !rows.isEmpty, group.contains(where: { $0.domain.isVariable }) else {
            return domains.map { UniformDraw.value(in: $0, using: &generator) }
        }
        let goodCount = Self.goodCount(of: rows.count, severalObjectives: severalObjectives)
        // The numeric dimensions' trials by value, cut to the good and the bad rows: no sort.
        var goodOrders: [[Int]?] = []
        var badOrders: [[Int]?] = []
        for order in orders {
            guard !order.isEmpty else {
                goodOrders.append(nil)
                badOrders.append(nil)
                continue
            }
            var good: [Int] = []
            var bad: [Int] = []
            good.reserveCapacity(goodCount)
            bad.reserveCapacity(rows.count - goodCount)
            for position in order {
                let row = rowOfTrial[position]
                if row < 0 { continue }
                if row < goodCount { good.append(row) } else { bad.append(row - goodCount) }
            }
            goodOrders.append(good)
            badOrders.append(bad)
        }
        let goodDensity = ParzenEstimator(
            domains: domains, observations: Array(rows[..<goodCount]),
            weights: severalObjectives ? [] : Self.weights(trialNumbers: numbers[..<goodCount]),
            sortedOrders: goodOrders)
        let badDensity = ParzenEstimator(
            domains: domains, observations: Array(rows[goodCount...]),
            weights: Self.weights(trialNumbers: numbers[goodCount...]), sortedOrders: badOrders)
        let candidates = (0..<max(1, settings.candidates)).map { _ in goodDensity.sample(using: &generator) }
        let scores = zip(goodDensity.logDensities(candidates), badDensity.logDensities(candidates)).map { $0 - $1 }
        var best: [Value] = []
        var bestScore = -Double.infinity
        for (candidate, density) in zip(candidates, scores) {
            // A point a running trial is evaluating is only taken when nothing else was drawn.
            let score = running.contains(candidate) ? -.infinity : density
            if best.isEmpty || score > bestScore {
                best = candidate
                bestScore = score
            }
        }
        return best
    }

    /// The trials TPE learns from, best first (as positions in the context's trials), and how many of
    /// them completed with a value: completed feasible ones by loss, or with several objectives by
    /// ``ParetoSplit`` (fronts, then hypervolume); then infeasible ones, the least violating first; then
    /// pruned and running ones (which count as worse than every completed trial).
    ///
    /// Fields are read in place and one objective's losses kept as numbers: at 5,000 trials, copying
    /// each trial and boxing each value in an array cost half the ask.
    static func rankedTrials(_ context: SamplingContext) -> (ranked: [Int], completed: Int) {
        let trials = context.trials
        let objectives = context.goals.count
        var scored: [(position: Int, loss: Double)] = []
        var points: [[Double]] = []
        var infeasible: [Int] = []
        var unfinished: [Int] = []
        for position in trials.indices {
            switch trials[position].state {
            case .running, .pruned: unfinished.append(position)
            case .completed:
                let feasible = trials[position].isFeasible
                if objectives == 1 {
                    guard let value = trials[position].values?.first ?? trials[position].value, value.isFinite,
                        (trials[position].values?.count ?? 1) == 1
                    else { continue }
                    if feasible { scored.append((position, context.goal == .maximize ? -value : value)) }
                } else {
                    guard let values = trials[position].objectiveValues(count: objectives) else { continue }
                    if feasible {
                        scored.append((position, 0))
                        points.append(zip(values, context.goals).map { $1 == .maximize ? -$0 : $0 })
                    }
                }
                if !feasible { infeasible.append(position) }
            default: continue
            }
        }
        let best: [Int]
        if objectives > 1 {
            let total = scored.count + infeasible.count + unfinished.count
            let needed = goodCount(of: total, severalObjectives: true)
            best = ParetoSplit.order(points, needed: needed).map { scored[$0].position }
        } else {
            best = scored.sorted { a, b in
                a.loss != b.loss ? a.loss < b.loss : trials[a.position].number < trials[b.position].number
            }.map(\.position)
        }
        let leastViolating = infeasible.sorted { a, b in
            let (x, y) = (trials[a].constraintViolation ?? 0, trials[b].constraintViolation ?? 0)
            return x != y ? x < y : trials[a].number < trials[b].number
        }
        return (best + leastViolating + unfinished, scored.count + infeasible.count)
    }

    /// How many of `count` trials are good: 10%, rounded up, at most 25 with one objective (Optuna's
    /// default γ of each).
    static func goodCount(of count: Int, severalObjectives: Bool) -> Int {
        let tenth = Int((0.1 * Double(count)).rounded(.up))
        return severalObjectives ? tenth : min(tenth, 25)
    }

    /// Optuna's default weights: all 1 up to 25 trials; beyond, the newest 25 weigh 1 and older ones
    /// ramp linearly from 1/n up to 1, by trial number.
    static func weights(trialNumbers: ArraySlice<Int>) -> [Double] {
        let count = trialNumbers.count
        guard count >= 25 else { return Array(repeating: 1, count: count) }
        let rampLength = count - 25
        let byAge = trialNumbers.indices.sorted { trialNumbers[$0] < trialNumbers[$1] }.map {
            $0 - trialNumbers.startIndex
        }
        var weights = Array(repeating: 1.0, count: count)
        for (age, index) in byAge.enumerated() where age < rampLength {
            weights[index] =
                rampLength == 1
                ? 1 / Double(count) : 1 / Double(count) + (1 - 1 / Double(count)) * Double(age) / Double(rampLength - 1)
        }
        return weights
    }
}
