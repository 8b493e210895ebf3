import HyperscopeCore

/// Maps configurations of a search space to points of the unit cube [0, 1]^width and back: numeric
/// parameters by their position in the range (on the log scale for log ranges), categorical ones one-hot.
///
/// A parameter inactive in a configuration (another branch was chosen) is encoded at the middle of
/// its range, or with no choice set; fixed parameters take no column.
package struct SpaceEncoding: Sendable {
    /// What a column holds.
    package enum Column: Sendable, Hashable {
        /// The unit coordinate of a numeric dimension (its index in the space's dimensions).
        case numeric(dimension: Int)
        /// Whether a categorical dimension took its `choice`-th choice.
        case choice(dimension: Int, choice: Int)
    }

    /// The space encoded.
    package let space: SearchSpace
    /// The columns, in order.
    package let columns: [Column]

    /// Creates the encoding of a space.
    package init(_ space: SearchSpace) {
        self.space = space
        columns = space.dimensions.enumerated().flatMap { index, dimension -> [Column] in
            switch dimension.domain {
            case .fixed: []
            case .categorical(let choices): choices.indices.map { Column.choice(dimension: index, choice: $0) }
            case .float, .integer: [.numeric(dimension: index)]
            }
        }
    }

    /// The number of columns.
    package var width: Int { columns.count }

    /// The columns of numeric dimensions that vary continuously (no step, not integer).
    package var continuousColumns: [Int] {
        columns.indices.filter { index in
            guard case .numeric(let dimension) = columns[index] else { return false }
            if case .float(_, _, _, nil) = space.dimensions[dimension].domain { return true }
            return false
        }
    }

    /// The columns of each categorical dimension, by dimension index.
    package var choiceGroups: [[Int]] {
        var groups: [Int: [Int]] = [:]
        for (index, column) in columns.enumerated() {
            if case .choice(let dimension, _) = column { groups[dimension, default: []].append(index) }
        }
        return groups.keys.sorted().map { groups[$0]! }
    }

    /// The point of a configuration.
    package func encode(_ params: [String: Value]) -> [Double] {
        columns.map { column in
            switch column {
            case .numeric(let index):
                let dimension = space.dimensions[index]
                guard dimension.isActive(in: params), let value = params[dimension.name] else { return 0.5 }
                return dimension.domain.unitCoordinate(of: value) ?? 0.5
            case .choice(let index, let choice):
                let dimension = space.dimensions[index]
                guard dimension.isActive(in: params), case .categorical(let choices) = dimension.domain else {
                    return 0
                }
                return params[dimension.name] == choices[choice] ? 1 : 0
            }
        }
    }

    /// The configuration nearest a point: numbers snapped to their domains, the largest one-hot column chosen.
    package func decode(_ point: [Double]) -> [String: Value] {
        var params: [String: Value] = [:]
        for (index, dimension) in space.dimensions.enumerated() where dimension.isActive(in: params) {
            switch dimension.domain {
            case .fixed(let value):
                params[dimension.name] = value
            case .categorical(let choices):
                let scores = columns.indices.compactMap { column -> (Int, Double)? in
                    guard case .choice(index, let choice) = columns[column] else { return nil }
                    return (choice, point[column])
                }
                params[dimension.name] = choices[scores.max { $0.1 < $1.1 }?.0 ?? 0]
            case .float, .integer:
                let column = columns.firstIndex(of: .numeric(dimension: index))!
                params[dimension.name] = dimension.domain.value(atUnitCoordinate: point[column])
            }
        }
        return params
    }
}
