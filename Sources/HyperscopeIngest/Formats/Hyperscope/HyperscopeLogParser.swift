import HyperscopeCore

/// Reads Hyperscope's own JSON-lines log format.
///
/// ```
/// {"event":"config","params":{"optim":{"lr":0.001,"name":"adam"},"batch_size":128,"seed":1}}
/// {"event":"metrics","split":"train","epoch":1,"step":352,"loss":1.21,"acc":0.61}
/// {"event":"message","text":"early stopping at epoch 10"}
/// {"event":"result","objective":0.9498}
/// {"event":"end","status":"completed","train_time_s":182.4}
/// ```
///
/// A line without `event` whose fields hold a number (`{"val/acc": 0.9, "epoch": 3}`) is a metrics
/// line too, as W&B's `wandb-history.jsonl` writes them (`{"_step": 3, "_runtime": 12.5,
/// "_timestamp": 1716000000.5, "val/acc": 0.9, "_wandb": {"runtime": 12}}`). Fields named like
/// x-axes (``axisNames``) are coordinates, W&B's own `_wandb` is passed over, every other number is
/// a metric point, and so is every number in a nested object, named by its path (`{"val": {"acc":
/// 0.9}}` logs `val/acc`). Unknown fields are
/// kept in the run's attributes; unknown events are counted there.
struct HyperscopeLogParser: LineLogParser {
    /// Field names read as x-axes of a metrics line rather than as metrics: common names, and W&B's.
    static let axisNames: Set<String> = [
        "epoch", "step", "global_step", "iteration", "iter", "batch", "samples", "samples_seen", "examples",
        "tokens", "time", "wall_time", "elapsed", "elapsed_s", "_step", "_runtime", "_timestamp",
    ]

    /// Fields another tool writes on metrics lines for its own bookkeeping (W&B's `_wandb`), passed
    /// over without a word.
    static let bookkeepingFields: Set<String> = ["_wandb"]

    /// The field that marks a nested object of a metrics line as W&B media (a table, an image, a
    /// histogram), not metrics.
    static let mediaTypeField = "_type"

    /// Axes that hold the time a line was written (seconds since 1970 or a date): the earliest is the
    /// run's start.
    static let timeAxisNames: Set<String> = ["time", "_timestamp"]

    private var run: Run
    private var curves: CurveAccumulator
    private var endLine: Int?
    private var sawRecord: Bool
    /// Whether a line had an `event`: a log without any (W&B's history, plain metric lines) is
    /// another tool's, which records no end.
    private var sawEvent: Bool
    private var reportedFields: Set<String> = []
    private var coordinates: [(name: String, value: Double)] = []
    private var fastPath = FlatMetricsLineReader()
    /// The earliest time read, the run's start: kept here and given to the run at the end, since a
    /// run's fields live in a shared box whose every read is checked for exclusive access (2% of
    /// reading a log when done at every line).
    private var startedAt: Double?

    init(run: Run) {
        self.run = run
        startedAt = run.startedAt
        curves = CurveAccumulator(run.curves)
        if case .int(let line)? = run.attributes["end.line"] { endLine = Int(line) }
        sawRecord = !run.params.isEmpty || !run.curves.isEmpty || !run.messages.isEmpty
        sawEvent = sawRecord && !Self.endUnrecordedReasons.contains(run.statusReason ?? "")
    }

    /// The status reasons of a log of another tool (no line with `event`), which records no end: a
    /// continued log whose run has one of them is still such a log.
    private static let endUnrecordedReasons: Set<String> = [
        Run.endlessRunReason(recordedBy: endlessLog, looksAlive: false),
        Run.endlessRunReason(recordedBy: endlessLog, looksAlive: true),
    ]
    /// What a log without events is called in its status reason.
    private static let endlessLog = "the log (no line has an event)"

    mutating func consumeFast(_ bytes: UnsafeRawBufferPointer, line: Int, problems: inout [IngestProblem]) -> Bool {
        guard let time = fastPath.read(bytes, into: &curves) else { return false }
        if !fastPath.firstNonNumericFields.isEmpty { reportNonNumericFields(line: line, problems: &problems) }
        sawRecord = true
        if !time.isNaN, startedAt == nil || time < startedAt! { startedAt = time }
        return true
    }

