import Foundation
import HyperscopeCore
import TestSupport
import Testing

/// `hyperscope pareto` over ingested runs, checked against a non-dominated sort written here.
@Suite("hyperscope pareto")
struct ParetoCommandTests {
    /// Per configuration (width, depth): recall and training time of three seeds. (64, 2) and (32, 4) are
    /// close: (32, 4) is barely better on both, within noise.
    static let configurations: [(width: Int, depth: Int, recall: [Double], seconds: [Double])] = [
        (16, 2, [0.61, 0.63, 0.62], [10, 11, 10.5]),
        (32, 2, [0.70, 0.69, 0.71], [20, 21, 19]),
        (64, 2, [0.78, 0.74, 0.80], [40, 44, 36]),
        (32, 4, [0.79, 0.75, 0.81], [39, 43, 35]),
        (64, 4, [0.84, 0.85, 0.83], [80, 82, 81]),
        (16, 4, [0.60, 0.58, 0.62], [30, 31, 29]),
        (128, 4, [0.83, 0.84, 0.82], [120, 118, 122]),
    ]

    static func ingested(
        _ configurations: [(width: Int, depth: Int, recall: [Double], seconds: [Double])] = configurations
    ) throws -> CLI {
        let folder = try TestSupport.scratchFolder("pareto-runs")
        for configuration in configurations {
            for seed in 0..<3 {
                let lines = [
                    #"{"event":"config","params":{"width":\#(configuration.width),"depth":\#(configuration.depth),"seed":\#(seed)}}"#,
                    #"{"event":"metrics","split":"val","epoch":1,"recall":\#(configuration.recall[seed])}"#,
                    #"{"event":"end","status":"completed","train_time_s":\#(configuration.seconds[seed])}"#,
                ]
                try TestSupport.write(
                    lines.joined(separator: "\n") + "\n",
                    to: "w\(configuration.width)-d\(configuration.depth)-s\(seed).jsonl", in: folder)
            }
        }
        let cli = CLI(workingDirectory: try TestSupport.scratchFolder("pareto"))
        let ingest = try cli.run(["ingest", folder.path])
        #expect(ingest.status == 0, "\(ingest.stderr)")
        return cli
    }

