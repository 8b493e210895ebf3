import HyperscopeAnalysis
import HyperscopeCore
import Synchronization

/// NSGA-II (Deb, Pratap, Agarwal & Meyarivan 2002), the evolutionary search for the best trade-offs
/// between several objectives.
///
/// Trials come in generations of ``populationSize``; the first is drawn at random. Each later trial is a
/// child of two parents from the generation's parent population, chosen as Deb et al. choose it: the
/// elite of the previous parents and the previous generation's trials, ranked by non-dominated sorting,
/// the last front that fits cut by crowding distance. Parents are picked by
/// binary tournaments (lower front, then more crowding distance, wins), and with constraints a feasible
/// trial beats an infeasible one and a smaller violation a larger one (Deb's constraint domination); the
/// child takes each parameter
/// from one parent or the other (uniform crossover), and any parameter mutates to a uniform draw with
/// probability 1 / parameters. A parameter a parent lacks (the other branch of a conditional space) is
/// taken from the other parent, or drawn. A child that would copy a member of the parent population or
/// a sibling has one parameter drawn afresh. Deterministic for a seed and a history.
public struct NSGA2Sampler: Sampler {
    /// Trials per generation.
    public var populationSize: Int
    /// The chance that a child mixes its parents rather than copying the first.
    public var crossoverProbability: Double
    /// Each parameter's chance of mutating; `nil` for 1 / the number of parameters.
    public var mutationProbability: Double?
    /// Parents already selected, shared by the copies of this sampler (asks of one study).
    private let memory = ParentMemory()

    /// It looks for trade-offs between several objectives (one objective works too).
    public var handlesSeveralObjectives: Bool { true }

    /// Creates the sampler with Deb et al.'s settings (as Optuna's defaults).
    public init(populationSize: Int = 50, crossoverProbability: Double = 0.9, mutationProbability: Double? = nil) {
        self.populationSize = max(2, populationSize)
        self.crossoverProbability = crossoverProbability
        self.mutationProbability = mutationProbability
    }

    /// See ``Sampler/suggest(_:)``.
    public func suggest(_ context: SamplingContext) throws -> [String: Value]? {
        var generator = context.generator
        let generation = context.trials.count / populationSize
        guard generation > 0 else { return draw(context.space, using: &generator) }
        let scored = ScoredGenerations(
            context.trials, generations: generation, populationSize: populationSize, objectives: context.goals.count)
        guard scored.count >= 2 else { return draw(context.space, using: &generator) }
        let population = Self.parents(
            of: generation, trials: context.trials, scored: scored, populationSize: populationSize,
            goals: context.goals, memory: memory)
        let first = tournament(population, using: &generator)
        let second = tournament(population, using: &generator)
        let mixes = Double.random(in: 0..<1, using: &generator) < crossoverProbability
        let dimensions = context.space.dimensions
        let mutation = mutationProbability ?? 1 / Double(max(1, dimensions.count))
        var params: [String: Value] = [:]
        var drewContinuous = false
        for dimension in dimensions where dimension.isActive(in: params) {
            let fromSecond = mixes && Bool.random(using: &generator)
            let (chosen, other) = fromSecond ? (second, first) : (first, second)
            let inherited = [chosen.trial.params[dimension.name], other.trial.params[dimension.name]]
                .compactMap { $0 }.first { dimension.domain.contains($0) }
            let mutates = Double.random(in: 0..<1, using: &generator) < mutation
            if mutates || inherited == nil {
                params[dimension.name] = UniformDraw.value(in: dimension.domain, using: &generator)
                if case .float(let low, let high, _, nil) = dimension.domain, high > low { drewContinuous = true }
            } else {
                params[dimension.name] = inherited!
            }
        }
        // A fresh draw of a continuous parameter makes the child new; otherwise it may repeat a trial.
        guard !drewContinuous else { return params }
        redrawCopies(
            &params, population: population, checksum: scored.checksum(before: generation), context: context,
            generation: generation, using: &generator)
        return params
    }

