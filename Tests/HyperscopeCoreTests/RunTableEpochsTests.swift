import HyperscopeCore
import Testing

@Suite("Run table epochs reached")
struct RunTableEpochsTests {
    @Test("epochs reached count each distinct epoch once, NaN left out, whether or not they ever go back")
    func epochsReached() throws {
        let nan = Double.nan
        // (epochs of a curve's points, distinct epochs, last epoch)
        let cases: [([Double], Int32, Double)] = [
            ([0, 0, 0, 1, 1, 2, 2, 2], 3, 2),  // a log's epochs: never decreasing
            ([nan, 1, nan, 1, 3], 2, 3),
            ([2, 1, 2, 0, 1], 3, 2),  // restarted or shuffled: counted through a set
            ([0, 1, 2, 1, 5], 4, 5),
            ([-0.0, 0, 1], 2, 1),  // -0 and 0 are one epoch
            ([nan, nan], 0, nan),
        ]
        let runs = cases.enumerated().map { index, item in
            let epochs = item.0
            let curve = MetricCurve(
                key: MetricKey(split: "val", metric: "acc"), values: epochs.map { _ in 0.5 },
                axes: [CurveAxis(name: "epoch", values: epochs)])
            return Run(
                id: Int64(index + 1), key: "k\(index)", name: "r\(index)", source: "s", format: .hyperscope,
                curves: [curve])
        }
        let column = try #require(RunTable(runs).metricColumn(MetricKey(split: "val", metric: "acc")))
        for (row, item) in cases.enumerated() {
            #expect(column.epochCounts[row] == item.1, "\(item.0)")
            #expect(column.lastEpochs[row].isNaN ? item.2.isNaN : column.lastEpochs[row] == item.2, "\(item.0)")
        }
    }
}
