import HyperscopeCore
import Testing

@testable import HyperscopeIngest

@Suite("Curve accumulator")
struct CurveAccumulatorTests {
    @Test("a curve fills axes first seen later, and missing coordinates, with NaN")
    func curveAxes() {
        var accumulator = CurveAccumulator()
        let key = MetricKey(parsing: "val/acc")
        accumulator.append(0.5, to: key, at: [("epoch", 1.0)])
        accumulator.append(0.6, to: key, at: [("epoch", 2.0), ("step", 200.0)])
        accumulator.append(0.7, to: key, at: [("step", 300.0)])
        let curve = accumulator.curves[0]
        #expect(curve.values == [0.5, 0.6, 0.7])
        let epochs = curve.axis(named: "epoch")!
        #expect(epochs[0] == 1 && epochs[1] == 2 && epochs[2].isNaN)
        let steps = curve.axis(named: "step")!
        #expect(steps[0].isNaN && steps[1] == 200 && steps[2] == 300)
    }

    @Test("a resumed accumulator continues the curves it was given, axes included")
    func resumes() {
        var first = CurveAccumulator()
        first.append(1.0, to: MetricKey(parsing: "train/loss"), at: [("step", 10)])
        var resumed = CurveAccumulator(first.curves)
        resumed.append(0.5, to: MetricKey(parsing: "train/loss"), at: [("step", 20)])
        resumed.append(0.9, to: MetricKey(parsing: "val/acc"), at: [("epoch", 1)])
        #expect(resumed.curves.map(\.key.description) == ["train/loss", "val/acc"])
        #expect(resumed.curves[0].values == [1.0, 0.5])
        #expect(resumed.curves[0].axis(named: "step") == [10, 20])
        #expect(resumed.curves[0].axis(named: "epoch") == nil)
    }
}
