extension SearchStrategy {
    /// The sampler that carries out the strategy.
    public func sampler(settings: SamplerSettings = SamplerSettings()) -> any Sampler {
        switch self {
        case .grid: GridSampler()
        case .random: RandomSampler()
        case .sobol: SobolSampler()
        case .tpe: TPESampler(settings: settings)
        case .gp: GPSampler(startupTrials: settings.startupTrials)
        case .nsga2: NSGA2Sampler(populationSize: settings.populationSize)
        }
    }
}
