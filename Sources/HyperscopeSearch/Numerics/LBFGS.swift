/// Limited-memory BFGS (Nocedal 1980; Liu & Nocedal 1989) with a backtracking Armijo line search,
/// for smooth unconstrained minimisation such as fitting a Gaussian process's hyperparameters.
package enum LBFGS {
    /// The result of a minimisation.
    package struct Result: Sendable {
        /// The best point found.
        package var point: [Double]
        /// The objective there.
        package var value: Double
        /// Iterations taken.
        package var iterations: Int
    }

    /// Minimises `objective`, which returns the value at a point (an infinite or NaN value marks a
    /// point to avoid; the line search backs off from it) and how to compute the gradient there. The
    /// gradient is asked for only where the line search accepts a step, as it often costs more than
    /// the value (a Gaussian process's needs the covariance matrix's inverse).
    ///
    /// - Parameters:
    ///   - start: The starting point.
    ///   - memory: How many past steps approximate the inverse Hessian.
    ///   - maximumIterations: The iteration budget.
    ///   - gradientTolerance: Stop when the gradient's largest component is below this.
    package static func minimize(
        from start: [Double], memory: Int = 10, maximumIterations: Int = 100, gradientTolerance: Double = 1e-5,
        objective: ([Double]) -> (value: Double, gradient: () -> [Double])
    ) -> Result {
        var x = start
        let first = objective(x)
        var value = first.value
        guard value.isFinite else { return Result(point: x, value: value, iterations: 0) }
        var gradient = first.gradient()
        var steps: [[Double]] = []
        var gradientChanges: [[Double]] = []
        var iteration = 0
        while iteration < maximumIterations, gradient.map(abs).max() ?? 0 > gradientTolerance {
            iteration += 1
            // Two-loop recursion: direction = −H·g.
            var q = gradient
            var alphas = [Double](repeating: 0, count: steps.count)
            for index in stride(from: steps.count - 1, through: 0, by: -1) {
                let rho = 1 / dot(gradientChanges[index], steps[index])
                alphas[index] = rho * dot(steps[index], q)
                for d in q.indices { q[d] -= alphas[index] * gradientChanges[index][d] }
            }
            if let s = steps.last, let y = gradientChanges.last {
                let scale = dot(s, y) / dot(y, y)
                for d in q.indices { q[d] *= scale }
            } else {
                let norm = gradient.map { $0 * $0 }.reduce(0, +).squareRoot()
                for d in q.indices { q[d] /= max(norm, 1) }
            }
            for index in steps.indices {
                let rho = 1 / dot(gradientChanges[index], steps[index])
                let beta = rho * dot(gradientChanges[index], q)
                for d in q.indices { q[d] += steps[index][d] * (alphas[index] - beta) }
            }
            var direction = q.map { -$0 }
            var slope = dot(gradient, direction)
            if slope >= 0 {
                // Not a descent direction: restart from steepest descent.
                steps.removeAll()
                gradientChanges.removeAll()
                direction = gradient.map { -$0 }
                slope = dot(gradient, direction)
            }
            var stepLength = 1.0
            var accepted: (x: [Double], value: Double, gradient: [Double])?
            for _ in 0..<30 {
                let candidate = zip(x, direction).map { $0 + stepLength * $1 }
                let (candidateValue, candidateGradient) = objective(candidate)
                if candidateValue.isFinite, candidateValue <= value + 1e-4 * stepLength * slope {
                    accepted = (candidate, candidateValue, candidateGradient())
                    break
                }
                stepLength *= 0.5
            }
            guard let accepted else { break }
            let s = zip(accepted.x, x).map { $0 - $1 }
            let y = zip(accepted.gradient, gradient).map { $0 - $1 }
            let improvement = value - accepted.value
            x = accepted.x
            value = accepted.value
            gradient = accepted.gradient
            if dot(s, y) > 1e-12 {
                steps.append(s)
                gradientChanges.append(y)
                if steps.count > memory {
                    steps.removeFirst()
                    gradientChanges.removeFirst()
                }
            }
            if improvement < 1e-10 * max(1, abs(value)) { break }
        }
        return Result(point: x, value: value, iterations: iteration)
    }

    private static func dot(_ a: [Double], _ b: [Double]) -> Double {
        var sum = 0.0
        for index in a.indices { sum += a[index] * b[index] }
        return sum
    }
}
