import Foundation
import Hyperscope

/// The benchmark's test functions and spaces; `functions.py` defines the same ones for Optuna.
enum TestFunction: String, CaseIterable {
    case branin, hartmann6, rosenbrock5, ackley5, mixed

    /// The search space.
    var space: SearchSpace {
        func float(
            _ name: String, _ low: Double, _ high: Double, log: Bool = false, step: Double? = nil
        ) -> SearchParameter {
            SearchParameter(name: name, domain: .float(low: low, high: high, logarithmic: log, step: step))
        }
        switch self {
        case .branin: return SearchSpace(parameters: [float("x0", -5, 10), float("x1", 0, 15)])
        case .hartmann6: return SearchSpace(parameters: (0..<6).map { float("x\($0)", 0, 1) })
        case .rosenbrock5: return SearchSpace(parameters: (0..<5).map { float("x\($0)", -5, 10) })
        case .ackley5: return SearchSpace(parameters: (0..<5).map { float("x\($0)", -32.768, 32.768) })
        case .mixed:
            return SearchSpace(parameters: [
                float("lr", 1e-5, 1, log: true),
                SearchParameter(name: "layers", domain: .integer(low: 1, high: 8, logarithmic: false, step: 1)),
                SearchParameter(name: "units", domain: .integer(low: 16, high: 1024, logarithmic: true, step: 1)),
                SearchParameter(
                    name: "activation", domain: .categorical(["relu", "tanh", "gelu", "sigmoid"].map(Value.string))),
                float("dropout", 0, 0.5, step: 0.05),
            ])
        }
    }

    /// The value of a configuration (smaller is better).
    func value(_ params: [String: Value]) -> Double {
        let x = (0..<6).map { params["x\($0)"]?.numericValue ?? 0 }
        switch self {
        case .branin:
            let b = 5.1 / (4 * Double.pi * Double.pi)
            let c = 5 / Double.pi
            let t = 1 / (8 * Double.pi)
            let inner = x[1] - b * x[0] * x[0] + c * x[0] - 6
            return inner * inner + 10 * (1 - t) * cos(x[0]) + 10
        case .hartmann6:
            let alpha = [1.0, 1.2, 3.0, 3.2]
            let a: [[Double]] = [
                [10, 3, 17, 3.5, 1.7, 8], [0.05, 10, 17, 0.1, 8, 14], [3, 3.5, 1.7, 10, 17, 8],
                [17, 8, 0.05, 10, 0.1, 14],
            ]
            let p: [[Double]] = [
                [1312, 1696, 5569, 124, 8283, 5886], [2329, 4135, 8307, 3736, 1004, 9991],
                [2348, 1451, 3522, 2883, 3047, 6650],
                [4047, 8828, 8732, 5743, 1091, 381],
            ]
            var total = 0.0
            for i in 0..<4 {
                var exponent = 0.0
                for j in 0..<6 {
                    let difference: Double = x[j] - p[i][j] * 1e-4
                    exponent += a[i][j] * difference * difference
                }
                total += alpha[i] * exp(-exponent)
            }
            return -total
        case .rosenbrock5:
            var total = 0.0
            for i in 0..<4 {
                let valley: Double = x[i + 1] - x[i] * x[i]
                let offset: Double = x[i] - 1
                total += 100 * valley * valley + offset * offset
            }
            return total
        case .ackley5:
            let squares = (0..<5).reduce(0.0) { $0 + x[$1] * x[$1] } / 5
            let cosines = (0..<5).reduce(0.0) { $0 + cos(2 * Double.pi * x[$1]) } / 5
            return -20 * exp(-0.2 * squares.squareRoot()) - exp(cosines) + 20 + M_E
        case .mixed:
            let lr = params["lr"]!.numericValue!
            let layers = params["layers"]!.numericValue!
            let units = params["units"]!.numericValue!
            let dropout = params["dropout"]!.numericValue!
            let activation = ["relu": 0.2, "tanh": 0.5, "gelu": 0.0, "sigmoid": 1.0][
                params["activation"]!.stringValue!]!
            return pow(log10(lr) + 2.5, 2) + 0.3 * pow(layers - 3, 2) + pow(log2(units) - 7, 2) / 4 + activation + 4
                * pow(dropout - 0.15, 2)
        }
    }
}
