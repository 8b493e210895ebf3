import HyperscopeAnalysis
import HyperscopeCore

/// Gaussian-process Bayesian optimisation: a ``GaussianProcess`` (Matérn-5/2 ARD, fitted
/// hyperparameters) models the objective over the encoded space, and the next configuration
/// maximises the log expected improvement (Ament et al. 2023) over the best value observed.
///
/// The acquisition is optimised over the mixed space: scrambled Sobol candidates and perturbations
/// of the best trials, then gradient ascent on the numeric parameters of the ten most promising,
/// then each categorical parameter's choices enumerated, then integers and steps snapped.
/// Repeated configurations are trusted more (their noise shrinks with the repeat count), and running
/// trials are fantasised at their predicted mean so parallel workers spread out.
///
/// Past ``modelTrials`` completed trials (512) the model is fitted to a subset of them (see
/// ``modelSubset(losses:inputs:width:size:)``), so an ask costs about the same at 2,000 or 5,000
/// trials as at 500 (a quarter of a second) instead of growing with the cube of the history (9 s at
/// 2,000). It is an approximation: on Rosenbrock-5, a 256-trial subset after 400 trials stopped
/// finding improvements that the whole history's model still found (8 of 8 seeds whose results
/// differed); up to ``modelTrials`` nothing changes.
public struct GPSampler: Sampler {
    /// Random (Sobol) trials before the model is used.
    public var startupTrials: Int
    /// Candidates scored before local optimisation.
    public var candidates: Int
    /// The most completed trials the model is fitted to.
    public var modelTrials: Int

    /// Creates the sampler.
    public init(startupTrials: Int = 10, candidates: Int = 512, modelTrials: Int = 512) {
        self.startupTrials = startupTrials
        self.candidates = candidates
        self.modelTrials = modelTrials
    }

    /// The completed trials the model is fitted to, as positions in `losses` (and rows of
    /// `inputs`), in their order: all of them up to `size`. Past it, the better half of `size` by
    /// loss, where the acquisition needs the model to be accurate (around the incumbent), and then,
    /// one by one, the trial farthest from every one chosen so far, so that each trial left out lies
    /// near one the model sees: the model stays as sure as before wherever the search has been, and
    /// does not send it back to regions it already found poor. It depends only on the trials, never
    /// on earlier asks.
    ///
    /// - Parameter inputs: The trials' encoded points, row-major, `width` columns.
    /// - Complexity: O(*n*·`size`·`width`).
    package static func modelSubset(losses: [Double], inputs: [Double], width: Int, size: Int) -> [Int] {
        let count = losses.count
        guard count > size, size >= 2 else { return Array(losses.indices) }
        let byLoss = losses.ascendingPositions
        var chosen = [Bool](repeating: false, count: count)
        // The squared distance of each trial to the nearest chosen one (−1 once chosen).
        var nearest = [Double](repeating: .infinity, count: count)
        inputs.withUnsafeBufferPointer { points in
            nearest.withUnsafeMutableBufferPointer { nearest in
                func choose(_ position: Int) {
                    chosen[position] = true
                    nearest[position] = -1
                    let row = position * width
                    for other in 0..<count where nearest[other] >= 0 {
                        var squared = 0.0
                        let otherRow = other * width
                        for column in 0..<width {
                            let difference = points[row + column] - points[otherRow + column]
                            squared += difference * difference
                        }
                        if squared < nearest[other] { nearest[other] = squared }
                    }
                }
                for position in byLoss.prefix(size / 2) { choose(position) }
                for _ in (size / 2)..<size {
                    var farthest = 0
                    for position in 1..<count where nearest[position] > nearest[farthest] { farthest = position }
                    choose(farthest)
                }
            }
        }
        return losses.indices.filter { chosen[$0] }
    }

    /// See ``Sampler/suggest(_:)``.
    public func suggest(_ context: SamplingContext) throws -> [String: Value]? {
        let completed = context.completedLosses
        let encoding = SpaceEncoding(context.space)
        guard completed.count >= max(2, startupTrials), encoding.width > 0 else {
            return try SobolSampler().suggest(context)
        }
        let width = encoding.width
        let losses = completed.map(\.loss)
        // The targets are standardised over every completed trial, so the prior mean stays the
        // objective's average even when the model sees a subset.
        let mean = losses.reduce(0, +) / Double(losses.count)
        let spread = (losses.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(max(1, losses.count - 1)))
            .squareRoot()
        let scale = spread > 0 ? spread : 1
        let allInputs = completed.flatMap { encoding.encode($0.trial.params) }
        let modelled = Self.modelSubset(losses: losses, inputs: allInputs, width: width, size: modelTrials)
        let inputs = modelled.flatMap { allInputs[($0 * width)..<(($0 + 1) * width)] }
        let targets = modelled.map { (losses[$0] - mean) / scale }
        let weights = modelled.map { 1 / Double(max(1, completed[$0].trial.valueSummary?.count ?? 1)) }
        guard var model = GaussianProcess.fit(inputs: inputs, width: width, targets: targets, noiseWeights: weights)
        else {
            return try RandomSampler().suggest(context)
        }
        let threshold = targets.min() ?? 0
        let running = context.trials.filter { $0.state == .running }.map { encoding.encode($0.params) }
        if !running.isEmpty {
            let believed = running.map { model.predict($0).mean }
            model =
                model.adding(inputs: running.flatMap { $0 }, targets: believed, noiseWeights: running.map { _ in 1e-4 })
                ?? model
        }
        var generator = context.generator
        let best = optimizeAcquisition(
            model: model, threshold: threshold, encoding: encoding, incumbents: bestInputs(completed, encoding),
            using: &generator)
        return encoding.decode(best)
    }

