import Foundation

/// A fixed two-class dataset: features with different scales, a linear signal, and label noise,
/// so that the learning rate and the optimiser both matter.
struct SyntheticDataset {
    var features: Int
    var trainCount: Int
    var trainX: [[Double]]
    var trainY: [Double]
    var validationX: [[Double]]
    var validationY: [Double]
    /// Held-out examples, seen only once at the end.
    var testX: [[Double]]
    var testY: [Double]

    /// Generates the dataset; always the same for the same sizes (the test examples are drawn after the
    /// others, so the training and validation sets do not depend on `testCount`).
    static func make(features: Int, trainCount: Int, validationCount: Int, testCount: Int) -> SyntheticDataset {
        var random = SplitMix64(seed: 20_240_501)
        let trueWeights = (0..<features).map { index in index % 3 == 0 ? 0 : random.nextGaussian() * 1.5 }
        let scales = (0..<features).map { index in index % 4 == 1 ? 8.0 : 1.0 }
        func sample(_ count: Int) -> ([[Double]], [Double]) {
            var x: [[Double]] = []
            var y: [Double] = []
            for _ in 0..<count {
                let row = (0..<features).map { random.nextGaussian() * scales[$0] }
                let signal = zip(row, zip(trueWeights, scales)).reduce(0.0) { $0 + $1.0 * $1.1.0 / $1.1.1 }
                let label: Double = random.nextUnit() < sigmoid(2 * signal) ? 1 : 0
                x.append(row)
                y.append(label)
            }
            return (x, y)
        }
        let train = sample(trainCount)
        let validation = sample(validationCount)
        let test = sample(testCount)
        return SyntheticDataset(
            features: features, trainCount: trainCount, trainX: train.0, trainY: train.1, validationX: validation.0,
            validationY: validation.1, testX: test.0, testY: test.1)
    }
}

/// SplitMix64 (Steele, Lea & Flood 2014): a tiny, fast, reproducible generator for the example.
struct SplitMix64 {
    private var state: UInt64

    init(seed: UInt64) {
        state = seed
    }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A uniform number in [0, 1).
    mutating func nextUnit() -> Double {
        Double(next() >> 11) / Double(1 << 53)
    }

    /// A standard normal number (Box–Muller).
    mutating func nextGaussian() -> Double {
        let u = max(nextUnit(), 1e-300)
        let v = nextUnit()
        return (-2 * log(u)).squareRoot() * cos(2 * Double.pi * v)
    }

    /// Shuffles in place (Fisher–Yates).
    mutating func shuffle(_ values: inout [Int]) {
        guard values.count > 1 else { return }
        for index in stride(from: values.count - 1, to: 0, by: -1) {
            let other = Int(next() % UInt64(index + 1))
            values.swapAt(index, other)
        }
    }
}
