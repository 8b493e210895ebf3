import SystemLibC

/// A Gaussian-process regression model with a Matérn-5/2 kernel with one lengthscale per input
/// (automatic relevance determination), fitted by maximising the marginal likelihood times weak
/// priors on its hyperparameters (as Optuna's GPSampler does).
///
/// Each observation has its own noise weight: an average of k repeated runs has noise variance σ²/k,
/// so repeated configurations are trusted more (noise-aware regression).
///
/// k(x, x′) = s²·(1 + √5·r + 5r²/3)·exp(−√5·r), with r² = Σ_d λ_d (x_d − x′_d)², λ_d = 1/ℓ_d².
package struct GaussianProcess: Sendable {
    /// The fitted hyperparameters.
    package struct Hyperparameters: Sendable, Hashable {
        /// λ_d = 1/ℓ_d², one per input column.
        package var inverseSquaredLengthscales: [Double]
        /// s², the kernel's variance.
        package var signalVariance: Double
        /// σ², the noise variance of a single observation.
        package var noiseVariance: Double
    }

    /// The inputs, row-major, n × width.
    package let inputs: [Double]
    /// The number of input columns.
    package let width: Int
    /// The targets.
    package let targets: [Double]
    /// Per observation, the factor on the noise variance (1/k for a mean of k repeats).
    package let noiseWeights: [Double]
    /// The hyperparameters.
    package let hyperparameters: Hyperparameters
    private let factor: CholeskyFactor
    private let alpha: [Double]

    /// The number of observations.
    package var count: Int { targets.count }

    /// Fits a model: hyperparameters by L-BFGS on the negative log posterior.
    ///
    /// With more than 64 observations the search starts from the hyperparameters fitted to an evenly
    /// spaced subsample of 64 (cheap, as each evaluation costs O(n³)), then refines on all of them
    /// with a few iterations; the result depends only on the data, never on earlier calls.
    ///
    /// - Returns: The model, or `nil` when no covariance matrix could be factored.
    /// - Complexity: O(iterations · n²·(n + width)).
    package static func fit(inputs: [Double], width: Int, targets: [Double], noiseWeights: [Double]) -> GaussianProcess?
    {
        var start = [Double](repeating: 0, count: width) + [0, log(0.01)]
        var iterations = 60
        let count = targets.count
        if count > subsampleSize {
            let picked = (0..<subsampleSize).map { $0 * count / subsampleSize }
            let subset = fitHyperparameters(
                from: start, inputs: picked.flatMap { inputs[($0 * width)..<(($0 + 1) * width)] }, width: width,
                targets: picked.map { targets[$0] },
                noiseWeights: picked.map { noiseWeights[$0] }, iterations: 60)
            start = subset.theta
            iterations = 4
        }
        let fitted = fitHyperparameters(
            from: start, inputs: inputs, width: width, targets: targets, noiseWeights: noiseWeights,
            iterations: iterations)
        let h = hyperparameters(from: fitted.theta, width: width)
        if let posterior = fitted.posterior {
            return GaussianProcess(
                inputs: inputs, width: width, targets: targets, noiseWeights: noiseWeights, hyperparameters: h,
                factor: posterior.factor, alpha: posterior.alpha)
        }
        return GaussianProcess(
            inputs: inputs, width: width, targets: targets, noiseWeights: noiseWeights, hyperparameters: h)
    }

    /// The largest number of observations the first fit of ``fit(inputs:width:targets:noiseWeights:)`` uses.
    static let subsampleSize = 64

    /// The fitted θ, with the factor and α = K⁻¹·y computed there (`nil` when the search never left
    /// a start whose matrix could not be factored): the model at θ needs them again.
    private static func fitHyperparameters(
        from start: [Double], inputs: [Double], width: Int, targets: [Double], noiseWeights: [Double], iterations: Int
    ) -> (theta: [Double], posterior: Posterior?) {
        // L-BFGS ends at its start or at the last step it accepted: both had their gradient computed.
        var lastWithGradient: (theta: [Double], posterior: Posterior)?
        let theta = LBFGS.minimize(from: start, maximumIterations: iterations, gradientTolerance: 1e-2) { theta in
            objective(theta, inputs: inputs, width: width, targets: targets, noiseWeights: noiseWeights) {
                lastWithGradient = (theta, $0)
            }
        }.point
        return (theta, lastWithGradient.flatMap { $0.theta == theta ? $0.posterior : nil })
    }

    /// A model with given hyperparameters; `nil` when the covariance matrix cannot be factored.
    package init?(
        inputs: [Double], width: Int, targets: [Double], noiseWeights: [Double], hyperparameters: Hyperparameters
    ) {
        guard
            let factor = Self.covarianceFactor(
                inputs: inputs, width: width, noiseWeights: noiseWeights, hyperparameters)
        else { return nil }
        self.init(
            inputs: inputs, width: width, targets: targets, noiseWeights: noiseWeights,
            hyperparameters: hyperparameters, factor: factor, alpha: factor.solve(targets))
    }

    private init(
        inputs: [Double], width: Int, targets: [Double], noiseWeights: [Double], hyperparameters: Hyperparameters,
        factor: CholeskyFactor, alpha: [Double]
    ) {
        self.inputs = inputs
        self.width = width
        self.targets = targets
        self.noiseWeights = noiseWeights
        self.hyperparameters = hyperparameters
        self.factor = factor
        self.alpha = alpha
    }

    /// The same model with more observations, keeping the hyperparameters (for fantasised points).
    package func adding(
        inputs extra: [Double], targets extraTargets: [Double], noiseWeights extraWeights: [Double]
    ) -> GaussianProcess? {
        GaussianProcess(
            inputs: inputs + extra, width: width, targets: targets + extraTargets,
            noiseWeights: noiseWeights + extraWeights,
            hyperparameters: hyperparameters)
    }

    /// The posterior mean and variance of the latent function at `x`, with their gradients in x.
    ///
    /// - Complexity: O(n·width + n²).
    package func predict(
        _ x: [Double], withGradient: Bool = false
    ) -> (mean: Double, variance: Double, meanGradient: [Double], varianceGradient: [Double]) {
        let n = count
        let lambdas = hyperparameters.inverseSquaredLengthscales
        let signal = hyperparameters.signalVariance
        var covariances = [Double](repeating: 0, count: n)
        var slopes = [Double](repeating: 0, count: withGradient ? n : 0)
        inputs.withUnsafeBufferPointer { rows in
            for i in 0..<n {
                var squared = 0.0
                for d in 0..<width {
                    let difference = x[d] - rows[i * width + d]
                    squared += lambdas[d] * difference * difference
                }
                let r = squared.squareRoot()
                let decay = exp(-5.0.squareRoot() * r)
                covariances[i] = signal * (1 + 5.0.squareRoot() * r + 5 * squared / 3) * decay
                // dk/d(r²) = −s²·(5/6)·(1 + √5·r)·exp(−√5·r)
                if withGradient { slopes[i] = -signal * 5 / 6 * (1 + 5.0.squareRoot() * r) * decay }
            }
        }
        var mean = 0.0
        for i in 0..<n { mean += covariances[i] * alpha[i] }
        let v = factor.solveLower(covariances)
        let variance = max(signal - v.reduce(0) { $0 + $1 * $1 }, 1e-12)
        guard withGradient else { return (mean, variance, [], []) }
        let weights = factor.solveUpper(v)
        var meanGradient = [Double](repeating: 0, count: width)
        var varianceGradient = [Double](repeating: 0, count: width)
        inputs.withUnsafeBufferPointer { rows in
            for i in 0..<n {
                for d in 0..<width {
                    // dk_i/dx_d = dk/d(r²) · 2·λ_d·(x_d − x_i,d)
                    let derivative = slopes[i] * 2 * lambdas[d] * (x[d] - rows[i * width + d])
                    meanGradient[d] += alpha[i] * derivative
                    varianceGradient[d] -= 2 * weights[i] * derivative
                }
            }
        }
        return (mean, variance, meanGradient, varianceGradient)
    }

    // MARK: - Fitting

    /// θ = (log λ_1…log λ_w, log s², log σ²), clamped to keep the matrix well conditioned.
    static func hyperparameters(from theta: [Double], width: Int) -> Hyperparameters {
        Hyperparameters(
            inverseSquaredLengthscales: theta.prefix(width).map { exp(min(max($0, -12), 12)) },
            signalVariance: exp(min(max(theta[width], -10), 10)),
            noiseVariance: exp(min(max(theta[width + 1], log(1e-6)), log(10))))
    }

    /// The covariance matrix's lower triangle (all the factorisation reads), its rows computed on
    /// every core, factored.
    private static func covarianceFactor(
        inputs: [Double], width: Int, noiseWeights: [Double], _ h: Hyperparameters
    ) -> CholeskyFactor? {
        let n = noiseWeights.count
        var matrix = [Double](repeating: 0, count: n * n)
        inputs.withUnsafeBufferPointer { rows in
            matrix.withUnsafeMutableBufferPointer { k in
                h.inverseSquaredLengthscales.withUnsafeBufferPointer { lambda in
                    noiseWeights.withUnsafeBufferPointer { noiseWeights in
                        let (rows, k) = (SharedPointer(rows.baseAddress!), SharedPointer(k.baseAddress!))
                        let lambda = SharedPointer(lambda.baseAddress!)
                        let noiseWeights = SharedPointer(noiseWeights.baseAddress!)
                        InterleavedLoop.run(count: n, parallelFrom: CholeskyFactor.parallelOrder) { i in
                            let (rows, k, lambda) = (rows.base, k.base, lambda.base)
                            k[i * n + i] = h.signalVariance + h.noiseVariance * noiseWeights.base[i] + 1e-8
                            for j in 0..<i {
                                var squared = 0.0
                                for d in 0..<width {
                                    let difference = rows[i * width + d] - rows[j * width + d]
                                    squared += lambda[d] * difference * difference
                                }
                                let r = squared.squareRoot()
                                k[i * n + j] =
                                    h.signalVariance * (1 + 5.0.squareRoot() * r + 5 * squared / 3)
                                    * exp(-5.0.squareRoot() * r)
                            }
                        }
                    }
                }
            }
        }
        return CholeskyFactor(matrix: matrix, order: n)
    }

    /// The negative log marginal likelihood minus the log priors, and how to compute its gradient in θ
    /// (which needs the covariance matrix's inverse, so it is computed only when asked).
    static func negativeLogPosterior(
        _ theta: [Double], inputs: [Double], width: Int, targets: [Double], noiseWeights: [Double]
    ) -> (value: Double, gradient: () -> [Double]) {
        objective(theta, inputs: inputs, width: width, targets: targets, noiseWeights: noiseWeights) { _ in }
    }

    /// ``negativeLogPosterior(_:inputs:width:targets:noiseWeights:)``, telling `differentiated` each
    /// posterior whose gradient is asked for.
    private static func objective(
        _ theta: [Double], inputs: [Double], width: Int, targets: [Double], noiseWeights: [Double],
        differentiated: @escaping (Posterior) -> Void
    ) -> (value: Double, gradient: () -> [Double]) {
        guard
            let posterior = Posterior(theta, inputs: inputs, width: width, targets: targets, noiseWeights: noiseWeights)
        else { return (.infinity, { [Double](repeating: 0, count: width + 2) }) }
        return (
            posterior.value,
            {
                differentiated(posterior)
                return posterior.gradient(inputs: inputs, width: width, noiseWeights: noiseWeights)
            }
        )
    }

    /// The log posterior of the hyperparameters θ = (log λ_1…log λ_w, log s², log σ²) given the data.
    ///
    /// Priors (Optuna's GPSampler's heuristics): log p(λ_d) = −(0.1/λ_d + 0.1·λ_d), which favours
    /// λ_d near 1; s² ~ Gamma(2, rate 1); σ² ~ Gamma(1.1, rate 30).
    private struct Posterior {
        /// The hyperparameters θ stands for.
        let hyperparameters: Hyperparameters
        /// The covariance matrix's factor.
        let factor: CholeskyFactor
        /// α = K⁻¹·y.
        let alpha: [Double]
        /// The negative log marginal likelihood minus the log priors.
        let value: Double

        /// `nil` when the covariance matrix cannot be factored.
        init?(_ theta: [Double], inputs: [Double], width: Int, targets: [Double], noiseWeights: [Double]) {
            let h = GaussianProcess.hyperparameters(from: theta, width: width)
            guard
                let factor = GaussianProcess.covarianceFactor(
                    inputs: inputs, width: width, noiseWeights: noiseWeights, h)
            else { return nil }
            let alpha = factor.solve(targets)
            let dataFit = zip(targets, alpha).reduce(0) { $0 + $1.0 * $1.1 }
            var value =
                0.5 * dataFit + 0.5 * factor.logDeterminant + 0.5 * Double(targets.count) * log(2 * Double.pi)
            for d in 0..<width {
                let lambda = h.inverseSquaredLengthscales[d]
                value += 0.1 / lambda + 0.1 * lambda
            }
            value -= log(h.signalVariance) - h.signalVariance
            value -= 0.1 * log(h.noiseVariance) - 30 * h.noiseVariance
            (hyperparameters, self.factor, self.alpha, self.value) = (h, factor, alpha, value)
        }

        /// The gradient of ``value`` in θ.
        ///
        /// ∂f/∂θ_j = ½·Σ W_ab ∂K_ab/∂θ_j with W = K⁻¹ − α·αᵀ. Each pair's terms (an exponential and a
        /// square root) are computed on every core into W's storage, below the diagonal and above it;
        /// they are then summed in one pass in a fixed order, so the result does not depend on the
        /// number of cores.
        func gradient(inputs: [Double], width: Int, noiseWeights: [Double]) -> [Double] {
            let n = alpha.count
            let h = hyperparameters
            var w = factor.inverseLowerTriangle()
            let signal = h.signalVariance
            let root5 = 5.0.squareRoot()
            let diagonal = (0..<n).map { w[$0 * n + $0] - alpha[$0] * alpha[$0] }
            inputs.withUnsafeBufferPointer { rows in
                w.withUnsafeMutableBufferPointer { w in
                    h.inverseSquaredLengthscales.withUnsafeBufferPointer { lambda in
                        alpha.withUnsafeBufferPointer { alpha in
                            let (rows, w) = (SharedPointer(rows.baseAddress!), SharedPointer(w.baseAddress!))
                            let (lambda, alpha) = (
                                SharedPointer(lambda.baseAddress!), SharedPointer(alpha.baseAddress!)
                            )
                            InterleavedLoop.run(count: n, parallelFrom: CholeskyFactor.parallelOrder) { a in
                                let (rows, w, lambda, alpha) = (rows.base, w.base, lambda.base, alpha.base)
                                for b in 0..<a {
                                    var squared = 0.0
                                    for d in 0..<width {
                                        let difference = rows[a * width + d] - rows[b * width + d]
                                        squared += lambda[d] * (difference * difference)
                                    }
                                    let r = squared.squareRoot()
                                    let decay = exp(-root5 * r)
                                    // Both (a, b) and (b, a): the ½ cancels.
                                    let weight = w[a * n + b] - alpha[a] * alpha[b]
                                    // ∂K_ab/∂log s² below the diagonal, ∂K_ab/∂(r²) / λ-free part above it.
                                    w[b * n + a] = weight * signal * (1 + root5 * r + 5 * squared / 3) * decay
                                    w[a * n + b] = weight * -signal * 5 / 6 * (1 + root5 * r) * decay
                                }
                            }
                        }
                    }
                }
            }
            var gradient = [Double](repeating: 0, count: width + 2)
            let lambdas = h.inverseSquaredLengthscales
            inputs.withUnsafeBufferPointer { rows in
                w.withUnsafeBufferPointer { w in
                    lambdas.withUnsafeBufferPointer { lambda in
                        gradient.withUnsafeMutableBufferPointer { g in
                            withUnsafeTemporaryAllocation(of: Double.self, capacity: max(1, width)) { squares in
                                for a in 0..<n {
                                    g[width + 1] += 0.5 * diagonal[a] * h.noiseVariance * noiseWeights[a]
                                    g[width] += 0.5 * diagonal[a] * signal
                                    for b in 0..<a {
                                        for d in 0..<width {
                                            let difference = rows[a * width + d] - rows[b * width + d]
                                            squares[d] = difference * difference
                                        }
                                        g[width] += w[b * n + a]
                                        let factor = w[a * n + b]
                                        for d in 0..<width { g[d] += factor * lambda[d] * squares[d] }
                                    }
                                }
                            }
                        }
                    }
                }
            }
            for d in 0..<width {
                let lambda = lambdas[d]
                gradient[d] += -0.1 / lambda + 0.1 * lambda
            }
            gradient[width] -= 1 - h.signalVariance
            gradient[width + 1] -= 0.1 - 30 * h.noiseVariance
            return gradient
        }
    }
}
