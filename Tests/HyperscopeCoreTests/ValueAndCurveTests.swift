import HyperscopeCore
import Testing

@Suite("Values, curves and goals")
struct ValueAndCurveTests {
    @Test("nested configs flatten to dotted keys; lists stay whole")
    func flattening() throws {
        let config = try JSONParser.parse(
            #"{"optim": {"lr": 0.001, "name": "adam"}, "layers": [128, 64], "batch_size": 128, "empty": {}}"#)
        let flat = Dictionary(uniqueKeysWithValues: config.flattened().map { ($0.key, $0.value) })
        #expect(
            flat == [
                "optim.lr": .float(0.001), "optim.name": .string("adam"), "layers": .list([.int(128), .int(64)]),
                "batch_size": .int(128), "empty": .object([]),
            ])
    }

    @Test("a copied run is a value: changing the copy leaves the original as it was, and equality compares fields")
    func runCopies() {
        var original = Run(
            key: "logs/a.jsonl", name: "a", source: "logs/a.jsonl", format: .hyperscope, params: ["lr": .float(0.1)])
        original.curves.append(MetricCurve(key: MetricKey(parsing: "val/acc"), values: [0.5, 0.7]))
        var copy = original
        #expect(copy == original)
        copy.params["lr"] = .float(0.2)
        copy.curves[0] = MetricCurve(key: MetricKey(parsing: "val/acc"), values: [0.5, 0.7, 0.9])
        copy.status = .completed
        copy.incrementCount(attribute: "unknown_events")
        #expect(original.params["lr"] == .float(0.1) && original.curves[0].values == [0.5, 0.7])
        #expect(original.status == .incomplete && original.attributes.isEmpty)
        #expect(
            copy.params["lr"] == .float(0.2) && copy.curves[0].values == [0.5, 0.7, 0.9]
                && copy.attributes["unknown_events"] == .int(1))
        #expect(copy != original)
        var rebuilt = Run(
            key: "logs/a.jsonl", name: "a", source: "logs/a.jsonl", format: .hyperscope, params: ["lr": .float(0.2)])
        rebuilt.curves = copy.curves
        rebuilt.status = .completed
        rebuilt.attributes = ["unknown_events": .int(1)]
        #expect(rebuilt == copy && rebuilt.hashValue == copy.hashValue)
    }

    @Test("summaries ignore NaN and honour the goal")
    func summaries() {
        let curve = MetricCurve(key: MetricKey(parsing: "val/loss"), values: [1.0, .nan, 0.4, 0.6])
        let minimizing = curve.summary(goal: .minimize)
        #expect(minimizing.best == 0.4 && minimizing.last == 0.6 && minimizing.count == 4)
        #expect(curve.summary(goal: .maximize).best == 1.0)
        #expect(MetricCurve(key: MetricKey(parsing: "x"), values: [.nan]).summary(goal: .maximize).best == nil)
    }

    @Test(
        "metric names suggest their goal",
        arguments: [
            ("acc", MetricGoal.maximize), ("acc1", .maximize), ("val_loss", .minimize), ("loss", .minimize),
            ("recall@100", .maximize),
            ("error_rate", .minimize), ("train_time_s", .minimize), ("objective", .maximize), ("perplexity", .minimize),
            ("f1", .maximize),
        ])
    func suggestedGoals(_ name: String, goal: MetricGoal) {
        #expect(MetricGoal.suggested(forMetricNamed: name) == goal)
    }

    @Test("--goal arguments set goals for all metrics or one")
    func goalParsing() throws {
        let goals = try MetricGoals.parse(["val/acc=min", "max"]).get()
        #expect(goals.goal(for: MetricKey(parsing: "val/acc")) == .minimize)
        #expect(goals.goal(for: MetricKey(parsing: "val/loss")) == .maximize)
        #expect(throws: GoalSyntaxError.self) { try MetricGoals.parse(["best"]).get() }
    }

    @Test("metric keys split on the first slash")
    func metricKeys() {
        #expect(MetricKey(parsing: "val/acc") == MetricKey(split: "val", metric: "acc"))
        #expect(MetricKey(parsing: "objective").description == "objective")
        #expect(MetricKey(parsing: "val/top/1").metric == "top/1")
    }

    @Test(
        "timestamps in seconds, milliseconds and ISO 8601 read as seconds since 1970 (values from Python's datetime)",
        arguments: [
            (Value.string("2024-05-01T10:00:00Z"), 1_714_557_600.0),
            (.string("2024-05-01 10:00:00.5"), 1_714_557_600.5),
            (.string("2024-05-01T12:00:00+02:00"), 1_714_557_600.0),
            (.string("1970-01-01"), 0),
            (.float(1_714_557_600.25), 1_714_557_600.25),
            (.int(1_714_557_600_000), 1_714_557_600),
        ])
    func timestamps(_ value: Value, seconds: Double) {
        #expect(Timestamp.seconds(from: value) == seconds)
    }

    @Test("durations read from seconds, H:MM:SS and pandas timedeltas")
    func durations() {
        #expect(Timestamp.duration(from: .string("0:03:12")) == 192)
        #expect(Timestamp.duration(from: .string("1 days 00:00:01.5")) == 86_401.5)
        #expect(Timestamp.duration(from: .float(2.5)) == 2.5)
        #expect(Timestamp.duration(from: .string("soon")) == nil)
        #expect(Timestamp.seconds(from: .string("2024-13-01")) == nil)
    }

    @Test("statuses read loosely from other tools' words")
    func statuses() {
        #expect(RunStatus(loosely: "COMPLETE") == .completed)
        #expect(RunStatus(loosely: "FAIL") == .failed)
        #expect(RunStatus(loosely: "PRUNED") == .pruned)
        #expect(RunStatus(loosely: "banana") == nil)
    }
}

