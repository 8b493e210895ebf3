import HyperscopeCore

/// The best trade-offs among a study's trials: the completed feasible trials with a value of every
/// objective that no other beats on all of them, the knee among them, and their hypervolume. The one place a
/// study's front is found, for the library, the search's display and the reports.
public struct TrialParetoFront: Sendable, Hashable {
    /// The trials on the front, by number.
    public var front: [Trial]
    /// The front's knee (see ``ParetoDominance/knee(of:goals:)``).
    public var knee: Trial?
    /// The hypervolume of the front up to the worst value of each objective among the completed
    /// trials; `nil` for more than three objectives or no completed trial.
    public var hypervolume: Double?
    /// How many completed feasible trials had a value of every objective.
    public var completed: Int

    /// The front of `trials` under `goals` (one per objective, in the study's order).
    public init(_ trials: [Trial], goals: [MetricGoal]) {
        let scored = Self.scored(trials, goals: goals)
        completed = scored.count
        let positions = ParetoDominance.front(scored.map(\.1), goals: goals)
        front = positions.map { scored[$0].0 }.sorted { $0.number < $1.number }
        let points = front.map { $0.values ?? [$0.value!] }
        knee = ParetoDominance.knee(of: points, goals: goals).map { front[$0] }
        hypervolume =
            scored.isEmpty
            ? nil
            : Hypervolume.of(points, reference: ParetoDominance.worst(scored.map(\.1), goals: goals), goals: goals)
    }

    /// The completed feasible trials with a finite value of every objective, with those values.
    private static func scored(_ trials: [Trial], goals: [MetricGoal]) -> [(Trial, [Double])] {
        trials.compactMap { trial in
            guard trial.isFeasible, let values = trial.objectiveValues(count: goals.count) else { return nil }
            return (trial, values)
        }
    }

    /// The hypervolume of the front after each completed feasible trial, in trial order, up to one
    /// reference for all (the worst value of each objective among every such trial), so the curve only
    /// rises; empty for more than three objectives.
    public static func hypervolumeHistory(_ trials: [Trial], goals: [MetricGoal]) -> [(trial: Int, hypervolume: Double)]
    {
        let scored = Self.scored(trials.sorted { $0.number < $1.number }, goals: goals).map { ($0.0.number, $0.1) }
        guard goals.count <= 3, !scored.isEmpty else { return [] }
        let reference = ParetoDominance.worst(scored.map(\.1), goals: goals)
        var front: [[Double]] = []
        return scored.map { number, values in
            if !front.contains(where: { ParetoDominance.dominates($0, values, goals: goals) }) {
                front.removeAll { ParetoDominance.dominates(values, $0, goals: goals) }
                front.append(values)
            }
            return (number, Hypervolume.of(front, reference: reference, goals: goals) ?? 0)
        }
    }

    /// Which front member to take when one must be chosen.
    public enum Preference: Sendable, Hashable {
        /// The knee: the balanced compromise.
        case knee
        /// The member best on one objective (its position in the study's order).
        case best(objective: Int)
        /// The member with the smallest weighted sum of its objectives, each scaled to [0, 1] over the
        /// front with 0 its best value (one weight per objective).
        case weighted([Double])
    }

    /// The front member `preference` picks, under `goals`; `nil` for an empty front.
    public func chosen(_ preference: Preference, goals: [MetricGoal]) -> Trial? {
        let points = front.map { $0.values ?? [$0.value ?? .nan] }
        switch preference {
        case .knee:
            return knee
        case .best(let objective):
            guard objective < goals.count else { return nil }
            return front.indices.min { goals[objective].prefers(points[$0][objective], over: points[$1][objective]) }
                .map { front[$0] }
        case .weighted(let weights):
            guard weights.count == goals.count, !front.isEmpty else { return nil }
            let scaled = ParetoDominance.scaledToUnit(points, goals: goals)
            func score(_ point: [Double]) -> Double { zip(weights, point).reduce(0) { $0 + $1.0 * $1.1 } }
            return scaled.indices.min { score(scaled[$0]) < score(scaled[$1]) }.map { front[$0] }
        }
    }
}
