import Foundation
import Hyperscope

/// The benchmark's problems of several objectives (all minimised); `functions.py` defines the same ones
/// for Optuna.
enum MultiObjectiveFunction: String, CaseIterable {
    /// ZDT1 and ZDT2 (Zitzler, Deb & Thiele 2000) in 10 dimensions: a convex and a concave front.
    case zdt1, zdt2
    /// DTLZ2 (Deb et al. 2002) with 3 objectives in 7 dimensions: the front is a sphere's octant.
    case dtlz2
    /// An ML-like trade-off over a mixed space: error against training time.
    case mlmixed

    /// The search space.
    var space: SearchSpace {
        func unit(_ count: Int) -> [SearchParameter] {
            (0..<count).map {
                SearchParameter(name: "x\($0)", domain: .float(low: 0, high: 1, logarithmic: false, step: nil))
            }
        }
        switch self {
        case .zdt1, .zdt2: return SearchSpace(parameters: unit(10))
        case .dtlz2: return SearchSpace(parameters: unit(7))
        case .mlmixed:
            return SearchSpace(parameters: [
                SearchParameter(name: "lr", domain: .float(low: 1e-4, high: 1, logarithmic: true, step: nil)),
                SearchParameter(name: "layers", domain: .integer(low: 1, high: 8, logarithmic: false, step: 1)),
                SearchParameter(
                    name: "optimizer", domain: .categorical(["sgd", "adam", "rmsprop"].map(Value.string))),
                SearchParameter(name: "dropout", domain: .float(low: 0, high: 0.5, logarithmic: false, step: 0.1)),
            ])
        }
    }

    /// The point the hypervolume is measured up to.
    var reference: [Double] {
        switch self {
        case .zdt1, .zdt2: [1.1, 10]
        case .dtlz2: [2.5, 2.5, 2.5]
        case .mlmixed: [1, 16]
        }
    }

    /// The objectives' values at a configuration.
    func values(_ params: [String: Value]) -> [Double] {
        let x = (0..<10).map { params["x\($0)"]?.numericValue ?? 0 }
        switch self {
        case .zdt1, .zdt2:
            let g = 1 + 9 * x[1..<10].reduce(0, +) / 9
            let ratio = x[0] / g
            return [x[0], g * (1 - (self == .zdt1 ? ratio.squareRoot() : ratio * ratio))]
        case .dtlz2:
            let g = x[2..<7].reduce(0.0) { $0 + ($1 - 0.5) * ($1 - 0.5) }
            let (a, b) = (x[0] * Double.pi / 2, x[1] * Double.pi / 2)
            return [(1 + g) * cos(a) * cos(b), (1 + g) * cos(a) * sin(b), (1 + g) * sin(a)]
        case .mlmixed:
            let lr = params["lr"]!.numericValue!
            let layers = params["layers"]!.numericValue!
            let dropout = params["dropout"]!.numericValue!
            let optimizer = params["optimizer"]!.stringValue!
            let error =
                0.1 * pow(log10(lr) + 2.5, 2) + ["sgd": 0.1, "adam": 0.0, "rmsprop": 0.05][optimizer]!
                + pow(dropout - 0.2, 2) + 0.3 / layers
            let time = layers * (1 + dropout) * ["sgd": 1.0, "adam": 1.2, "rmsprop": 1.1][optimizer]!
            return [error, time]
        }
    }
}
