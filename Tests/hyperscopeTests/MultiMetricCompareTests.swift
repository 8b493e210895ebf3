import Foundation
import HyperscopeCore
import TestSupport
import Testing

@Suite("compare on several metrics at once")
struct MultiMetricCompareTests {
    /// Per optimiser, five seeds' test accuracy and test ECE: adam and sgd are about as accurate while
    /// sgd is far better calibrated; lion is the most accurate and the worst calibrated.
    static let accuracy: [String: [Double]] = [
        "adam": [0.912, 0.905, 0.918, 0.909, 0.915], "lion": [0.920, 0.914, 0.925, 0.913, 0.922],
        "sgd": [0.910, 0.911, 0.913, 0.904, 0.916],
    ]
    static let ece: [String: [Double]] = [
        "adam": [0.041, 0.046, 0.039, 0.044, 0.043], "lion": [0.052, 0.049, 0.055, 0.047, 0.051],
        "sgd": [0.031, 0.034, 0.030, 0.035, 0.032],
    ]

    /// A database of the fifteen runs, one log each.
    static func ingested() throws -> CLI {
        let folder = try TestSupport.scratchFolder("multi-metric-runs")
        for (optimizer, values) in accuracy {
            for seed in values.indices {
                let lines = [
                    #"{"event":"config","params":{"optimizer":"\#(optimizer)","seed":\#(seed)}}"#,
                    #"{"event":"metrics","split":"test","epoch":1,"acc":\#(values[seed]),"ece":\#(ece[optimizer]![seed])}"#,
                    #"{"event":"end","status":"completed"}"#,
                ]
                try TestSupport.write(
                    lines.joined(separator: "\n") + "\n", to: "\(optimizer)-\(seed).jsonl", in: folder)
            }
        }
        let cli = CLI(workingDirectory: try TestSupport.scratchFolder("multi-metric"))
        let ingest = try cli.run(["ingest", folder.path])
        #expect(ingest.status == 0, "\(ingest.stderr)")
        return cli
    }

