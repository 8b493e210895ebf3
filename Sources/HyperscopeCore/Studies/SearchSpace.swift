/// What a search may try: sampled parameters (some conditional on a branch choice) and parameters
/// derived from them.
///
/// Samplers see the space flattened (``dimensions``): one ``SearchDimension`` per parameter of every
/// branch, each with the branch choices that activate it. A configuration holds values only for its
/// active dimensions, keyed by parameter name, so the same name may appear in several branches
/// with ranges of their own.
public struct SearchSpace: Sendable, Hashable {
    /// The top-level parameters, in declaration order.
    public var parameters: [SearchParameter]
    /// Parameters computed from the sampled ones after sampling, in order (a later one may use an earlier one).
    public var derived: [DerivedSearchParameter]
    /// Every parameter of every branch, parents before their branches' parameters.
    public let dimensions: [SearchDimension]

    /// Creates a space.
    public init(parameters: [SearchParameter], derived: [DerivedSearchParameter] = []) {
        self.parameters = parameters
        self.derived = derived
        var dimensions: [SearchDimension] = []
        Self.flatten(parameters, conditions: [], into: &dimensions)
        self.dimensions = dimensions
    }

    /// Every parameter name once, in declaration order: sampled ones (a name several branches share
    /// appears once), then derived ones.
    public var parameterNames: [String] {
        var seen: Set<String> = []
        return (dimensions.map(\.name) + derived.map(\.name)).filter { seen.insert($0).inserted }
    }

    /// The configuration with its derived parameters computed (an integer when every input is one and the result is
    /// whole).
    ///
    /// - Throws: ``SearchSpaceError`` naming the derived parameter and why it has no value.
    public func withDerived(_ params: [String: Value]) throws -> [String: Value] {
        var result = params
        for parameter in derived {
            switch parameter.expression.evaluate({ result[$0]?.numericValue }) {
            case .success(let number):
                let fromIntegers = parameter.expression.names.allSatisfy {
                    if case .int = result[$0] { true } else { false }
                }
                let exact = fromIntegers && number == number.rounded() && abs(number) < 9e15
                result[parameter.name] = exact ? .int(Int64(number)) : .float(number)
            case .failure(let error):
                throw SearchSpaceError("derived parameter \(parameter.name): \(error.reason)")
            }
        }
        return result
    }

    /// The names of the parameters that have a value in every configuration, whatever branches are
    /// chosen (top-level ones, derived ones, and those every choice of a branch defines).
    ///
    /// - Complexity: O(*b*·*d*) for *b* combinations of branch choices.
    public var alwaysActiveNames: Set<String> {
        var skeletons: [[String: Value]] = [[:]]
        for dimension in dimensions {
            skeletons = skeletons.flatMap { skeleton -> [[String: Value]] in
                guard dimension.isActive(in: skeleton) else { return [skeleton] }
                let choices: [Value]
                if case .categorical(let values) = dimension.domain { choices = values } else { choices = [.null] }
                return choices.map { choice in
                    var extended = skeleton
                    extended[dimension.name] = choice
                    return extended
                }
            }
        }
        let sampled = skeletons.dropFirst().reduce(Set(skeletons[0].keys)) { $0.intersection($1.keys) }
        return sampled.union(derived.map(\.name))
    }

    /// The number of distinct configurations, or `nil` when a dimension is continuous.
    ///
    /// - Complexity: O(*d*).
    public var gridSize: Int? {
        Self.gridSize(of: parameters)
    }

    private static func gridSize(of parameters: [SearchParameter]) -> Int? {
        var total = 1
        for parameter in parameters {
            if parameter.branches.isEmpty {
                guard let points = parameter.domain.gridPoints else { return nil }
                total = total.multipliedReportingOverflow(by: points.count).partialValue
            } else {
                guard let choices = parameter.domain.gridPoints else { return nil }
                var sum = 0
                for choice in choices {
                    let branch = parameter.branches.first { $0.choice == choice }
                    guard let size = gridSize(of: branch?.parameters ?? []) else { return nil }
                    sum += size
                }
                total = total.multipliedReportingOverflow(by: sum).partialValue
            }
        }
        return total
    }

    private static func flatten(
        _ parameters: [SearchParameter], conditions: [SearchDimension.Condition],
        into dimensions: inout [SearchDimension]
    ) {
        for parameter in parameters {
            let path = conditions.map { "\($0.parent)=\($0.choice.displayText)/" }.joined()
            dimensions.append(
                SearchDimension(
                    id: path + parameter.name, name: parameter.name, domain: parameter.domain, conditions: conditions))
            for branch in parameter.branches {
                flatten(
                    branch.parameters, conditions: conditions + [.init(parent: parameter.name, choice: branch.choice)],
                    into: &dimensions)
            }
        }
    }
}

/// One parameter of a flattened ``SearchSpace``, with the branch choices that make it active.
public struct SearchDimension: Sendable, Hashable, Identifiable {
    /// A branch choice a dimension depends on: `parent` must have the value `choice`.
    public struct Condition: Sendable, Hashable {
        /// The branching parameter's name.
        public var parent: String
        /// The choice that activates the branch.
        public var choice: Value
    }

    /// Unique within the space: the name prefixed by its branch path (`sampler_type=top_p/temperature`).
    public var id: String
    /// The parameter's name in configurations.
    public var name: String
    /// The values it may take.
    public var domain: ParameterDomain
    /// The choices that must hold for it to be active, outermost first; empty at the top level.
    public var conditions: [Condition]

    /// Whether the configuration meets every condition of the dimension.
    public func isActive(in params: [String: Value]) -> Bool {
        conditions.allSatisfy { params[$0.parent] == $0.choice }
    }
}

/// A configuration that cannot be completed from the space, such as a derived parameter that
/// divides by zero.
public struct SearchSpaceError: Error, Sendable, CustomStringConvertible {
    /// What went wrong.
    public var description: String

    /// Creates an error.
    public init(_ description: String) {
        self.description = description
    }

    /// Always ``ErrorCode/invalidSpace``.
    public var code: ErrorCode<SearchSpaceError> { .invalidSpace }
}

extension ErrorCode where Domain == SearchSpaceError {
    /// The space cannot give a configuration: a sampler that cannot use it, a derived parameter that fails.
    public static var invalidSpace: Self { Self("invalid-search-space") }
}