    /// Redraws a child equal to a member of the parent population (one parent's genes, none mutated, or a
    /// child of the same parents before) or to a sibling (the same parents mixed the same way), which
    /// would spend a trial on a configuration already tried: one of its parameters that no branch hangs
    /// on is drawn afresh until it differs (a few tries, for small discrete spaces).
    private func redrawCopies(
        _ params: inout [String: Value], population: [Member], checksum: UInt64, context: SamplingContext,
        generation: Int, using generator: inout SplitMix64
    ) {
        let dimensions = context.space.dimensions
        let branching = Set(dimensions.flatMap { $0.conditions.map(\.parent) })
        let redrawable = dimensions.filter {
            params[$0.name] != nil && !branching.contains($0.name) && $0.domain.isVariable
        }
        // The generation's trials: numbers run 0..<count, so they are usually the last ones; fields are
        // read in place (copying every trial costs more than the ask).
        let trials = context.trials
        let limit = generation * populationSize
        var siblings: [Int] = []
        for index in trials.indices.reversed() where siblings.count < trials.count - limit {
            if trials[index].number >= limit { siblings.append(index) }
        }
        let names = dimensions.map(\.name).filter { params[$0] != nil }
        let rows = memory.rows(
            of: population, generation: generation, checksum: checksum, names: names)
        func isCopy() -> Bool {
            let values = names.map { params[$0] }
            return rows.contains { $0 == values }
                || siblings.contains { index in
                    names.indices.allSatisfy { trials[index].params[names[$0]] == values[$0] }
                }
        }
        for _ in 0..<8 where isCopy() {
            guard let dimension = redrawable.randomElement(using: &generator) else { break }
            params[dimension.name] = UniformDraw.value(in: dimension.domain, using: &generator)
        }
    }

    /// A member of the elite: the trial, its objectives' values, its front and its crowding distance.
    struct Member: Sendable {
        var trial: Trial
        var values: [Double]
        var rank: Int
        var crowding: Double
    }

    /// The parents of generation `generation` as Deb et al. select them, generation by generation: the
    /// elite of the first generation's trials, then each time the elite of the previous parents and the
    /// trials of the generation before (P_{t+1} from P_t ∪ Q_t). Each step weighs at most twice the
    /// population, so an ask costs the same at 100 trials as at 10,000.
    ///
    /// - Parameters:
    ///   - trials: The study's trials; `scored` says which of them count and in which generation.
    ///   - memory: Parents already selected for a generation, reused while the trials they were
    ///     selected from are the same (so the answer never depends on what is remembered).
    static func parents(
        of generation: Int, trials: [Trial], scored: ScoredGenerations, populationSize: Int,
        goals: [MetricGoal], memory: ParentMemory = ParentMemory()
    ) -> [Member] {
        var start = 0
        var parents: [Member] = []
        for k in stride(from: generation, through: 1, by: -1) {
            if let remembered = memory.parents(
                generation: k, from: scored.numbers(before: k), checksum: scored.checksum(before: k))
            {
                (start, parents) = (k, remembered)
                break
            }
        }
        for k in start..<generation {
            let offspring = scored.window(k).map { index in
                let trial = trials[scored.positions[index]]
                return (trial: trial, values: trial.objectiveValues(count: goals.count)!)
            }
            parents = elite(
                parents.map { (trial: $0.trial, values: $0.values) } + offspring, size: populationSize, goals: goals)
            memory.remember(
                parents, generation: k + 1, from: scored.numbers(before: k + 1),
                checksum: scored.checksum(before: k + 1))
        }
        return parents
    }

    /// The parents selected for recent generations, with the trials they were selected from.
    final class ParentMemory: Sendable {
        /// A generation's parents and what they were selected from.
        private struct Entry {
            var numbers: [Int]
            var checksum: UInt64
            var parents: [Member]
            /// The parents' values of some parameters, row by row, once a child asked for them.
            var rows: (names: [String], values: [[Value?]])?
        }

        private let entries = Mutex<[Int: Entry]>([:])

        /// The parents remembered for `generation` when they were selected from exactly the trials
        /// `numbers` lists (the scored trials of the generations before, in order) with those values.
        func parents(generation: Int, from numbers: ArraySlice<Int>, checksum: UInt64) -> [Member]? {
            entries.withLock { entries in
                guard let entry = entries[generation], entry.checksum == checksum,
                    entry.numbers.elementsEqual(numbers)
                else { return nil }
                return entry.parents
            }
        }

        /// Remembers a generation's parents, forgetting generations more than two before it.
        func remember(_ parents: [Member], generation: Int, from numbers: ArraySlice<Int>, checksum: UInt64) {
            entries.withLock { entries in
                entries[generation] = Entry(numbers: Array(numbers), checksum: checksum, parents: parents)
                for old in entries.keys where old < generation - 2 { entries[old] = nil }
            }
        }

