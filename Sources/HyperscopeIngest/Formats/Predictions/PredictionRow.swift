import HyperscopeCore

/// One row of a prediction file, checked on its own: its label, its score vectors (one per
/// stochastic pass), and where it came from.
struct PredictionRow {
    var line: Int
    var label: Int
    var kind: PredictionFile.ScoreKind
    var samples: [[Double]]
    var split: String?
    var id: String?

    /// How far a probability vector's sum may be from 1.
    static let sumTolerance = 1e-3

    /// A row from a JSON object, or why it is left out.
    static func fromObject(_ object: Value, line: Int) -> Result<PredictionRow, RowProblem> {
        guard case .object = object else { return .failure(RowProblem("expected a JSON object")) }
        guard let labelValue = object["label"] else { return .failure(RowProblem("no 'label'")) }
        guard let label = integer(labelValue) else {
            return .failure(
                RowProblem("'label' is \(labelValue.displayText), expected a class number counted from 0"))
        }
        let split = object["split"]?.stringValue
        let id = object["id"].map { $0.stringValue ?? $0.displayText }
        let sample = object["sample"]
        if sample != nil, id == nil { return .failure(RowProblem("a row with 'sample' needs an 'id'")) }
        let kind: PredictionFile.ScoreKind
        let scores: Value
        if let probabilities = object["probs"] ?? object["probabilities"] {
            (kind, scores) = (.probabilities, probabilities)
        } else if let logits = object["logits"] {
            (kind, scores) = (.logits, logits)
        } else {
            return .failure(RowProblem("no 'probs' or 'logits'"))
        }
        return vectors(scores, kind: kind).flatMap { samples in
            check(PredictionRow(line: line, label: label, kind: kind, samples: samples, split: split, id: id))
        }
    }

    /// The score vectors of a `probs` or `logits` value: a list of numbers, a list of lists (passes),
    /// or one probability of class 1.
    static func vectors(_ value: Value, kind: PredictionFile.ScoreKind) -> Result<[[Double]], RowProblem> {
        func numbers(_ list: [Value]) -> [Double]? {
            let read = list.compactMap(\.numericValue)
            return read.count == list.count ? read : nil
        }
        switch value {
        case .list(let items) where items.allSatisfy({ if case .list = $0 { true } else { false } }) && !items.isEmpty:
            var passes: [[Double]] = []
            for case .list(let pass) in items {
                guard let vector = numbers(pass) else { return .failure(RowProblem("a score that is not a number")) }
                passes.append(vector)
            }
            guard passes.allSatisfy({ $0.count == passes[0].count }) else {
                return .failure(RowProblem("its stochastic passes have different numbers of classes"))
            }
            return .success(passes)
        case .list(let items):
            guard let vector = numbers(items) else { return .failure(RowProblem("a score that is not a number")) }
            return .success([vector])
        default:
            guard kind == .probabilities, let probability = value.numericValue else {
                return .failure(RowProblem("expected a list of scores"))
            }
            return .success([[1 - probability, probability]])
        }
    }

    /// The row, or why its scores cannot be used: too few classes, NaN, probabilities outside [0, 1]
    /// or not summing to 1.
    static func check(_ row: PredictionRow) -> Result<PredictionRow, RowProblem> {
        for vector in row.samples {
            guard vector.count >= 2 else { return .failure(RowProblem("needs scores of at least two classes")) }
            guard vector.allSatisfy(\.isFinite) else { return .failure(RowProblem("a score is NaN or infinite")) }
            guard row.kind == .probabilities else { continue }
            guard vector.allSatisfy({ (0...1).contains($0) }) else {
                return .failure(RowProblem("a probability is outside [0, 1]"))
            }
            let sum = vector.reduce(0, +)
            guard abs(sum - 1) <= sumTolerance else {
                return .failure(
                    RowProblem(
                        "the probabilities sum to \(NumberFormatting.metric(sum, digits: 6)), not 1 (±\(sumTolerance))")
                )
            }
        }
        return .success(row)
    }

    /// An integer label, from a number with no fraction or a boolean.
    static func integer(_ value: Value) -> Int? {
        switch value {
        case .int(let number): return Int(exactly: number)
        case .float(let number) where number.rounded() == number && abs(number) < 1e9: return Int(number)
        case .bool(let flag): return flag ? 1 : 0
        default: return nil
        }
    }
}

/// Why a prediction row is left out.
struct RowProblem: Error {
    /// What is wrong with the row.
    var reason: String

    init(_ reason: String) {
        self.reason = reason
    }
}
