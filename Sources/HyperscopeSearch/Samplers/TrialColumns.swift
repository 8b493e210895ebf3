import HyperscopeCore

/// The trials' sampled parameters as columns, one per dimension of the search space: a trial's value
/// of a dimension when the dimension was active for it and the value lies in its domain, else `nil`.
///
/// A study keeps its columns as its trials start, so a sampler that reads every trial's parameters
/// (TPE) does not look each of them up in thousands of dictionaries again at every ask: at 5,000
/// trials that was a third of an ask. A trial's parameters never change once it started, so the
/// columns only grow.
public struct TrialColumns: Sendable {
    /// Per dimension of the space, in its order: each trial's value, in the trials' order.
    public private(set) var values: [[Value?]]
    /// How many trials the columns hold.
    public private(set) var count = 0
    private let dimensions: [SearchDimension]

    /// The columns of `trials`' parameters over the dimensions of `space`.
    public init(space: SearchSpace, trials: [Trial] = []) {
        dimensions = space.dimensions
        values = dimensions.map { _ in
            var column: [Value?] = []
            column.reserveCapacity(trials.count)
            return column
        }
        for trial in trials { append(trial.params) }
    }

    /// Adds a trial's parameters.
    public mutating func append(_ params: [String: Value]) {
        for index in dimensions.indices {
            let dimension = dimensions[index]
            let value = dimension.isActive(in: params) ? params[dimension.name] : nil
            values[index].append(value.flatMap { dimension.domain.contains($0) ? $0 : nil })
        }
        count += 1
    }

    /// Whether these columns were built over `space`'s dimensions.
    func describe(_ space: SearchSpace) -> Bool {
        dimensions.map(\.id) == space.dimensions.map(\.id)
    }
}
