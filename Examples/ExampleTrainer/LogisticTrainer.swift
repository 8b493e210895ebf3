import Foundation

/// A small but real training job: logistic regression on a generated two-class dataset, trained
/// with mini-batch SGD or Adam, writing Hyperscope's log format.
///
/// It stands for a user's training script: Hyperscope never imports it, it runs it as a child
/// process (`hyperscope example-trainer …` or the `example-trainer` executable) and reads the log
/// it writes. Given the same arguments it writes the same metrics: the dataset is fixed, and the
/// seed drives the weight initialisation and the batch order.
public struct LogisticTrainer: Sendable {
    /// The optimisation algorithm.
    public enum Optimizer: String, Sendable, CaseIterable {
        /// Plain mini-batch stochastic gradient descent.
        case sgd
        /// SGD with heavy-ball momentum 0.9.
        case momentum
        /// Adam (Kingma & Ba 2015) with β₁ = 0.9, β₂ = 0.999.
        case adam
    }

    /// The hyperparameters of one run.
    public struct Configuration: Sendable {
        /// The optimiser.
        public var optimizer: Optimizer = .sgd
        /// The learning rate.
        public var learningRate = 0.1
        /// Passes over the training set.
        public var epochs = 15
        /// Examples per gradient step.
        public var batchSize = 32
        /// The L2 penalty on the weights.
        public var weightDecay = 0.0
        /// The seed of the initialisation and the batch order.
        public var seed: UInt64 = 0

        /// Creates the default configuration.
        public init() {}
    }

    /// The run's configuration.
    public var configuration: Configuration

    /// Creates a trainer.
    public init(configuration: Configuration) {
        self.configuration = configuration
    }

    /// Where the trained model's predictions go: the file's path as the log names it, and how to write
    /// its lines.
    public struct PredictionsOutput {
        /// The path written into the log's artifact line (relative to the log).
        public var pathInLog: String
        /// Writes one line of the predictions file.
        public var write: (String) -> Void

        /// Creates an output.
        public init(pathInLog: String, write: @escaping (String) -> Void) {
            self.pathInLog = pathInLog
            self.write = write
        }
    }

