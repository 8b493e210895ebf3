import HyperscopeCore
import Testing

@testable import HyperscopeServer

@Suite("Run metric sets")
struct RunMetricSetsTests {
    @Test("the metrics of some runs are the union of their numbered sets, as reading their curves gives")
    func available() {
        let metrics = [
            ["val/acc", "train/loss"], ["val/acc"], [], ["train/loss", "val/acc"], ["objective"], ["val/acc"],
        ]
        let runs = metrics.enumerated().map { index, names in
            Run(
                id: Int64(index + 1), key: "k\(index)", name: "r\(index)", source: "s", format: .hyperscope,
                curves: names.map { MetricCurve(key: MetricKey(parsing: $0), values: [1], axes: []) })
        }
        let sets = RunMetricSets(RunTable(runs))
        for positions in [[0], [1, 2], [2], [4, 5], [3, 1], Array(runs.indices)] {
            let expected = Set(positions.flatMap { runs[$0].curves.map(\.key.description) })
            #expect(sets.available(at: positions) == expected, "positions \(positions)")
        }
        #expect(sets.available(at: nil) == ["val/acc", "train/loss", "objective"])
    }
}
