import Foundation
import HyperscopeCore
import HyperscopeIngest
import HyperscopeStore
import TestSupport
import Testing

/// Feeds every parser mutated inputs: truncated, byte-flipped, duplicated, reordered and overlong lines.
@Suite("Robustness against damaged input")
struct RobustnessTests {
    private static let cleanLog: [String] = {
        var lines = [#"{"event":"config","params":{"optim":{"lr":0.01,"name":"adam"},"seed":3}}"#]
        for epoch in 1...30 {
            lines.append(
                #"{"event":"metrics","split":"train","epoch":\#(epoch),"step":\#(epoch * 10),"loss":\#(1.0 / Double(epoch)),"acc":\#(Double(epoch) / 31)}"#
            )
        }
        lines.append(#"{"event":"end","status":"completed"}"#)
        return lines
    }()

    @Test("mutated Hyperscope logs: no crash, problems recorded, untouched lines kept", arguments: 0..<8)
    func mutatedHyperscopeLogs(round: Int) async throws {
        let seed = SeededGenerator.newSeed()
        print("RobustnessTests.mutatedHyperscopeLogs round \(round) seed: \(seed)")
        var generator = SeededGenerator(seed: seed)
        let folder = try TestSupport.scratchFolder("robust\(round)")
        var intactMetricLines: [Int: Int] = [:]
        for file in 0..<6 {
            var lines = Self.cleanLog
            if Bool.random(using: &generator) {
                let index = Int.random(in: 1..<lines.count, using: &generator)
                lines.insert(lines[index], at: index)
            }
            if Bool.random(using: &generator) {
                let first = Int.random(in: 1..<lines.count, using: &generator)
                lines.swapAt(first, Int.random(in: 1..<lines.count, using: &generator))
            }
            var touched = Set<Int>()
            for _ in 0..<Int.random(in: 1...6, using: &generator) {
                let index = Int.random(in: 0..<lines.count, using: &generator)
                touched.insert(index)
                lines[index] = Self.mutate(lines[index], using: &generator)
            }
            var text = lines.joined(separator: "\n") + "\n"
            if Bool.random(using: &generator), let cut = text.indices.dropLast(2).randomElement(using: &generator) {
                text = String(text[..<cut])
                touched.formUnion(
                    Set(0..<lines.count).filter {
                        lines[..<$0].reduce(0) { $0 + $1.count + 1 } + lines[$0].count >= text.count
                    })
            }
            try TestSupport.write(Data(text.utf8), to: "log\(file).jsonl", in: folder)
            intactMetricLines[file] =
                lines.indices.filter { !touched.contains($0) && lines[$0].contains("\"metrics\"") }.count
        }
        let result = try await ingest([folder.path], options: IngestOptions(maximumLineBytes: 4096))
        for file in 0..<6 {
            let points = result.runs["log\(file)"]?.values("train/loss").count ?? 0
            #expect(
                points >= intactMetricLines[file]!,
                "seed \(seed): log\(file) kept \(points) of \(intactMetricLines[file]!) intact lines")
        }
        #expect(result.summary.filesSeen == 6)
    }

    @Test("mutated tables and results files: no crash, and either runs or problems for each file", arguments: 0..<4)
    func mutatedDocuments(round: Int) async throws {
        let seed = SeededGenerator.newSeed()
        print("RobustnessTests.mutatedDocuments round \(round) seed: \(seed)")
        var generator = SeededGenerator(seed: seed)
        let folder = try TestSupport.scratchFolder("documents\(round)")
        let sources = ["optuna_trials.csv", "sweep_export.csv", "records.json", "sampler_bench_results.json"]
        for name in sources {
            var bytes = Array(try Data(contentsOf: URL(fileURLWithPath: TestSupport.fixture("logs/tables/" + name))))
            for _ in 0..<Int.random(in: 1...5, using: &generator) where bytes.count > 2 {
                switch Int.random(in: 0..<3, using: &generator) {
                case 0:
                    bytes[Int.random(in: 0..<bytes.count, using: &generator)] = UInt8.random(
                        in: 0...255, using: &generator)
                case 1: bytes.removeLast(Int.random(in: 0..<(bytes.count / 2), using: &generator))
                default:
                    bytes.insert(
                        contentsOf: bytes.prefix(Int.random(in: 0..<40, using: &generator)),
                        at: Int.random(in: 0..<bytes.count, using: &generator))
                }
            }
            try TestSupport.write(Data(bytes), to: name, in: folder)
        }
        let store = MemoryStore()
        let summary = try await Ingestion(store: store).run(
            paths: sources.map { folder.appendingPathComponent($0).path })
        let runs = try await store.runs(includingCurves: false)
        for name in sources {
            let path = folder.appendingPathComponent(name).standardizedFileURL.path
            let hasRuns = runs.contains { $0.source == path }
            let hasProblems = summary.problems.contains { $0.problem.file == path }
            #expect(hasRuns || hasProblems, "seed \(seed): \(name) gave neither runs nor problems")
        }
    }

    private static func mutate(_ line: String, using generator: inout SeededGenerator) -> String {
        var bytes = Array(line.utf8)
        guard !bytes.isEmpty else { return "{" }
        switch Int.random(in: 0..<5, using: &generator) {
        case 0: return String(decoding: bytes.prefix(Int.random(in: 0..<bytes.count, using: &generator)), as: UTF8.self)
        case 1:
            for _ in 0..<Int.random(in: 1...4, using: &generator) {
                bytes[Int.random(in: 0..<bytes.count, using: &generator)] = UInt8.random(in: 0...255, using: &generator)
            }
            return String(decoding: bytes, as: UTF8.self)
        case 2: return line + line
        case 3: return String(repeating: "x", count: 5000)
        default: return #"{"event":"metrics","split":"train","loss":"#
        }
    }
}
