import Foundation
import HyperscopeAnalysis
import HyperscopeCore
import HyperscopeIngest
import HyperscopeSearch
import HyperscopeStore
import PropertyBased
import Synchronization
import TestSupport
import Testing

/// Random and mutated inputs through every parser: the JSON parser, the log and table readers, the
/// YAML configuration reader, the filter language and the command template. None may crash or
/// hang, and every rejection has a location. A failure prints the seed that replays it
/// (`.fixedSeed(...)`); `HYPERSCOPE_FUZZ_ITERATIONS` sets the inputs per parser (`.ci/run` asks for more).
@Suite("Fuzzing the parsers")
struct ParserFuzzTests {
    /// Inputs per parser: 200 in an ordinary test run.
    static let iterations = ProcessInfo.processInfo.environment["HYPERSCOPE_FUZZ_ITERATIONS"].flatMap(Int.init) ?? 200

    /// Valid inputs of each kind, which mutations start from.
    static let corpus: [String] = [
        #"{"event":"config","params":{"optim":{"lr":0.001,"name":"adam"},"batch_size":128,"seed":1,"layers":[64,32],"flag":true,"none":null}}"#,
        #"{"event":"metrics","split":"val","epoch":1,"step":352,"loss":1.21,"acc":0.6123456789012345}"#,
        #"{"type":"dict_config","value":{"epochs":3,"optim":{"lr":0.1}}}"#,
        #"{"title":"agg_val","data_name":"val","agg_stats":{"acc1":[60.5,61.0]}}"#,
        "number,value,params_lr,params_opt,state\n0,0.9,0.01,\"adam, w\",COMPLETE\n1,0.8,0.1,sgd,PRUNED\n",
        "objective: {command: [python, train.py, \"--lr={lr}\"], metric: val/acc}\nparameters:\n  lr: {low: 1.0e-4, high: 1.0, log: true}\n  opt: [adam, sgd]\nstrategy: tpe\ntrials: 5\n",
        "optim.lr >= 1e-3 and optim.name in [adam, \"sgd w\"] or not (val/acc.best > 0.9) and tag ~ \"abl*\"",
        "--lr={lr} --top_p={top_p?} {{literal}} --x={x}",
        #"[NaN, Infinity, -Infinity, 1e-400, 9223372036854775807, "\u00e9\ud83d\ude00", {"a": [1, {"b": null}]}]"#,
    ]

    /// A corpus entry with random edits: bytes replaced, inserted, deleted and slices repeated.
    static func mutated(_ base: Int, _ edits: [[Int]]) -> [UInt8] {
        var bytes = Array(corpus[base % corpus.count].utf8)
        for edit in edits where edit.count == 3 {
            let position = bytes.isEmpty ? 0 : edit[1] % (bytes.count + 1)
            let byte = UInt8(truncatingIfNeeded: edit[2])
            switch edit[0] % 4 {
            case 0 where position < bytes.count: bytes[position] = byte
            case 1: bytes.insert(byte, at: position)
            case 2 where position < bytes.count: bytes.remove(at: position)
            case 3 where position < bytes.count:
                bytes.insert(contentsOf: bytes[position..<min(bytes.count, position + 1 + edit[2] % 16)], at: position)
            default: break
            }
        }
        return bytes
    }

    /// Inputs: a corpus entry and edits to it, or (one time in four) random bytes.
    static let inputs = (
        Gen.int(in: 0...1_000), Gen.int(in: 0...1_000_000).array(of: 3).array(of: 0...12),
        Gen.uint8().array(of: 0...96),
        Gen.int(in: 0...3)
    )

    static func input(_ base: Int, _ edits: [[Int]], _ random: [UInt8], _ choice: Int) -> [UInt8] {
        choice == 0 ? random : mutated(base, edits)
    }