    @Test("the front of configuration means matches a non-dominated sort; knee, noise and the SVG")
    func front() throws {
        let cli = try Self.ingested()
        let result = try cli.run([
            "pareto", "--metrics", "val/recall=max,train_time_s=min", "--format", "json", "--svg", "front.svg", "--all",
        ])
        #expect(result.status == 0, "\(result.stderr)")
        let json = try result.json()
        guard case .list(let listed)? = json["configurations"] else {
            Issue.record("no configurations: \(result.stdout)")
            return
        }
        #expect(listed.count == 7)
        // The means, and the front by the definition: no other configuration is at least as good on both
        // and better on one.
        let means = Self.configurations.map { ($0.recall.reduce(0, +) / 3, $0.seconds.reduce(0, +) / 3) }
        let expected = Set(
            Self.configurations.indices.filter { i in
                !means.indices.contains { j in
                    means[j].0 >= means[i].0 && means[j].1 <= means[i].1
                        && (means[j].0 > means[i].0 || means[j].1 < means[i].1)
                }
            }.map { "\(Self.configurations[$0].width)x\(Self.configurations[$0].depth)" })
        let onFront = Set(
            listed.filter { $0["front"] == .int(1) }.map {
                "\(Int($0["params"]?["width"]?.numericValue ?? 0))x\(Int($0["params"]?["depth"]?.numericValue ?? 0))"
            })
        #expect(onFront == expected, "\(onFront) against \(expected)")
        #expect(!onFront.contains("64x2") && onFront.contains("32x4"), "64x2 is dominated by 32x4 on the means")
        // (32, 4) beats (64, 2) by less than the noise: but (64, 2) is not on the front, so nothing is said of it;
        // (16, 2), the fastest, is clear of every other member.
        let first = try #require(
            listed.first { $0["params"]?["width"] == .int(16) && $0["params"]?["depth"] == .int(2) })
        #expect(first["within_noise_of"] == .list([]))
        #expect(listed.filter { $0["knee"] == .bool(true) }.count == 1)
        let recall = try #require(
            listed.first { $0["params"]?["width"] == .int(64) && $0["params"]?["depth"] == .int(4) })
        // numpy.mean([0.84, 0.85, 0.83]) = 0.84, numpy.std(ddof=1) = 0.01
        #expect(abs((recall["values"]?["val/recall"]?["mean"]?.numericValue ?? 0) - 0.84) < 1e-12)
        #expect(abs((recall["values"]?["val/recall"]?["std"]?.numericValue ?? 0) - 0.01) < 1e-12)
        #expect(json["hypervolume"]?.numericValue != nil)
        let svg = try String(contentsOf: cli.workingDirectory.appendingPathComponent("front.svg"), encoding: .utf8)
        #expect(svg.hasPrefix("<svg") && svg.contains("Pareto front") && svg.contains("knee"))
    }

    @Test("front members within noise of being dominated are named; the table marks the knee")
    func noise() throws {
        // (8, 1) is the most accurate but noisy, (8, 2) a little faster and as good within noise: each could
        // dominate the other. (8, 3) is far faster and far less accurate: clear of both.
        let cli = try Self.ingested([
            (8, 1, [0.80, 0.70, 0.90], [50, 50, 50.3]), (8, 2, [0.79, 0.78, 0.80], [48, 49, 50]),
            (8, 3, [0.50, 0.50, 0.51], [10, 10, 10]),
        ])
        let result = try cli.run(["pareto", "--metrics", "val/recall,train_time_s", "--format", "json"])
        guard case .list(let listed)? = try result.json()["configurations"], listed.count == 3 else {
            Issue.record("not three front members: \(result.stdout) \(result.stderr)")
            return
        }
        func member(depth: Int) -> Value? { listed.first { $0["params"]?["depth"] == .int(Int64(depth)) } }
        func noisy(_ depth: Int) -> [Int] {
            guard case .list(let others)? = member(depth: depth)?["within_noise_of"] else { return [] }
            return others.compactMap { index in
                listed[Int(index.numericValue ?? 0)]["params"]?["depth"]?.numericValue.map { Int($0) }
            }
        }
        // recall: 0.80 − 0.79 = 0.01 < 1.96·√(0.1²/3 + 0.01²/3) = 0.1137; time 49 < 50.1.
        #expect(noisy(1) == [2])
        // time: 50.1 − 49 = 1.1 < 1.96·√(0.1732²/3 + 1²/3) = 1.1485; recall 0.80 > 0.79.
        #expect(noisy(2) == [1])
        #expect(noisy(3).isEmpty)
        let table = try cli.run(["pareto", "--metrics", "val/recall,train_time_s"])
        #expect(table.stdout.contains("within noise of being dominated by depth=2"), "\(table.stdout)")
        #expect(table.stdout.contains("knee"))
        #expect(table.stdout.contains("on the Pareto front of val/recall at last (max), train_time_s at last (min)"))
    }

    @Test("bad --metrics: one metric, an unknown one, a bad goal, a repeat")
    func errors() throws {
        let cli = try Self.ingested()
        #expect(try cli.run(["pareto", "--metrics", "val/recall"]).status == 64)
        let unknown = try cli.run(["pareto", "--metrics", "val/recall,val/nothing"])
        #expect(
            unknown.status != 0 && unknown.stderr.contains("no run has the metric 'val/nothing'"), "\(unknown.stderr)")
        let goal = try cli.run(["pareto", "--metrics", "val/recall=up,train_time_s"])
        #expect(goal.status == 64 && goal.stderr.contains("max or min"), "\(goal.stderr)")
        #expect(try cli.run(["pareto", "--metrics", "val/recall,val/recall=min"]).status == 64)
    }

    @Test("three metrics: the SVG is a scatter matrix, one panel per pair, the front in every one")
    func threeObjectives() throws {
        let folder = try TestSupport.scratchFolder("pareto-three")
        var generator = SplitMix64(seed: 3)
        func uniform() -> Double { Double(generator.next() % 1000) / 1000 }
        for index in 0..<20 {
            let (a, b) = (uniform(), uniform())
            let lines = [
                #"{"event":"config","params":{"k":\#(index)}}"#,
                #"{"event":"metrics","split":"val","epoch":1,"a":\#(a),"b":\#(b),"c":\#(2 - a - b)}"#,
                #"{"event":"end","status":"completed"}"#,
            ]
            try TestSupport.write(lines.joined(separator: "\n") + "\n", to: "r\(index).jsonl", in: folder)
        }
        let cli = CLI(workingDirectory: try TestSupport.scratchFolder("pareto-three-db"))
        #expect(try cli.run(["ingest", folder.path]).status == 0)
        let result = try cli.run(["pareto", "--metrics", "val/a,val/b,val/c", "--svg", "front.svg"])
        #expect(result.status == 0, "\(result.stderr)")
        let svg = try String(contentsOf: cli.workingDirectory.appendingPathComponent("front.svg"), encoding: .utf8)
        #expect(svg.contains("3 objectives, pair by pair"))
        for axis in ["val/a (higher is better)", "val/b (higher is better)", "val/c (higher is better)"] {
            #expect(svg.contains(axis), "\(axis)")
        }
        // Each of the three panels draws every front member.
        let frontCount = result.stdout.split(separator: "\n").filter { $0.hasPrefix("    1  ") }.count
        #expect(svg.components(separatedBy: "fill=\"#4c78a8\"").count - 1 == 3 * frontCount, "\(frontCount) members")
    }
}