        /// The values of `names` of each of `parents` (generation `generation`'s, selected from trials
        /// whose values have `checksum`), found once per generation: children are compared with them
        /// without looking a name up.
        func rows(of parents: [Member], generation: Int, checksum: UInt64, names: [String]) -> [[Value?]] {
            // Only the rows of these very parents: another study's asks may have replaced the entry.
            func matches(_ entry: Entry) -> Bool {
                entry.checksum == checksum
                    && entry.parents.lazy.map(\.trial.number).elementsEqual(parents.lazy.map(\.trial.number))
            }
            if let rows = entries.withLock({ entries -> [[Value?]]? in
                guard let entry = entries[generation], matches(entry), let rows = entry.rows, rows.names == names
                else { return nil }
                return rows.values
            }) {
                return rows
            }
            let rows = parents.map { member in names.map { member.trial.params[$0] } }
            entries.withLock { entries in
                if let entry = entries[generation], matches(entry) { entries[generation]?.rows = (names, rows) }
            }
            return rows
        }
    }

    /// The best `size` of `candidates`, by Deb's constraint domination: the feasible ones first, whole
    /// fronts in order, the last that does not fit cut to its members with the most crowding distance
    /// (ties in trial order); then the infeasible ones, the least violating first, each a front of its own.
    static func elite(_ candidates: [(trial: Trial, values: [Double])], size: Int, goals: [MetricGoal]) -> [Member] {
        let feasible = candidates.filter(\.trial.isFeasible)
        var members = feasibleElite(feasible, size: size, goals: goals)
        let infeasible = candidates.filter { !$0.trial.isFeasible }.sorted {
            ($0.trial.constraintViolation ?? 0, $0.trial.number) < ($1.trial.constraintViolation ?? 0, $1.trial.number)
        }
        let nextRank = (members.map(\.rank).max() ?? -1) + 1
        for (offset, candidate) in infeasible.prefix(max(0, size - members.count)).enumerated() {
            members.append(
                Member(trial: candidate.trial, values: candidate.values, rank: nextRank + offset, crowding: 0))
        }
        return members
    }

    /// The best `size` of feasible candidates by non-dominated rank and crowding distance.
    private static func feasibleElite(
        _ candidates: [(trial: Trial, values: [Double])], size: Int, goals: [MetricGoal]
    ) -> [Member] {
        // Fronts are peeled one at a time until the elite is full: only the first few are ever needed,
        // so a long history costs a few scans rather than a full non-dominated sort.
        var remaining = Array(candidates.indices)
        var members: [Member] = []
        var rank = 0
        while members.count < size, !remaining.isEmpty {
            let front = ParetoDominance.front(remaining.map { candidates[$0].values }, goals: goals).map {
                remaining[$0]
            }
            let distances = crowdingDistances(front.map { candidates[$0].values })
            var ranked = zip(front, distances).map {
                Member(trial: candidates[$0].trial, values: candidates[$0].values, rank: rank, crowding: $1)
            }
            if members.count + ranked.count > size {
                ranked.sort { ($1.crowding, $0.trial.number) < ($0.crowding, $1.trial.number) }
            }
            members += ranked.prefix(size - members.count)
            let taken = Set(front)
            remaining.removeAll { taken.contains($0) }
            rank += 1
        }
        return members
    }

    /// Each point's crowding distance within its front: infinite at each objective's extremes, else the
    /// sum over objectives of the gap between its neighbours, scaled by the objective's range.
    static func crowdingDistances(_ points: [[Double]]) -> [Double] {
        guard let objectives = points.first?.count, points.count > 2 else {
            return Array(repeating: .infinity, count: points.count)
        }
        var distances = [Double](repeating: 0, count: points.count)
        for k in 0..<objectives {
            let order = points.indices.sorted { (points[$0][k], $0) < (points[$1][k], $1) }
            let span = points[order.last!][k] - points[order.first!][k]
            distances[order.first!] = .infinity
            distances[order.last!] = .infinity
            guard span > 0 else { continue }
            for position in 1..<(order.count - 1) {
                distances[order[position]] += (points[order[position + 1]][k] - points[order[position - 1]][k]) / span
            }
        }
        return distances
    }

    /// The better of two members drawn at random: the lower front, then the larger crowding distance.
    private func tournament(_ population: [Member], using generator: inout SplitMix64) -> Member {
        let a = population[Int.random(in: 0..<population.count, using: &generator)]
        let b = population[Int.random(in: 0..<population.count, using: &generator)]
        if a.rank != b.rank { return a.rank < b.rank ? a : b }
        return a.crowding >= b.crowding ? a : b
    }

    /// A configuration drawn uniformly, for the first generation.
    private func draw(_ space: SearchSpace, using generator: inout SplitMix64) -> [String: Value] {
        var params: [String: Value] = [:]
        for dimension in space.dimensions where dimension.isActive(in: params) {
            params[dimension.name] = UniformDraw.value(in: dimension.domain, using: &generator)
        }
        return params
    }
}
