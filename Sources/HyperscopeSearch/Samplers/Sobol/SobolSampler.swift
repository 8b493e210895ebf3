import HyperscopeCore

/// Random search with scrambled Sobol points: trial *n* takes the sequence's *n*-th point, one
/// coordinate per dimension of the flattened space, so the first trials cover the space more evenly
/// than independent draws. Dimensions beyond the sequence's ``SobolSequence/maximumDimensions``
/// are drawn uniformly.
public struct SobolSampler: Sampler {
    /// It never looks at the objectives, so it serves a study with several as well as one.
    public var handlesSeveralObjectives: Bool { true }

    /// Creates the sampler.
    public init() {}

    /// See ``Sampler/suggest(_:)``.
    public func suggest(_ context: SamplingContext) throws -> [String: Value]? {
        let dimensions = context.space.dimensions
        let sequence = SobolSequence(
            dimensions: min(max(1, dimensions.count), SobolSequence.maximumDimensions), scrambleSeed: context.seed)
        let point = sequence.point(at: context.trials.count)
        var generator = context.generator
        var params: [String: Value] = [:]
        for (index, dimension) in dimensions.enumerated() where dimension.isActive(in: params) {
            params[dimension.name] =
                index < point.count
                ? UniformDraw.value(in: dimension.domain, atUnitCoordinate: point[index])
                : UniformDraw.value(in: dimension.domain, using: &generator)
        }
        return params
    }
}
