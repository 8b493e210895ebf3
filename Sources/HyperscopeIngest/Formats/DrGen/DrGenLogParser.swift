import HyperscopeCore

/// Reads the dr_gen log layout: one `*.jsonl` per run.
///
/// ```
/// {"type":"dict_config","value":{"optim":{"lr":0.1},"epochs":5,"seed":0}}
/// {"type":"str","value":"Training time 0:03:12"}
/// {"title":"agg_val","data_name":"val","agg_stats":{"loss":1.1,"acc1":64.2}}
/// ```
///
/// The first line must be the `dict_config`; `str` lines are the run's messages (a
/// `Training time H:MM:SS` line gives the training time); metric lines carry no x value, so the
/// x-axis `epoch` counts each split's metric lines from 0. The run is complete when every curve has
/// exactly the config's `epochs` points; otherwise it is incomplete and the reason names the first
/// short curve (`val/acc1 has 3 of 5 epochs`). A file of two lines or fewer, or without a
/// `dict_config` first line, is a problem rather than a run.
struct DrGenLogParser: LineLogParser {
    private var run: Run
    private var curves: CurveAccumulator
    private var epochBySplit: [String: Int] = [:]
    private var sawConfig: Bool
    private var missingConfigReported = false

    init(run: Run) {
        self.run = run
        sawConfig = !run.params.isEmpty
        curves = CurveAccumulator(run.curves)
        for curve in run.curves {
            epochBySplit[curve.key.split] = max(epochBySplit[curve.key.split] ?? 0, curve.count)
        }
    }

    mutating func consume(_ fields: [Value.Field], line: Int, problems: inout [IngestProblem]) {
        let record = Value.object(fields)
        if !sawConfig {
            guard line == 1, record["type"]?.stringValue == "dict_config" else {
                if !missingConfigReported {
                    missingConfigReported = true
                    problems.append(
                        Self.problem(
                            "dr_gen log must start with a {\"type\":\"dict_config\"} line", line: line, in: run))
                }
                return
            }
        }
        switch record["type"]?.stringValue {
        case "dict_config":
            guard let config = record["value"], case .object = config else {
                problems.append(Self.problem("dict_config \"value\" must be an object", line: line, in: run))
                return
            }
            sawConfig = true
            run.setParams(fromConfig: config)
        case "str":
            let text = record["value"]?.stringValue ?? record["value"]?.displayText ?? ""
            run.messages.append(RunMessage(text: text, line: line))
            if let seconds = Self.trainingSeconds(in: text) { run.trainingSeconds = seconds }
        case .some(let other):
            run.incrementCount(attribute: "unknown_records." + other)
        case nil:
            guard let stats = record["agg_stats"] else {
                run.incrementCount(attribute: "unknown_records.untyped")
                return
            }
            readMetrics(stats, record: record, line: line, problems: &problems)
        }
    }

    mutating func finish(context: LogFinishContext, linesRead: Int, problems: inout [IngestProblem]) -> Run? {
        guard sawConfig else {
            if linesRead == 0 { problems.append(Self.problem("empty file", line: nil, in: run)) }
            return nil
        }
        guard linesRead > 2 else {
            problems.append(
                Self.problem(
                    "dr_gen log has only \(linesRead) line\(linesRead == 1 ? "" : "s"); a run needs its config and metric lines",
                    line: nil, in: run))
            return nil
        }
        run.curves = curves.curves
        settleStatus(context: context)
        return run
    }

    // MARK: - Helpers

    private mutating func readMetrics(_ stats: Value, record: Value, line: Int, problems: inout [IngestProblem]) {
        guard case .object(let metrics) = stats else {
            problems.append(
                Self.problem("\"agg_stats\" must be an object of metrics, found \(stats.typeName)", line: line, in: run)
            )
            return
        }
        let title = record["title"]?.stringValue
        guard
            let split = record["data_name"]?.stringValue
                ?? title.map({ $0.hasPrefix("agg_") ? String($0.dropFirst(4)) : $0 })
        else {
            problems.append(Self.problem("metric line has neither \"data_name\" nor \"title\"", line: line, in: run))
            return
        }
        let epoch = epochBySplit[split] ?? 0
        epochBySplit[split] = epoch + 1
        let coordinates = [(name: "epoch", value: Double(epoch))]
        for metric in metrics {
            guard let value = metric.value.numericValue else {
                if metric.value != .null {
                    problems.append(
                        Self.problem(
                            "metric \(split)/\(metric.key) is a \(metric.value.typeName), not a number", line: line,
                            in: run))
                }
                continue
            }
            curves.append(value, to: MetricKey(split: split, metric: metric.key), at: coordinates)
        }
    }

    private mutating func settleStatus(context: LogFinishContext) {
        let epochKey = run.params.keys.filter { $0 == "epochs" || $0.hasSuffix(".epochs") }.min { $0.count < $1.count }
        if let epochKey, let expected = run.params[epochKey]?.numericValue.map({ Int($0) }) {
            if let short = run.curves.first(where: { $0.count != expected }) {
                run.status = context.looksAlive && short.count < expected ? .running : .incomplete
                run.statusReason = "\(short.key) has \(short.count) of \(expected) epochs"
            } else if run.curves.isEmpty {
                run.status = context.looksAlive ? .running : .incomplete
                run.statusReason = "no metric lines"
            } else {
                run.status = .completed
                run.statusReason = nil
            }
        } else if run.trainingSeconds != nil {
            run.status = .completed
            run.statusReason = nil
        } else {
            run.status = context.looksAlive ? .running : .incomplete
            run.statusReason = "the config has no epochs and the log has no 'Training time' line"
        }
    }

    /// The seconds of a `Training time H:MM:SS` message, or `nil` for other messages.
    static func trainingSeconds(in text: String) -> Double? {
        guard let range = text.firstRange(of: "Training time") else { return nil }
        let rest = text[range.upperBound...].drop { $0 == " " || $0 == ":" }
        let token = rest.prefix { !$0.isWhitespace }
        return Timestamp.duration(from: .string(String(token)))
    }
}
