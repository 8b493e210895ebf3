import Foundation
import HyperscopeCore
import HyperscopeIngest
import HyperscopeStore
import TestSupport
import Testing

@Suite("Hyperscope log format")
struct HyperscopeFormatTests {
    @Test("a complete log gives typed flattened parameters, curves with several axes, messages and metadata")
    func completeLog() async throws {
        let result = try await ingest([TestSupport.fixture("logs/hyperscope/adam-lr0.01-seed0.jsonl")])
        let run = try #require(result.runs["adam-lr0.01-seed0"])
        #expect(run.status == .completed)
        #expect(run.format == .hyperscope)
        #expect(run.params["optim.lr"] == .float(0.01))
        #expect(run.params["optim.name"] == .string("adam"))
        #expect(run.params["batch_size"] == .int(128))
        #expect(run.params["model.layers"] == .list([.int(128), .int(64)]))
        #expect(run.params["model.weights"] == .null)
        #expect(run.params["model.pretrained"] == .bool(false))
        #expect(run.values("train/loss") == [1.2, 0.9])
        #expect(run.values("val/acc") == [0.64, 0.7])
        #expect(run.values("objective") == [0.7])
        let trainLoss = try #require(run.curve(MetricKey(parsing: "train/loss")))
        #expect(trainLoss.axis(named: "epoch") == [1, 2])
        #expect(trainLoss.axis(named: "step") == [100, 200])
        #expect(run.curve(MetricKey(parsing: "val/loss"))?.axis(named: "step") == nil)
        #expect(run.trainingSeconds == 182.4)
        #expect(run.gitCommit == "abc1234")
        #expect(run.startedAt == 1_714_557_600)
        #expect(run.endedAt == 1_714_557_782.4)
        #expect(run.messages.map(\.text) == ["early stopping at epoch 2"])
        #expect(run.messages.first?.line == 6)
        #expect(result.summary.problems.isEmpty)
    }

    @Test("a run starts at the earliest time any of its lines gives: a metric line's or an event's")
    func startIsEarliestTime() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("start-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        // Metric lines (read by the flat fast path) carry times before and after the config's;
        // in the second log the earliest is an event's.
        let logs = [
            "metric-first.jsonl": """
            {"event":"config","params":{"lr":0.1},"time":1714557600}
            {"split":"train","epoch":1,"loss":1.5,"time":1714557500.5}
            {"split":"train","epoch":2,"loss":1.2,"time":1714557700}
            {"event":"end","time":1714557800}
            """,
            "event-first.jsonl": """
            {"split":"train","epoch":1,"loss":1.5,"time":1714557650}
            {"event":"config","params":{"lr":0.2},"time":1714557640}
            {"split":"train","epoch":2,"loss":1.2,"time":1714557660}
            {"event":"end","time":1714557800}
            """,
        ]
        for (name, text) in logs {
            try Data((text + "\n").utf8).write(to: folder.appendingPathComponent(name))
        }
        let result = try await ingest([folder.path])
        #expect(result.runs["metric-first"]?.startedAt == 1_714_557_500.5)
        #expect(result.runs["event-first"]?.startedAt == 1_714_557_640)
        #expect(result.runs["metric-first"]?.endedAt == 1_714_557_800)
    }

    @Test("a damaged log keeps its good lines and reports every bad one at its line")
    func damagedLog() async throws {
        let result = try await ingest([TestSupport.fixture("logs/hyperscope/damaged.jsonl")])
        let run = try #require(result.runs["damaged"])
        let file = "damaged.jsonl"
        #expect(result.summary.problem(file, line: 3)?.reason.contains("malformed JSON") == true)
        #expect(result.summary.problem(file, line: 5)?.reason.contains("\"event\" must be a string") == true)
        #expect(result.summary.problem(file, line: 6)?.reason.contains("expected a JSON object") == true)
        #expect(result.summary.problem(file, line: 7)?.reason.contains("\"phase\" is a string") == true)
        #expect(result.summary.problem(file, line: 10)?.reason.contains("truncated last line") == true)
        #expect(result.summary.problems.count == 5)
        #expect(run.status == .incomplete)
        #expect(run.statusReason == "the log has no end record")
        #expect(run.values("train/loss") == [2.0, .infinity])
        #expect(run.values("train/acc") == [0.3, 0.4])
        #expect(run.values("val/loss").first?.isNaN == true)
        #expect(run.values("val/acc") == [0.35, 0.42])
        #expect(run.attributes["unknown_events.checkpoint"] == .int(1))
    }