    mutating func consume(_ fields: [Value.Field], line: Int, problems: inout [IngestProblem]) {
        guard let eventField = fields.first(where: { $0.key == "event" }) else {
            guard fields.contains(where: { !Self.bookkeepingFields.contains($0.key) && Self.holdsNumber($0.value) })
            else {
                run.incrementCount(attribute: "unknown_records")
                return
            }
            sawRecord = true
            noteTime(in: fields, isEnd: false)
            readMetrics(fields, line: line, problems: &problems)
            return
        }
        guard case .string(let event) = eventField.value else {
            problems.append(
                Self.problem("\"event\" must be a string, found \(eventField.value.typeName)", line: line, in: run))
            return
        }
        sawRecord = true
        sawEvent = true
        noteTime(in: fields, isEnd: event == "end")
        switch event {
        case "metrics": readMetrics(fields, line: line, problems: &problems)
        case "config", "start": readConfig(fields, line: line, problems: &problems)
        case "message": readMessage(fields, line: line)
        case "result": readResult(fields, line: line, problems: &problems)
        case "end": readEnd(fields, line: line, problems: &problems)
        case "artifact": readArtifact(fields, line: line, problems: &problems)
        default:
            run.incrementCount(attribute: "unknown_events." + event)
        }
    }

    mutating func finish(context: LogFinishContext, linesRead: Int, problems: inout [IngestProblem]) -> Run? {
        guard sawRecord else {
            let reason = linesRead == 0 ? "empty file" : "no Hyperscope log records found"
            problems.append(Self.problem(reason, line: nil, in: run))
            return nil
        }
        run.curves = curves.curves
        run.startedAt = startedAt
        if endLine == nil, !(sawEvent || fastPath.sawEventLine) {
            run.setEndlessStatus(recordedBy: Self.endlessLog, looksAlive: context.looksAlive)
        } else if endLine == nil {
            run.status = context.looksAlive ? .running : .incomplete
            run.statusReason = context.looksAlive ? "the log has no end record yet" : "the log has no end record"
        }
        return run
    }

    /// The curve of one metric as read so far, for watching a run while it writes its log.
    func curve(_ key: MetricKey) -> MetricCurve? {
        curves.curve(key)
    }

    /// Reports the fields the fast path found not to be numbers (out of line: it is rare).
    @inline(never)
    private mutating func reportNonNumericFields(line: Int, problems: inout [IngestProblem]) {
        for field in fastPath.firstNonNumericFields {
            reportOnce(key: field.key, typeName: field.typeName, line: line, problems: &problems, what: "metrics field")
        }
    }

    // MARK: - Events

    private mutating func readMetrics(_ fields: [Value.Field], line: Int, problems: inout [IngestProblem]) {
        var split: String?
        coordinates.removeAll(keepingCapacity: true)
        for field in fields {
            if field.key == "split" {
                split = field.value.stringValue
            } else if Self.axisNames.contains(field.key) {
                if let coordinate = coordinate(of: field.value) { coordinates.append((field.key, coordinate)) }
            }
        }
        for field in fields
        where field.key != "event" && field.key != "split" && !Self.axisNames.contains(field.key)
            && !Self.bookkeepingFields.contains(field.key)
        {
            readMetric(field.key, field.value, split: split, line: line, problems: &problems)
        }
    }

    /// Whether a field's value is a number or an object of metrics holding one, as makes a line
    /// without `event` a metrics line.
    private static func holdsNumber(_ value: Value) -> Bool {
        switch value {
        case .int, .float: true
        case .object(let fields):
            !fields.contains { $0.key == mediaTypeField } && fields.contains { holdsNumber($0.value) }
        default: false
        }
    }

    /// Reads one metrics field: a number is a point; an object of metrics (`"val": {"acc": 0.9}`)
    /// gives each of its fields as the metric named by their path (`val/acc`), except a W&B media
    /// object (one with `_type`); anything else is reported once.
    private mutating func readMetric(
        _ name: String, _ value: Value, split: String?, line: Int, problems: inout [IngestProblem]
    ) {
        switch value {
        case .int, .float:
            let key = split.map { MetricKey(split: $0, metric: name) } ?? MetricKey(parsing: name)
            appendPoint(value.numericValue!, to: key)
        case .null:
            return
        case .object(let fields) where !fields.contains(where: { $0.key == Self.mediaTypeField }):
            for field in fields {
                readMetric(name + "/" + field.key, field.value, split: split, line: line, problems: &problems)
            }
        default:
            reportOnce(key: name, typeName: value.typeName, line: line, problems: &problems, what: "metrics field")
        }
    }

    private mutating func readConfig(_ fields: [Value.Field], line: Int, problems: inout [IngestProblem]) {
        for field in fields where field.key != "event" && field.key != "time" {
            switch field.key {
            case "params", "config":
                guard case .object = field.value else {
                    problems.append(
                        Self.problem(
                            "\"\(field.key)\" must be an object of parameters, found \(field.value.typeName)",
                            line: line, in: run))
                    continue
                }
                for (key, value) in field.value.flattened() {
                    if let previous = run.params[key], previous != value {
                        problems.append(
                            Self.problem(
                                "parameter \(key) changes from \(previous.displayText) to \(value.displayText); the later value is kept",
                                line: line, in: run))
                    }
                    run.params[key] = value
                }
            case "name":
                if let name = field.value.stringValue { run.name = name }
            case "git_commit", "commit":
                if let commit = field.value.stringValue { run.gitCommit = commit }
            default:
                run.attributes["config." + field.key] = field.value
            }
        }
    }

