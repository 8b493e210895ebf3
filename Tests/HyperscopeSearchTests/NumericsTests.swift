import Foundation
import HyperscopeCore
import Testing

@testable import HyperscopeSearch

@Suite("Search numerics")
struct NumericsTests {
    static func close(_ a: Double, _ b: Double, relative: Double = 1e-10) -> Bool {
        abs(a - b) <= relative * max(1, abs(b))
    }

    @Test("Cholesky factor, log determinant and inverse match numpy")
    func cholesky() throws {
        // numpy.linalg.cholesky / slogdet / inv of [[4,12,-16],[12,37,-43],[-16,-43,98]] (numpy 2.4.6)
        let factor = try #require(CholeskyFactor(matrix: [4, 12, -16, 12, 37, -43, -16, -43, 98], order: 3))
        #expect(factor.lower == [2, 0, 0, 6, 1, 0, -8, 5, 3])
        #expect(Self.close(factor.logDeterminant, 3.583518938456108))
        // The lower triangle of the inverse, zero above.
        let inverse = factor.inverseLowerTriangle()
        let expected = [
            49.361111111111185, 0, 0, -13.555555555555575, 3.7777777777777826, 0,
            2.1111111111111143, -0.5555555555555564, 0.1111111111111113,
        ]
        #expect(zip(inverse, expected).allSatisfy { Self.close($0, $1, relative: 1e-9) })
        let x = factor.solve([1, 2, 3])
        let product = [
            4 * x[0] + 12 * x[1] - 16 * x[2], 12 * x[0] + 37 * x[1] - 43 * x[2], -16 * x[0] - 43 * x[1] + 98 * x[2],
        ]
        #expect(zip(product, [1.0, 2, 3]).allSatisfy { Self.close($0, $1, relative: 1e-9) })
        #expect(CholeskyFactor(matrix: [1, 2, 2, 1], order: 2) == nil, "an indefinite matrix has no factor")
    }

    @Test("the inverse of a matrix large enough to be computed on every core times the matrix is the identity")
    func largeInverse() throws {
        // Symmetric, off-diagonal entries in (−1, 1) and n on the diagonal: positive definite (its
        // rows are diagonally dominant) and well conditioned.
        let n = CholeskyFactor.parallelOrder * 2 + 7
        var generator = SplitMix64(seed: 7)
        var a = [Double](repeating: 0, count: n * n)
        for i in 0..<n {
            a[i * n + i] = Double(n)
            for j in 0..<i {
                a[i * n + j] = Double.random(in: -1..<1, using: &generator)
                a[j * n + i] = a[i * n + j]
            }
        }
        let lower = try #require(CholeskyFactor(matrix: a, order: n)).inverseLowerTriangle()
        let inverse = { (i: Int, j: Int) in i >= j ? lower[i * n + j] : lower[j * n + i] }
        var worst = 0.0
        for j in [0, 1, n / 2, n - 2, n - 1] {
            for i in 0..<n {
                let entry = (0..<n).reduce(0.0) { $0 + a[i * n + $1] * inverse($1, j) }
                worst = max(worst, abs(entry - (i == j ? 1 : 0)))
            }
        }
        #expect(worst < 1e-12, "largest deviation of A·A⁻¹ from the identity: \(worst)")
        #expect((0..<n).allSatisfy { i in ((i + 1)..<n).allSatisfy { lower[i * n + $0] == 0 } })
    }