    @Test("plain metric lines without an event name their split in the key")
    func plainMetricLines() async throws {
        let result = try await ingest([TestSupport.fixture("logs/hyperscope/plain-metrics.jsonl")])
        let run = try #require(result.runs["plain-metrics"])
        #expect(run.values("val/acc") == [0.5, 0.8])
        #expect(run.values("train/loss") == [0.4])
        #expect(run.curve(MetricKey(parsing: "train/loss"))?.axis(named: "epoch") == [2])
        #expect(run.params["lr"] == .float(0.3))
    }

    @Test("the fast path and the full parser read the same log to the same run")
    func fastPathAgreesWithFullParser() async throws {
        var fast = ""
        var slow = ""
        for step in 1...50 {
            fast +=
                #"{"event":"metrics","split":"train","epoch":\#(step / 10),"step":\#(step),"loss":\#(1.0 / Double(step)),"acc":\#(Double(step) / 60)}"#
                + "\n"
            // An escaped key forces every line through the full parser, which must agree.
            slow +=
                #"{"event":"metrics","split":"train","epoch":\#(step / 10),"step":\#(step),"lo\u0073s":\#(1.0 / Double(step)),"acc":\#(Double(step) / 60)}"#
                + "\n"
        }
        let (fastRun, slowRun) = try await Self.fastAndFull(fast, slow)
        #expect(fastRun.curves == slowRun.curves)
        #expect(fastRun.curves.count == 2)
    }

    /// The runs of two logs ingested together: one the fast path reads, and one whose lines only the
    /// full parser reads.
    static func fastAndFull(_ fast: String, _ slow: String) async throws -> (fast: Run, slow: Run) {
        try await fastAndFullWithProblems(fast, slow).runs
    }

