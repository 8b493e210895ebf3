import HyperscopeCore

/// The trials' sampled parameters as columns, one per dimension of the search space: a trial's value
/// of a dimension when the dimension was active for it and the value lies in its domain, else `nil`;
/// and for each numeric dimension the trials that have a value, ordered by it.
///
/// A study keeps its columns as its trials start, so a sampler that reads every trial's parameters
/// (TPE) neither looks each of them up in thousands of dictionaries nor sorts them again at every
/// ask. A trial's parameters never change once it started, so the columns only grow.
package struct TrialColumns: Sendable {
    /// Per dimension of the space, in its order: each trial's value, in the trials' order.
    package private(set) var values: [[Value?]]
    /// Per dimension: for a numeric one, the positions of the trials that have a value, by that
    /// value (equal values in the order the trials came); empty for the others, and for every
    /// dimension when the columns were made without orders.
    package private(set) var numericOrders: [[Int]]
    /// How many trials the columns hold.
    package private(set) var count = 0
    private let dimensions: [SearchDimension]
    private let ordered: Bool
    /// Per numeric dimension, the values of ``numericOrders`` in the same order (for the binary
    /// search that places a new trial).
    private var orderedNumbers: [[Double]]

    /// The columns of `trials`' parameters over the dimensions of `space`.
    ///
    /// - Parameter ordered: Whether to keep ``numericOrders``: worth it for columns kept over many
    ///   asks; a one-off sampler call is as quick sorting what it uses.
    package init(space: SearchSpace, trials: [Trial] = [], ordered: Bool = true) {
        self.ordered = ordered
        dimensions = space.dimensions
        values = dimensions.map { _ in
            var column: [Value?] = []
            column.reserveCapacity(trials.count)
            return column
        }
        numericOrders = Array(repeating: [], count: dimensions.count)
        orderedNumbers = Array(repeating: [], count: dimensions.count)
        for trial in trials { appendValues(trial.params) }
        guard ordered else { return }
        // Sorted once here rather than placed one by one (which moves O(n²) elements).
        for index in dimensions.indices where Self.isNumeric(dimensions[index].domain) {
            var positions: [Int] = []
            var numbers: [Double] = []
            for (position, value) in values[index].enumerated() {
                if let number = value?.numericValue {
                    positions.append(position)
                    numbers.append(number)
                }
            }
            let order = numbers.ascendingPositions
            numericOrders[index] = order.map { positions[$0] }
            orderedNumbers[index] = order.map { numbers[$0] }
        }
    }

    /// Adds a trial's parameters.
    package mutating func append(_ params: [String: Value]) {
        appendValues(params)
        guard ordered else { return }
        let position = count - 1
        for index in dimensions.indices where Self.isNumeric(dimensions[index].domain) {
            guard let number = values[index][position]?.numericValue else { continue }
            // After every equal value: equal values stay in the order the trials came.
            let numbers = orderedNumbers[index]
            var (low, high) = (0, numbers.count)
            while low < high {
                let middle = (low + high) / 2
                if numbers[middle] <= number { low = middle + 1 } else { high = middle }
            }
            orderedNumbers[index].insert(number, at: low)
            numericOrders[index].insert(position, at: low)
        }
    }

    private mutating func appendValues(_ params: [String: Value]) {
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

    private static func isNumeric(_ domain: ParameterDomain) -> Bool {
        switch domain {
        case .float, .integer: true
        case .categorical, .fixed: false
        }
    }
}