    @Test("the JSON parser accepts or rejects with a column inside the input")
    func json() async {
        await propertyCheck(count: Self.iterations, input: Self.inputs.0, Self.inputs.1, Self.inputs.2, Self.inputs.3) {
            base, edits, random, choice in
            let bytes = Self.input(base, edits, random, choice)
            do throws(JSONSyntaxError) {
                _ = try JSONParser.parse(bytes)
            } catch {
                #expect(
                    (1...bytes.count + 1).contains(error.column),
                    "column \(error.column) of \(bytes.count) bytes: \(error.reason)")
            }
        }
    }

    @Test("the filter language accepts or rejects with a column inside the expression, and selects without crashing")
    func filter() async {
        let runs = [
            Run(
                id: 1, key: "a", name: "a", source: "s", format: .hyperscope, status: .completed,
                params: ["optim.lr": .float(0.01), "optim.name": .string("adam")]),
            Run(
                id: 2, key: "b", name: "b", source: "s", format: .hyperscope, status: .pruned,
                params: ["optim.lr": .int(1), "tag": .list([.string("x")])]),
        ]
        await propertyCheck(count: Self.iterations, input: Self.inputs.0, Self.inputs.1, Self.inputs.2, Self.inputs.3) {
            base, edits, random, choice in
            let text = String(decoding: Self.input(base, edits, random, choice), as: UTF8.self)
            do throws(FilterSyntaxError) {
                _ = try RunFilter.parse(text)
                _ = RunFilter.select(runs, where: text, goals: MetricGoals())
            } catch {
                #expect(
                    (1...text.count + 1).contains(error.column), "column \(error.column) of '\(text)': \(error.reason)")
            }
        }
    }

    @Test("the command template says what is wrong with its braces or fills in without crashing")
    func commandTemplate() async {
        await propertyCheck(count: Self.iterations, input: Self.inputs.0, Self.inputs.1, Self.inputs.2, Self.inputs.3) {
            base, edits, random, choice in
            let text = String(decoding: Self.input(base, edits, random, choice), as: UTF8.self)
            let template = CommandTemplate(text.split(separator: " ").map(String.init))
            if template.braceProblem == nil {
                let values = Dictionary(
                    template.placeholderNames.map { ($0, Value.string("v")) }, uniquingKeysWith: { first, _ in first })
                #expect(throws: Never.self) { _ = try template.filled(with: values) }
            }
        }
    }

    @Test("the configuration reader accepts or names what is wrong, never another kind of error")
    func configuration() async {
        await propertyCheck(count: Self.iterations, input: Self.inputs.0, Self.inputs.1, Self.inputs.2, Self.inputs.3) {
            base, edits, random, choice in
            let text = String(decoding: Self.input(base, edits, random, choice), as: UTF8.self)
            do {
                _ = try SearchConfigurationFile.parse(text, path: "fuzz.yaml")
            } catch let error as ConfigurationError {
                #expect(error.description.hasPrefix("fuzz.yaml"), "\(error)")
            } catch {
                Issue.record("not a ConfigurationError: \(error) for \(text.debugDescription)")
            }
        }
    }

    @Test("logs, tables and event files of any bytes ingest without crashing, every problem naming its file")
    func ingestion() async throws {
        let folder = try TestSupport.scratchFolder()
        let counter = Counter()
        await propertyCheck(
            count: max(20, Self.iterations / 10), input: Self.inputs.0, Self.inputs.1, Self.inputs.2, Self.inputs.3
        ) { base, edits, random, choice in
            let bytes = Self.input(base, edits, random, choice)
            let round = counter.next()
            let files = [
                "log\(round).jsonl", "table\(round).csv", "rows\(round).json", "events.out.tfevents.\(round).fuzz",
            ]
            do {
                for file in files { try TestSupport.write(Data(bytes), to: file, in: folder) }
                let store = MemoryStore()
                let summary = try await Ingestion(store: store, options: IngestOptions(parallelism: 1)).run(
                    paths: files.map { folder.appendingPathComponent($0).path })
                #expect(summary.problems.allSatisfy { files.contains($0.file) }, "\(summary.problems.map(\.problem))")
                for file in files { try? FileManager.default.removeItem(at: folder.appendingPathComponent(file)) }
            } catch {
                Issue.record("ingestion threw \(error) for \(bytes.count) bytes")
            }
        }
    }
}

/// A counter shared by the iterations of one property, for unique file names.
final class Counter: Sendable {
    private let value = Mutex(0)

    func next() -> Int {
        value.withLock { count in
            count += 1
            return count
        }
    }
}
