/// Reads the example trainer's command line: `--optimizer sgd --lr 0.1 --epochs 15 --batch-size 32
/// --weight-decay 0 --seed 0 [--log FILE] [--predictions FILE]`, also in `--name=value` form.
public enum TrainerArguments {
    /// A command line the trainer cannot run with.
    public struct Invalid: Error, CustomStringConvertible {
        /// What is wrong.
        public var description: String
    }

    /// The configuration and log path a command line asks for.
    public static func parse(
        _ arguments: [String]
    ) throws(Invalid) -> (LogisticTrainer.Configuration, logPath: String?, predictionsPath: String?) {
        var configuration = LogisticTrainer.Configuration()
        var logPath: String?
        var predictionsPath: String?
        var index = 0
        while index < arguments.count {
            var name = arguments[index]
            var value: String?
            if let equals = name.firstIndex(of: "=") {
                value = String(name[name.index(after: equals)...])
                name = String(name[..<equals])
            } else if index + 1 < arguments.count {
                index += 1
                value = arguments[index]
            }
            guard let value else { throw Invalid(description: "\(name) needs a value") }
            switch name {
            case "--optimizer":
                guard let optimizer = LogisticTrainer.Optimizer(rawValue: value) else {
                    throw Invalid(description: "--optimizer must be one of sgd, momentum, adam; got '\(value)'")
                }
                configuration.optimizer = optimizer
            case "--lr": configuration.learningRate = try number(value, name)
            case "--weight-decay": configuration.weightDecay = try number(value, name)
            case "--epochs": configuration.epochs = Int(try number(value, name))
            case "--batch-size": configuration.batchSize = max(1, Int(try number(value, name)))
            case "--seed": configuration.seed = UInt64(max(0, try number(value, name)))
            case "--log": logPath = value
            case "--predictions": predictionsPath = value
            default: throw Invalid(description: "unknown option \(name)")
            }
            index += 1
        }
        return (configuration, logPath, predictionsPath)
    }

    private static func number(_ text: String, _ name: String) throws(Invalid) -> Double {
        guard let number = Double(text), number.isFinite else {
            throw Invalid(description: "\(name) expects a number, got '\(text)'")
        }
        return number
    }
}