    /// The encoded points of the best completed trials, best first.
    private func bestInputs(_ completed: [(trial: Trial, loss: Double)], _ encoding: SpaceEncoding) -> [[Double]] {
        completed.sorted { $0.loss < $1.loss }.prefix(5).map { encoding.encode($0.trial.params) }
    }

    private func optimizeAcquisition(
        model: GaussianProcess, threshold: Double, encoding: SpaceEncoding, incumbents: [[Double]],
        using generator: inout SplitMix64
    ) -> [Double] {
        let width = encoding.width
        let score: @Sendable ([Double]) -> Double = { x in
            let prediction = model.predict(x)
            return ExpectedImprovement.logExpectedImprovement(
                mean: prediction.mean, standardDeviation: prediction.variance.squareRoot(), threshold: threshold)
        }
        let snap: @Sendable ([Double]) -> [Double] = { x in encoding.encode(encoding.decode(x)) }
        let sobol = SobolSequence(
            dimensions: min(width, SobolSequence.maximumDimensions), scrambleSeed: generator.next())
        var pool: [[Double]] = (0..<candidates).map { index in
            let point = sobol.point(at: index)
            return snap((0..<width).map { $0 < point.count ? point[$0] : Double.random(in: 0..<1, using: &generator) })
        }
        for incumbent in incumbents {
            for _ in 0..<8 {
                pool.append(
                    snap(incumbent.map { min(1, max(0, $0 + 0.05 * StandardNormal.sample(using: &generator))) }))
            }
        }
        // Each candidate, and then each ascent, is independent of the others: they are shared out over
        // every core (the scores, and so the choice, are the same on any number of cores).
        let ranked = zip(pool, pool.concurrentMap(score)).sorted { $0.1 > $1.1 }
        let continuous = encoding.continuousColumns
        let numericColumns = encoding.columns.indices.filter {
            if case .numeric = encoding.columns[$0] { true } else { false }
        }
        let starts: [([Double], Double)] = Array(ranked.prefix(10))
        let ascended = starts.concurrentMap { start in
            var x = start.0
            var current = start.1
            // Gradient ascent on every numeric column (integers and steps are snapped afterwards).
            if !numericColumns.isEmpty {
                var step = 0.05
                for _ in 0..<20 {
                    let gradient = acquisitionGradient(model: model, threshold: threshold, at: x)
                    let norm = numericColumns.reduce(0) { $0 + gradient[$1] * gradient[$1] }.squareRoot()
                    guard norm > 1e-9 else { break }
                    var candidate = x
                    for column in numericColumns {
                        candidate[column] = min(1, max(0, x[column] + step * gradient[column] / norm))
                    }
                    let candidateScore = score(candidate)
                    if candidateScore > current {
                        x = candidate
                        current = candidateScore
                        step *= 1.5
                    } else {
                        step *= 0.3
                        if step < 1e-4 { break }
                    }
                }
            }
            // Each categorical parameter: the best of its choices, the others held.
            for group in encoding.choiceGroups {
                for chosen in group {
                    var candidate = x
                    for column in group { candidate[column] = column == chosen ? 1 : 0 }
                    let candidateScore = score(candidate)
                    if candidateScore > current {
                        x = candidate
                        current = candidateScore
                    }
                }
            }
            let snapped = continuous.count == numericColumns.count ? x : snap(x)
            return (snapped, score(snapped))
        }
        var best = ranked[0]
        for candidate in ascended where candidate.1 > best.1 { best = candidate }
        return best.0
    }

    /// The gradient of log EI in the encoded point.
    private func acquisitionGradient(model: GaussianProcess, threshold: Double, at x: [Double]) -> [Double] {
        let prediction = model.predict(x, withGradient: true)
        let deviation = prediction.variance.squareRoot()
        let z = (threshold - prediction.mean) / deviation
        let slope = ExpectedImprovement.logHSlope(z)
        // log EI = log σ + log h(z), z = (f* − μ)/σ: ∂/∂μ = −h′/(hσ); ∂/∂σ = 1/σ − z·h′/(hσ); ∂σ/∂x = ∂σ²/∂x / (2σ).
        let byMean = -slope / deviation
        let byDeviation = 1 / deviation - z * slope / deviation
        return (0..<x.count).map { d in
            byMean * prediction.meanGradient[d] + byDeviation * prediction.varianceGradient[d] / (2 * deviation)
        }
    }
}
