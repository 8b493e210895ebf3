import HyperscopeCore

/// A parameter computed from others, declared in `hyperscope.yaml` under `derived:` and stored with
/// every run by `hyperscope backfill`.
public struct DerivedParameter: Sendable, Hashable {
    /// A named range of a bucket: values up to `upperBound` (inclusive) get `label`.
    public struct Bucket: Sendable, Hashable {
        /// The inclusive upper bound; `.infinity` for the last bucket.
        public var upperBound: Double
        /// The label.
        public var label: String

        /// Creates a bucket.
        public init(upTo upperBound: Double, label: String) {
            self.upperBound = upperBound
            self.label = label
        }
    }

    /// How the value is derived.
    public enum Rule: Sendable, Hashable {
        /// A list joined into text: `[128, 64, 32]` → `128→64→32`.
        case join(source: String, separator: String)
        /// The parameter count of a dense tower with biases: Σ (inputᵢ + 1) · outputᵢ over its layers,
        /// the first layer's input being `input` (a key or a number).
        case denseParameters(input: String, layers: String)
        /// A number named by the first bucket whose upper bound it does not exceed.
        case bucket(source: String, buckets: [Bucket])
        /// The length of a list.
        case count(source: String)
        /// An arithmetic expression over parameters.
        case expression(ArithmeticExpression)
    }

    /// The derived parameter's key.
    public var name: String
    /// How it is computed.
    public var rule: Rule

    /// Creates a declaration.
    public init(name: String, rule: Rule) {
        self.name = name
        self.rule = rule
    }

    /// The derived value for a run, or why there is none (a missing or mistyped source).
    public func value(for run: Run) -> Result<Value, NotComputable> {
        switch rule {
        case .join(let source, let separator):
            guard case .list(let items)? = run.params[source] else {
                return .failure(NotComputable("\(source) is not a list"))
            }
            return .success(.string(items.map(\.displayText).joined(separator: separator)))
        case .denseParameters(let input, let layers):
            guard case .list(let items)? = run.params[layers] else {
                return .failure(NotComputable("\(layers) is not a list"))
            }
            guard let inputSize = Double(input) ?? run.params[input]?.numericValue else {
                return .failure(NotComputable("\(input) is not a number"))
            }
            var total = 0.0
            var previous = inputSize
            for item in items {
                guard let width = item.numericValue else {
                    return .failure(NotComputable("\(layers) holds \(item.displayText), not a layer size"))
                }
                total += (previous + 1) * width
                previous = width
            }
            return .success(.int(Int64(total)))
        case .bucket(let source, let buckets):
            guard let number = run.params[source]?.numericValue else {
                return .failure(NotComputable("\(source) is not a number"))
            }
            guard let bucket = buckets.first(where: { number <= $0.upperBound }) else {
                return .failure(NotComputable("\(source) = \(Value.float(number).displayText) is above every bucket"))
            }
            return .success(.string(bucket.label))
        case .count(let source):
            guard case .list(let items)? = run.params[source] else {
                return .failure(NotComputable("\(source) is not a list"))
            }
            return .success(.int(Int64(items.count)))
        case .expression(let expression):
            switch expression.evaluate({ run.params[$0]?.numericValue }) {
            case .success(let value):
                return .success(value == value.rounded() && abs(value) < 9e15 ? .int(Int64(value)) : .float(value))
            case .failure(let error):
                return .failure(NotComputable(error.reason))
            }
        }
    }
}

/// A derivation that had no value for a run, and why.
public struct DerivationFailure: Sendable, Hashable {
    /// The run's id.
    public var runID: Int64
    /// The derived parameter's key.
    public var name: String
    /// Why ("optim.l2 is not a number").
    public var reason: String
}

/// The result of computing every declared derivation for a set of runs.
public struct DerivedValues: Sendable, Hashable {
    /// The derived values per run id.
    public var valuesByRun: [Int64: [String: Value]]
    /// The derivations that had no value.
    public var failures: [DerivationFailure]

    /// Computes every declaration for every run.
    ///
    /// - Complexity: O(*runs × declarations*).
    public init(runs: [Run], declarations: [DerivedParameter]) {
        valuesByRun = [:]
        failures = []
        for run in runs {
            guard let id = run.id else { continue }
            var values: [String: Value] = [:]
            for declaration in declarations {
                switch declaration.value(for: run) {
                case .success(let value): values[declaration.name] = value
                case .failure(let why):
                    failures.append(DerivationFailure(runID: id, name: declaration.name, reason: why.reason))
                }
            }
            valuesByRun[id] = values
        }
    }
}
