import HyperscopeCore

/// Reads the results file of a sampler-bench style search, one run per evaluated configuration.
///
/// ```
/// {"search_metadata": {...}, "best_configuration": {...},
///  "all_results": [{"parameters": {...}, "mean_score": 0.8, "std_score": 0.1, "scores": [...],
///                   "sampler_type": "top_p", "evaluation_time": 12.5, "sample_count": 5}]}
/// ```
///
/// Each entry becomes a run whose parameters are its `parameters` plus `sampler_type`, whose
/// metrics are `mean_score`, `std_score` and `sample_count` (one point each) and `scores` (one
/// point per sample, on the x-axis `sample`), so per-sample statistics stay possible. The
/// evaluation time is the training time; the search metadata is kept in each run's attributes.
enum SamplerBenchReading {
    /// Whether a JSON document looks like a sampler-bench results file.
    static func recognises(_ document: Value) -> Bool {
        if case .list? = document["all_results"] { return true }
        return false
    }

    /// Reads the runs of a results file.
    static func read(_ document: Value, source: String, baseName: String) -> (runs: [Run], problems: [IngestProblem]) {
        guard case .list(let entries)? = document["all_results"] else {
            return (
                [], [IngestProblem(file: source, reason: "\"all_results\" must be a list of evaluated configurations")]
            )
        }
        var problems: [IngestProblem] = []
        let metadata = document["search_metadata"]?.flattened(prefix: "search_metadata") ?? []
        var runs: [Run] = []
        for (index, entry) in entries.enumerated() {
            guard case .object(let fields) = entry else {
                problems.append(
                    IngestProblem(
                        file: source,
                        reason: "all_results[\(index)] is a \(entry.typeName), expected an object; skipped"))
                continue
            }
            var run = Run(
                key: "\(source)#\(index + 1)", name: "\(baseName)#\(index + 1)", source: source, format: .samplerBench,
                status: .completed)
            var curves = CurveAccumulator()
            for (key, value) in metadata { run.attributes[key] = value }
            for field in fields {
                switch field.key {
                case "parameters", "params", "config":
                    run.setParams(fromConfig: field.value)
                case "sampler_type":
                    run.params["sampler_type"] = field.value
                case "scores":
                    guard case .list(let scores) = field.value else {
                        problems.append(
                            IngestProblem(
                                file: source,
                                reason:
                                    "all_results[\(index)].scores is a \(field.value.typeName), expected a list of numbers"
                            ))
                        continue
                    }
                    for (sample, score) in scores.enumerated() {
                        guard let number = score.numericValue else {
                            problems.append(
                                IngestProblem(
                                    file: source,
                                    reason:
                                        "all_results[\(index)].scores[\(sample)] is a \(score.typeName), expected a number; skipped"
                                ))
                            continue
                        }
                        curves.append(
                            number, to: MetricKey(split: "", metric: "scores"), at: [("sample", Double(sample))])
                    }
                case "evaluation_time":
                    run.trainingSeconds = field.value.numericValue
                    if let seconds = field.value.numericValue {
                        curves.append(seconds, to: MetricKey(split: "", metric: "evaluation_time"))
                    }
                case "error":
                    run.status = .failed
                    run.statusReason = field.value.stringValue ?? field.value.displayText
                default:
                    if let number = field.value.numericValue {
                        curves.append(number, to: MetricKey(split: "", metric: field.key))
                    } else {
                        run.attributes[field.key] = field.value
                    }
                }
            }
            run.curves = curves.curves
            runs.append(run)
        }
        if runs.isEmpty, problems.isEmpty {
            problems.append(IngestProblem(file: source, reason: "\"all_results\" is empty"))
        }
        return (runs, problems)
    }
}