    /// ``fastAndFull(_:_:)`` with each file's problems as `line: reason`.
    static func fastAndFullWithProblems(
        _ fast: String, _ slow: String
    ) async throws -> (runs: (fast: Run, slow: Run), problems: (fast: [String], slow: [String])) {
        let folder = try TestSupport.scratchFolder()
        try TestSupport.write(fast, to: "fast.jsonl", in: folder)
        try TestSupport.write(slow, to: "slow.jsonl", in: folder)
        let result = try await ingest([folder.path])
        let problems = { (file: String) in
            result.summary.problems.filter { $0.file.hasSuffix(file) }.map {
                "\($0.problem.line.map(String.init) ?? "-"): \($0.problem.reason)"
            }
        }
        return (
            (try #require(result.runs["fast"]), try #require(result.runs["slow"])),
            (problems("fast.jsonl"), problems("slow.jsonl"))
        )
    }

    @Test(
        "a W&B history log: _step, _runtime, _timestamp are axes, _wandb passed over, other non-numbers reported once")
    func wandbHistory() async throws {
        var fast = ""
        var slow = ""
        for step in 0..<40 {
            let time = 1_716_000_000.25 + Double(step) * 0.5
            let phase = step < 20 ? #""phase": "warmup", "# : ""
            let media =
                step % 7 == 3 ? #""predictions": {"_type": "table-file", "path": "media/t.json", "nrows": 8}, "# : ""
            let line = { (lossKey: String) in
                #"{"_step": \#(step), "_runtime": \#(Double(step) * 0.5), "_timestamp": \#(time), "# + phase + media
                    + #""train/\#(lossKey)": \#(1.0 / Double(step + 1)), "val/acc": \#(step % 5 == 0 ? "\(Double(step) / 40)" : "null"), "#
                    + #""_wandb": {"runtime": \#(step / 2)}}"# + "\n"
            }
            fast += line("loss")
            // An escaped key sends every line of this log to the full parser, which must agree.
            slow += line(#"lo\u0073s"#)
            if step == 30 {
                fast += #"{"note": "no number here"}"# + "\n"
                slow += #"{"note": "no number here"}"# + "\n"
            }
        }
        let ((fastRun, slowRun), (fastProblems, slowProblems)) = try await Self.fastAndFullWithProblems(fast, slow)
        #expect(fastRun.curves == slowRun.curves)
        #expect(Set(fastRun.curves.map(\.key.description)) == ["train/loss", "val/acc"])
        let loss = try #require(fastRun.curve(MetricKey(parsing: "train/loss")))
        #expect(loss.axis(named: "_step") == (0..<40).map(Double.init))
        #expect(loss.axis(named: "_runtime")?.last == 19.5)
        #expect(fastRun.values("val/acc") == [0, 0.125, 0.25, 0.375, 0.5, 0.625, 0.75, 0.875])
        #expect(fastRun.startedAt == 1_716_000_000.25 && slowRun.startedAt == fastRun.startedAt)
        #expect(fastRun.attributes["unknown_records"] == .int(1) && slowRun.attributes["unknown_records"] == .int(1))
        let expected = [
            #"1: metrics field "phase" is a string, not a number; only numbers become curve points (reported once per field)"#,
            #"4: metrics field "predictions" is an object, not a number; only numbers become curve points (reported once per field)"#,
        ]
        #expect(fastProblems == expected)
        #expect(slowProblems == expected)
    }

    @Test("the fast path reads keys in any order, spacing and with shared prefixes as the full parser does")
    func fastPathKeyOrder() async throws {
        var fast = ""
        var slow = ""
        for step in 1...40 {
            let (loss, average) = (1.0 / Double(step), 2.0 / Double(step))
            // Lines alternate between two key orders and two spacings; "loss" is a prefix of "loss_ema".
            let fields =
                step.isMultiple(of: 2)
                ? #""step": \#(step), "loss": \#(loss), "loss_ema": \#(average)}"#
                : #""loss_ema" : \#(average) ,"step":\#(step),"loss":\#(loss)}"#
            fast += #"{"event":"metrics","# + fields + "\n"
            // An escaped key sends every line to the full parser.
            slow += #"{"ev\u0065nt":"metrics","# + fields + "\n"
        }
        let (fastRun, slowRun) = try await Self.fastAndFull(fast, slow)
        #expect(fastRun.curves == slowRun.curves)
        let loss = try #require(fastRun.curves.first { $0.key.metric == "loss" })
        #expect(loss.values == (1...40).map { 1.0 / Double($0) })
        let average = try #require(fastRun.curves.first { $0.key.metric == "loss_ema" })
        #expect(average.values == (1...40).map { 2.0 / Double($0) })
        #expect(loss.axis(named: "step") == (1...40).map(Double.init))
    }

    @Test("metrics missing from some lines, starting late, ending early or null read as the full parser reads them")
    func fastPathIrregularLines() async throws {
        var (seed, generator) = Self.seeded("fastPathIrregularLines")
        var fast = ""
        var slow = ""
        for step in 1...300 {
            let split = ["train", "val"][Int.random(in: 0...3, using: &generator) == 0 ? 1 : 0]
            var fields = [#""split":"\#(split)""#, #""step":\#(step)"#]
            if step > 40, Bool.random(using: &generator) { fields.append(#""epoch":\#(step / 50)"#) }
            for (metric, from, to) in [("loss", 1, 300), ("acc", 1, 300), ("lr", 60, 300), ("warmup", 1, 90)]
            where (from...to).contains(step) && Int.random(in: 0...9, using: &generator) > 0 {
                fields.append(
                    Int.random(in: 0...30, using: &generator) == 0
                        ? #""\#(metric)":null"# : #""\#(metric)":\#(Double(step) / 7)"#)
            }
            let body = fields.joined(separator: ",") + "}\n"
            // Now and then a line only the full parser reads, in the fast log too.
            let escaped = #"{"ev\u0065nt":"metrics","# + body
            fast += Int.random(in: 0...19, using: &generator) == 0 ? escaped : #"{"event":"metrics","# + body
            slow += escaped
        }
        let (fastRun, slowRun) = try await Self.fastAndFull(fast, slow)
        #expect(Self.bits(fastRun) == Self.bits(slowRun), "seed \(seed)")
        #expect(fastRun.curves.count == 8, "seed \(seed)")
    }

    /// A new seed (or `HYPERSCOPE_TEST_SEED`), printed with the test's name, and its generator.
    static func seeded(_ test: String) -> (seed: UInt64, generator: SeededGenerator) {
        let seed = SeededGenerator.newSeed()
        print("HyperscopeFormatTests.\(test) seed: \(seed)")
        return (seed, SeededGenerator(seed: seed))
    }

    /// A run's curves bit for bit: their axes hold NaN where a line lacks them, which == never matches.
    static func bits(_ run: Run) -> [[String]] {
        run.curves.map { curve in
            [curve.key.description] + curve.values.map { "\($0.bitPattern)" }
                + curve.axes.flatMap { [$0.name] + $0.values.map { "\($0.bitPattern)" } }
        }
    }

    @Test("nested objects of metrics are metrics named by their path, as the full parser reads them")
    func nestedMetrics() async throws {
        var (seed, generator) = Self.seeded("nestedMetrics")
        var fast = ""
        var slow = ""
        for step in 1...300 {
            let number = { (scale: Double) in
                Int.random(in: 0...15, using: &generator) == 0 ? "null" : "\(Double(step) * scale)"
            }
            var fields: [String] = []
            if step.isMultiple(of: 10) {
                fields.append(#""event":"metrics","split":"val","loss":{"ce":\#(number(0.5)),"reg":\#(number(0.25))}"#)
            } else {
                fields.append(#""step":\#(step),"train":{"loss":\#(number(0.1)),"acc":\#(number(0.01))}"#)
                fields.append(#""eval":{"top":{"1":\#(number(0.3)),"5":\#(number(0.6))},"note":"ok"}"#)
                fields.append(#""lr":\#(number(1e-4)),"hist":[1,2,3]"#)
            }
            if step % 50 == 7 { fields.append(#""image":{"_type":"image-file","width":32}"#) }
            let body = fields.joined(separator: ",") + "}\n"
            // An escaped field sends a line to the full parser: always in the slow log, now and then in the fast one.
            let escaped = #"{"w\u0061ndb":1,"# + body
            fast += Int.random(in: 0...29, using: &generator) == 0 ? escaped : #"{"wandb":1,"# + body
            slow += escaped
        }
        let ((fastRun, slowRun), (fastProblems, slowProblems)) = try await Self.fastAndFullWithProblems(fast, slow)
        #expect(Self.bits(fastRun) == Self.bits(slowRun), "seed \(seed)")
        #expect(
            Set(fastRun.curves.map(\.key.description))
                == [
                    "wandb", "train/loss", "train/acc", "eval/top/1", "eval/top/5", "lr", "val/wandb", "val/loss/ce",
                    "val/loss/reg",
                ],
            "seed \(seed)")
        let topFive = try #require(fastRun.curve(MetricKey(split: "eval", metric: "top/5")))
        let steps = try #require(topFive.axis(named: "step"))
        #expect(steps.count == topFive.values.count && steps.allSatisfy { Int($0) % 10 != 0 }, "seed \(seed)")
        #expect(zip(steps, topFive.values).allSatisfy { $0 * 0.6 == $1 }, "seed \(seed)")
        #expect(fastProblems == slowProblems, "seed \(seed)")
        #expect(
            Set(fastProblems.map { $0.split(separator: "\"")[1] }) == ["eval/note", "hist", "image"], "seed \(seed)")
    }

    @Test(
        "lines of many kinds without a split (steps, evaluations, odd sets of metrics) read as the full parser reads them"
    )
    func fastPathKindsOfLines() async throws {
        var (seed, generator) = Self.seeded("fastPathKindsOfLines")
        let names = (0..<12).map { "m\($0)" }
        var fast = ""
        var slow = ""
        for step in 1...400 {
            var metrics: [String]
            switch Int.random(in: 0...9, using: &generator) {
            case 0...5: metrics = ["train/loss", "train/acc", "lr"]
            case 6...7: metrics = ["val/loss", "val/acc"]
            case 8: metrics = ["lr", "train/loss"]
            default: metrics = names.filter { _ in Bool.random(using: &generator) }  // up to 4,096 kinds
            }
            var fields = [#""_step":\#(step)"#]
            if step.isMultiple(of: 3) { fields.append(#""epoch":\#(step / 30)"#) }
            for metric in metrics {
                fields.append(
                    Int.random(in: 0...20, using: &generator) == 0
                        ? #""\#(metric)":null"# : #""\#(metric)":\#(Double(step) / 7)"#)
            }
            let body = fields.joined(separator: ",") + "}\n"
            // An escaped key sends a line to the full parser: always in the slow log, now and then in the fast one.
            let escaped = #"{"_wand\u0062":{},"# + body
            fast += Int.random(in: 0...29, using: &generator) == 0 ? escaped : #"{"_wandb":{},"# + body
            slow += escaped
        }
        let (fastRun, slowRun) = try await Self.fastAndFull(fast, slow)
        #expect(Self.bits(fastRun) == Self.bits(slowRun), "seed \(seed)")
        #expect(fastRun.curves.count == 17, "seed \(seed)")
    }

    @Test("empty, binary, non-UTF-8 and unreadable files are problems, and ingestion goes on")
    func unreadableFiles() async throws {
        let folder = try TestSupport.scratchFolder()
        try TestSupport.write("", to: "empty.jsonl", in: folder)
        try TestSupport.write(Data([0x7B, 0x00, 0x01, 0x02, 0xFF, 0x0A]), to: "binary.jsonl", in: folder)
        try TestSupport.write(
            Data(#"{"event":"config","params":{"name":"caf"#.utf8) + Data([0xE9]) + Data("\"}}\n".utf8),
            to: "latin1.jsonl", in: folder)
        try FileManager.default.createSymbolicLink(
            atPath: folder.appendingPathComponent("dangling.jsonl").path, withDestinationPath: "/nonexistent/file")
        try TestSupport.write(#"{"event":"metrics","split":"val","acc":0.5}"# + "\n", to: "good.jsonl", in: folder)
        try TestSupport.write(
            Data(#"{"val/acc":0.1}"#.utf8 + [0x0A, 0x7B, 0x00, 0x7D, 0x0A] + #"{"val/acc":0.2}"#.utf8 + [0x0A]),
            to: "nul.jsonl", in: folder)
        let result = try await ingest([folder.path])
        #expect(result.summary.problem("nul.jsonl", line: 2)?.reason.contains("byte 0x00") == true)
        #expect(result.runs["nul"]?.values("val/acc") == [0.1, 0.2])
        #expect(result.summary.problem("empty.jsonl", line: nil)?.reason == "empty file")
        #expect(result.summary.problem("binary.jsonl", line: nil)?.reason.contains("binary data") == true)
        #expect(result.summary.problem("latin1.jsonl", line: 1)?.reason.contains("invalid UTF-8") == true)
        #expect(result.summary.problem("dangling.jsonl", line: nil)?.reason.contains("cannot examine") == true)
        #expect(result.runs["good"]?.values("val/acc") == [0.5])
        #expect(result.summary.filesSeen == 6)
    }

    @Test("a symbolic link cycle in a tree is read once, not forever")
    func symlinkCycle() async throws {
        let folder = try TestSupport.scratchFolder()
        try TestSupport.write(#"{"val/acc": 0.1}"# + "\n", to: "a/run.jsonl", in: folder)
        try FileManager.default.createSymbolicLink(
            atPath: folder.appendingPathComponent("a/loop").path,
            withDestinationPath: folder.appendingPathComponent("a").path)
        let result = try await ingest([folder.path])
        #expect(result.summary.filesSeen == 1)
        #expect(result.runs["a/run"]?.values("val/acc") == [0.1])
    }

    @Test("an overlong line is skipped and reported; the lines around it are kept")
    func overlongLine() async throws {
        let folder = try TestSupport.scratchFolder()
        let long = #"{"event":"message","text":""# + String(repeating: "x", count: 5000) + #""}"#
        try TestSupport.write(
            [#"{"val/acc": 0.1}"#, long, #"{"val/acc": 0.2}"#].joined(separator: "\n") + "\n", to: "long.jsonl",
            in: folder)
        let result = try await ingest([folder.path], options: IngestOptions(maximumLineBytes: 1000))
        #expect(result.summary.problem("long.jsonl", line: 2)?.reason.contains("longer than the limit") == true)
        #expect(result.runs["long"]?.values("val/acc") == [0.1, 0.2])
    }

    @Test("a log without an end record counts as running only when asked and recently written")
    func runningWindow() async throws {
        let folder = try TestSupport.scratchFolder()
        try TestSupport.write(#"{"event":"metrics","val/acc": 0.1}"# + "\n", to: "live.jsonl", in: folder)
        let recent = try await ingest([folder.path], options: IngestOptions(runningWindowSeconds: 600))
        #expect(recent.runs["live"]?.status == .running)
        let strict = try await ingest([folder.path])
        #expect(strict.runs["live"]?.status == .incomplete)
    }

    @Test(
        "a log in which no line has an event (another tool's) records no end: completed, or running while written",
        arguments: [
            #"{"_step": 0, "val/acc": 0.1}"#, #"{"_step": 0, "val/acc": 0.1, "_wandb": {"runtime": 2}}"#,
            #"{"_step": 0, "val": {"acc": 0.1}, "note": [1, 2]}"#,
        ])
    func noEventsRecordNoEnd(line: String) async throws {
        let folder = try TestSupport.scratchFolder()
        let url = try TestSupport.write(line + "\n", to: "wandb.jsonl", in: folder)
        let store = MemoryStore()
        let ended = try await ingest([folder.path], store: store)
        let run = try #require(ended.runs["wandb"])
        #expect(run.status == .completed)
        #expect(run.statusReason == "the log (no line has an event) records no end; its curves show how far it got")
        let live = try await ingest([folder.path], options: IngestOptions(runningWindowSeconds: 600))
        #expect(live.runs["wandb"]?.status == .running)

        // Continued from where it stopped, it is still another tool's log; one event makes it Hyperscope's.
        let handle = try FileHandle(forWritingTo: url)
        try handle.seekToEnd()
        try handle.write(contentsOf: Data((line.replacingOccurrences(of: "0.1", with: "0.2") + "\n").utf8))
        let continued = try await ingest([folder.path], store: store)
        #expect(continued.summary.filesContinued == 1)
        #expect(continued.runs["wandb"]?.status == .completed)
        #expect(continued.runs["wandb"]?.values("val/acc") == [0.1, 0.2])
        try handle.write(contentsOf: Data(#"{"event":"message","text":"saved"}"#.utf8 + [0x0A]))
        try handle.close()
        let withEvent = try await ingest([folder.path], store: store)
        #expect(withEvent.summary.filesContinued == 1)
        #expect(withEvent.runs["wandb"]?.status == .incomplete)
        #expect(withEvent.runs["wandb"]?.statusReason == "the log has no end record")
    }
}
