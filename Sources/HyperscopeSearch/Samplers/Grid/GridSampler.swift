import HyperscopeCore

/// Every point of the grid once: the full product of each parameter's values (stepped ranges and
/// lists), with conditional branches contributing their own sub-products.
///
/// Points are visited in an order shuffled by the seed, so a grid stopped early still covers the
/// space evenly; a point any trial of the study already has (running or finished) is not proposed
/// again, which also keeps parallel workers apart. ``suggest(_:)`` returns `nil` when every point was tried.
public struct GridSampler: Sampler {
    /// It never looks at the objectives, so it serves a study with several as well as one.
    public var handlesSeveralObjectives: Bool { true }

    /// The largest grid enumerated.
    public static let maximumPoints = 1_000_000

    /// Creates the sampler.
    public init() {}

    /// See ``Sampler/validate(_:)``.
    public func validate(_ space: SearchSpace) throws {
        if let continuous = space.dimensions.first(where: { $0.domain.gridPoints == nil }) {
            throw SearchSpaceError(
                "grid search needs every range discrete: give \(continuous.id) a step, or list its values")
        }
        if let size = space.gridSize, size > Self.maximumPoints {
            throw SearchSpaceError(
                "the grid has \(size) points, more than \(Self.maximumPoints); use random, tpe or gp search instead")
        }
    }

    /// See ``Sampler/suggest(_:)``.
    public func suggest(_ context: SamplingContext) throws -> [String: Value]? {
        try validate(context.space)
        var points = Self.points(of: context.space)
        var generator = SplitMix64(seed: context.seed)
        points.shuffle(using: &generator)
        let sampledNames = Set(context.space.dimensions.map(\.name))
        let taken = Set(context.trials.map { $0.params.filter { sampledNames.contains($0.key) } })
        return points.first { !taken.contains($0) }
    }

    /// Every point of the space's grid, in declaration order.
    ///
    /// - Complexity: O(*n*·*d*) for *n* points of *d* dimensions.
    public static func points(of space: SearchSpace) -> [[String: Value]] {
        var points: [[String: Value]] = [[:]]
        for dimension in space.dimensions {
            points = points.flatMap { point -> [[String: Value]] in
                guard dimension.isActive(in: point) else { return [point] }
                return (dimension.domain.gridPoints ?? []).map { value in
                    var extended = point
                    extended[dimension.name] = value
                    return extended
                }
            }
        }
        return points
    }
}