    @Test("every pair on every metric, Holm over all six tests (SciPy), and each trade-off said in words")
    func family() throws {
        let cli = try Self.ingested()
        let result = try cli.run(["compare", "--by", "optimizer", "--metric", "test/acc,test/ece", "--format", "json"])
        #expect(result.status == 0, "\(result.stderr)")
        let json = try result.json()
        guard case .list(let comparisons)? = json["comparisons"], comparisons.count == 6,
            case .list(let tradeOffs)? = json["trade_offs"], tradeOffs.count == 3
        else {
            Issue.record("expected 6 comparisons and 3 trade-offs: \(result.stdout)")
            return
        }
        guard case .list(let metrics)? = json["metrics"], metrics.count == 2 else {
            Issue.record("expected two metrics: \(result.stdout)")
            return
        }
        #expect(metrics[0]["goal"] == .string("max") && metrics[1]["goal"] == .string("min"))
        // Pairs (adam, lion), (adam, sgd), (lion, sgd), each on test/acc then test/ece:
        // p = [scipy.stats.ttest_rel(a, b).pvalue for each] =
        //   [0.0011160552418260036, 0.02967523861225968, 0.6548342365617672, 6.270546704516488e-05,
        //    0.007182328566300201, 0.0012626760576779368]
        // Holm over the six (step-down, numpy by hand) =
        //   [0.0055802762091300175, 0.05935047722451936, 0.6548342365617672, 0.0003762328022709892,
        //    0.0215469856989006, 0.0055802762091300175]
        let paired = [
            0.0011160552418260036, 0.02967523861225968, 0.6548342365617672, 6.270546704516488e-05,
            0.007182328566300201, 0.0012626760576779368,
        ]
        let holm = [
            0.0055802762091300175, 0.05935047722451936, 0.6548342365617672, 0.0003762328022709892,
            0.0215469856989006, 0.0055802762091300175,
        ]
        for (index, comparison) in comparisons.enumerated() {
            #expect(comparison["metric"] == .string(index % 2 == 0 ? "test/acc" : "test/ece"))
            let p = comparison["paired"]?["p"]?.numericValue ?? .nan
            #expect(abs(p - paired[index]) < 1e-9 * paired[index], "paired p of comparison \(index)")
            let adjusted = comparison["p_holm"]?.numericValue ?? .nan
            #expect(abs(adjusted - holm[index]) < 1e-9 * holm[index], "Holm p of comparison \(index)")
        }
        #expect(comparisons[1]["verdict"]?.stringValue?.contains("Holm-adjusted over 6 comparisons") == true)

        // adam and lion on test/ece: significant alone (paired p = 0.0297; Welch and the CI agree), not after
        // Holm over six: neither called significant nor put down to chance.
        let adamLion = tradeOffs[0]
        #expect(adamLion["trades_off"] == .bool(true))
        #expect(adamLion["leaders"] == .object([.init("test/acc", .string("b")), .init("test/ece", .string("a"))]))
        #expect(adamLion["significant"] == .list([.string("test/acc")]))
        #expect(
            adamLion["summary"]?.stringValue?.contains(
                "optimizer=adam is better calibrated by 0.0082 (not settled: p = 0.0594, but other tests call it significant)"
            )
                == true,
            "\(adamLion)")
        #expect(
            adamLion["summary"]?.stringValue?.contains(
                "Only the test/acc difference is significant, in favour of optimizer=lion") == true)

        let adamSGD = tradeOffs[1]
        #expect(adamSGD["significant"] == .list([.string("test/ece")]))
        #expect(
            adamSGD["summary"]?.stringValue?.hasPrefix(
                "trade-off: optimizer=adam is more accurate by 0.001 (not significant, p = 0.655); "
                    + "optimizer=sgd is better calibrated by 0.0102 (p = 0.000376).") == true, "\(adamSGD)")

        let lionSGD = tradeOffs[2]
        #expect(lionSGD["significant"] == .list([.string("test/acc"), .string("test/ece")]))
        #expect(lionSGD["summary"]?.stringValue?.contains("Each side is significantly better on something") == true)
    }

    @Test("the table has a metric column and the summaries follow it; a goal against the name gets plain words")
    func tableAndWording() throws {
        let cli = try Self.ingested()
        let table = try cli.run([
            "compare", "--a", "optimizer = adam", "--b", "optimizer = sgd", "--metric", "test/acc, test/ece",
        ])
        #expect(table.status == 0, "\(table.stderr)")
        #expect(table.stdout.split(separator: "\n").first?.hasPrefix("metric") == true, "\(table.stdout)")
        #expect(table.stdout.contains("test/acc at last (higher is better); test/ece at last (lower is better)"))
        // Two tests only: the raw paired p of test/ece, 6.270546704516488e-05, doubled by Holm.
        #expect(
            table.stdout.contains("optimizer = sgd is better calibrated by 0.0102 (p = 0.000125)"), "\(table.stdout)")

        let reversed = try cli.run([
            "compare", "--by", "optimizer", "--baseline", "sgd", "--metric", "test/acc,test/ece", "--goal",
            "test/acc=min",
        ])
        #expect(reversed.status == 0, "\(reversed.stderr)")
        #expect(reversed.stdout.contains("optimizer=sgd is better on test/acc by 0.001"), "\(reversed.stdout)")
        #expect(!reversed.stdout.contains("more accurate"))
    }

    @Test("a list of metrics is refused where one is expected, and a repeated or empty name is an error")
    func badLists() throws {
        let cli = try Self.ingested()
        let sweep = try cli.run(["sweep", "--metric", "test/acc,test/ece"])
        #expect(sweep.status == 64 && sweep.stderr.contains("only compare takes a list"), "\(sweep.stderr)")
        let twice = try cli.run(["compare", "--by", "optimizer", "--metric", "test/acc,test/acc"])
        #expect(twice.status == 64 && twice.stderr.contains("named twice"), "\(twice.stderr)")
        let empty = try cli.run(["compare", "--by", "optimizer", "--metric", "test/acc,"])
        #expect(empty.status == 64, "\(empty.stderr)")
        let unknown = try cli.run(["compare", "--by", "optimizer", "--metric", "test/acc,test/f1"])
        #expect(unknown.status != 0 && unknown.stderr.contains("no run has the metric 'test/f1'"), "\(unknown.stderr)")
    }

    @Test("the dashboard's compare page and API give the CLI's numbers and trade-off for a list of metrics")
    func dashboard() async throws {
        let cli = try Self.ingested()
        let compare = try cli.run([
            "compare", "--by", "optimizer", "--where", "optimizer in [adam, sgd]", "--metric", "test/acc,test/ece",
            "--format", "json",
        ])
        #expect(compare.status == 0, "\(compare.stderr)")
        let expected = try compare.json()
        let (server, address) = try await ServeCommandTests.start([], in: cli.workingDirectory)
        defer { if server.isRunning { SearchCommandTests.killAndReap(server) } }
        let query = "metric=test/acc,test/ece&by=optimizer&a=adam&b=sgd"
        let (status, body, _) = try await ServeCommandTests.get(address + "api/compare?" + query)
        #expect(status == 200, "\(body)")
        let api = try JSONParser.parse(body)
        #expect(api["comparisons"] == expected["comparisons"])
        #expect(api["trade_offs"] == expected["trade_offs"])
        #expect(api["metrics"] == expected["metrics"])

        let (pageStatus, page, _) = try await ServeCommandTests.get(address + "compare?" + query)
        #expect(pageStatus == 200)
        guard case .list(let tradeOffs)? = expected["trade_offs"],
            let summary = tradeOffs.first?["summary"]?.stringValue
        else {
            Issue.record("no trade-off: \(compare.stdout)")
            return
        }
        #expect(page.contains(summary), "\(summary)")
        #expect(page.contains("value=\"test/acc,test/ece\""), "the form keeps the list")
        let (badStatus, _, _) = try await ServeCommandTests.get(
            address + "api/compare?metric=test/acc,test/nothing&by=optimizer&a=adam&b=sgd")
        #expect(badStatus == 400)
        kill(server.processIdentifier, SIGTERM)
        #expect(SearchCommandTests.exitStatus(of: server) == 0)
    }
}