    /// Trains and writes the log, one JSON object per line, to `write`; at the end the test split's
    /// loss and accuracy, and, with `predictions`, the logits of every validation and test example
    /// (`{"split":"test","id":7,"label":1,"logits":[0,2.31]}`) with an artifact line naming the file.
    ///
    /// - Returns: The final validation accuracy.
    @discardableResult
    public func train(predictions: PredictionsOutput? = nil, write: (String) -> Void) -> Double {
        let started = Date().timeIntervalSince1970
        let data = SyntheticDataset.make(features: 12, trainCount: 800, validationCount: 400, testCount: 1_000)
        var random = SplitMix64(seed: configuration.seed)
        var weights = (0..<data.features).map { _ in (random.nextUnit() - 0.5) * 0.1 }
        var bias = 0.0
        var optimizerState = OptimizerState(parameterCount: data.features + 1)
        let c = configuration
        write(
            #"{"event":"config","params":{"optim":{"name":"\#(c.optimizer.rawValue)","lr":\#(c.learningRate),"weight_decay":\#(c.weightDecay)},"batch_size":\#(c.batchSize),"epochs":\#(c.epochs),"seed":\#(c.seed),"data":{"n_train":\#(data.trainCount),"n_features":\#(data.features)}},"time":\#(started)}"#
        )
        var step = 0
        var order = Array(0..<data.trainCount)
        var validationAccuracy = 0.0
        for epoch in 1...max(1, c.epochs) {
            random.shuffle(&order)
            for batchStart in stride(from: 0, to: order.count, by: c.batchSize) {
                let batch = order[batchStart..<min(batchStart + c.batchSize, order.count)]
                var gradient = [Double](repeating: 0, count: data.features + 1)
                for index in batch {
                    let error = sigmoid(dot(weights, data.trainX[index]) + bias) - data.trainY[index]
                    for feature in 0..<data.features { gradient[feature] += error * data.trainX[index][feature] }
                    gradient[data.features] += error
                }
                for feature in 0..<data.features {
                    gradient[feature] = gradient[feature] / Double(batch.count) + c.weightDecay * weights[feature]
                }
                gradient[data.features] /= Double(batch.count)
                let update = optimizerState.update(
                    gradient: gradient, optimizer: c.optimizer, learningRate: c.learningRate)
                for feature in 0..<data.features { weights[feature] -= update[feature] }
                bias -= update[data.features]
                step += 1
            }
            let train = evaluate(weights, bias, data.trainX, data.trainY)
            let validation = evaluate(weights, bias, data.validationX, data.validationY)
            validationAccuracy = validation.accuracy
            let now = Date().timeIntervalSince1970
            write(
                #"{"event":"metrics","split":"train","epoch":\#(epoch),"step":\#(step),"time":\#(now),"loss":\#(json(train.loss)),"acc":\#(json(train.accuracy))}"#
            )
            write(
                #"{"event":"metrics","split":"val","epoch":\#(epoch),"step":\#(step),"time":\#(now),"loss":\#(json(validation.loss)),"acc":\#(json(validation.accuracy))}"#
            )
        }
        let test = evaluate(weights, bias, data.testX, data.testY)
        write(
            #"{"event":"metrics","split":"test","epoch":\#(max(1, c.epochs)),"step":\#(step),"loss":\#(json(test.loss)),"acc":\#(json(test.accuracy))}"#
        )
        if let predictions {
            for (split, x, y) in [("val", data.validationX, data.validationY), ("test", data.testX, data.testY)] {
                for index in x.indices {
                    // Two classes' logits whose softmax is the model's sigmoid.
                    let logit = dot(weights, x[index]) + bias
                    predictions.write(
                        #"{"split":"\#(split)","id":\#(index),"label":\#(Int(y[index])),"logits":[0,\#(json(logit))]}"#)
                }
            }
            write(#"{"event":"artifact","kind":"predictions","path":"\#(predictions.pathInLog)","split":"test"}"#)
        }
        let elapsed = Date().timeIntervalSince1970 - started
        write(#"{"event":"message","text":"trained \#(c.epochs) epochs, \#(step) steps"}"#)
        write(#"{"event":"result","objective":\#(json(validationAccuracy))}"#)
        write(
            #"{"event":"end","status":"completed","train_time_s":\#(elapsed),"time":\#(Date().timeIntervalSince1970)}"#)
        return validationAccuracy
    }

    private func evaluate(
        _ weights: [Double], _ bias: Double, _ x: [[Double]], _ y: [Double]
    ) -> (loss: Double, accuracy: Double) {
        var loss = 0.0
        var correct = 0
        for index in x.indices {
            let probability = min(max(sigmoid(dot(weights, x[index]) + bias), 1e-12), 1 - 1e-12)
            loss -= y[index] * log(probability) + (1 - y[index]) * log(1 - probability)
            if (probability >= 0.5) == (y[index] == 1) { correct += 1 }
        }
        return (loss / Double(x.count), Double(correct) / Double(x.count))
    }

    private func json(_ value: Double) -> String {
        value.isFinite ? "\(value)" : (value.isNaN ? "NaN" : (value > 0 ? "Infinity" : "-Infinity"))
    }
}

/// The per-parameter state of the optimisers.
struct OptimizerState {
    private var first: [Double]
    private var second: [Double]
    private var steps = 0

    init(parameterCount: Int) {
        first = Array(repeating: 0, count: parameterCount)
        second = Array(repeating: 0, count: parameterCount)
    }

    /// The step to subtract from the parameters for a gradient.
    mutating func update(gradient: [Double], optimizer: LogisticTrainer.Optimizer, learningRate: Double) -> [Double] {
        steps += 1
        switch optimizer {
        case .sgd:
            return gradient.map { $0 * learningRate }
        case .momentum:
            for index in gradient.indices { first[index] = 0.9 * first[index] + gradient[index] }
            return first.map { $0 * learningRate }
        case .adam:
            let correction1 = 1 - pow(0.9, Double(steps))
            let correction2 = 1 - pow(0.999, Double(steps))
            return gradient.indices.map { index in
                first[index] = 0.9 * first[index] + 0.1 * gradient[index]
                second[index] = 0.999 * second[index] + 0.001 * gradient[index] * gradient[index]
                return learningRate * (first[index] / correction1) / ((second[index] / correction2).squareRoot() + 1e-8)
            }
        }
    }
}

func sigmoid(_ z: Double) -> Double { 1 / (1 + exp(-z)) }

func dot(_ a: [Double], _ b: [Double]) -> Double {
    var sum = 0.0
    for index in a.indices { sum += a[index] * b[index] }
    return sum
}