    @Test("L-BFGS finds the minimum of the Rosenbrock function")
    func lbfgs() {
        let result = LBFGS.minimize(from: [-1.2, 1], maximumIterations: 200, gradientTolerance: 1e-8) { p in
            let (x, y) = (p[0], p[1])
            let value = (1 - x) * (1 - x) + 100 * (y - x * x) * (y - x * x)
            return (value, { [-2 * (1 - x) - 400 * x * (y - x * x), 200 * (y - x * x)] })
        }
        #expect(
            abs(result.point[0] - 1) < 1e-4 && abs(result.point[1] - 1) < 1e-4,
            "\(result.point) after \(result.iterations) iterations")
    }

    @Test("truncated normal log densities and interval probabilities match SciPy, also far in the tail")
    func truncatedNormal() {
        // The log density the Parzen estimator evaluates: −z²/2 − log √(2π) − log σ − log mass.
        func logDensity(_ normal: TruncatedNormal, _ x: Double) -> Double {
            let z = (x - normal.mean) / normal.standardDeviation
            return -0.5 * z * z - 0.5 * log(2 * Double.pi) - log(normal.standardDeviation) - normal.logNormalizer
        }
        // scipy.stats.truncnorm((0-0.3)/0.2, (1-0.3)/0.2, loc=0.3, scale=0.2) (SciPy 1.17.1)
        let normal = TruncatedNormal(mean: 0.3, standardDeviation: 0.2, low: 0, high: 1)
        #expect(Self.close(logDensity(normal, 0.5), 0.2598921488948842, relative: 1e-12))
        #expect(Self.close(logDensity(normal, 0.95), -4.521357851105114, relative: 1e-12))
        // log(cdf(0.4) − cdf(0.2)): an integer bin's probability
        let bin = TruncatedNormal.logNormalProbability((0.2 - 0.3) / 0.2, (0.4 - 0.3) / 0.2) - normal.logNormalizer
        #expect(Self.close(bin, -0.890523564030166, relative: 1e-12))
        // scipy.stats.truncnorm(8, 9).logpdf(8.5)
        let tail = TruncatedNormal(mean: 0, standardDeviation: 1, low: 8, high: 9)
        #expect(Self.close(logDensity(tail, 8.5), -2.030319939767516, relative: 1e-9))
        var generator = SplitMix64(seed: 4)
        let draws = (0..<2000).map { _ in tail.sample(using: &generator) }
        #expect(draws.allSatisfy { $0 >= 8 && $0 <= 9 })
        #expect(draws.reduce(0, +) / 2000 < 8.2, "mass piles up at the lower bound of an upper-tail interval")
    }

    @Test("erfcx matches SciPy and log h(z) matches 50-digit mpmath, across the tail")
    func logExpectedImprovement() {
        // scipy.special.erfcx (SciPy 1.17.1)
        let erfcx: [(Double, Double)] = [
            (-2, 108.94090438997797), (0, 1), (0.5, 0.6156903441929258), (3, 0.17900115118138998),
            (10, 0.05614099274382259),
            (30, 0.018795888861416754), (100, 0.005641613782989433),
        ]
        for (x, expected) in erfcx {
            #expect(
                Self.close(ExpectedImprovement.scaledComplementaryErrorFunction(x), expected, relative: 1e-9),
                "erfcx(\(x))")
        }
        // mpmath (dps=50): log(npdf(z) + z*ncdf(z))
        let logH: [(Double, Double)] = [
            (2, 0.69738354578822831), (0, -0.91893853320467274), (-0.5, -1.6205162643873199), (-1, -2.4851210257126413),
            (-3, -7.8696860596030285), (-10, -55.553122036122356), (-40, -808.29856835661996),
            (-1000, -500014.73445209116),
        ]
        for (z, expected) in logH {
            #expect(Self.close(ExpectedImprovement.logH(z), expected, relative: 1e-9), "log h(\(z))")
        }
        // The slope Φ(z)/h(z) equals the derivative of log h, by central differences.
        for z in [1.5, -0.5, -3.0, -12.0] {
            let numeric = (ExpectedImprovement.logH(z + 1e-5) - ExpectedImprovement.logH(z - 1e-5)) / 2e-5
            #expect(abs(ExpectedImprovement.logHSlope(z) - numeric) < 1e-5 * max(1, abs(numeric)), "slope at \(z)")
        }
    }

    static let inputs: [Double] = [0.1, 0.2, 0.4, 0.9, 0.8, 0.3, 0.5, 0.5]
    static let targets: [Double] = [0.3, -1.2, 0.8, 0.1]
    static let weights: [Double] = [1, 1, 0.5, 1]
    static let hyperparameters = GaussianProcess.Hyperparameters(
        inverseSquaredLengthscales: [4, 1.5], signalVariance: 1.3, noiseVariance: 0.05)

    @Test("Gaussian-process posterior and marginal likelihood match a numpy computation")
    func gaussianProcess() throws {
        // numpy, Matérn-5/2 with λ = (4, 1.5), s² = 1.3, σ² = 0.05 with weights (1, 1, 0.5, 1), jitter 1e-8, at x =
        // (0.3, 0.6)
        let model = try #require(
            GaussianProcess(
                inputs: Self.inputs, width: 2, targets: Self.targets, noiseWeights: Self.weights,
                hyperparameters: Self.hyperparameters))
        let prediction = model.predict([0.3, 0.6])
        #expect(Self.close(prediction.mean, -0.45874900500216964, relative: 1e-9))
        #expect(Self.close(prediction.variance, 0.11641082013339488, relative: 1e-9))
        let theta = [log(4.0), log(1.5), log(1.3), log(0.05)]
        let (value, _) = GaussianProcess.negativeLogPosterior(
            theta, inputs: Self.inputs, width: 2, targets: Self.targets, noiseWeights: Self.weights)
        // value = −lml − log priors; lml = −4.987422958087282 from numpy, priors by hand:
        let logPriors = -(0.1 / 4 + 0.4) - (0.1 / 1.5 + 0.15) + (log(1.3) - 1.3) + (0.1 * log(0.05) - 1.5)
        #expect(Self.close(value, 4.987422958087282 - logPriors, relative: 1e-9))
    }

    @Test("the gradients of the GP's log posterior and of its predictions agree with finite differences")
    func gaussianProcessGradients() throws {
        let theta = [log(4.0), log(1.5), log(1.3), log(0.05)]
        let objective = { (t: [Double]) in
            GaussianProcess.negativeLogPosterior(
                t, inputs: Self.inputs, width: 2, targets: Self.targets, noiseWeights: Self.weights)
        }
        let analytic = objective(theta).gradient()
        for index in theta.indices {
            var up = theta
            var down = theta
            up[index] += 1e-6
            down[index] -= 1e-6
            let numeric = (objective(up).value - objective(down).value) / 2e-6
            #expect(
                abs(analytic[index] - numeric) < 1e-5 * max(1, abs(numeric)),
                "θ[\(index)]: \(analytic[index]) vs \(numeric)")
        }
        let model = try #require(
            GaussianProcess(
                inputs: Self.inputs, width: 2, targets: Self.targets, noiseWeights: Self.weights,
                hyperparameters: Self.hyperparameters))
        let x = [0.3, 0.6]
        let prediction = model.predict(x, withGradient: true)
        for d in 0..<2 {
            var up = x
            var down = x
            up[d] += 1e-6
            down[d] -= 1e-6
            let meanSlope = (model.predict(up).mean - model.predict(down).mean) / 2e-6
            let varianceSlope = (model.predict(up).variance - model.predict(down).variance) / 2e-6
            #expect(abs(prediction.meanGradient[d] - meanSlope) < 1e-6)
            #expect(abs(prediction.varianceGradient[d] - varianceSlope) < 1e-6)
        }
    }
}