    private mutating func readMessage(_ fields: [Value.Field], line: Int) {
        let text = fields.first { $0.key == "text" || $0.key == "message" }?.value
        let time = fields.first { $0.key == "time" }.flatMap { Timestamp.seconds(from: $0.value) }
        run.messages.append(RunMessage(text: text?.stringValue ?? text?.displayText ?? "", line: line, time: time))
    }

    private mutating func readResult(_ fields: [Value.Field], line: Int, problems: inout [IngestProblem]) {
        coordinates.removeAll(keepingCapacity: true)
        for field in fields where field.key != "event" && field.key != "time" {
            switch field.value {
            case .int, .float: appendPoint(field.value.numericValue!, to: MetricKey(parsing: field.key))
            case .null: continue
            default: run.attributes["result." + field.key] = field.value
            }
        }
    }

    /// An artifact the run wrote (`{"event":"artifact","kind":"predictions","path":"preds.jsonl",
    /// "split":"test"}`), kept in the run's `artifacts` attribute for an ``ArtifactReader``.
    private mutating func readArtifact(_ fields: [Value.Field], line: Int, problems: inout [IngestProblem]) {
        let value = { (key: String) in fields.first { $0.key == key }?.value }
        guard let kind = value("kind")?.stringValue, let path = value("path")?.stringValue, !path.isEmpty else {
            problems.append(Self.problem("an artifact needs \"kind\" and \"path\" (strings)", line: line, in: run))
            return
        }
        var artifact = [
            Value.Field("kind", .string(kind)), Value.Field("path", .string(path)),
            Value.Field("line", .int(Int64(line))),
        ]
        if let split = value("split")?.stringValue { artifact.append(Value.Field("split", .string(split))) }
        var listed: [Value] = []
        if case .list(let earlier)? = run.attributes[RunArtifact.attribute] { listed = earlier }
        run.attributes[RunArtifact.attribute] = .list(listed + [.object(artifact)])
    }

    private mutating func readEnd(_ fields: [Value.Field], line: Int, problems: inout [IngestProblem]) {
        endLine = line
        run.attributes["end.line"] = .int(Int64(line))
        run.status = .completed
        run.statusReason = nil
        for field in fields where field.key != "event" && field.key != "time" {
            switch field.key {
            case "status":
                if let word = field.value.stringValue, let status = RunStatus(loosely: word) {
                    run.status = status
                } else {
                    problems.append(
                        Self.problem(
                            "unknown end status \(field.value.displayText); expected completed, failed, pruned or incomplete",
                            line: line, in: run))
                    run.status = .incomplete
                    run.statusReason = "unknown end status \(field.value.displayText)"
                }
            case "train_time_s", "training_time_s", "train_time", "training_seconds":
                if let seconds = Timestamp.duration(from: field.value) {
                    run.trainingSeconds = seconds
                    // Also a metric under the name logged, so sweeps, comparisons and fronts can weigh it.
                    curves.append(seconds, to: MetricKey(split: "", metric: field.key))
                }
            case "reason", "error":
                run.statusReason = field.value.stringValue ?? field.value.displayText
            default:
                run.attributes["end." + field.key] = field.value
            }
        }
    }

    // MARK: - Helpers

    private mutating func noteTime(in fields: [Value.Field], isEnd: Bool) {
        guard let field = fields.first(where: { Self.timeAxisNames.contains($0.key) }),
            let seconds = Timestamp.seconds(from: field.value)
        else { return }
        if startedAt == nil || seconds < startedAt! { startedAt = seconds }
        if isEnd || run.endedAt != nil { run.endedAt = max(run.endedAt ?? seconds, seconds) }
    }

    private mutating func appendPoint(_ value: Double, to key: MetricKey) {
        curves.append(value, to: key, at: coordinates)
    }

    private func coordinate(of value: Value) -> Double? {
        if let number = value.numericValue { return number }
        return Timestamp.seconds(from: value)
    }

    private mutating func reportOnce(
        key: String, typeName: String, line: Int, problems: inout [IngestProblem], what: String
    ) {
        guard reportedFields.insert(key).inserted else { return }
        problems.append(
            Self.problem(
                MetricRecordReader.nonNumericReason("\(what) \"\(key)\"", typeName: typeName),
                line: line, in: run))
    }
}
