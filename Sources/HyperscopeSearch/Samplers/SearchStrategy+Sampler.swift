import HyperscopeCore

extension SearchStrategy {
    /// The sampler that carries out the strategy.
    public func sampler(settings: SamplerSettings = SamplerSettings()) -> any Sampler {
        switch self {
        case .grid: GridSampler()
        case .random: RandomSampler()
        case .sobol: SobolSampler()
        case .tpe, .motpe: TPESampler(settings: settings)
        case .gp: GPSampler(startupTrials: settings.startupTrials)
        case .nsga2: NSGA2Sampler(populationSize: settings.populationSize)
        }
    }

    /// What `strategy: auto` chooses: TPE for one objective, multi-objective TPE for two, NSGA-II for
    /// three or more. On the sampler benchmark's problems at 100 and 200 trials, multi-objective TPE
    /// finds more hypervolume than NSGA-II on three of the four two-objective problems, and NSGA-II more
    /// on the three-objective one.
    static func automatic(objectives: Int) -> SearchStrategy {
        switch objectives {
        case ...1: .tpe
        case 2: .motpe
        default: .nsga2
        }
    }

    /// Why this strategy cannot search `objectives` objectives, naming those that can
    /// (`gp optimises one objective; with 2 objectives use auto, grid, …`).
    func refusal(objectives: Int) -> String {
        "\(rawValue) optimises one objective; with \(objectives) objectives use auto, \(Self.namesForSeveralObjectives)"
    }

    /// The names of the strategies that search a study of several objectives, for messages.
    static var namesForSeveralObjectives: String {
        let names = allCases.filter { $0.sampler().handlesSeveralObjectives }.map(\.rawValue)
        return names.dropLast().joined(separator: ", ") + " or " + names.last!
    }
}