@Suite("Timestamps written")
struct TimestampWritingTests {
    @Test(
        "seconds since 1970 as UTC ISO 8601 (values from Python's datetime.fromtimestamp(s, timezone.utc))",
        arguments: [
            (0.0, "1970-01-01T00:00:00Z"), (1_700_000_000.0, "2023-11-14T22:13:20Z"), (-1.0, "1969-12-31T23:59:59Z"),
            (951_782_400.0, "2000-02-29T00:00:00Z"),
        ])
    func iso8601(seconds: Double, expected: String) {
        #expect(Timestamp.iso8601(seconds) == expected)
        #expect(Timestamp.seconds(fromISO8601: expected) == seconds)
    }
}

@Suite("Goals recorded by studies")
struct RecordedGoalTests {
    @Test("a study's objective gives its metric's goal; the user's word wins; studies that disagree give none")
    func recordedGoals() {
        let studies = [
            StudyRecord(
                name: "a", metric: "val/acc", goal: .minimize, strategy: "grid", configuration: .null, toolVersion: "t",
                host: "h", startedAt: 0),
            StudyRecord(
                name: "b", metric: "loss", goal: .maximize, strategy: "grid", configuration: .null, toolVersion: "t",
                host: "h", startedAt: 0),
            StudyRecord(
                name: "c", metric: "loss", goal: .minimize, strategy: "grid", configuration: .null, toolVersion: "t",
                host: "h", startedAt: 0),
        ]
        let goals = MetricGoals(recorded: MetricGoals.recorded(by: studies))
        #expect(goals.goal(for: MetricKey(parsing: "val/acc")) == .minimize)
        #expect(goals.goal(for: MetricKey(parsing: "loss")) == .minimize, "contested: the name's suggestion")
        #expect(goals.recorded["loss"] == nil)
        #expect(
            MetricGoals(byMetric: ["val/acc": .maximize], recorded: goals.recorded).goal(
                for: MetricKey(parsing: "val/acc")) == .maximize)
        #expect(
            MetricGoals(all: .maximize, recorded: goals.recorded).goal(for: MetricKey(parsing: "val/acc")) == .maximize)
    }
}
