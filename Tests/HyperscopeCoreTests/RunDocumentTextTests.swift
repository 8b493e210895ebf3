import HyperscopeCore
import Testing

@Suite("Run documents written as text")
struct RunDocumentTextTests {
    /// Runs whose documents hold every kind of field: text that JSON escapes, nested and list
    /// parameters, NaN and missing summaries, times, a status reason, a commit and attributes.
    static func runs() -> [Run] {
        let acc = MetricKey(split: "val", metric: "acc")
        let loss = MetricKey(split: "val", metric: "loss")
        return (0..<23).map { index in
            var params: [String: Value] = ["lr": .float(0.001 * Double(index + 1)), "layers": .int(Int64(index % 4))]
            if index % 3 == 0 { params["optim"] = .string(index % 2 == 0 ? "adam" : "s\"g\\d\n") }
            if index % 5 == 0 { params["tower"] = .object([Value.Field("dims", .list([.int(64), .float(.nan)]))]) }
            if index == 7 { params = [:] }
            var curves = [
                MetricCurve(
                    key: acc, values: index == 4 ? [.nan, .nan] : [0.5, 0.25 + Double(index) / 100],
                    axes: [CurveAxis(name: "epoch", values: [0, 1])])
            ]
            if index % 2 == 1 { curves.append(MetricCurve(key: loss, values: [2, 1.5, .infinity], axes: [])) }
            return Run(
                id: Int64(index + 1), key: "k\(index)", name: index == 9 ? "naïve \"run\"\t9" : "run\(index)",
                source: "/logs/\(index).jsonl", format: index % 2 == 0 ? .hyperscope : .csvTable,
                status: index % 4 == 0 ? .failed : .completed,
                statusReason: index % 4 == 0 ? "exit status 1: \u{1}" : nil, params: params,
                startedAt: index % 3 == 1 ? 1_700_000_000.25 : nil, endedAt: index % 3 == 1 ? 1_700_000_100 : nil,
                trainingSeconds: index == 2 ? 12.5 : nil, gitCommit: index % 6 == 0 ? "abc123" : nil,
                curves: curves, attributes: index % 2 == 0 ? ["end.line": .int(Int64(index)), "a": .string("b")] : [:])
        }
    }

    @Test(
        "each run's text is its document's text, pretty or compact, in a list written in pieces",
        arguments: [true, false])
    func sameText(pretty: Bool) {
        let runs = Self.runs()
        let table = RunTable(runs)
        let goals = MetricGoals(byMetric: ["val/loss": .minimize])
        let metricGoals = table.metricKeys.map(goals.goal(for:))
        let documents = runs.indices.map {
            table.document(row: $0, goals: goals, attributes: runs[$0].attributes)
        }
        let writer = JSONWriter(pretty: pretty, nonFiniteNumbers: .null)
        // The parameters' fields written one by one, copied from texts made by this writer, and
        // texts made by another (which the sink must not copy: their spacing differs).
        let texts: [(String, JSONFieldColumns?)] = [
            ("without texts", nil), ("with texts", table.parameterFields(writer: writer)),
            ("with another writer's texts", table.parameterFields(writer: JSONWriter(pretty: !pretty))),
        ]
        for batch in [1, 5, 4_096] {
            for (name, parameterFields) in texts {
                var pieces: [String] = []
                writer.writeList(
                    count: runs.count, batch: batch,
                    writeElement: { row, sink in
                        table.writeDocument(
                            row: row, metricGoals: metricGoals, attributes: runs[row].attributes,
                            parameterFields: parameterFields, to: &sink)
                    }
                ) { pieces.append(String(decoding: $0, as: UTF8.self)) }
                #expect(pieces.joined() == writer.string(from: .list(documents)), "batches of \(batch), \(name)")
            }
        }
        // The documents themselves hold what the runs hold.
        #expect(documents[9]["name"] == .string("naïve \"run\"\t9"))
        #expect(documents[7]["params"] == .object([]))
        #expect(documents[0]["status_reason"] == .string("exit status 1: \u{1}"))
        #expect(documents[1]["started_at"] == .float(1_700_000_000.25))
        #expect(documents[0]["started_at"] == .null)
    }
}
