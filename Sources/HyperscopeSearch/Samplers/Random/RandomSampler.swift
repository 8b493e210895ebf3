import HyperscopeCore

/// Independent uniform draws: each active parameter uniformly in its range (log-uniformly for log
/// ranges, on the step for stepped ones), each choice with equal probability.
public struct RandomSampler: Sampler {
    /// It never looks at the objectives, so it serves a study with several as well as one.
    public var handlesSeveralObjectives: Bool { true }

    /// Creates the sampler.
    public init() {}

    /// See ``Sampler/suggest(_:)``.
    public func suggest(_ context: SamplingContext) throws -> [String: Value]? {
        var generator = context.generator
        var params: [String: Value] = [:]
        for dimension in context.space.dimensions where dimension.isActive(in: params) {
            params[dimension.name] = UniformDraw.value(in: dimension.domain, using: &generator)
        }
        return params
    }
}
